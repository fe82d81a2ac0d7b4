/** Deals: placement in the funnel at creation, and edits that leave the funnel alone. */
import { generateKeyBetween } from 'fractional-indexing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  type Crm,
  type CrmEvents,
  createCrm,
  createManualClock,
  createSequentialIds,
  type DealCreateInput,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const START = '2026-03-02T09:00:00.000Z';

let crm: Crm;
let store: MemoryStore;
let clock: ReturnType<typeof createManualClock>;
let events: AnyEvent<CrmEvents>[];

const deal = (overrides: Partial<DealCreateInput> = {}): DealCreateInput => ({
  title: '华东区年度框架协议',
  accountId: 'acc-1',
  pipelineId: KEY_ACCOUNT_PIPELINE_ID,
  stageId: 'qualify',
  amount: { amount: 1_280_000, currency: 'CNY' },
  ...overrides,
});

beforeEach(async () => {
  store = createMemoryStore();
  clock = createManualClock(START);
  crm = createCrm({ store, clock, ids: createSequentialIds('id'), actor: () => 'u-rep' });
  await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
  await crm.accounts.create({ id: 'acc-1', name: '杭州西湖茶业有限公司', kind: 'company' });
  events = [];
  crm.events.subscribeAll((event) => events.push(event));
});

describe('deals.create', () => {
  it('enters the stage now, with a one-entry history by the actor and the stage’s status', async () => {
    clock.advance(5_000);
    const created = await crm.deals.create(deal());
    expect(created).toMatchObject({
      status: 'open',
      stageEnteredAt: '2026-03-02T09:00:05.000Z',
      history: [{ from: null, to: 'qualify', at: '2026-03-02T09:00:05.000Z', by: 'u-rep' }],
    });
    expect(created.closedAt).toBeUndefined();
    expect(events).toEqual([{ type: 'deal.created', payload: { entity: created, actorId: 'u-rep' } }]);
  });

  it('leaves `by` out of the history when nobody is acting', async () => {
    const anonymous = createCrm({ store, clock, ids: createSequentialIds('anon') });
    const created = await anonymous.deals.create(deal());
    expect(created.history).toEqual([{ from: null, to: 'qualify', at: START }]);
  });

  it('derives a closed status from a won or lost stage and stamps closedAt', async () => {
    const won = await crm.deals.create(deal({ stageId: 'won' }));
    expect(won).toMatchObject({ status: 'won', closedAt: START });
    const lost = await crm.deals.create(deal({ stageId: 'lost', closedAt: '2026-02-01T00:00:00.000Z' }));
    expect(lost).toMatchObject({ status: 'lost', closedAt: '2026-02-01T00:00:00.000Z' });
    const open = await crm.deals.create(deal({ closedAt: '2026-02-01T00:00:00.000Z' }));
    expect(open.closedAt).toBeUndefined();
  });

  it('places each new card after the last one of its own column', async () => {
    const first = await crm.deals.create(deal());
    const second = await crm.deals.create(deal());
    const elsewhere = await crm.deals.create(deal({ stageId: 'needs' }));
    const third = await crm.deals.create(deal());
    expect(first.position < second.position).toBe(true);
    expect(second.position < third.position).toBe(true);
    expect(elsewhere.position).toBe(generateKeyBetween(null, null));
  });

  it('keeps a position the caller gives, and appends after it', async () => {
    const late = generateKeyBetween('a5', null);
    const given = await crm.deals.create(deal({ position: late }));
    expect(given.position).toBe(late);
    const next = await crm.deals.create(deal());
    expect(next.position > late).toBe(true);
  });

  it('refuses to guess after a stored position that is no valid fractional key', async () => {
    await store.put('deals', {
      id: 'imported',
      version: 0,
      createdAt: START,
      updatedAt: START,
      title: 'imported',
      accountId: 'acc-1',
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId: 'qualify',
      amount: { amount: 1, currency: 'CNY' },
      // Base-62 characters, so the store accepts it, but no valid key: 'b' promises two digits.
      position: 'b',
      stageEnteredAt: START,
    });
    const error = await kehuRejection(crm.deals.create(deal()));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['position']);
    expect(await store.count('deals')).toBe(1);
  });

  it('names the stage field and the pipeline when the stage is not in the pipeline', async () => {
    const error = await kehuRejection(crm.deals.create(deal({ stageId: 'signed' })));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toEqual({
      field: 'stageId',
      collection: 'pipelines',
      id: 'signed',
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
    });
  });
});

describe('deals.update', () => {
  it('edits deal fields and leaves stage, position, status and history as they were', async () => {
    const created = await crm.deals.create(deal());
    clock.advance(60_000);
    const updated = await crm.deals.update(
      created.id,
      { amount: { amount: 990_000, currency: 'CNY' }, expectedCloseDate: '2026-06-30' },
      { expectedVersion: created.version },
    );
    expect(updated).toMatchObject({
      amount: { amount: 990_000, currency: 'CNY' },
      expectedCloseDate: '2026-06-30',
      stageId: created.stageId,
      position: created.position,
      status: created.status,
      history: created.history,
      stageEnteredAt: created.stageEnteredAt,
      version: 2,
    });
    expect(events.at(-1)).toEqual({
      type: 'deal.updated',
      payload: { entity: updated, previous: created, actorId: 'u-rep' },
    });
  });

  it.each(['stageId', 'position', 'status', 'history', 'pipelineId', 'stageEnteredAt', 'closedAt'])(
    'refuses to patch %s',
    async (field) => {
      const created = await crm.deals.create(deal());
      const error = await kehuRejection(
        crm.deals.update(created.id, { [field]: 'x' } as never, { expectedVersion: 1 }),
      );
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toEqual([field]);
      expect(await crm.deals.get(created.id)).toEqual(created);
    },
  );

  it('checks a changed contact exists', async () => {
    const created = await crm.deals.create(deal());
    const error = await kehuRejection(
      crm.deals.update(created.id, { contactId: 'ghost' }, { expectedVersion: 1 }),
    );
    expect(error.details).toEqual({ field: 'contactId', collection: 'contacts', id: 'ghost' });
  });
});

describe('deals.remove', () => {
  it('refuses while activities still point at the deal', async () => {
    const created = await crm.deals.create(deal());
    await crm.activities.create({ type: 'meeting', subject: '方案演示', dealId: created.id });
    const error = await kehuRejection(crm.deals.remove(created.id, { expectedVersion: 1 }));
    expect(error.code).toBe('GUARD_REJECTED');
    expect(await crm.deals.get(created.id)).toEqual(created);
  });
});
