/** Finding duplicates of one candidate through the store's indexes, and clusters over a collection. */
import { beforeEach, describe, expect, it } from 'vitest';
import { isKehuError } from '../errors.ts';
import { createManualClock, createSeededRandom, createSequentialIds } from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import type { Query, StoreReader } from '../storage/contract.ts';
import { createMatching, type MatchingService, matchingEngine, scanRecords } from './index.ts';

let at = 0;
const stamp = (id: string) => {
  const time = new Date(Date.UTC(2025, 0, 1) + at++ * 60_000).toISOString();
  return { id, version: 0, createdAt: time, updatedAt: time };
};

let store: MemoryStore;
let matching: MatchingService;

beforeEach(async () => {
  at = 0;
  store = createMemoryStore();
  const clock = createManualClock('2026-01-01T00:00:00Z');
  matching = createMatching({ store, clock, ids: createSequentialIds('merge') });
  await store.bulkPut('contacts', [
    { ...stamp('c1'), name: '王芳', phones: ['138 0013 8000'], emails: ['Wang.Fang@gmail.com'] },
    { ...stamp('c2'), name: 'Fang Wang', phones: ['+86-13800138000'] },
    { ...stamp('c3'), name: '王芳', phones: ['139 0000 0000'], emails: ['other@qq.com'] },
    { ...stamp('c4'), name: '李雷', phones: ['0086 137 0000 1111'], birthday: '1990-03-04' },
    { ...stamp('c5'), name: 'Li Lei', birthday: '1990-04-03', emails: ['lilei@163.com'] },
  ]);
  await store.bulkPut('accounts', [
    { ...stamp('a1'), name: '北京华星科技有限公司', kind: 'company', phone: '010-88886666' },
    { ...stamp('a2'), name: '华星科技(北京)', kind: 'company', website: 'www.huaxing.com' },
    { ...stamp('a3'), name: '华星科技（上海）分公司', kind: 'company', phone: '021-66668888' },
    { ...stamp('a4'), name: '华星贸易有限公司', kind: 'company' },
    { ...stamp('a5'), name: 'Huaxing Technology Co., Ltd.', kind: 'company', phone: '+86 10 8888 6666' },
  ]);
});

describe('findDuplicates', () => {
  it('finds a contact through any spelling of its phone and e-mail, with reasons', async () => {
    const found = await matching.findDuplicates('contacts', {
      name: 'Wang Fang',
      phones: ['0086 138-0013-8000'],
    });
    expect(found.map((match) => [match.id, match.verdict])).toEqual([
      ['c2', 'same'],
      ['c1', 'same'],
    ]);
    expect(found[0]!.reasons.find((reason) => reason.field === 'phone')).toMatchObject({ outcome: 'agree' });
    const byEmail = await matching.findDuplicates('contacts', {
      name: '王芳',
      emails: ['wangfang@gmail.com'],
    });
    expect(byEmail.map((match) => match.id)).toContain('c1');
  });

  it('leaves out the candidate itself and anything below possible', async () => {
    const c1 = await store.get('contacts', 'c1');
    const found = await matching.findDuplicates('contacts', c1!);
    expect(found.map((match) => match.id)).toEqual(['c2']);
    expect(await matching.findDuplicates('contacts', { name: '张三', phones: ['13600000000'] })).toEqual([]);
  });

  it('finds companies by name across legal forms and cities, a branch only as possible', async () => {
    const found = await matching.findDuplicates('accounts', {
      name: '华星科技(北京)有限公司',
      kind: 'company',
    });
    const verdicts = Object.fromEntries(found.map((match) => [match.id, match.verdict]));
    expect(verdicts).toMatchObject({ a1: 'same', a2: 'same', a3: 'possible' });
    expect(verdicts.a4).toBeUndefined();
    const branch = found.find((match) => match.id === 'a3')!;
    expect(branch.reasons.find((reason) => reason.field === 'name')?.note).toBe('branch office of');
  });

  it('asks the store by indexed fields, never for the whole collection', async () => {
    const queries: { collection: string; query: Query | undefined }[] = [];
    const spy: StoreReader = {
      get: (collection, id) => store.get(collection, id),
      getMany: (collection, ids) => store.getMany(collection, ids),
      count: (collection, where) => store.count(collection, where),
      query: (collection, query) => {
        queries.push({ collection, query: query as Query | undefined });
        return store.query(collection, query);
      },
    };
    const engine = matchingEngine();
    const lead = {
      ...stamp('l1'),
      source: 'web_form' as const,
      status: 'new' as const,
      name: '王芳',
      phone: '13800138000',
      duplicates: [],
    };
    await engine.findDuplicates(spy, lead, { now: 0, actorId: undefined, random: createSeededRandom(1) });
    expect(queries.length).toBeGreaterThan(0);
    for (const { query } of queries) {
      expect(Object.keys(query?.where ?? {})).toHaveLength(1);
      expect(query?.limit).toBeGreaterThan(0);
    }
  });

  it('skips a value shared by more records than a block may hold', async () => {
    const switchboard = Array.from({ length: 60 }, (_, i) => ({
      ...stamp(`s${i}`),
      name: `员工${i}`,
      phones: ['400-800-8888'],
    }));
    await store.bulkPut('contacts', switchboard);
    expect(await matching.findDuplicates('contacts', { name: '新员工', phones: ['4008008888'] })).toEqual([]);
  });

  it('refuses an unknown collection or a non-object candidate', async () => {
    await expect(matching.findDuplicates('deals' as 'leads', {})).rejects.toSatisfy((e) =>
      isKehuError(e, 'VALIDATION'),
    );
    await expect(matching.findDuplicates('leads', null as never)).rejects.toSatisfy((e) =>
      isKehuError(e, 'VALIDATION'),
    );
  });
});

