// (Lives in the adapter package: the server does not depend on its own client.)
// The reference server through the GraphQL adapter: tenant isolation, authentication and roles,
// every typed error, the request limits, business actions and a concurrent write.

import { isKehuError, type KehuError } from '@kehu/core';
import type { FormConfigInput } from '@kehu/core/forms';
import { account, deal, kehuRejection } from '@kehu/core/testing';
import { createKehuServer, type KehuServer } from '@kehu/example-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLStore, createKehuActions } from './index.ts';

const tokens = {
  'alice-admin': { tenantId: 'tenant-a', userId: 'alice', role: 'admin' as const },
  'amy-member': { tenantId: 'tenant-a', userId: 'amy', role: 'member' as const },
  'bob-admin': { tenantId: 'tenant-b', userId: 'bob', role: 'admin' as const },
};

const contactForm: FormConfigInput = {
  id: 'contact-us',
  spam: { honeypot: true, minFillMs: 0 },
  fields: [
    { type: 'name', name: 'name' },
    { type: 'email', name: 'email', required: true },
  ],
};

const unexpected: unknown[] = [];
let server: KehuServer;
let url: string;

const as = (token: string | undefined) =>
  createGraphQLStore({
    url,
    headers: (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
  });

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer alice-admin', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] },
  };
}

beforeAll(async () => {
  server = createKehuServer({
    tokens,
    forms: [{ tenantId: 'tenant-a', config: contactForm }],
    captureRateLimits: { perClient: { max: 3, windowMs: 60_000 } },
    limits: { maxBodyBytes: 256 * 1024 },
    onError: (error) => unexpected.push(error),
  });
  url = (await server.listen()).graphqlUrl;
});
afterAll(async () => {
  await server?.close();
  expect(unexpected).toEqual([]);
});

describe('tenant isolation', () => {
  it('tenant B can never read, count, query or overwrite tenant A’s rows', async () => {
    const a = as('alice-admin');
    const b = as('bob-admin');
    const secret = deal({ id: 'deal-secret', title: 'A 的机密商机' });
    await a.put('deals', secret);
    expect(await b.get('deals', secret.id)).toBeUndefined();
    expect(await b.getMany('deals', [secret.id])).toEqual([undefined]);
    expect((await b.query('deals', { where: { id: secret.id } })).items).toEqual([]);
    expect((await b.query('deals', { where: { title: secret.title } })).items).toEqual([]);
    expect(await b.count('deals')).toBe(0);
    // Overwriting A's version 1 from B is a conflict against B's own (empty) tenant…
    const overwrite = await kehuRejection(
      b.put('deals', { ...secret, title: '篡改' }, { expectedVersion: 1 }),
    );
    expect(overwrite).toMatchObject({ code: 'CONFLICT', details: { actualVersion: null } });
    // …a blind write lands in B's tenant only, and deleting there never reaches A.
    await b.put('deals', { ...secret, title: 'B 自己的' });
    expect(await b.delete('deals', secret.id)).toBe(true);
    await b.transaction(['deals'], async (tx) => {
      expect(await tx.get('deals', secret.id)).toBeUndefined();
      await tx.put('deals', { ...secret, title: '事务篡改' });
    });
    expect(await a.get('deals', secret.id)).toMatchObject({ title: 'A 的机密商机', version: 1 });
    expect(await a.count('deals')).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('a watch only hears its own tenant', async () => {
    const a = as('alice-admin');
    const b = as('bob-admin');
    const pages: string[][] = [];
    const stop = b.watch('accounts', {}, (page) => pages.push(page.items.map((item) => item.id)));
    await expect.poll(() => pages.length).toBe(1);
    await a.put('accounts', account({ id: 'acc-a-only' }));
    await b.put('accounts', account({ id: 'acc-b' }));
    await expect.poll(() => pages.at(-1)).toEqual(['acc-b']);
    expect(pages.flat()).not.toContain('acc-a-only');
    stop();
    await Promise.all([a.close(), b.close()]);
  });
});

describe('authentication and roles', () => {
  for (const [label, token] of [
    ['no token', undefined],
    ['an unknown token', 'not-a-token'],
  ] as const) {
    it(`${label} is UNAUTHENTICATED on every operation`, async () => {
      const store = as(token);
      const calls: (() => Promise<unknown>)[] = [
        () => store.get('deals', 'x'),
        () => store.getMany('deals', ['x']),
        () => store.query('deals'),
        () => store.count('deals'),
        () => store.put('deals', deal()),
        () => store.bulkPut('deals', [deal()]),
        () => store.delete('deals', 'x'),
        () =>
          store.transaction(['deals'], async (tx) => {
            await tx.put('deals', deal());
          }),
      ];
      for (const call of calls) expect((await kehuRejection(call())).code).toBe('UNAUTHENTICATED');
      const errors: KehuError[] = [];
      const stop = store.watch('deals', {}, { next: () => {}, error: (error) => errors.push(error) });
      await expect.poll(() => errors.map((error) => error.code)).toContain('UNAUTHENTICATED');
      stop();
      await store.close();
    });
  }

  it('a member may write deals but not pipelines or assignment state (FORBIDDEN)', async () => {
    const member = as('amy-member');
    await member.put('deals', deal({ id: 'deal-by-member' }));
    const pipeline = {
      id: 'pipe-member',
      name: '成员管道',
      stages: [{ id: 's1', name: '初步', probability: 10, kind: 'open' }],
    };
    const refused = await kehuRejection(member.put('pipelines', pipeline as never));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: { collection: 'pipelines' } });
    expect((await kehuRejection(member.bulkPut('pipelines', [pipeline as never]))).code).toBe('FORBIDDEN');
    expect((await kehuRejection(member.delete('assignmentStates', 'x'))).code).toBe('FORBIDDEN');
    const inTransaction = await kehuRejection(
      member.transaction(['deals', 'pipelines'], async (tx) => {
        await tx.put('deals', deal({ id: 'deal-in-forbidden-tx' }));
        await tx.delete('pipelines', 'whatever', { expectedVersion: 0 });
        await tx.put('pipelines', pipeline as never);
      }),
    );
    // Refused before the commit, whether by the role check or by validation of the pipeline.
    expect(['FORBIDDEN', 'VALIDATION']).toContain(inTransaction.code);
    expect(await member.get('deals', 'deal-in-forbidden-tx')).toBeUndefined();
    await member.close();
  });
});

