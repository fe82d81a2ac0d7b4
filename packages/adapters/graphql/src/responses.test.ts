// Response validation is on by default: a record the server answers that does not match core's
// schema is refused as a typed STORAGE error naming the field, for every caller of the batch.
import { isKehuError, KehuError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { createGraphQLStore } from './index.ts';

const deal = {
  id: 'deal-1',
  version: 3,
  createdAt: '2026-09-29T19:11:25.000Z',
  updatedAt: '2026-10-27T15:09:44.000Z',
  title: 'Longjia: central purification system',
  accountId: 'acc-1',
  pipelineId: 'key-account',
  stageId: 'needs',
  status: 'open',
  amount: { amount: 17200000, currency: 'CNY' },
  position: 'aC',
  stageEnteredAt: '2026-10-27T15:09:44.000Z',
  history: [],
  products: [],
  tags: [],
};

/** A fetch answering every batched `getMany` field with `record`. */
function serverAnswering(record: unknown): typeof fetch {
  return async (_input, init) => {
    const { variables } = JSON.parse(String(init?.body)) as { variables: Record<string, unknown> };
    const data: Record<string, unknown> = {};
    for (const key of Object.keys(variables)) {
      if (key.startsWith('i')) data[`b${key.slice(1)}`] = (variables[key] as string[]).map(() => record);
    }
    return new Response(JSON.stringify({ data }), { headers: { 'Content-Type': 'application/json' } });
  };
}

async function refusal(promise: Promise<unknown>): Promise<KehuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KehuError);
  return error as KehuError;
}

describe('response validation', () => {
  it('accepts a valid record and hands each caller its own copy', async () => {
    const store = createGraphQLStore({ url: 'http://kehu.test/graphql', fetch: serverAnswering(deal) });
    const [a, b] = await Promise.all([store.get('deals', 'deal-1'), store.get('deals', 'deal-1')]);
    expect(a).toMatchObject({ id: 'deal-1', version: 3, amount: { currency: 'CNY' } });
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('is on by default: a malformed record is refused as STORAGE naming the field', async () => {
    const bad = { ...deal, amount: { amount: 1.5, currency: 'cny' } };
    const store = createGraphQLStore({ url: 'http://kehu.test/graphql', fetch: serverAnswering(bad) });
    // Two callers in one batch: both refused.
    const [first, second] = await Promise.all([
      refusal(store.get('deals', 'deal-1')),
      refusal(store.getMany('deals', ['deal-1', 'deal-2'])),
    ]);
    for (const error of [first, second]) {
      expect(isKehuError(error, 'STORAGE')).toBe(true);
      expect(error.message).toContain('invalid deals record');
      expect(error.fields).toEqual(expect.arrayContaining(['amount.amount', 'amount.currency']));
      expect(error.details).toMatchObject({ collection: 'deals', id: 'deal-1' });
    }
  });

  it('refuses a missing required field and a bad version, on queries and writes too', async () => {
    const { title: _title, ...untitled } = deal;
    const store = createGraphQLStore({ url: 'http://kehu.test/graphql', fetch: serverAnswering(untitled) });
    expect((await refusal(store.get('deals', 'deal-1'))).fields).toEqual(['title']);

    const unversioned = createGraphQLStore({
      url: 'http://kehu.test/graphql',
      fetch: serverAnswering({ ...deal, version: 0 }),
    });
    const error = await refusal(unversioned.get('deals', 'deal-1'));
    expect(isKehuError(error, 'STORAGE')).toBe(true);
    expect(error.details).toMatchObject({ field: 'version' });

    const page =
      (items: unknown[]): typeof fetch =>
      async () =>
        new Response(JSON.stringify({ data: { query: { items, nextCursor: null } } }));
    const query = createGraphQLStore({ url: 'http://kehu.test/graphql', fetch: page([untitled]) });
    expect((await refusal(query.query('deals', {}))).fields).toEqual(['title']);
  });

  it('with validateResponses: false passes the record through as sent', async () => {
    const bad = { ...deal, amount: { amount: 1.5, currency: 'cny' } };
    const store = createGraphQLStore({
      url: 'http://kehu.test/graphql',
      fetch: serverAnswering(bad),
      validateResponses: false,
    });
    expect(await store.get('deals', 'deal-1')).toEqual(bad);
  });
});