describe('the capture engine', () => {
  it('links a new lead to leads, contacts and accounts, best first', async () => {
    await store.bulkPut('leads', [
      { ...stamp('l0'), source: 'phone', name: '王芳', phone: '138-0013-8000', company: '华星科技' },
    ]);
    const engine = matchingEngine();
    expect(engine.collections).toEqual(['leads', 'contacts', 'accounts']);
    const lead = {
      ...stamp('l1'),
      source: 'web_form' as const,
      status: 'new' as const,
      name: 'Wang Fang',
      phone: '+86 138 0013 8000',
      company: '北京华星科技有限公司',
      duplicates: [],
    };
    const links = await engine.findDuplicates(store, lead, {
      now: 0,
      actorId: undefined,
      random: createSeededRandom(1),
    });
    const keys = links.map((link) => `${link.collection}/${link.id}`);
    expect(keys).toEqual(
      expect.arrayContaining(['leads/l0', 'contacts/c1', 'contacts/c2', 'accounts/a1', 'accounts/a2']),
    );
    expect(keys).not.toContain('leads/l1');
    for (const link of links) expect(link.score).toBeGreaterThanOrEqual(0.5);
    expect([...links].sort((a, b) => b.score - a.score)).toEqual(links);
  });
});

describe('scan', () => {
  it('clusters a collection with the score of every linking pair', async () => {
    const result = await matching.scan('contacts');
    expect(result.clusters.map((cluster) => cluster.ids)).toEqual([
      ['c1', 'c2'],
      ['c4', 'c5'],
    ]);
    for (const cluster of result.clusters) {
      expect(cluster.pairs.length).toBeGreaterThan(0);
      expect(cluster.minScore).toBeGreaterThanOrEqual(0.9);
      for (const pair of cluster.pairs) expect(pair.reasons?.length).toBe(4);
    }
    expect(result.stats).toMatchObject({ records: 5, allPairs: 10 });
    expect(result.stats.comparisons).toBeLessThan(10);
  });

  it('pages through the store and gets the same answer at any page size', async () => {
    const whole = await matching.scan('accounts', { pageSize: 1000 });
    const paged = await matching.scan('accounts', { pageSize: 2 });
    expect(paged).toEqual(whole);
    expect(whole.clusters.map((cluster) => cluster.ids)).toEqual([['a1', 'a2', 'a5']]);
    expect(whole.possible.map((pair) => [pair.a, pair.b].sort().join('|'))).toContain('a1|a3');
  });

  it('finds what the exhaustive comparison finds on a small set', async () => {
    const blocked = await matching.scan('contacts', { explain: false });
    const exhaustive = await matching.scan('contacts', { explain: false, exhaustive: true });
    expect(blocked.clusters).toEqual(exhaustive.clusters);
    expect(exhaustive.stats.comparisons).toBe(10);
  });

  it('links possible pairs too when asked', async () => {
    const result = await matching.scan('accounts', { link: 'possible' });
    expect(result.clusters[0]!.ids).toEqual(expect.arrayContaining(['a1', 'a2', 'a3', 'a5']));
  });

  it('scans plain records under a definition of their own', () => {
    const records = [
      { id: 'r1', given: 'mitchell', surname: 'green', born: '19560409' },
      { id: 'r2', given: 'green', surname: 'mitchell', born: '19560409' },
      { id: 'r3', given: 'harley', surname: 'mccarthy', born: '19080419' },
    ];
    const result = scanRecords(records, {
      fields: [
        { name: 'given', path: 'given', kind: 'text', m: 0.9, u: 0.01, swapWith: 'surname' },
        { name: 'surname', path: 'surname', kind: 'text', m: 0.9, u: 0.01 },
        { name: 'born', path: 'born', kind: 'date', m: 0.9, u: 0.001 },
      ],
      blocking: { keys: [{ parts: ['born'] }] },
      thresholds: { same: 0.9, possible: 0.5 },
    });
    expect(result.clusters.map((cluster) => cluster.ids)).toEqual([['r1', 'r2']]);
    expect(result.clusters[0]!.pairs[0]!.reasons?.[0]?.note).toBe('swapped with surname');
  });
});
