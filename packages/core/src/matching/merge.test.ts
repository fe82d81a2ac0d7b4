/** Merge: survivorship, children re-pointed in one transaction, dry run, refusals, and undo. */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { isKehuError, type KehuErrorCode } from '../errors.ts';
import { collectionNames, createManualClock, createSequentialIds } from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import {
  createMatching,
  createMemoryMergeJournal,
  createStoreMergeJournal,
  type MatchingService,
  MergeRecordSchema,
  normalizeEmail,
  normalizePhone,
} from './index.ts';

const T0 = Date.UTC(2025, 0, 1);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const stamp = (id: string, minutes: number) => ({
  id,
  version: 0,
  createdAt: iso(minutes),
  updatedAt: iso(minutes),
});

/** Every record of every collection, without the store-owned version. */
async function snapshot(store: MemoryStore): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const collection of collectionNames) {
    for (const item of (await store.query(collection)).items) {
      const { version: _version, ...rest } = item as Record<string, unknown>;
      out[`${collection}/${String(rest.id)}`] = rest;
    }
  }
  return out;
}

async function failure(promise: Promise<unknown>): Promise<{ code: KehuErrorCode; fields: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (isKehuError(error)) return { code: error.code, fields: error.fields };
    throw error;
  }
  throw new Error('expected a KehuError');
}

let store: MemoryStore;
let matching: MatchingService;
let clock: ReturnType<typeof createManualClock>;

async function seed(target: MemoryStore): Promise<void> {
  await target.bulkPut('accounts', [
    {
      ...stamp('a1', 0),
      name: '华星科技',
      kind: 'company',
      lifecycle: 'prospect',
      tags: ['vip'],
      source: 'web',
    },
    {
      ...stamp('a2', 10),
      name: '北京华星科技有限公司',
      kind: 'company',
      lifecycle: 'customer',
      tags: ['VIP', 'north'],
      phone: '010-88886666',
      source: 'erp',
      grade: 'B',
      custom: { erpCode: 'K-17' },
    },
    {
      ...stamp('a3', 20),
      name: '华星科技(北京)',
      kind: 'company',
      tags: ['events'],
      website: 'huaxing.com',
      grade: 'A',
      custom: { creditLimit: 500 },
    },
    { ...stamp('p1', 30), name: '王芳', kind: 'person' },
  ]);
  await target.bulkPut('contacts', [
    { ...stamp('c1', 0), accountId: 'a1', name: '王芳', emails: ['wf@huaxing.com'] },
    { ...stamp('c2', 5), accountId: 'a2', name: '李雷', phones: ['13700001111'] },
  ]);
  const deal = {
    pipelineId: 'p',
    stageId: 's',
    amount: { amount: 100, currency: 'CNY' },
    position: 'a0',
    stageEnteredAt: iso(0),
  };
  await target.bulkPut('deals', [
    { ...stamp('d1', 0), title: 'A', accountId: 'a2', contactId: 'c2', ...deal },
    { ...stamp('d2', 0), title: 'B', accountId: 'a3', ...deal },
  ]);
  await target.bulkPut('activities', [
    { ...stamp('act1', 0), type: 'call', subject: 'Call', accountId: 'a3' },
  ]);
  await target.bulkPut('leads', [
    {
      ...stamp('l1', 0),
      source: 'web_form',
      name: '李雷',
      status: 'converted',
      accountId: 'a2',
      converted: { accountId: 'a2', contactId: 'c2' },
    },
  ]);
  await target.bulkPut('members', [
    { ...stamp('m1', 0), accountId: 'a1', cardNo: 'C-1', programId: 'gold', joinedAt: iso(0) },
    { ...stamp('m2', 0), accountId: 'a2', cardNo: 'C-2', programId: 'gold', joinedAt: iso(5) },
    { ...stamp('m3', 0), accountId: 'a3', cardNo: 'C-3', programId: 'silver', joinedAt: iso(5) },
  ]);
  await target.bulkPut('loyaltyEntries', [
    { ...stamp('e1', 0), memberId: 'm1', kind: 'earn', points: 100, sourceId: 'o-1', at: iso(0) },
    { ...stamp('e2', 0), memberId: 'm2', kind: 'earn', points: 40, sourceId: 'o-2', at: iso(1) },
    { ...stamp('e3', 0), memberId: 'm2', kind: 'redeem', points: -10, sourceId: 'r-1', at: iso(2) },
  ]);
  await target.bulkPut('orders', [
    {
      ...stamp('o2', 0),
      accountId: 'a2',
      memberId: 'm2',
      amount: { amount: 4000, currency: 'CNY' },
      orderedAt: iso(1),
    },
  ]);
}

