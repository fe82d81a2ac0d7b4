/**
 * The GraphQL adapter against the reference server on 127.0.0.1, three questions:
 *
 * - graphql/request-overhead: one `store.get` through the adapter (batching, zod validation of the
 *   record, error mapping) vs a plain `fetch` POSTing the very same document and variables and
 *   parsing the JSON. Target: peer/ours ≥ 0.95 (the adapter costs ≤ 1.05× the plain fetch).
 *   Client and server share this process, so both sides are timed in alternating turns after a
 *   common warm-up (see `overheadRounds`): timed one after the other, the side measured first
 *   also paid the JIT tier-up of the server, undici and graphql-js that the other then enjoyed.
 * - graphql/card-loads: 200 pipeline cards loaded the way a board or the 360 view does (the deal,
 *   then its account and contact), batched vs `batch: false`, through a fetch that adds 20 ms of
 *   latency and, like a browser on HTTP/1.1, holds at most 6 requests in flight. Target ≥ 2.5×.
 * - graphql/bulk-put: `store.bulkPut` of N deals through the server into PGlite (validation,
 *   versions, change feed, one transaction) vs the floor: one batched `INSERT … ON CONFLICT`
 *   straight into the same table (no validation, no change feed). Reported as records/s too.
 *
 * The packages are imported by path: bench/ does not list them as dependencies (no install).
 */

import { createGraphQLStore } from '@kehu/adapter-graphql';
import type { Deal } from '@kehu/core';
import {
  createKehuServer,
  createPostgresStore,
  memoryStoreProvider,
  migrate,
  openDatabase,
  type StoreProvider,
} from '@kehu/example-server';
import { generateSampleData } from '@kehu/sample-data';
import { compare, type Measurement, round } from '../harness.ts';

const TOKEN = 'bench-token';
const tokens = { [TOKEN]: { tenantId: 'bench', userId: 'bench', role: 'admin' as const } };
const auth = () => ({ Authorization: `Bearer ${TOKEN}` });

/** A fetch with `latencyMs` added to every request and at most `connections` in flight. */
export function slowFetch(latencyMs: number, connections: number): typeof fetch {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (input, init) => {
    if (active >= connections) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, headers: response.headers });
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

async function startServer(storage: StoreProvider, maxBodyBytes = 256 * 1024 * 1024) {
  const server = createKehuServer({
    tokens,
    storage,
    limits: { maxBodyBytes },
    onError: (error) => {
      throw error;
    },
  });
  const { graphqlUrl } = await server.listen();
  return { server, url: graphqlUrl };
}

export interface GraphQLBenchOptions {
  /** Deals for the bulk put (10k by default, 100k when asked). */
  bulkSizes?: readonly number[];
  /** Run the bulk put on PGlite (off in the vitest smoke test, which only checks the wiring). */
  pglite?: boolean;
  time?: number;
  cards?: number;
  /**
   * Alternating rounds (one run of each side) timed per request-overhead comparison, after as many
   * untimed warm-up rounds of all three readers (validated, unvalidated, plain fetch). Default 1000.
   */
  overheadRounds?: number;
}

