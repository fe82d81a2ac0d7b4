/** deals.move: guards, history, won/lost/re-open, positions, and nothing written when refused. */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Crm,
  createCrm,
  createManualClock,
  createSequentialIds,
  type Deal,
  type DealMovedEvent,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const START = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

let crm: Crm;
let store: MemoryStore;
let clock: ReturnType<typeof createManualClock>;
let moved: DealMovedEvent[];
const observed: string[] = [];

async function setup(engines: Parameters<typeof createCrm>[0]['engines'] = {}) {
  store = createMemoryStore();
  clock = createManualClock(START);
  crm = createCrm({ store, clock, ids: createSequentialIds('id'), actor: () => 'u-rep', engines });
  await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
  await crm.accounts.create({ id: 'acc-1', name: '杭州西湖茶业有限公司', kind: 'company' });
  await crm.contacts.create({ id: 'con-1', accountId: 'acc-1', name: '王芳' });
  moved = [];
  crm.events.subscribe('deal.moved', (event) => moved.push(event));
}

const newDeal = (title = '华东区年度框架协议', stageId = 'qualify') =>
  crm.deals.create({
    title,
    accountId: 'acc-1',
    pipelineId: KEY_ACCOUNT_PIPELINE_ID,
    stageId,
    amount: { amount: 1_280_000, currency: 'CNY' },
  });

beforeEach(() => setup());

describe('deals.move across stages', () => {
  it('records the move in history, enters the stage now and announces it after commit', async () => {
    const deal = await newDeal();
    clock.advance(3 * DAY);
    const next = await crm.deals.move(deal.id, 'needs', {
      expectedVersion: deal.version,
      reason: '需求已确认',
    });
    expect(next).toMatchObject({ stageId: 'needs', status: 'open', version: deal.version + 1 });
    expect(next.stageEnteredAt).toBe(new Date(Date.parse(START) + 3 * DAY).toISOString());
    expect(next.history.at(-1)).toEqual({
      from: 'qualify',
      to: 'needs',
      at: next.stageEnteredAt,
      by: 'u-rep',
      reason: '需求已确认',
    });
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ from: 'qualify', to: 'needs', actorId: 'u-rep' });
    expect(moved[0]?.previous.version).toBe(deal.version);
  });

  it('refuses an unknown stage with NOT_FOUND naming stageId, and writes nothing', async () => {
    const deal = await newDeal();
    const error = await kehuRejection(crm.deals.move(deal.id, 'signed', { expectedVersion: deal.version }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.fields).toEqual(['stageId']);
    expect(await store.get('deals', deal.id)).toEqual(deal);
    expect(moved).toEqual([]);
  });

  it('lists every missing required field with GUARD_REJECTED, and writes nothing', async () => {
    const deal = await newDeal();
    const error = await kehuRejection(
      crm.deals.move(deal.id, 'negotiation', { expectedVersion: deal.version }),
    );
    expect(error.code).toBe('GUARD_REJECTED');
    expect(error.fields).toEqual(['expectedCloseDate', 'contactId']);
    expect(error.details).toMatchObject({
      stageId: 'negotiation',
      missing: ['expectedCloseDate', 'contactId'],
    });
    expect(await store.get('deals', deal.id)).toEqual(deal);
  });

  it('accepts the missing fields in the same move', async () => {
    const deal = await newDeal();
    const next = await crm.deals.move(deal.id, 'negotiation', {
      expectedVersion: deal.version,
      fields: { expectedCloseDate: '2026-06-30', contactId: 'con-1' },
    });
    expect(next).toMatchObject({
      stageId: 'negotiation',
      expectedCloseDate: '2026-06-30',
      contactId: 'con-1',
    });
  });

  it('refuses a transition the stage does not allow', async () => {
    await crm.pipelines.create({
      id: 'strict',
      name: { 'zh-CN': '严格流程', en: 'Strict' },
      stages: [
        {
          id: 'a',
          name: { 'zh-CN': '甲', en: 'A' },
          probability: 10,
          forecastCategory: 'pipeline',
          allowedTransitions: ['b'],
        },
        { id: 'b', name: { 'zh-CN': '乙', en: 'B' }, probability: 50, forecastCategory: 'pipeline' },
        { id: 'c', name: { 'zh-CN': '丙', en: 'C' }, probability: 90, forecastCategory: 'commit' },
      ],
    });
    const deal = await crm.deals.create({
      title: 'x',
      accountId: 'acc-1',
      pipelineId: 'strict',
      stageId: 'a',
      amount: { amount: 1, currency: 'CNY' },
    });
    const error = await kehuRejection(crm.deals.move(deal.id, 'c', { expectedVersion: deal.version }));
    expect(error.code).toBe('GUARD_REJECTED');
    expect(error.issues[0]).toMatchObject({ path: ['stageId'], code: 'transition' });
    expect(error.details).toMatchObject({ from: 'a', to: 'c', allowed: ['b'] });
    expect((await crm.deals.move(deal.id, 'b', { expectedVersion: deal.version })).stageId).toBe('b');
  });

  it('gives CONFLICT for a stale version and writes nothing', async () => {
    const deal = await newDeal();
    await crm.deals.move(deal.id, 'needs', { expectedVersion: deal.version });
    const error = await kehuRejection(crm.deals.move(deal.id, 'proposal', { expectedVersion: deal.version }));
    expect(error.code).toBe('CONFLICT');
    expect((await store.get('deals', deal.id))?.stageId).toBe('needs');
  });
});

