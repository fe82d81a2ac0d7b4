// Every example of docs/rules/funnel.md, run as written.
import { describe, expect, it } from 'vitest';
import {
  createCrm,
  createManualClock,
  type Deal,
  forecast,
  funnelReport,
  isKehuError,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

describe('docs/rules/funnel.md', () => {
  it('runs the pipeline, move, report and forecast examples', async () => {
    const crm = createCrm({
      store: createMemoryStore(),
      clock: createManualClock('2026-11-01T09:00:00.000Z'),
    });
    await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
    const account = await crm.accounts.create({ name: '华星科技有限公司', kind: 'company' });

    const deal = await crm.deals.create({
      title: '华东区年度框架协议',
      accountId: account.id,
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId: 'qualify',
      amount: { amount: 128_000_000, currency: 'CNY' },
    });
    const refused = await crm.deals
      .move(deal.id, 'proposal', { expectedVersion: deal.version })
      .catch((e) => e);
    expect(isKehuError(refused, 'GUARD_REJECTED') && refused.fields).toEqual(['expectedCloseDate']);
    const moved = await crm.deals.move(deal.id, 'proposal', {
      expectedVersion: deal.version,
      fields: { expectedCloseDate: '2026-12-31' },
    });
    expect(moved.stageId).toBe('proposal');

    const pipeline = (await crm.store.get('pipelines', KEY_ACCOUNT_PIPELINE_ID))!;
    const deals = (await crm.store.query('deals')).items as Deal[];
    const now = crm.clock.now();
    const report = funnelReport(deals, { pipeline, now });
    expect(report.open).toEqual({ count: 1, amount: { CNY: 128_000_000 }, weighted: { CNY: 64_000_000 } });
    const usd = { ...moved, id: 'usd', amount: { amount: 10_000_000, currency: 'USD' } };
    const converted = funnelReport([...deals, usd], {
      pipeline,
      now,
      rates: { base: 'CNY', rates: { USD: 7.1 } },
    });
    expect(converted.open.amount).toEqual({ CNY: 199_000_000 });
    const quarters = forecast(deals, { pipelines: [pipeline], period: 'quarter', timeZone: 'Asia/Shanghai' });
    expect(quarters.rows).toEqual([
      {
        period: '2026-Q4',
        category: 'best_case',
        count: 1,
        amount: { CNY: 128_000_000 },
        weighted: { CNY: 64_000_000 },
      },
    ]);
  });
});