describe('typed errors', () => {
  it('VALIDATION names field paths, CONFLICT carries versions, NOT_FOUND names the reference', async () => {
    const store = as('alice-admin');
    const bad = await kehuRejection(
      store.put('deals', { ...deal(), amount: { amount: 1, currency: 'yuan' } } as never),
    );
    expect(bad.code).toBe('VALIDATION');
    expect(bad.issues.map((issue) => issue.path)).toContainEqual(['amount', 'currency']);
    const kept = await store.put('deals', deal({ id: 'deal-typed' }));
    const stale = await kehuRejection(store.put('deals', kept, { expectedVersion: 7 }));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: 7, actualVersion: 1 } });
    const actions = createKehuActions({ url, headers: () => ({ Authorization: 'Bearer alice-admin' }) });
    const missing = await kehuRejection(
      actions.recordOrder({ accountId: 'acc-nowhere', amount: { amount: 100, currency: 'CNY' } }),
    );
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    await store.close();
  });

  it('business actions run server-side through createCrm', async () => {
    const store = as('alice-admin');
    await store.put('accounts', account({ id: 'acc-order', lifecycle: 'prospect' }));
    const actions = createKehuActions({ url, headers: () => ({ Authorization: 'Bearer alice-admin' }) });
    const order = await actions.recordOrder({
      id: 'order-1',
      accountId: 'acc-order',
      amount: { amount: 880, currency: 'CNY' },
    });
    expect(order).toMatchObject({ id: 'order-1', accountId: 'acc-order', version: 1 });
    expect((await store.get('accounts', 'acc-order'))?.lifecycle).toBe('customer');
    expect(
      (
        await kehuRejection(
          actions.recordOrder({
            id: 'order-1',
            accountId: 'acc-order',
            amount: { amount: 1, currency: 'CNY' },
          }),
        )
      ).code,
    ).toBe('CONFLICT');
    await store.close();
  });

  it('the public lead capture: only its form’s fields, NOT_FOUND for another form, RATE_LIMITED per IP and form', async () => {
    const actions = createKehuActions({ url });
    const submission = (
      n: number,
      values: Record<string, unknown> = { name: '张伟', email: 'zhang@example.cn' },
    ) => ({
      formId: 'contact-us',
      submissionId: `submission-${n}-abcdef`,
      values,
      elapsedMs: 5000,
    });
    expect(await actions.captureLead(submission(1))).toEqual({
      ok: true,
      leadId: 'form-submission-1-abcdef',
      duplicate: false,
    });
    const extra = await kehuRejection(
      actions.captureLead(submission(2, { name: '张伟', email: 'z@example.cn', ownerId: 'me' })),
    );
    expect(extra.code).toBe('VALIDATION');
    expect(extra.issues).toContainEqual(expect.objectContaining({ path: ['values', 'ownerId'] }));
    expect((await kehuRejection(actions.captureLead({ ...submission(3), formId: 'nope' }))).code).toBe(
      'NOT_FOUND',
    );
    // Three per minute per client and form in this server (a refused submission counts too; an
    // unknown form does not): the fourth is refused.
    expect((await actions.captureLead(submission(4))).ok).toBe(true);
    const limited = await kehuRejection(actions.captureLead(submission(5)));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    const lead = await as('alice-admin').get('leads', 'form-submission-1-abcdef');
    expect(lead).toMatchObject({ name: '张伟', email: 'zhang@example.cn' });
    expect(await as('bob-admin').get('leads', 'form-submission-1-abcdef')).toBeUndefined();
  });
});

