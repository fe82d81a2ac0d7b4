/** The 360 view, checked section by section on a small hand-built dataset. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Crm,
  type Customer360,
  createCrm,
  createManualClock,
  createSequentialIds,
  isKehuError,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  type Query,
  type Store,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const NOW = '2026-03-10T09:00:00.000Z';
const day = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000).toISOString();
const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** The store, with every read recorded, to prove the view asks by account instead of scanning. */
function recording(store: Store) {
  const reads: { collection: string; query?: Query }[] = [];
  const spy: Store = {
    ...store,
    query: (collection, query) => {
      reads.push({ collection, query: query as Query });
      return store.query(collection, query);
    },
    transaction: (collections, work) => store.transaction(collections, work),
  };
  return { spy, reads };
}

async function build(crm: Crm) {
  await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
  await crm.accounts.create({ id: 'acc-1', name: '西湖茶社', kind: 'company', grade: 'A' });
  await crm.accounts.create({ id: 'acc-2', name: '别家', kind: 'company' });
  await crm.contacts.create({ id: 'c-wang', accountId: 'acc-1', name: '王芳' });
  await crm.contacts.create({ id: 'c-li', accountId: 'acc-1', name: '李明' });
  await crm.contacts.create({ id: 'c-other', accountId: 'acc-2', name: '赵六' });

  const deal = (id: string, stageId: string, amount: number, extra: Record<string, unknown> = {}) =>
    crm.deals.create({
      id,
      title: id,
      accountId: 'acc-1',
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId,
      amount: cny(amount),
      ...extra,
    });
  await deal('d-qualify', 'qualify', 100_000);
  await deal('d-proposal', 'proposal', 200_000, { probability: 60, expectedCloseDate: '2026-04-30' });
  await deal('d-negotiation', 'negotiation', 333_333, { expectedCloseDate: '2026-03-31' });
  await deal('d-won', 'won', 999_999);
  await deal('d-other', 'qualify', 5, { accountId: 'acc-2' });

  for (let n = 1; n <= 12; n++) {
    await crm.activities.create({
      id: `done-${String(n).padStart(2, '0')}`,
      type: 'visit',
      subject: `拜访 ${n}`,
      accountId: 'acc-1',
      done: true,
      doneAt: day(-20 + n),
    });
  }
  await crm.activities.create({
    id: 'due-tomorrow',
    type: 'call',
    subject: '回访',
    accountId: 'acc-1',
    dueAt: day(1),
  });
  await crm.activities.create({
    id: 'overdue',
    type: 'task',
    subject: '报价',
    accountId: 'acc-1',
    dueAt: day(-2),
  });
  await crm.activities.create({ id: 'undated', type: 'task', subject: '整理需求', accountId: 'acc-1' });
  await crm.activities.create({
    id: 'elsewhere',
    type: 'call',
    subject: 'x',
    accountId: 'acc-2',
    dueAt: day(1),
  });

  await crm.store.put('members', {
    id: 'm-1',
    version: 0,
    createdAt: NOW,
    updatedAt: NOW,
    accountId: 'acc-1',
    cardNo: 'VIP-1',
    joinedAt: NOW,
  });
  const order = (id: string, orderedAt: string, amount: { amount: number; currency: string }, extra = {}) =>
    crm.orders.record({ id, accountId: 'acc-1', orderedAt, amount, ...extra });
  await order('o1', day(-90), cny(1_000));
  await order('o2', day(-60), cny(2_000));
  await order('o3', day(-30), { amount: 500, currency: 'USD' });
  await order('o4', day(-20), cny(3_000), { status: 'refunded' });
  await order('o5', day(-10), cny(4_000));
  await order('o6', day(-5), cny(5_000));
  await crm.orders.record({ id: 'o-member', memberId: 'm-1', orderedAt: day(-1), amount: cny(600) });
  await crm.orders.record({ id: 'o-other', accountId: 'acc-2', orderedAt: day(-1), amount: cny(77) });
}

