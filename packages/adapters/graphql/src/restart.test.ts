// A server restart in the middle of a client's work loses nothing acknowledged: PGlite in a data
// directory, a client writing continuously, the server closed and started again on the same port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKehuError } from '@kehu/core';
import { deal } from '@kehu/core/testing';
import { createKehuServer, type KehuServer, postgresStoreProvider } from '@kehu/example-server';
import { afterAll, expect, it } from 'vitest';
import { createGraphQLStore } from './index.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kehu-restart-'));
const tokens = { t: { tenantId: 'restart', userId: 'u', role: 'admin' as const } };
let server: KehuServer | undefined;

async function start(port: number) {
  server = createKehuServer({
    tokens,
    storage: await postgresStoreProvider({ url: '', dataDir }),
    onError: () => {},
  });
  return server.listen(port);
}

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every acknowledged write across a restart', async () => {
  const { graphqlUrl } = await start(0);
  const port = Number(new URL(graphqlUrl).port);
  const store = createGraphQLStore({ url: graphqlUrl, headers: () => ({ Authorization: 'Bearer t' }) });
  const acknowledged: string[] = [];
  let stop = false;
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const id = `deal-${String(i).padStart(5, '0')}`;
      try {
        await store.put('deals', deal({ id }), { expectedVersion: 0 });
        acknowledged.push(id);
      } catch (error) {
        // While the server is down a write fails as STORAGE; the client would retry it.
        expect(isKehuError(error, 'STORAGE') || isKehuError(error, 'CONFLICT')).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  })();
  await expect.poll(() => acknowledged.length, { timeout: 10_000 }).toBeGreaterThan(20);
  await server!.close();
  const before = acknowledged.length;
  await start(port);
  await expect.poll(() => acknowledged.length, { timeout: 10_000 }).toBeGreaterThan(before + 20);
  stop = true;
  await writer;
  const stored = await store.getMany('deals', acknowledged);
  expect(stored.filter((record) => record === undefined)).toEqual([]);
  expect(await store.count('deals')).toBeGreaterThanOrEqual(acknowledged.length);
  await store.close();
});