describe('limits', () => {
  it('refuses documents too deep or too costly before running them', async () => {
    const deep = await post({
      query: '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }',
    });
    expect(deep.json.errors?.[0]?.extensions.code).toBe('VALIDATION');
    const fields = Array.from({ length: 400 }, (_, i) => `c${i}: count(collection: "deals")`).join(' ');
    const costly = await post({ query: `{ ${fields} }` });
    expect(costly.json.errors?.[0]?.extensions.code).toBe('VALIDATION');
    expect(costly.json.data).toBeUndefined();
  });

  it('caps the page size and the request body', async () => {
    const store = as('alice-admin');
    const page = await post({
      query: '{ query(collection: "deals", query: { limit: 5000 }) { nextCursor } }',
    });
    expect(page.json.errors?.[0]?.extensions.code).toBe('VALIDATION');
    const huge = Array.from({ length: 400 }, (_, i) =>
      deal({ id: `deal-huge-${i}`, title: '大'.repeat(400) }),
    );
    const tooLarge = await kehuRejection(store.bulkPut('deals', huge));
    expect(tooLarge).toMatchObject({ code: 'VALIDATION', details: { status: 413 } });
    // Without a limit the adapter follows the server's cursors: every match comes back.
    await store.bulkPut(
      'deals',
      Array.from({ length: 30 }, (_, i) => deal({ id: `deal-many-${String(i).padStart(2, '0')}` })),
    );
    const paged = createGraphQLStore({
      url,
      pageSize: 7,
      headers: () => ({ Authorization: 'Bearer alice-admin' }),
    });
    const all = await paged.query('deals', { where: { id: { gte: 'deal-many-', lt: 'deal-many-~' } } });
    expect(all.items).toHaveLength(30);
    expect(all.nextCursor).toBeNull();
    await Promise.all([store.close(), paged.close()]);
  });
});

describe('concurrency', () => {
  it('two clients writing the same deal from the same version: one wins, one CONFLICT', async () => {
    const alice = as('alice-admin');
    const amy = as('amy-member');
    const base = await alice.put('deals', deal({ id: 'deal-contended-2' }));
    const outcomes = await Promise.allSettled([
      alice.put('deals', { ...base, title: 'Alice 的版本' }, { expectedVersion: 1 }),
      amy.put('deals', { ...base, title: 'Amy 的版本' }, { expectedVersion: 1 }),
    ]);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(isKehuError(rejected[0]!.reason, 'CONFLICT')).toBe(true);
    expect((await alice.get('deals', base.id))?.version).toBe(2);
    await Promise.all([alice.close(), amy.close()]);
  });

  it('an optimistic transaction re-runs its work when a record it read changed before commit', async () => {
    const alice = as('alice-admin');
    const amy = as('amy-member');
    await alice.put('deals', deal({ id: 'deal-counter', probability: 0 }));
    let runs = 0;
    await alice.transaction(['deals'], async (tx) => {
      runs++;
      const current = (await tx.get('deals', 'deal-counter'))!;
      if (runs === 1) {
        // Someone else commits in between: the first attempt must not win.
        await amy.put('deals', { ...current, probability: 50 }, { expectedVersion: current.version });
      }
      await tx.put(
        'deals',
        { ...current, probability: (current.probability ?? 0) + 10 },
        { expectedVersion: current.version },
      );
    });
    expect(runs).toBe(2);
    expect(await alice.get('deals', 'deal-counter')).toMatchObject({ probability: 60, version: 3 });
    await Promise.all([alice.close(), amy.close()]);
  });
});
