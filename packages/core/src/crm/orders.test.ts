/** Orders: recording once, the customer lifecycle, and the loyalty engine in the same transaction. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  type Crm,
  type CrmEngines,
  type CrmEvents,
  createCrm,
  createManualClock,
  createSequentialIds,
  type LoyaltyEngine,
  type Order,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const START = '2026-03-02T09:00:00.000Z';
const money = (amount: number) => ({ amount, currency: 'CNY' });

let store: MemoryStore;
let events: AnyEvent<CrmEvents>[];

function setup(engines: CrmEngines = {}): Crm {
  store = createMemoryStore();
  const crm = createCrm({ store, clock: createManualClock(START), ids: createSequentialIds('id'), engines });
  events = [];
  crm.events.subscribeAll((event) => events.push(event));
  return crm;
}

/** Earns one point per yuan into the ledger, idempotent by order id as the real engine will be. */
function ledgerLoyalty(calls: Order[]): LoyaltyEngine {
  return {
    collections: ['members', 'loyaltyEntries'],
    async onOrderRecorded(tx, order, context) {
      calls.push(order);
      if (!order.memberId) return;
      await tx.put(
        'loyaltyEntries',
        {
          id: `earn-${order.id}`,
          version: 0,
          createdAt: order.createdAt,
          updatedAt: order.createdAt,
          memberId: order.memberId,
          kind: 'earn',
          points: Math.floor(order.amount.amount / 100),
          sourceId: order.id,
          at: new Date(context.now).toISOString(),
        },
        { expectedVersion: 0 },
      );
    },
  };
}

async function member(accountId?: string) {
  return store.put('members', {
    id: 'm-1',
    version: 0,
    createdAt: START,
    updatedAt: START,
    accountId,
    contactId: accountId ? undefined : 'c-walk-in',
    cardNo: 'VIP-0001',
    joinedAt: START,
  });
}

