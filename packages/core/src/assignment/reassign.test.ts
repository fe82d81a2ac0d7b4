/** `crm.users.reassign`: a rep's book handed over atomically, with an audit entry per record. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  assignmentEngine,
  type Crm,
  type CrmEvents,
  createCrm,
  createManualClock,
  createSeededRandom,
  createSequentialIds,
  type EntityInput,
  type ReassignFilter,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const NOW = '2026-11-23T02:00:00.000Z';
const base = { version: 1, createdAt: NOW, updatedAt: NOW };

const user = (id: string, extra: Partial<EntityInput<'users'>> = {}): EntityInput<'users'> => ({
  ...base,
  id,
  name: id.toUpperCase(),
  teamId: 'east',
  ...extra,
});

const account = (
  id: string,
  ownerId: string,
  extra: Partial<EntityInput<'accounts'>> = {},
): EntityInput<'accounts'> => ({
  ...base,
  id,
  name: `客户 ${id}`,
  kind: 'company',
  ownerId,
  teamId: 'east',
  ...extra,
});

const lead = (
  id: string,
  ownerId: string,
  extra: Partial<EntityInput<'leads'>> = {},
): EntityInput<'leads'> => ({
  ...base,
  id,
  source: 'phone',
  name: `线索 ${id}`,
  status: 'working',
  ownerId,
  ...extra,
});

const deal = (
  id: string,
  ownerId: string,
  accountId: string,
  extra: Partial<EntityInput<'deals'>> = {},
): EntityInput<'deals'> => ({
  ...base,
  id,
  title: `商机 ${id}`,
  accountId,
  pipelineId: 'p',
  stageId: 's',
  status: 'open',
  amount: { amount: 100_00, currency: 'CNY' },
  position: 'a0',
  stageEnteredAt: NOW,
  ownerId,
  ...extra,
});

interface Setup {
  crm: Crm;
  store: MemoryStore;
  events: AnyEvent<CrmEvents>[];
}

async function setup(users: EntityInput<'users'>[], seed = 1): Promise<Setup> {
  const store = createMemoryStore();
  await store.bulkPut('teams', [{ ...base, id: 'east', name: 'East' }]);
  await store.bulkPut('users', users);
  const crm = createCrm({
    store,
    clock: createManualClock(NOW),
    ids: createSequentialIds('audit'),
    random: createSeededRandom(seed),
    actor: () => 'u-boss',
    engines: { assignment: assignmentEngine({ rules: [], locale: 'en' }) },
  });
  const events: AnyEvent<CrmEvents>[] = [];
  crm.events.subscribeAll((event) => events.push(event));
  return { crm, store, events };
}

async function book(store: MemoryStore) {
  await store.bulkPut('accounts', [
    account('a1', 'u-old', { region: '江苏' }),
    account('a2', 'u-old', { region: '广东' }),
  ]);
  await store.bulkPut('deals', [
    deal('d1', 'u-old', 'a1'),
    deal('d2', 'u-old', 'a1', { status: 'won', closedAt: NOW }),
    deal('d3', 'u-old', 'a2'),
    deal('d9', 'u-keep', 'a2'),
  ]);
  await store.bulkPut('leads', [
    lead('l1', 'u-old', { accountId: 'a1' }),
    lead('l2', 'u-old', { status: 'converted' }),
    lead('l3', 'u-old', { region: '江苏' }),
    lead('l9', 'u-keep'),
  ]);
}

const owners = async (store: MemoryStore) => {
  const all = [
    ...(await store.query('accounts')).items,
    ...(await store.query('deals')).items,
    ...(await store.query('leads')).items,
  ];
  return Object.fromEntries(all.map((record) => [record.id, record.ownerId]));
};

describe('reassign to a named colleague', () => {
  it('moves every account, lead and deal, with an audit entry and an event', async () => {
    const { crm, store, events } = await setup([
      user('u-old', { status: 'departed' }),
      user('u-new', { teamId: 'west' }),
      user('u-keep'),
    ]);
    await book(store);
    const result = await crm.users.reassign('u-old', { to: 'u-new', reason: '离职交接' });
    expect(result.moves.map((move) => move.id)).toEqual(['a1', 'a2', 'd1', 'd2', 'd3', 'l1', 'l2', 'l3']);
    expect(await owners(store)).toEqual({
      a1: 'u-new',
      a2: 'u-new',
      d1: 'u-new',
      d2: 'u-new',
      d3: 'u-new',
      d9: 'u-keep',
      l1: 'u-new',
      l2: 'u-new',
      l3: 'u-new',
      l9: 'u-keep',
    });
    expect((await store.get('deals', 'd1'))?.teamId).toBe('west');
    const audit = (await store.query('auditEntries', { orderBy: 'recordId' })).items;
    expect(audit).toHaveLength(8);
    expect(audit[0]).toMatchObject({
      action: 'reassign',
      collection: 'accounts',
      recordId: 'a1',
      fromOwnerId: 'u-old',
      toOwnerId: 'u-new',
      reason: '离职交接',
      actorId: 'u-boss',
      at: NOW,
    });
    const reassigned = events.filter((event) => event.type === 'users.reassigned');
    expect(reassigned).toHaveLength(1);
    expect(reassigned[0]!.payload).toMatchObject({
      entity: { id: 'u-old' },
      reason: '离职交接',
      actorId: 'u-boss',
    });
    expect(events.filter((event) => event.type.endsWith('.updated'))).toHaveLength(8);
  });

  it('moves only what the filter selects', async () => {
    const { crm, store } = await setup([user('u-old'), user('u-new'), user('u-keep')]);
    await book(store);
    const open = await crm.users.reassign('u-old', {
      to: 'u-new',
      filter: { status: ['open'] },
      reason: '休产假',
    });
    // Accounts have no status; the won deal and the converted lead stay credited to u-old.
    expect(open.moves.map((move) => move.id)).toEqual(['a1', 'a2', 'd1', 'd3', 'l1', 'l3']);
    const { crm: crm2, store: store2 } = await setup([user('u-old'), user('u-new'), user('u-keep')]);
    await book(store2);
    const east = await crm2.users.reassign('u-old', {
      to: 'u-new',
      filter: { collections: ['leads', 'deals'], region: ['江苏'] },
      reason: '区域调整',
    });
    // A deal is in its account's region; l1 has no region of its own.
    expect(east.moves.map((move) => move.id)).toEqual(['d1', 'd2', 'l3']);
  });

  it('refuses a colleague who cannot take the work, moving nothing', async () => {
    const { crm, store, events } = await setup([
      user('u-old'),
      user('u-leave', { leaves: [{ from: '2026-11-20', to: '2026-11-30' }] }),
      user('u-small', { capacity: 4 }),
      user('u-keep'),
    ]);
    await book(store);
    const before = await owners(store);
    events.length = 0;
    const leave = await kehuRejection(crm.users.reassign('u-old', { to: 'u-leave', reason: 'x' }));
    expect(leave.code).toBe('GUARD_REJECTED');
    expect(leave.details).toMatchObject({ skipped: [{ userId: 'u-leave', why: 'on-leave' }] });
    // Open load moved: d1, d3, l1, l3 (4) fits a capacity of 4 only while u-small holds nothing.
    await store.put('leads', lead('l-own', 'u-small'));
    const full = await kehuRejection(crm.users.reassign('u-old', { to: 'u-small', reason: 'x' }));
    expect(full.details).toMatchObject({ skipped: [{ userId: 'u-small', why: 'over-capacity' }] });
    expect(
      (await kehuRejection(crm.users.reassign('u-old', { to: 'ghost', reason: 'x' }))).issues[0]?.path,
    ).toEqual(['to']);
    expect((await kehuRejection(crm.users.reassign('u-old', { to: 'u-old', reason: 'x' }))).code).toBe(
      'VALIDATION',
    );
    expect((await kehuRejection(crm.users.reassign('ghost', { to: 'u-keep', reason: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await owners(store)).toEqual({ ...before, 'l-own': 'u-small' });
    expect(await store.count('auditEntries')).toBe(0);
    expect(events.filter((event) => event.type !== 'user.updated')).toEqual([]);
  });

  it('refuses malformed options with their paths', async () => {
    const { crm } = await setup([user('u-old'), user('u-new')]);
    const both = await kehuRejection(
      crm.users.reassign('u-old', { to: 'u-new', strategy: { kind: 'round-robin' }, reason: 'x' }),
    );
    expect(both.fields).toEqual(['to']);
    const noReason = await kehuRejection(crm.users.reassign('u-old', { to: 'u-new' } as never));
    expect(noReason.fields).toEqual(['reason']);
    const badFilter = await kehuRejection(
      crm.users.reassign('u-old', {
        to: 'u-new',
        filter: { collections: ['contacts'] } as never,
        reason: 'x',
      }),
    );
    expect(badFilter.fields).toEqual(['filter.collections.0']);
  });
});

describe('reassign through a strategy', () => {
  it('spreads the book over the team, an account with its deals and leads, never to the rep', async () => {
    const { crm, store } = await setup([
      user('u-old', { status: 'departed' }),
      user('u-a'),
      user('u-b'),
      user('u-keep', { teamId: 'west' }),
    ]);
    await book(store);
    const result = await crm.users.reassign('u-old', {
      strategy: { kind: 'least-loaded' },
      reason: '离职交接',
    });
    const owner = await owners(store);
    // a1 travels with d1, d2 and l1; the rest spread to whoever has least open work.
    expect(owner.d1).toBe(owner.a1);
    expect(owner.d2).toBe(owner.a1);
    expect(owner.l1).toBe(owner.a1);
    expect(owner.d3).toBe(owner.a2);
    expect(new Set(Object.values(owner))).toEqual(new Set(['u-a', 'u-b', 'u-keep']));
    expect(result.moves[0]!.detail).toMatch(/^least-loaded: U-[AB] has 0 open/);
    const audit = await store.query('auditEntries', { where: { recordId: 'd1' } });
    expect(audit.items[0]?.detail).toBe(result.moves.find((move) => move.id === 'd1')?.detail);
  });

  it('continues the team’s round-robin cycle', async () => {
    const { crm, store } = await setup([user('u-old'), user('u-a'), user('u-b'), user('u-c')]);
    await store.bulkPut('leads', [
      lead('l1', 'u-old'),
      lead('l2', 'u-old'),
      lead('l3', 'u-old'),
      lead('l4', 'u-old'),
    ]);
    const result = await crm.users.reassign('u-old', { strategy: { kind: 'round-robin' }, reason: '休假' });
    const to = result.moves.map((move) => move.to);
    expect(new Set(to.slice(0, 3)).size).toBe(3);
    expect(to[3]).toBe(to[0]);
    expect((await store.get('assignmentStates', 'pool:east'))?.sequence).toBe(4);
  });

  it('moves nothing when the team has no room for everything', async () => {
    const { crm, store } = await setup([user('u-old'), user('u-a', { capacity: 2 })]);
    await book(store);
    const before = await owners(store);
    const error = await kehuRejection(
      crm.users.reassign('u-old', { strategy: { kind: 'round-robin' }, reason: 'x' }),
    );
    expect(error.code).toBe('GUARD_REJECTED');
    expect(error.message).toMatch(/^Nobody in East can take \d+ of U-OLD's records/);
    expect(await owners(store)).toEqual(before);
    expect(await store.get('assignmentStates', 'pool:east')).toBeUndefined();
  });
});

const filterArb: fc.Arbitrary<ReassignFilter> = fc.record(
  {
    collections: fc.uniqueArray(fc.constantFrom('accounts' as const, 'leads' as const, 'deals' as const), {
      minLength: 1,
    }),
    status: fc.uniqueArray(
      fc.constantFrom('open' as const, 'closed' as const, 'won' as const, 'new' as const),
      { minLength: 1 },
    ),
    region: fc.uniqueArray(fc.constantFrom('江苏', '广东'), { minLength: 1 }),
    ids: fc.uniqueArray(fc.constantFrom('a0', 'a1', 'l0', 'l1', 'l2', 'd0', 'd1', 'd2'), { minLength: 1 }),
  },
  { requiredKeys: [] },
);

describe('reassignment, for any book and filter', () => {
  it('moves every selected record of the rep and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            owner: fc.constantFrom('u-old', 'u-keep'),
            region: fc.constantFrom('江苏', '广东', undefined),
          }),
          { maxLength: 3 },
        ),
        fc.array(
          fc.record({
            owner: fc.constantFrom('u-old', 'u-keep'),
            status: fc.constantFrom('new', 'working', 'converted'),
          }),
          { maxLength: 3 },
        ),
        fc.array(
          fc.record({
            owner: fc.constantFrom('u-old', 'u-keep'),
            status: fc.constantFrom('open', 'won', 'lost'),
            account: fc.nat(2),
          }),
          { maxLength: 3 },
        ),
        filterArb,
        fc.boolean(),
        async (accountSpecs, leadSpecs, dealSpecs, filter, viaStrategy) => {
          const { crm, store } = await setup([user('u-old'), user('u-keep'), user('u-new')]);
          const accounts = accountSpecs.map((spec, i) =>
            account(`a${i}`, spec.owner, spec.region ? { region: spec.region } : {}),
          );
          await store.bulkPut('accounts', [...accounts, account('a-x', 'u-keep')]);
          await store.bulkPut(
            'leads',
            leadSpecs.map((spec, i) => lead(`l${i}`, spec.owner, { status: spec.status as 'new' })),
          );
          const deals = dealSpecs.map((spec, i) =>
            deal(`d${i}`, spec.owner, accounts[spec.account] ? `a${spec.account}` : 'a-x', {
              status: spec.status as 'open',
              ...(spec.status === 'open' ? {} : { closedAt: NOW }),
            }),
          );
          await store.bulkPut('deals', deals);
          const before = new Map(
            [
              ...(await store.query('accounts')).items,
              ...(await store.query('leads')).items,
              ...(await store.query('deals')).items,
            ].map((record) => [record.id, record]),
          );
          const regionOf = (id: string) => (before.get(id) as { region?: string } | undefined)?.region;

          const selected = new Set<string>();
          for (const [id, record] of before) {
            if (record.ownerId !== 'u-old') continue;
            const collection = id.startsWith('a') ? 'accounts' : id.startsWith('l') ? 'leads' : 'deals';
            if (filter.collections && !filter.collections.includes(collection)) continue;
            if (filter.ids && !filter.ids.includes(id)) continue;
            const status = (record as { status?: string }).status;
            if (filter.status && collection !== 'accounts') {
              const open = status === 'open' || status === 'new' || status === 'working';
              if (
                !filter.status.includes(status as 'new') &&
                !filter.status.includes(open ? 'open' : 'closed')
              )
                continue;
            }
            if (filter.region) {
              const region =
                collection === 'deals' ? regionOf((record as { accountId: string }).accountId) : regionOf(id);
              if (region === undefined || !filter.region.includes(region)) continue;
            }
            selected.add(id);
          }

          const options = viaStrategy
            ? { strategy: { kind: 'least-loaded' as const }, filter, reason: 'handover' }
            : { to: 'u-new', filter, reason: 'handover' };
          const result = await crm.users.reassign('u-old', options);
          expect(new Set(result.moves.map((move) => move.id))).toEqual(selected);
          for (const [id, previous] of before) {
            const collection = id.startsWith('a') ? 'accounts' : id.startsWith('l') ? 'leads' : 'deals';
            const now = await store.get(collection, id);
            if (selected.has(id)) {
              expect(now?.ownerId).not.toBe('u-old');
              expect(now?.version).toBe(previous.version + 1);
              expect(await store.count('auditEntries', { recordId: id })).toBe(1);
            } else {
              expect(now).toEqual(previous);
            }
          }
          expect(await store.count('auditEntries')).toBe(selected.size);
        },
      ),
      { numRuns: 60 },
    );
  });
});