describe('won, lost and re-opened deals', () => {
  it('needs a reason to win or lose, and records it', async () => {
    const deal = await newDeal();
    const error = await kehuRejection(crm.deals.move(deal.id, 'lost', { expectedVersion: deal.version }));
    expect(error.code).toBe('GUARD_REJECTED');
    expect(error.fields).toEqual(['reason']);
    const lost = await crm.deals.move(deal.id, 'lost', { expectedVersion: deal.version, reason: '价格过高' });
    expect(lost).toMatchObject({ status: 'lost', lostReason: '价格过高', closedAt: lost.stageEnteredAt });
    expect(lost.wonReason).toBeUndefined();
  });

  it('re-opening clears the close and restores the stage probability over a stale estimate', async () => {
    const deal = await newDeal();
    const estimated = await crm.deals.update(deal.id, { probability: 80 }, { expectedVersion: deal.version });
    const won = await crm.deals.move(deal.id, 'won', { expectedVersion: estimated.version, reason: '签约' });
    expect(won).toMatchObject({ status: 'won', wonReason: '签约' });
    expect(won.probability).toBeUndefined();
    const reopened = await crm.deals.move(deal.id, 'proposal', {
      expectedVersion: won.version,
      reason: '客户要求重新报价',
      fields: { expectedCloseDate: '2026-09-30' },
    });
    expect(reopened).toMatchObject({ status: 'open', stageId: 'proposal' });
    expect(reopened.closedAt).toBeUndefined();
    expect(reopened.wonReason).toBeUndefined();
    expect(reopened.probability).toBeUndefined();
    expect(reopened.history.map((h) => h.to)).toEqual(['qualify', 'won', 'proposal']);
  });
});

describe('positions', () => {
  it('moves within a column between neighbours, writing only the moved deal', async () => {
    const a = await newDeal('A');
    const b = await newDeal('B');
    const c = await newDeal('C');
    const next = await crm.deals.move(c.id, 'qualify', {
      expectedVersion: c.version,
      position: { after: a.id, before: b.id },
    });
    const column = (await store.query('deals', { where: { stageId: 'qualify' }, orderBy: 'position' })).items;
    expect(column.map((deal) => deal.title)).toEqual(['A', 'C', 'B']);
    expect(next.history).toHaveLength(1);
    expect((await store.get('deals', a.id))?.version).toBe(a.version);
    expect((await store.get('deals', b.id))?.version).toBe(b.version);
    expect(moved[0]).toMatchObject({ from: 'qualify', to: 'qualify' });
  });

  it('refuses a neighbour from another column', async () => {
    const a = await newDeal('A');
    const b = await newDeal('B', 'needs');
    const error = await kehuRejection(
      crm.deals.move(a.id, 'qualify', { expectedVersion: a.version, position: { before: b.id } }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['position.before']);
  });

  it('keeps every column in the intended order under any sequence of moves', async () => {
    const stages = ['qualify', 'needs', 'proposal'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(5), fc.nat(2), fc.nat(6)), { minLength: 1, maxLength: 25 }),
        async (moves) => {
          await setup();
          const columns: Record<string, string[]> = { qualify: [], needs: [], proposal: [] };
          for (let i = 0; i < 6; i++) {
            const deal = await newDeal(`D${i}`);
            columns.qualify!.push(deal.id);
          }
          for (const [pick, stageIndex, slot] of moves) {
            const id = Object.values(columns).flat()[pick]!;
            const target = stages[stageIndex]!;
            for (const column of Object.values(columns)) {
              const at = column.indexOf(id);
              if (at >= 0) column.splice(at, 1);
            }
            const column = columns[target]!;
            const index = Math.min(slot, column.length);
            const after = column[index - 1];
            const before = column[index];
            const current = (await store.get('deals', id)) as Deal;
            await crm.deals.move(id, target, {
              expectedVersion: current.version,
              fields: { expectedCloseDate: '2026-12-31' },
              ...(after || before ? { position: { after, before } } : {}),
            });
            column.splice(index, 0, id);
          }
          for (const stageId of stages) {
            const stored = (await store.query('deals', { where: { stageId }, orderBy: 'position' })).items;
            expect(stored.map((deal) => deal.id)).toEqual(columns[stageId]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('win probability engine', () => {
  it('stores the predicted probability on create and move, and learns from closed deals after commit', async () => {
    await setup({
      winProbability: {
        predict: (deal, pipeline) => pipeline.stages.findIndex((stage) => stage.id === deal.stageId) * 12.345,
        observe: (deal) => observed.push(`${deal.id}:${deal.status}`),
      },
    });
    const deal = await newDeal();
    expect(deal.predictedProbability).toBe(0);
    const next = await crm.deals.move(deal.id, 'needs', { expectedVersion: deal.version });
    expect(next.predictedProbability).toBe(12.35);
    expect(observed).toEqual([]);
    await crm.deals.move(deal.id, 'won', { expectedVersion: next.version, reason: '签约' });
    expect(observed).toEqual([`${deal.id}:won`]);
  });
});