describe('orders.record', () => {
  let crm: Crm;
  let calls: Order[];
  beforeEach(async () => {
    calls = [];
    crm = setup({ loyalty: ledgerLoyalty(calls) });
    await crm.accounts.create({ id: 'acc-1', name: '西湖茶社', kind: 'company', lifecycle: 'opportunity' });
    events.length = 0;
  });

  it('saves the order dated now, makes the account a customer and announces both', async () => {
    const order = await crm.orders.record({ accountId: 'acc-1', amount: money(38_800), channel: 'store' });
    expect(order).toMatchObject({
      orderedAt: START,
      status: 'paid',
      channel: 'store',
      items: [],
      version: 1,
    });
    const account = await crm.accounts.require('acc-1');
    expect(account).toMatchObject({ lifecycle: 'customer', version: 2 });
    expect(events.map((event) => event.type)).toEqual(['account.updated', 'order.recorded']);
    expect(events.at(-1)?.payload).toEqual({ entity: order, account, actorId: undefined });
    expect(calls).toEqual([order]);
  });

  it('keeps an account that is already loyal where it is, and wins back a churned one', async () => {
    await crm.accounts.create({ id: 'loyal', name: 'L', kind: 'person', lifecycle: 'loyal' });
    await crm.accounts.create({ id: 'churned', name: 'C', kind: 'person', lifecycle: 'churned' });
    await crm.orders.record({ accountId: 'loyal', amount: money(1) });
    await crm.orders.record({ accountId: 'churned', amount: money(1) });
    expect((await crm.accounts.require('loyal')).lifecycle).toBe('loyal');
    expect((await crm.accounts.require('churned')).lifecycle).toBe('customer');
  });

  it('does not make a customer from a refunded order', async () => {
    await crm.orders.record({ accountId: 'acc-1', amount: money(1), status: 'refunded' });
    expect((await crm.accounts.require('acc-1')).lifecycle).toBe('opportunity');
  });

  it('finds the account through the member card', async () => {
    await member('acc-1');
    const order = await crm.orders.record({
      memberId: 'm-1',
      amount: money(12_000),
      orderedAt: '2026-02-14T12:00:00+08:00',
    });
    // Stored in UTC whatever offset it came with, so orders sort by time in every store.
    expect(order.orderedAt).toBe('2026-02-14T04:00:00.000Z');
    expect((await crm.accounts.require('acc-1')).lifecycle).toBe('customer');
    expect(await store.get('loyaltyEntries', `earn-${order.id}`)).toMatchObject({
      points: 120,
      memberId: 'm-1',
    });
  });

  it('records a member order without any account', async () => {
    await member();
    const order = await crm.orders.record({ memberId: 'm-1', amount: money(100) });
    expect(events.at(-1)).toEqual({
      type: 'order.recorded',
      payload: { entity: order, account: undefined, actorId: undefined },
    });
  });

  it('records an order id once: a retry is a CONFLICT and earns nothing twice', async () => {
    await member('acc-1');
    const first = await crm.orders.record({ id: 'pos-2026-0001', memberId: 'm-1', amount: money(5_000) });
    events.length = 0;
    const error = await kehuRejection(
      crm.orders.record({ id: 'pos-2026-0001', memberId: 'm-1', amount: money(5_000) }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(await store.count('orders')).toBe(1);
    expect(await store.count('loyaltyEntries')).toBe(1);
    expect(calls).toEqual([first]);
    expect(events).toEqual([]);
  });

  it('keeps nothing of the order when the loyalty engine fails', async () => {
    const failing = setup({
      loyalty: {
        collections: ['loyaltyEntries'],
        async onOrderRecorded() {
          throw new Error('ledger offline');
        },
      },
    });
    const account = await failing.accounts.create({ id: 'acc-2', name: 'X', kind: 'company' });
    events.length = 0;
    await expect(failing.orders.record({ accountId: 'acc-2', amount: money(1) })).rejects.toThrow(
      'ledger offline',
    );
    expect(await store.count('orders')).toBe(0);
    expect(await store.get('accounts', 'acc-2')).toEqual(account);
    expect(events).toEqual([]);
  });

  it('is read back through get, require and list', async () => {
    const order = await crm.orders.record({ accountId: 'acc-1', amount: money(1) });
    expect(await crm.orders.get(order.id)).toEqual(order);
    expect(await crm.orders.require(order.id)).toEqual(order);
    expect((await crm.orders.list({ where: { accountId: 'acc-1' } })).items).toEqual([order]);
    expect((await kehuRejection(crm.orders.require('nope'))).code).toBe('NOT_FOUND');
  });
});

describe('activities.complete', () => {
  it('marks the activity done now with the outcome, once', async () => {
    const crm = setup();
    const call = await crm.activities.create({
      type: 'call',
      subject: '回访',
      dueAt: START,
      outcome: 'draft',
    });
    events.length = 0;
    const done = await crm.activities.complete(call.id, { outcome: '客户同意下周演示', expectedVersion: 1 });
    expect(done).toMatchObject({ done: true, doneAt: START, outcome: '客户同意下周演示', version: 2 });
    expect(events).toEqual([
      { type: 'activity.completed', payload: { entity: done, previous: call, actorId: undefined } },
    ]);
    const again = await kehuRejection(crm.activities.complete(call.id, { expectedVersion: 2 }));
    expect(again.code).toBe('GUARD_REJECTED');
    const stale = await kehuRejection(crm.activities.complete(call.id, { expectedVersion: 1 }));
    expect(stale.code).toBe('CONFLICT');
  });

  it('keeps the earlier outcome by default; stamps doneAt on activities saved as done', async () => {
    const crm = setup();
    const task = await crm.activities.create({ type: 'task', subject: '寄样品', outcome: '已打包' });
    expect((await crm.activities.complete(task.id, { expectedVersion: 1 })).outcome).toBe('已打包');
    const note = await crm.activities.create({ type: 'note', subject: '电话记录', done: true });
    expect(note.doneAt).toBe(START);
    const reopened = await crm.activities.update(note.id, { done: false }, { expectedVersion: 1 });
    expect(reopened.doneAt).toBeUndefined();
  });
});
