// The win-probability engine in the facade: predictions stored on deals, learning as deals close.
import { describe, expect, it } from 'vitest';
import {
  createCrm,
  createManualClock,
  type Deal,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  predictWinProbability,
  trainWinProbability,
  updateWinProbability,
  winProbabilityEngine,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const pipeline = {
  stages: keyAccountPipeline.stages.map((stage) => ({ id: stage.id, outcome: stage.outcome ?? 'open' })),
};

function closed(id: string, status: 'won' | 'lost', industry: string): Partial<Deal> {
  return {
    id,
    status,
    stageId: status,
    industry,
    history: [{ from: null, to: 'qualify', at: '2026-01-01T00:00:00.000Z' }],
  } as Partial<Deal>;
}

describe('winProbabilityEngine', () => {
  it('stores predictions on deals and updates the model when a deal closes', async () => {
    const history = Array.from({ length: 40 }, (_, i) =>
      closed(`h${i}`, i % 4 === 0 ? 'lost' : 'won', 'retail'),
    );
    const initial = trainWinProbability(history, { fields: ['stageId'], pipeline, minExamples: 5 });
    const engine = winProbabilityEngine(initial);
    const crm = createCrm({
      store: createMemoryStore(),
      clock: createManualClock('2026-11-01T09:00:00.000Z'),
      engines: { winProbability: engine },
    });
    await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
    const account = await crm.accounts.create({ name: '华星科技有限公司', kind: 'company' });
    const deal = await crm.deals.create({
      title: '年度框架协议',
      accountId: account.id,
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId: 'qualify',
      amount: { amount: 100_000, currency: 'CNY' },
    });
    expect(deal.predictedProbability).toBeCloseTo(predictWinProbability(initial, deal), 2);
    const won = await crm.deals.move(deal.id, 'won', { expectedVersion: deal.version, reason: '签约' });
    expect(engine.model()).toEqual(updateWinProbability(initial, won));
    expect(engine.model()).not.toEqual(initial);
  });
});