export async function graphqlBenchmarks(options: GraphQLBenchOptions = {}): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  const cards = options.cards ?? 200;
  const data = generateSampleData({ deals: Math.max(cards, 400), seed: 11 });
  const deals = data.deals.slice(0, cards) as Deal[];

  // --- per-request overhead and card loads, on the memory provider (the server's own cost is not the question)
  {
    const { server, url } = await startServer(memoryStoreProvider());
    const store = createGraphQLStore({ url, headers: auth });
    await store.bulkPut('accounts', data.accounts);
    await store.bulkPut('contacts', data.contacts);
    await store.bulkPut('deals', deals);
    const id = deals[0]!.id;
    const document = 'query KehuBatch($c0: String!, $i0: [ID!]!) { b0: getMany(collection: $c0, ids: $i0) }';
    const body = JSON.stringify({ query: document, variables: { c0: 'deals', i0: [id] } });
    const plainFetch = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          ...auth(),
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json, application/json',
        },
        body,
      });
      const json = (await response.json()) as { data: { b0: { id: string }[] } };
      return json.data.b0[0]?.id;
    };
    // The same with `validateResponses: false`: what the zod check of the record costs.
    const unvalidated = createGraphQLStore({ url, headers: auth, validateResponses: false });
    const validatedGet = async () => (await store.get('deals', id))?.id;
    const unvalidatedGet = async () => (await unvalidated.get('deals', id))?.id;

    // Both sides of both comparisons hit the same in-process server, whose code (and undici's)
    // is still tiering up during the first seconds: warm all three readers up together first, then
    // time each pair in alternating turns so neither side is measured on a colder process.
    const rounds = options.overheadRounds ?? 1000;
    for (let round = 0; round < rounds; round++) {
      await validatedGet();
      await unvalidatedGet();
      await plainFetch();
    }
    const overhead = { size: 1, peer: 'plain fetch, same document', alternate: true, iterations: rounds };
    const plain = await compare({
      ...overhead,
      name: 'graphql/request-overhead',
      warmupIterations: 20,
      ours: validatedGet,
      theirs: plainFetch,
    });
    measurements.push(plain);
    const bare = await compare({
      ...overhead,
      name: 'graphql/request-overhead-unvalidated',
      warmupIterations: 20,
      ours: unvalidatedGet,
      theirs: plainFetch,
    });
    measurements.push({ ...bare, validated_ms: plain.ours_ms });
    await unvalidated.close();

    const latency = slowFetch(20, 6);
    const batched = createGraphQLStore({ url, headers: auth, fetch: latency });
    const unbatched = createGraphQLStore({ url, headers: auth, fetch: latency, batch: false });
    const loadCards = async (target: typeof store) =>
      Promise.all(
        deals.map(async (deal) => {
          const loaded = (await target.get('deals', deal.id))!;
          const [account, contact] = await Promise.all([
            target.get('accounts', loaded.accountId),
            loaded.contactId ? target.get('contacts', loaded.contactId) : undefined,
          ]);
          return `${loaded.id}:${account?.id}:${contact?.id ?? ''}`;
        }),
      );
    measurements.push(
      await compare({
        name: 'graphql/card-loads',
        size: cards,
        peer: 'the adapter unbatched (20 ms latency, 6 connections)',
        time: options.time,
        iterations: 5,
        warmupIterations: 1,
        ours: () => loadCards(batched),
        theirs: () => loadCards(unbatched),
        extra: { latency_ms: 20, connections: 6 },
      }),
    );
    await Promise.all([store.close(), batched.close(), unbatched.close()]);
    await server.close();
  }

  // --- bulk put through the server vs a direct batched INSERT, into PGlite and (with
  // DATABASE_URL) into Postgres
  if (options.pglite !== false) {
    const bulkSizes = options.bulkSizes ?? [10_000];
    const all = generateSampleData({ deals: Math.max(...bulkSizes), seed: 13 }).deals as Deal[];
    const databases: { kind: 'pglite' | 'postgres'; url: string }[] = [{ kind: 'pglite', url: '' }];
    if (process.env.DATABASE_URL) databases.push({ kind: 'postgres', url: process.env.DATABASE_URL });
    for (const target of databases) {
      for (const size of bulkSizes) {
        measurements.push(await bulkPut(target.kind, target.url, all.slice(0, size)));
      }
    }
  }
  return measurements;
}

/** `store.bulkPut` of `batch` through the server into one database, against a direct batched INSERT. */
async function bulkPut(
  kind: 'pglite' | 'postgres',
  databaseUrl: string,
  batch: Deal[],
): Promise<Measurement> {
  const size = batch.length;
  const db = await openDatabase({ url: databaseUrl });
  await migrate(db);
  const reset = () => db.query(`DELETE FROM records WHERE tenant_id IN ('bench', 'floor')`);
  await reset();
  const { server, url } = await startServer({
    kind,
    storeFor: async (tenantId) => createPostgresStore({ db, tenantId }),
    close: async () => {},
  });
  const store = createGraphQLStore({ url, headers: auth });
  const count = async () =>
    (
      await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM records WHERE collection = 'deals' AND tenant_id IN ('bench', 'floor')`,
      )
    ).rows[0]?.n;
  try {
    const measurement = await compare({
      name: kind === 'pglite' ? 'graphql/bulk-put' : 'graphql/bulk-put-postgres',
      size,
      peer: `direct batched INSERT into ${kind === 'pglite' ? 'PGlite' : 'Postgres'}`,
      alternate: true,
      iterations: 3,
      warmupIterations: 1,
      beforeEach: reset,
      state: count,
      ours: async () => {
        await store.bulkPut('deals', batch);
        return size;
      },
      theirs: async () => {
        await db.transaction(async (tx) => {
          for (let i = 0; i < batch.length; i += 1000) {
            await tx.query(
              `INSERT INTO records (tenant_id, collection, id, version, data)
               SELECT 'floor', 'deals', x->>'id', 1, x FROM jsonb_array_elements($1::jsonb) AS x
               ON CONFLICT (tenant_id, collection, id) DO UPDATE SET version = records.version + 1, data = excluded.data`,
              [JSON.stringify(batch.slice(i, i + 1000))],
            );
          }
        });
        return size;
      },
    });
    return {
      ...measurement,
      ours_records_per_s: round(size / (measurement.ours_ms / 1000), 0),
      peer_records_per_s: round(size / (measurement.peer_ms / 1000), 0),
    };
  } finally {
    await reset();
    await store.close();
    await server.close();
    await db.close();
  }
}
