/**
 * The Dexie adapter benchmark, run inside Chromium (run-in-chromium.ts loads this module into a
 * page through bench/src/browser/chromium.ts): each measurement times the adapter and plain IndexedDB doing the same work on the same
 * database — the same object stores and indexes, so only the adapter's own cost differs.
 *
 * - bulk upsert: `store.bulkPut` vs one raw readwrite transaction that reads the stored versions
 *   and puts every record at version + 1 (the store is emptied before every run, so every run
 *   writes the same records at version 1); bulk update does the same over a full store.
 * - board column: the first 50 deals of one stage by position, and the stage's count, vs the raw
 *   `[pipelineId+stageId+position]` index.
 * - full load: every deal vs raw `getAll` in pages of 1,000 keys.
 * - naive loops (at 10k only: they take minutes at 100k): `store.bulkPut` vs `store.put` once per
 *   record, and vs one raw transaction per record (get, then put).
 */
import { createDexieStore, type DexieStore } from '@kehu/adapter-dexie';
import type { Deal, EntityInput } from '@kehu/core';
import { generateSampleData } from '@kehu/sample-data';
import { compare, type Measurement } from '../harness.ts';

export interface PageOptions {
  /** Numbers of deals to measure at. */
  sizes: readonly number[];
  /** Timed calls per side of a query benchmark (default 300; a full load makes a twentieth as many). */
  readRounds?: number;
  /** Timed runs per side of a write benchmark (each one writes the whole data set). */
  writeIterations?: number;
  /** Largest size at which the naive one-transaction-per-record loop runs (it takes minutes at 100k). */
  naiveMaxSize?: number;
  /** Pause after a large write before reads are timed, in ms (default 3000). */
  settleMs?: number;
  /** Called with a line of progress, forwarded to the terminal by the runner. */
  log?: (line: string) => void;
}

type DealInput = EntityInput<'deals'>;

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });

function openRaw(name: string): Promise<IDBDatabase> {
  // Opened without a version, after the adapter created the database: the same schema, indexes included.
  return request(indexedDB.open(name));
}

/** The raw side of an upsert: the same version reads and the same writes, in one transaction. */
async function rawBulkUpsert(db: IDBDatabase, deals: readonly DealInput[]): Promise<void> {
  const tx = db.transaction('deals', 'readwrite');
  const committed = done(tx);
  const store = tx.objectStore('deals');
  let min = deals[0]!.id;
  let max = min;
  for (const deal of deals) {
    if (deal.id < min) min = deal.id;
    if (deal.id > max) max = deal.id;
  }
  const span = IDBKeyRange.bound(min, max);
  const versions = new Map<string, number>();
  if ((await request(store.count(span))) > 0) {
    for (const row of (await request(store.getAll(span))) as Deal[]) versions.set(row.id, row.version);
  }
  for (const deal of deals) store.put({ ...deal, version: (versions.get(deal.id) ?? 0) + 1 });
  await committed;
}

/** The naive way: one transaction per record, each reading the stored version and writing. */
async function rawOneTransactionEach(db: IDBDatabase, deals: readonly DealInput[]): Promise<void> {
  for (const deal of deals) {
    const tx = db.transaction('deals', 'readwrite');
    const committed = done(tx);
    const store = tx.objectStore('deals');
    const stored = (await request(store.get(deal.id))) as Deal | undefined;
    store.put({ ...deal, version: (stored?.version ?? 0) + 1 });
    await committed;
  }
}

async function rawFullLoad(db: IDBDatabase, pageSize: number): Promise<Deal[]> {
  const tx = db.transaction('deals', 'readonly');
  const store = tx.objectStore('deals');
  const all: Deal[] = [];
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const page = (await request(store.getAll(range, pageSize))) as Deal[];
    for (const deal of page) all.push(deal);
    if (page.length < pageSize) return all;
    after = page[page.length - 1]!.id;
  }
}

/** JSON with object keys sorted at every level, so key order never makes two records differ. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** What a write left behind: every id with its version, and a few whole records. */
async function storedState(db: IDBDatabase): Promise<unknown> {
  const tx = db.transaction('deals', 'readonly');
  const store = tx.objectStore('deals');
  const rows = (await request(store.getAll())) as Deal[];
  let checksum = 0;
  for (const row of rows) {
    for (let i = 0; i < row.id.length; i++) checksum = (checksum * 31 + row.id.charCodeAt(i)) >>> 0;
    checksum = (checksum * 31 + row.version) >>> 0;
  }
  const sample = [0, Math.floor(rows.length / 2), rows.length - 1]
    .map((i) => rows[i])
    .filter((row) => row !== undefined)
    .map(stableJson);
  return { count: rows.length, checksum, sample };
}

async function clear(db: IDBDatabase): Promise<void> {
  const tx = db.transaction('deals', 'readwrite');
  tx.objectStore('deals').clear();
  await done(tx);
}

const ids = (deals: readonly { id: string }[]) => deals.map((deal) => deal.id);

