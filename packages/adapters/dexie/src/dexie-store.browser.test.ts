/// <reference types="mocha" />
// The proof that the Dexie adapter honours the storage contract: the shared conformance suite on
// Chromium's real IndexedDB, then the situations a browser brings that Node cannot — two
// connections racing for one record, a watch hearing another connection (and another realm, an
// iframe, through Dexie's cross-tab broadcast), an upgrade from the previous schema version, a
// write IndexedDB refuses mid-transaction, and another connection upgrading the database.
import { isKehuError, type KehuError } from '@kehu/core';
import {
  assertKehuError,
  deal,
  deepEqual,
  equal,
  ok,
  rejects,
  storageConformance,
  waitFor,
} from '@kehu/core/testing';
import { Dexie } from '#dexie';
import {
  createDexieStore,
  type DexieStore,
  type DexieStoreOptions,
  SCHEMA_VERSION,
  schemaVersions,
} from './index.ts';

let sequence = 0;
const uniqueName = (label: string) => `kehu-browser-${label}-${Date.now()}-${++sequence}`;
const open = (name: string, options: Partial<DexieStoreOptions> = {}) =>
  createDexieStore({ name, ...options });

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

describe('Dexie store: storage conformance in Chromium', () => {
  for (const c of storageConformance({
    createStore: () => open(uniqueName('conformance')),
    openSecond: (store) => open((store as DexieStore).databaseName),
    dispose: (store) => (store as DexieStore).destroy(),
  })) {
    it(c.name, c.run);
  }
});

