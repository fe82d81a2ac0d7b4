// The GraphQL adapter against the real reference server on 127.0.0.1: the shared storage
// conformance suite (each case on a fresh tenant) on the server's default storage, PGlite; on
// Postgres too when DATABASE_URL is set; and on the memory provider, the fast reference.
import type { Store } from '@kehu/core';
import { storageConformance } from '@kehu/core/testing';
import {
  createKehuServer,
  type KehuServer,
  memoryStoreProvider,
  postgresStoreProvider,
  type StoreProvider,
  type TokenTable,
} from '@kehu/example-server';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createGraphQLStore } from './index.ts';

const TENANTS = 100;
const tokens: TokenTable = {};
const run = Date.now().toString(36);
for (let i = 0; i < TENANTS; i++) {
  tokens[`token-${i}`] = { tenantId: `conformance-${run}-${i}`, userId: `user-${i}`, role: 'admin' };
}

const backends: [string, () => Promise<StoreProvider>][] = [
  ['PGlite', () => postgresStoreProvider({ url: '' })],
  ['memory', async () => memoryStoreProvider()],
];
if (process.env.DATABASE_URL)
  backends.push(['Postgres', () => postgresStoreProvider({ url: process.env.DATABASE_URL })]);

for (const [label, provide] of backends) {
  describe(`storage conformance through the GraphQL adapter (${label})`, () => {
    let server: KehuServer;
    let url: string;
    let next = 0;
    const tokenOf = new WeakMap<Store, string>();
    const open = (token: string) => {
      const store = createGraphQLStore({ url, headers: () => ({ Authorization: `Bearer ${token}` }) });
      tokenOf.set(store, token);
      return store;
    };

    beforeAll(async () => {
      server = createKehuServer({
        tokens,
        storage: await provide(),
        onError: (error) => {
          throw error;
        },
      });
      url = (await server.listen()).graphqlUrl;
    });
    afterAll(async () => {
      await server?.close();
    });

    for (const c of storageConformance({
      createStore: () => open(`token-${next++ % TENANTS}`),
      openSecond: (store) => open(tokenOf.get(store)!),
    })) {
      it(c.name, c.run);
    }
  });
}