/** Gives the storage engine time to finish the work a large write leaves behind before reads are timed. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs every Dexie benchmark at each size; the data set is `generateSampleData({ deals, seed: 7 })`. */
export async function run(options: PageOptions): Promise<Measurement[]> {
  const { sizes } = options;
  const log = options.log ?? (() => {});
  const writeIterations = options.writeIterations ?? 3;
  const readRounds = options.readRounds ?? 300;
  // Queries take about a millisecond: timed in turns as well, call by call, so a burst of load on
  // the machine hits both sides; the median of hundreds of calls is what is reported.
  const reads = { iterations: readRounds, warmupIterations: Math.ceil(readRounds / 10), alternate: true };
  const naiveMaxSize = options.naiveMaxSize ?? 10_000;
  const largest = Math.max(...sizes);
  log(`generating ${largest} deals (seed 7); timer resolution ${crossOriginIsolated ? '5 µs' : '100 µs'}`);
  const all = generateSampleData({ deals: largest, seed: 7 }).deals;
  const measurements: Measurement[] = [];
  const record = (m: Measurement) => {
    measurements.push(m);
    log(
      `${m.name} at ${m.size}: ours ${m.ours_ms.toFixed(1)} ms, peer ${m.peer_ms.toFixed(1)} ms, ratio ${m.ratio}`,
    );
  };

  for (const size of sizes) {
    const deals = all.slice(0, size);
    const name = `kehu-bench-${size}-${Date.now()}`;
    const store: DexieStore = createDexieStore({ name });
    let raw: IDBDatabase | undefined;
    try {
      await store.count('deals');
      raw = await openRaw(name);
      const db = raw;
      // Runs of seconds: timed in turns, so the storage engine's background work after each big
      // write (compaction) burdens both sides alike.
      // The checking run before the timed ones warms both sides up.
      const writes = { iterations: writeIterations, warmupIterations: 0, alternate: true };

      record(
        await compare({
          name: 'dexie/bulk-upsert',
          size,
          peer: 'raw IndexedDB, one transaction (version reads + put)',
          ...writes,
          beforeEach: () => clear(db),
          ours: () => store.bulkPut('deals', deals),
          theirs: () => rawBulkUpsert(db, deals),
          state: () => storedState(db),
          extra: { target: 'ratio ≥ 0.87 (≤ 1.15×)', into: 'empty store' },
        }),
      );

      // Every run bumps every version once, so the two sides are compared on what they share.
      await clear(db);
      await store.bulkPut('deals', deals);
      record(
        await compare({
          name: 'dexie/bulk-update',
          size,
          peer: 'raw IndexedDB, one transaction (version reads + put)',
          ...writes,
          ours: () => store.bulkPut('deals', deals),
          theirs: () => rawBulkUpsert(db, deals),
          state: async () => {
            const { count, sample } = (await storedState(db)) as { count: number; sample: string[] };
            return { count, sample: sample.map((row) => row.replace(/"version":\d+/, '')) };
          },
          extra: { into: 'store holding every record' },
        }),
      );

      // The board's first query: one stage's first page by position, and the column's size.
      await clear(db);
      await store.bulkPut('deals', deals);
      await pause(options.settleMs ?? 3000);
      const { pipelineId, stageId } = deals[0]!;
      const boardIndex = '[pipelineId+stageId+position]';
      const column = IDBKeyRange.bound([pipelineId, stageId], [pipelineId, stageId, []]);
      record(
        await compare({
          name: 'dexie/board-column-page',
          size,
          peer: `raw IndexedDB getAll on ${boardIndex}`,
          ...reads,
          ours: async () =>
            (await store.query('deals', { where: { pipelineId, stageId }, orderBy: 'position', limit: 50 }))
              .items,
          theirs: async () => {
            const tx = db.transaction('deals', 'readonly');
            const rows = (await request(
              tx.objectStore('deals').index(boardIndex).getAll(column, 51),
            )) as Deal[];
            return rows.slice(0, 50);
          },
          fingerprint: ids,
          extra: { target: 'ratio ≥ 0.83 (≤ 1.2×)', pipelineId, stageId },
        }),
      );
      record(
        await compare({
          name: 'dexie/board-column-count',
          size,
          peer: `raw IndexedDB count on ${boardIndex}`,
          ...reads,
          ours: () => store.count('deals', { pipelineId, stageId }),
          theirs: () =>
            request(db.transaction('deals', 'readonly').objectStore('deals').index(boardIndex).count(column)),
          extra: { target: 'ratio ≥ 0.83 (≤ 1.2×)' },
        }),
      );
      record(
        await compare({
          name: 'dexie/full-load',
          size,
          peer: 'raw IndexedDB getAll in pages of 1,000',
          iterations: Math.max(3, Math.ceil(readRounds / 20)),
          warmupIterations: 2,
          alternate: true,
          ours: async () => (await store.query('deals')).items,
          theirs: () => rawFullLoad(db, 1000),
          fingerprint: (rows) => ({ count: rows.length, first: rows[0]?.id, last: rows.at(-1)?.id }),
          extra: { target: 'ratio ≥ 0.91 (≤ 1.1×)' },
        }),
      );

      if (size <= naiveMaxSize) {
        const naive = {
          size,
          iterations: 1,
          warmupIterations: 0,
          alternate: true,
          beforeEach: () => clear(db),
          ours: () => store.bulkPut('deals', deals),
          state: () => storedState(db),
          extra: { target: 'ratio ≥ 5' },
        };
        record(
          await compare({
            ...naive,
            name: 'dexie/bulk-vs-naive-loop',
            peer: 'the adapter, one put (one transaction) per record',
            theirs: async () => {
              for (const deal of deals) await store.put('deals', deal);
            },
          }),
        );
        record(
          await compare({
            ...naive,
            name: 'dexie/bulk-vs-raw-naive-loop',
            peer: 'raw IndexedDB, one transaction per record (get + put)',
            theirs: () => rawOneTransactionEach(db, deals),
          }),
        );
      } else {
        log(`dexie/bulk-vs-*naive-loop skipped at ${size}: one transaction per record takes minutes there`);
      }
    } finally {
      raw?.close();
      await store.destroy();
    }
  }
  return measurements;
}