const accounts = (...ids: string[]) => ids.map((id) => ({ collection: 'accounts', id }));

beforeEach(async () => {
  store = createMemoryStore();
  clock = createManualClock('2026-01-01T00:00:00Z');
  matching = createMatching({
    store,
    clock,
    ids: createSequentialIds('merge'),
    journal: createMemoryMergeJournal(),
  });
  await seed(store);
});

describe('merge', () => {
  it('merges three accounts into the oldest in one transaction, children and cards following', async () => {
    const { record, survivor } = await matching.merge({ records: accounts('a2', 'a3', 'a1'), actorId: 'u1' });
    expect(survivor).toMatchObject({
      id: 'a1',
      version: 2,
      createdAt: iso(0),
      updatedAt: '2026-01-01T00:00:00.000Z',
      name: '北京华星科技有限公司',
      lifecycle: 'customer',
      grade: 'A',
      tags: ['vip', 'north', 'events'],
      phone: '010-88886666',
      website: 'huaxing.com',
      custom: { erpCode: 'K-17', creditLimit: 500 },
    });
    expect(record.provenance).toMatchObject({
      name: { from: 'a2', rule: 'mostComplete' },
      lifecycle: { from: 'a2', rule: 'ranked' },
      grade: { from: 'a3', rule: 'ranked' },
      tags: { from: 'a1', rule: 'union' },
      'custom.erpCode': { from: 'a2', rule: 'mostRecent' },
    });
    expect(record).toMatchObject({
      collection: 'accounts',
      survivorId: 'a1',
      mergedIds: ['a2', 'a3'],
      actorId: 'u1',
    });
    expect(MergeRecordSchema.parse(record)).toEqual(record);

    expect(await store.getMany('accounts', ['a2', 'a3'])).toEqual([undefined, undefined]);
    expect((await store.get('contacts', 'c2'))?.accountId).toBe('a1');
    expect((await store.getMany('deals', ['d1', 'd2'])).map((deal) => deal?.accountId)).toEqual(['a1', 'a1']);
    expect((await store.get('activities', 'act1'))?.accountId).toBe('a1');
    expect(await store.get('leads', 'l1')).toMatchObject({
      accountId: 'a1',
      converted: { accountId: 'a1', contactId: 'c2' },
    });
    // Two gold cards become one: the ledger follows, the balance stays whole; the silver card moves.
    expect(await store.get('members', 'm2')).toBeUndefined();
    expect((await store.get('members', 'm3'))?.accountId).toBe('a1');
    const ledger = (await store.query('loyaltyEntries', { where: { memberId: 'm1' } })).items;
    expect(ledger.reduce((sum, entry) => sum + entry.points, 0)).toBe(130);
    expect(await store.get('orders', 'o2')).toMatchObject({ accountId: 'a1', memberId: 'm1' });

    expect(await matching.getMerge(record.id)).toEqual(record);
    expect(await matching.survivorOf('accounts', 'a3')).toBe('a1');
    expect(await matching.survivorOf('accounts', 'a1')).toBeUndefined();
  });

  it('shows the result in a dry run and writes nothing', async () => {
    const before = await snapshot(store);
    const preview = await matching.dryRun({ records: accounts('a1', 'a2', 'a3') });
    expect(await snapshot(store)).toEqual(before);
    const { survivor } = await matching.merge({ records: accounts('a1', 'a2', 'a3') });
    const { version: _version, ...written } = survivor;
    expect(preview.survivor).toEqual(written);
    expect(preview.deleted).toEqual(
      expect.arrayContaining([
        { collection: 'accounts', id: 'a2' },
        { collection: 'members', id: 'm2' },
      ]),
    );
    expect(preview.updates).toContainEqual({
      collection: 'deals',
      id: 'd2',
      fields: { accountId: { from: 'a3', to: 'a1' } },
    });
  });

  it('takes a manual choice per field, even an empty value, and the chosen survivor', async () => {
    const { survivor } = await matching.merge({
      records: accounts('a1', 'a2'),
      survivorId: 'a2',
      choices: { name: 'a1', phone: 'a1' },
    });
    expect(survivor).toMatchObject({ id: 'a2', name: '华星科技' });
    expect(survivor.phone).toBeUndefined();
    expect(await store.get('accounts', 'a1')).toBeUndefined();
  });

  it('prefers a trusted source when configured', async () => {
    const trusting = createMatching({
      store,
      clock,
      journal: createMemoryMergeJournal(),
      config: {
        accounts: { survivorship: { default: 'trusted', trustedSources: ['erp'], multiValued: ['tags'] } },
      },
    });
    await store.put('accounts', {
      ...(await store.get('accounts', 'a1'))!,
      phone: '021-11112222',
      updatedAt: iso(99),
    });
    const { survivor } = await trusting.merge({ records: accounts('a1', 'a2') });
    expect(survivor).toMatchObject({ phone: '010-88886666', name: '北京华星科技有限公司' });
  });

  it('refuses records of different types, a record merged into itself and other bad requests', async () => {
    const cases: [unknown, string][] = [
      [
        {
          records: [
            { collection: 'accounts', id: 'a1' },
            { collection: 'contacts', id: 'c1' },
          ],
        },
        'records.1.collection',
      ],
      [{ records: accounts('a1', 'a1') }, 'records.1.id'],
      [{ records: accounts('a1') }, 'records'],
      [
        {
          records: [
            { collection: 'deals', id: 'd1' },
            { collection: 'deals', id: 'd2' },
          ],
        },
        'records.0.collection',
      ],
      [{ records: accounts('a1', 'a2'), survivorId: 'a3' }, 'survivorId'],
      [{ records: accounts('a1', 'a2'), choices: { name: 'c1' } }, 'choices.name'],
      [{ records: accounts('a1', 'a2'), choices: { id: 'a2' } }, 'choices.id'],
      [{ records: accounts('a1', 'p1') }, 'records.1'],
    ];
    const before = await snapshot(store);
    for (const [request, field] of cases) {
      const refused = await failure(matching.merge(request as never));
      expect(refused, JSON.stringify(request)).toEqual({ code: 'VALIDATION', fields: [field] });
    }
    expect(await failure(matching.merge({ records: accounts('a1', 'ghost') }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await snapshot(store)).toEqual(before);
  });

  it('fails a stale version with CONFLICT and writes nothing', async () => {
    const before = await snapshot(store);
    const stale = [
      { collection: 'accounts', id: 'a1', expectedVersion: 1 },
      { collection: 'accounts', id: 'a2', expectedVersion: 0 },
    ];
    expect(await failure(matching.merge({ records: stale }))).toMatchObject({ code: 'CONFLICT' });
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('leads and journals', () => {
  it('merges leads: duplicate links unioned (without links to each other), activities re-pointed', async () => {
    await store.bulkPut('leads', [
      {
        ...stamp('l2', 1),
        source: 'web_form',
        name: '王芳',
        status: 'working',
        duplicates: [
          { collection: 'leads', id: 'l3', score: 0.97 },
          { collection: 'contacts', id: 'c1', score: 0.8 },
        ],
      },
      {
        ...stamp('l3', 2),
        source: 'phone',
        name: 'Wang Fang',
        phone: '13800138000',
        status: 'qualified',
        duplicates: [{ collection: 'contacts', id: 'c1', score: 0.9 }],
      },
    ]);
    await store.bulkPut('activities', [
      { ...stamp('act2', 0), type: 'call', subject: 'Call back', leadId: 'l3' },
    ]);
    const { survivor } = await matching.merge({
      records: [
        { collection: 'leads', id: 'l2' },
        { collection: 'leads', id: 'l3' },
      ],
    });
    expect(survivor).toMatchObject({
      id: 'l2',
      status: 'qualified',
      phone: '13800138000',
      duplicates: [{ collection: 'contacts', id: 'c1', score: 0.9 }],
    });
    expect((await store.get('activities', 'act2'))?.leadId).toBe('l2');
  });

  it('refuses a store journal on a collection that is not registered', () => {
    expect(() => createStoreMergeJournal('nowhere')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('undo', () => {
  it('restores every record and link exactly', async () => {
    const before = await snapshot(store);
    const { record } = await matching.merge({ records: accounts('a1', 'a2', 'a3') });
    clock.advance(60_000);
    const undone = await matching.undo(record.id, { actorId: 'u2' });
    expect(undone).toMatchObject({ id: record.id, undoneAt: '2026-01-01T00:01:00.000Z', undoneBy: 'u2' });
    expect(await snapshot(store)).toEqual(before);
    expect(await matching.survivorOf('accounts', 'a2')).toBeUndefined();
    expect(await failure(matching.undo(record.id))).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses when a merged record was edited since, and writes nothing', async () => {
    const { record } = await matching.merge({ records: accounts('a1', 'a2') });
    const deal = (await store.get('deals', 'd1'))!;
    await store.put('deals', { ...deal, title: 'edited after the merge' }, { expectedVersion: deal.version });
    const before = await snapshot(store);
    expect(await failure(matching.undo(record.id))).toMatchObject({ code: 'CONFLICT' });
    expect(await snapshot(store)).toEqual(before);
    expect(await failure(matching.undo('nope'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('properties', () => {
  const emails = [
    'wf@huaxing.com',
    'WF@huaxing.com',
    'wang.fang@gmail.com',
    'wangfang+x@gmail.com',
    'li@qq.com',
  ];
  const phones = ['13800138000', '+86 138 0013 8000', '010-88886666', '13900000000', '0086 139 0000 0000'];
  const tags = ['vip', 'VIP', 'north', 'events', '会员'];
  const contact = fc.record({
    emails: fc.subarray(emails),
    phones: fc.subarray(phones),
    tags: fc.subarray(tags),
    minutes: fc.integer({ min: 0, max: 1000 }),
  });

  it('a merge never loses a distinct multi-valued value, and undo restores everything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(contact, { minLength: 2, maxLength: 4 }), async (drafts) => {
        const local = createMemoryStore();
        const service = createMatching({
          store: local,
          clock,
          ids: createSequentialIds('m'),
          journal: createMemoryMergeJournal(),
        });
        await seed(local);
        const contacts = drafts.map((draft, i) => ({
          ...stamp(`x${i}`, draft.minutes),
          name: `王芳${i}`,
          emails: draft.emails,
          phones: draft.phones,
          tags: draft.tags,
        }));
        await local.bulkPut('contacts', contacts);
        await local.bulkPut('activities', [
          { ...stamp('ax', 0), type: 'note', subject: 'n', contactId: 'x1' },
        ]);
        const before = await snapshot(local);
        const { survivor, record } = await service.merge({
          records: contacts.map((c) => ({ collection: 'contacts', id: c.id })),
        });
        const keep = (values: unknown, key: (v: string) => string) => new Set((values as string[]).map(key));
        const distinct = (field: 'emails' | 'phones' | 'tags', key: (v: string) => string) =>
          new Set(contacts.flatMap((c) => c[field]).map(key));
        for (const k of distinct('emails', normalizeEmail))
          expect(keep(survivor.emails, normalizeEmail)).toContain(k);
        for (const k of distinct('phones', (p) => normalizePhone(p))) {
          expect(keep(survivor.phones, (p) => normalizePhone(p))).toContain(k);
        }
        for (const k of distinct('tags', (t) => t.toLowerCase()))
          expect(keep(survivor.tags, (t) => t.toLowerCase())).toContain(k);
        expect((await local.get('activities', 'ax'))?.contactId).toBe(survivor.id);
        await service.undo(record.id);
        expect(await snapshot(local)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});