describe('Dexie store: real-world cases in Chromium', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const tracked = (name: string, options: Partial<DexieStoreOptions> = {}) => {
    const store = open(name, options);
    cleanup.push(() => store.close());
    return store;
  };
  const fresh = (label: string) => {
    const name = uniqueName(label);
    cleanup.push(() => deleteDatabase(name));
    return name;
  };

  it('two connections writing the same record from the same version: exactly one CONFLICT, every time', async () => {
    const name = fresh('race');
    const first = tracked(name);
    const second = tracked(name);
    const base = deal({ id: 'deal-contended' });
    await first.put('deals', base, { expectedVersion: 0 });
    for (let round = 1; round <= 25; round++) {
      const outcomes = await Promise.allSettled([
        first.put('deals', { ...base, title: `第一个连接 ${round}` }, { expectedVersion: round }),
        second.put('deals', { ...base, title: `第二个连接 ${round}` }, { expectedVersion: round }),
      ]);
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      equal(lost.length, 1, `failed writes in round ${round}`);
      assertKehuError(lost[0]!.reason, 'CONFLICT', {
        details: { expectedVersion: round, actualVersion: round + 1 },
      });
      const won = outcomes.find((outcome) => outcome.status === 'fulfilled')!;
      const stored = await second.get('deals', base.id);
      deepEqual(stored, won.value, `the stored record after round ${round}`);
    }
    equal((await first.get('deals', base.id))?.version, 26, 'the final version');
  });

  it('a watch on one connection sees writes made through another', async () => {
    const name = fresh('watch');
    const watching = tracked(name);
    const writing = tracked(name);
    const pages: string[][] = [];
    const stop = watching.watch('deals', { where: { stageId: 'needs' }, orderBy: 'position' }, (page) =>
      pages.push(page.items.map((d) => d.id)),
    );
    cleanup.push(async () => stop());
    await waitFor(() => pages.length === 1, { message: 'the initial result' });
    await writing.put('deals', deal({ id: 'deal-b', stageId: 'needs', position: 'b' }));
    await writing.transaction(['deals'], async (tx) => {
      await tx.put('deals', deal({ id: 'deal-a', stageId: 'needs', position: 'a' }));
      await tx.put('deals', deal({ id: 'deal-c', stageId: 'qualify', position: 'c' }));
    });
    await waitFor(() => pages.at(-1)?.join() === 'deal-a,deal-b', {
      message: () => `both deals, saw ${JSON.stringify(pages)}`,
    });
    // The write to a deal outside the query changed nothing it shows, so nothing was delivered for it.
    ok(
      pages.every((ids) => !ids.includes('deal-c')),
      'no page shows the deal in another stage',
    );
  });

  it('a watch hears a write made in another realm (an iframe), through Dexie cross-tab broadcast', async () => {
    const name = fresh('realm');
    const watching = tracked(name);
    const frame = document.createElement('iframe');
    frame.srcdoc = '<!doctype html><title>other tab</title>';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    cleanup.push(async () => frame.remove());
    await loaded;
    // A second copy of the adapter, Dexie included, evaluated in the iframe's own realm: nothing is
    // shared in memory, so only Dexie's BroadcastChannel can tell this page about the write.
    const realm = frame.contentWindow as Window & {
      eval(code: string): Promise<typeof import('./index.ts')>;
    };
    const other = await realm.eval(`import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)})`);
    ok(other.createDexieStore !== createDexieStore, 'the iframe runs its own copy of the adapter');
    const elsewhere = other.createDexieStore({ name });
    cleanup.push(() => elsewhere.close());
    const seen: string[][] = [];
    const stop = watching.watch('deals', {}, (page) => seen.push(page.items.map((d) => d.id)));
    cleanup.push(async () => stop());
    await waitFor(() => seen.length === 1, { message: 'the initial result' });
    await elsewhere.put('deals', deal({ id: 'deal-from-iframe' }));
    await waitFor(() => seen.at(-1)?.join() === 'deal-from-iframe', {
      message: () => `the iframe's write, saw ${JSON.stringify(seen)}`,
    });
  });

  it(`opening a database written by schema version 1 upgrades it to ${SCHEMA_VERSION} and keeps every record`, async () => {
    const name = fresh('upgrade');
    const previous = new Dexie(name);
    previous.version(1).stores(schemaVersions[0]!.stores);
    await previous.open();
    const deals = Array.from({ length: 500 }, (_, n) =>
      deal({
        id: `deal-${String(n).padStart(4, '0')}`,
        stageId: ['qualify', 'needs', 'proposal'][n % 3]!,
        position: `a${String((n * 37) % 500).padStart(4, '0')}`,
        version: 1 + (n % 4),
      }),
    );
    const contacts = Array.from({ length: 200 }, (_, n) => ({
      id: `contact-${String(n).padStart(4, '0')}`,
      version: 1,
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2025-06-01T00:00:00.000Z',
      name: `联系人 ${n}`,
      ...(n % 5 === 0 ? {} : { email: `Buyer.${n}@Example.CN` }),
    }));
    await previous.table('deals').bulkPut(deals);
    await previous.table('contacts').bulkPut(contacts);
    await previous.table('accounts').put({
      id: 'acc-1',
      version: 3,
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2025-06-01T00:00:00.000Z',
      name: '老客户',
      kind: 'company',
    });
    previous.close();

    const store = tracked(name);
    equal(await store.count('deals'), 500, 'deals after the upgrade');
    equal(await store.count('contacts'), 200, 'contacts after the upgrade');
    equal((await store.get('accounts', 'acc-1'))?.version, 3, 'the account version');
    const all = await store.getMany(
      'deals',
      deals.map((d) => d.id),
    );
    deepEqual(
      all.map((d) => [d?.id, d?.version, d?.position]),
      deals.map((d) => [d.id, d.version, d.position]),
      'every deal',
    );
    const column = await store.query('deals', {
      where: { pipelineId: 'key-account', stageId: 'needs' },
      orderBy: 'position',
      limit: 5,
    });
    const needs = deals
      .filter((d) => d.stageId === 'needs')
      .map((d) => d.position)
      .sort();
    deepEqual(
      column.items.map((d) => d.position),
      needs.slice(0, 5),
      'a board column read from the new compound',
    );
    const contact = await store.get('contacts', 'contact-0007');
    deepEqual(contact?.emails, ['buyer.7@example.cn'], 'the upgraded e-mail');
    ok(!(contact && 'email' in contact), 'the version 1 field is gone');
    deepEqual(
      (await store.query('contacts', { where: { emails: 'buyer.8@example.cn' } })).items.map((c) => c.id),
      ['contact-0008'],
      'duplicate lookup by e-mail',
    );
    equal(
      (await store.put('contacts', contact!, { expectedVersion: 1 })).version,
      2,
      'an upgraded record takes a versioned write',
    );
  });

  it('a write IndexedDB refuses inside a transaction leaves nothing behind', async () => {
    const name = fresh('rollback');
    const store = tracked(name);
    let refuse = false;
    store.db.use({
      stack: 'dbcore',
      name: 'quota-exhausted',
      create: (core) => ({
        ...core,
        table: (tableName) => {
          const table = core.table(tableName);
          return {
            ...table,
            mutate: (request) =>
              refuse && tableName === 'activities'
                ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
                : table.mutate(request),
          };
        },
      }),
    });
    await store.put('accounts', {
      id: 'acc-1',
      version: 0,
      createdAt: '2026-01-05T08:00:00.000Z',
      updatedAt: '2026-01-05T08:00:00.000Z',
      name: '杭州西湖茶业',
      kind: 'company',
    });
    refuse = true;
    const error = await store
      .transaction(['accounts', 'deals', 'activities'], async (tx) => {
        await tx.put(
          'accounts',
          { ...(await tx.get('accounts', 'acc-1'))!, name: '改名' },
          { expectedVersion: 1 },
        );
        await tx.bulkPut('deals', [deal({ id: 'deal-1' }), deal({ id: 'deal-2' })]);
        await tx.put('activities', {
          id: 'act-1',
          version: 0,
          createdAt: '2026-01-05T08:00:00.000Z',
          updatedAt: '2026-01-05T08:00:00.000Z',
          type: 'visit',
          subject: '拜访',
        });
      })
      .catch((e: unknown) => e);
    assertKehuError(error, 'STORAGE', {}, 'the transaction error');
    ok(
      (error as KehuError).message.includes('storage quota is used up'),
      `a quota message, got ${(error as KehuError).message}`,
    );
    refuse = false;
    equal((await store.get('accounts', 'acc-1'))?.name, '杭州西湖茶业', 'the account');
    equal(await store.count('deals'), 0, 'deals');
    equal(await store.count('activities'), 0, 'activities');
    // And the plain failure of the work function itself, on the real database.
    const thrown = new Error('abandoned halfway');
    const rethrown = await store
      .transaction(['deals'], async (tx) => {
        await tx.put('deals', deal({ id: 'deal-3' }));
        throw thrown;
      })
      .catch((e: unknown) => e);
    ok(rethrown === thrown, 'the work error is rethrown as is');
    equal(await store.count('deals'), 0, 'deals after the abandoned transaction');
  });

  it('another connection opening a newer schema version makes this one close itself and say so', async () => {
    const name = fresh('versionchange');
    const notices: string[] = [];
    const store = tracked(name, {
      onVersionChange: (notice) => notices.push(`${notice.reason}: ${notice.error.code}`),
    });
    await store.put('deals', deal({ id: 'deal-1' }));
    const watchErrors: KehuError[] = [];
    const stop = store.watch('deals', {}, { next: () => {}, error: (error) => watchErrors.push(error) });
    cleanup.push(async () => stop());
    // A newer version of the app in another tab: plain IndexedDB, one schema version up.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, (SCHEMA_VERSION + 1) * 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      // 'blocked' may fire while the old connection's last transaction finishes; success proves
      // it closed itself, a connection that never closed would time the test out.
    });
    cleanup.push(async () => newer.close());
    deepEqual(notices, ['upgraded: STORAGE'], 'notices');
    equal(watchErrors.length, 1, 'errors delivered to the watch');
    const error = await rejects(
      () => store.get('deals', 'deal-1'),
      'STORAGE',
      {},
      'a read after the upgrade',
    );
    ok(/upgraded to a newer schema version in another tab/.test(error.message), error.message);
    equal(newer.version, (SCHEMA_VERSION + 1) * 10, 'the newer connection opened');
  });

  it('reports blocked site storage as STORAGE, not as an empty store', async () => {
    const store = createDexieStore({
      name: uniqueName('denied'),
      dexie: {
        indexedDB: {
          open() {
            throw new DOMException('Access to IndexedDB is denied in this context.', 'SecurityError');
          },
        },
        IDBKeyRange,
      },
    });
    const error = await store.query('deals').catch((e: unknown) => e);
    ok(isKehuError(error, 'STORAGE'), `a STORAGE error, got ${String(error)}`);
    ok((error as KehuError).cause !== undefined, 'the original error is the cause');
    await store.close();
  });
});