describe('customers.view360', () => {
  let view: Customer360;
  let reads: { collection: string; query?: Query }[];
  let crm: Crm;

  beforeAll(async () => {
    const recorder = recording(createMemoryStore());
    const clock = createManualClock('2026-01-01T00:00:00.000Z');
    crm = createCrm({ store: recorder.spy, clock, ids: createSequentialIds('id') });
    await build(crm);
    clock.set(NOW);
    reads = recorder.reads;
    reads.length = 0;
    view = await crm.customers.view360('acc-1');
  });

  it('shows the account and its contacts by name', () => {
    expect(view.account).toMatchObject({ id: 'acc-1', name: '西湖茶社', lifecycle: 'customer' });
    expect(view.contacts.map((contact) => contact.id)).toEqual(['c-li', 'c-wang']);
  });

  it('lists open deals with stage name, probability and weighted amount, soonest close first', () => {
    expect(
      view.openDeals.map(({ deal, stageName, probability, weighted }) => [
        deal.id,
        stageName?.en,
        probability,
        weighted,
      ]),
    ).toEqual([
      ['d-negotiation', 'Negotiation', 75, cny(250_000)],
      ['d-proposal', 'Proposal', 60, cny(120_000)],
      ['d-qualify', 'Qualification', 10, cny(10_000)],
    ]);
    expect(view.openDeals[0]?.stage?.forecastCategory).toBe('commit');
  });

  it('shows the ten most recently done activities, newest first', () => {
    expect(view.recentActivities.map((activity) => activity.id)).toEqual([
      'done-12',
      'done-11',
      'done-10',
      'done-09',
      'done-08',
      'done-07',
      'done-06',
      'done-05',
      'done-04',
      'done-03',
    ]);
  });

  it('shows open activities by due date, undated last, flagging the overdue ones', () => {
    expect(view.upcomingActivities.map(({ activity, overdue }) => [activity.id, overdue])).toEqual([
      ['overdue', true],
      ['due-tomorrow', false],
      ['undated', false],
    ]);
  });

  it('summarises paid orders of the account and its member cards', () => {
    expect(view.orders.recent.map((order) => order.id)).toEqual(['o-member', 'o6', 'o5', 'o4', 'o3']);
    expect(view.orders.count).toBe(6);
    expect(view.orders.totals).toEqual([cny(12_600), { amount: 500, currency: 'USD' }]);
    expect(view.orders.firstOrderAt).toBe(day(-90));
    expect(view.orders.lastOrderAt).toBe(day(-1));
  });

  it('lists the account’s member cards', () => {
    expect(view.members.map((member) => member.id)).toEqual(['m-1']);
  });

  it('reads only by account (or its member cards), never a whole collection', () => {
    expect(reads.length).toBeGreaterThan(0);
    for (const { query } of reads) {
      const where = query?.where as Record<string, unknown> | undefined;
      expect(where?.accountId === 'acc-1' || where?.memberId !== undefined).toBe(true);
    }
  });

  it('shows an account with nothing around it as empty sections', async () => {
    await crm.accounts.create({ id: 'acc-new', name: '新客户', kind: 'person' });
    const empty = await crm.customers.view360('acc-new');
    expect(empty).toMatchObject({
      contacts: [],
      openDeals: [],
      recentActivities: [],
      upcomingActivities: [],
      members: [],
      orders: { recent: [], count: 0, totals: [], firstOrderAt: undefined, lastOrderAt: undefined },
    });
  });

  it('gives RFM figures but no segment or grade before the base has been analysed', () => {
    // Six paid orders in the last 365 days, the member card's included; the USD one is not summed.
    expect(view.value.metrics).toMatchObject({ frequency: 6, monetary: 12_600, recencyDays: 1 });
    expect(view.value.rfm).toBeUndefined();
    expect(view.value.grade).toBeUndefined();
  });

  it('scores segment and value grade against the model analyze() builds from every order', async () => {
    const analysis = await crm.customers.analyze();
    expect(crm.customers.valueModel).toBe(analysis.model);
    // Two customers (the card's order is its account's): acc-1 holds over 80 % of revenue, so it is A.
    expect(analysis.customers.map((c) => [c.customerId, c.grade])).toEqual([
      ['acc-1', 'A'],
      ['acc-2', expect.not.stringMatching(/^A$/)],
    ]);
    const scored = await crm.customers.view360('acc-1');
    expect(scored.value.grade).toBe('A');
    expect(scored.value.rfm).toMatchObject({ customerId: 'acc-1', monetary: 12_600 });
    expect(scored.value.rfm?.segment).toBeTypeOf('string');
    expect((await crm.customers.view360('acc-new')).value).toEqual({
      metrics: undefined,
      rfm: undefined,
      grade: 'D',
    });
    crm.customers.useValueModel(undefined);
    expect((await crm.customers.view360('acc-1')).value.grade).toBeUndefined();
  });

  it('rejects bad analysis options naming the option', async () => {
    const error = await crm.customers.analyze({ cutoffs: { A: 0.9, B: 0.5 } }).catch((e: unknown) => e);
    expect(isKehuError(error, 'VALIDATION')).toBe(true);
    expect((error as { fields: string[] }).fields).toEqual(['cutoffs.B']);
  });

  it('reports a missing account as NOT_FOUND', async () => {
    const error = await crm.customers.view360('ghost').catch((e: unknown) => e);
    expect(isKehuError(error, 'NOT_FOUND')).toBe(true);
  });
});
