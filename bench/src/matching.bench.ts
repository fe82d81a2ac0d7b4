/**
 * Matching: quality and cost of duplicate detection.
 *
 * - `matching/febrl3`: `scan` over FEBRL dataset 3 (5,000 person records) through the memory store —
 *   precision, recall, F1 and comparisons — against scoring all 12.5 M pairs with the same
 *   comparators (the quadratic reference blocking must not lose recall against).
 * - `matching/chinese`: the same on our Chinese data set (contacts and accounts), against all pairs.
 * - `matching/jaro-winkler`: our Jaro-Winkler against talisman's on the same name pairs.
 * - `matching/scan`: scan time at 10k and 100k contacts; the peer is all-pairs scoring timed on a
 *   2,000-record sample and scaled by the number of pairs (running it at 100k would take hours).
 *
 * The quality figures are single deterministic runs; scan times are medians of a few runs, timed
 * here rather than by the harness because one all-pairs run takes tens of seconds.
 */
import type { Store } from '@kehu/core';
import {
  createMatching,
  type EntityMatchingInput,
  jaroWinkler,
  personName,
  type ScanResult,
} from '@kehu/core/matching';
import { createMemoryStore } from '@kehu/core/memory';
import talismanJaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { compare, type Measurement, round } from './harness.ts';
import { type ChineseDataset, generateChineseDataset } from './matching/chinese-dataset.ts';
import { evaluate, groupsBy, type Quality } from './matching/evaluate.ts';
import { FEBRL_COLUMNS, type FebrlRow, febrlMatching, loadFebrl } from './matching/febrl.ts';

export interface MatchingBenchOptions {
  /** Contacts per scan-scaling measurement (default 10k and 100k). */
  scanSizes?: readonly number[];
  /** FEBRL records to use (default all 5,000); fewer keeps a smoke test quick. */
  febrlRecords?: number;
  /** People and companies in the Chinese data set (default 2,000 and 1,000). */
  chinese?: { people: number; companies: number };
  /** Timed runs of our side (median); default 3. */
  runs?: number;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

async function median<T>(runs: number, run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const results: { result: T; ms: number }[] = [];
  for (let i = 0; i < runs; i++) results.push(await timed(run));
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(results.length / 2)]!;
}

const clustersOf = (result: ScanResult) => result.clusters.map((cluster) => cluster.ids);

/** FEBRL rows as contacts: the columns go under `custom`, which the FEBRL definition reads. */
function febrlContacts(rows: readonly FebrlRow[]) {
  const at = '2025-01-01T00:00:00.000Z';
  return rows.map((row) => ({
    id: row.id,
    version: 0,
    createdAt: at,
    updatedAt: at,
    name: `${row.given_name} ${row.surname}`.trim() || '-',
    custom: Object.fromEntries(FEBRL_COLUMNS.map((column) => [column, row[column]])),
  }));
}

async function storeWith(collections: {
  contacts?: readonly object[];
  accounts?: readonly object[];
}): Promise<Store> {
  const store = createMemoryStore();
  if (collections.contacts) await store.bulkPut('contacts', collections.contacts as never);
  if (collections.accounts) await store.bulkPut('accounts', collections.accounts as never);
  return store;
}

export interface FebrlEvaluation {
  records: number;
  quality: Quality;
  result: ScanResult;
  ms: number;
  allPairs?: { quality: Quality; ms: number };
}

/** `scan` over FEBRL 3 with the FEBRL person definition; `allPairs` also scores every pair. */
export async function febrlEvaluation(options: { records?: number; allPairs?: boolean; runs?: number } = {}) {
  const rows = loadFebrl().slice(0, options.records ?? Number.POSITIVE_INFINITY);
  const truth = groupsBy(new Map(rows.map((row) => [row.id, row.entity])));
  const store = await storeWith({ contacts: febrlContacts(rows) });
  const matching = createMatching({
    store,
    config: { contacts: febrlMatching('custom.') as EntityMatchingInput },
  });
  const blocked = await median(options.runs ?? 1, () => matching.scan('contacts', { explain: false }));
  const evaluation: FebrlEvaluation = {
    records: rows.length,
    quality: evaluate(clustersOf(blocked.result), truth),
    result: blocked.result,
    ms: blocked.ms,
  };
  if (options.allPairs) {
    const all = await timed(() => matching.scan('contacts', { explain: false, exhaustive: true }));
    evaluation.allPairs = { quality: evaluate(clustersOf(all.result), truth), ms: all.ms };
  }
  await store.close();
  return evaluation;
}

export interface ChineseEvaluation {
  records: number;
  quality: Quality;
  contacts: Quality;
  accounts: Quality;
  comparisons: number;
  allPairs: number;
  /** Branch-office pairs put in the possible band (never linked as the same record). */
  branchPossible: number;
  branchLinked: number;
  branchPairs: number;
  ms: number;
  exhaustive?: { quality: Quality; ms: number };
}

async function scanBoth(store: Store, exhaustive: boolean) {
  const matching = createMatching({ store });
  const contacts = await matching.scan('contacts', { explain: false, exhaustive });
  const accounts = await matching.scan('accounts', { explain: false, exhaustive });
  return { contacts, accounts };
}

/** `scan` over our Chinese data set (contacts and accounts) with the default definitions. */
export async function chineseEvaluation(
  options: { people?: number; companies?: number; seed?: number; allPairs?: boolean; runs?: number } = {},
): Promise<ChineseEvaluation> {
  const data: ChineseDataset = generateChineseDataset(options);
  const store = await storeWith({ contacts: data.contacts, accounts: data.accounts });
  const truth = groupsBy(data.truth);
  const of = (prefix: string) => truth.filter((group) => group[0]!.startsWith(prefix));
  const { result, ms } = await median(options.runs ?? 1, () => scanBoth(store, false));
  const all = [...clustersOf(result.contacts), ...clustersOf(result.accounts)];
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const possible = new Set(result.accounts.possible.map((pair) => key(pair.a, pair.b)));
  const linked = new Set(
    result.accounts.clusters.flatMap((cluster) => cluster.pairs.map((p) => key(p.a, p.b))),
  );
  const evaluation: ChineseEvaluation = {
    records: data.contacts.length + data.accounts.length,
    quality: evaluate(all, truth),
    contacts: evaluate(clustersOf(result.contacts), of('pc')),
    accounts: evaluate(clustersOf(result.accounts), of('ac')),
    comparisons: result.contacts.stats.comparisons + result.accounts.stats.comparisons,
    allPairs: result.contacts.stats.allPairs + result.accounts.stats.allPairs,
    branchPossible: data.branchPairs.filter(([a, b]) => possible.has(key(a, b))).length,
    branchLinked: data.branchPairs.filter(([a, b]) => linked.has(key(a, b))).length,
    branchPairs: data.branchPairs.length,
    ms,
  };
  if (options.allPairs) {
    const exhaustive = await timed(() => scanBoth(store, true));
    const clusters = [...clustersOf(exhaustive.result.contacts), ...clustersOf(exhaustive.result.accounts)];
    evaluation.exhaustive = { quality: evaluate(clusters, truth), ms: exhaustive.ms };
  }
  await store.close();
  return evaluation;
}

/** Name pairs for Jaro-Winkler: FEBRL given names and surnames, and pinyin of Chinese names. */
function namePairs(count: number): [string, string][] {
  const rows = loadFebrl();
  const latin = rows.flatMap((row) => [row.given_name, row.surname]).filter(Boolean);
  const chinese = generateChineseDataset({ people: 500, companies: 0, seed: 9 }).contacts.flatMap(
    (contact) => personName(contact.name).orders,
  );
  const words = [...latin, ...chinese];
  const pairs: [string, string][] = [];
  // Neighbours in the file are often duplicates of one another, strangers otherwise: both kinds.
  for (let i = 0; pairs.length < count; i++) {
    const a = words[i % words.length]!;
    const b = words[(i * 7919 + (i % 3 === 0 ? 1 : 104_729)) % words.length]!;
    pairs.push([a, b]);
  }
  return pairs;
}

function jaroWinklerAll(
  pairs: readonly [string, string][],
  metric: (a: string, b: string) => number,
): Float64Array {
  const out = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) out[i] = metric(pairs[i]![0], pairs[i]![1]);
  return out;
}

async function scanScaling(size: number, runs: number): Promise<Measurement> {
  const data = generateChineseDataset({ people: Math.ceil(size / 1.8), companies: 0, seed: 3 });
  const contacts = data.contacts.slice(0, size);
  const store = await storeWith({ contacts });
  const matching = createMatching({ store });
  const ours = await median(runs, () => matching.scan('contacts', { explain: false }));
  await store.close();
  const sampleSize = Math.min(2000, size);
  const sample = await storeWith({ contacts: contacts.slice(0, sampleSize) });
  const exhaustive = await timed(() =>
    createMatching({ store: sample }).scan('contacts', { explain: false, exhaustive: true }),
  );
  await sample.close();
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const peerMs = exhaustive.ms * (pairs(size) / pairs(sampleSize));
  const stats = ours.result.stats;
  return {
    name: 'matching/scan',
    size,
    peer: `all-pairs scoring (timed on ${sampleSize.toLocaleString('en')} records, scaled by pair count)`,
    ours_ms: round(ours.ms),
    peer_ms: round(peerMs),
    ratio: round(peerMs / ours.ms, 2),
    comparisons: stats.comparisons,
    comparisons_per_record: round(stats.comparisons / size, 3),
    all_pairs: stats.allPairs,
    reduction: stats.reduction,
    skipped_keys: stats.skippedKeys,
    clusters: ours.result.clusters.length,
  };
}

export async function matchingBenchmarks(
  time?: number,
  options: MatchingBenchOptions = {},
): Promise<Measurement[]> {
  const runs = options.runs ?? 3;
  const measurements: Measurement[] = [];

  // First: the string comparators are measured before the scans have filled the heap and shaped
  // the inline caches (run after them, both sides slow down unevenly).
  const pairs = namePairs(options.febrlRecords ? 20_000 : 200_000);
  measurements.push(
    await compare({
      name: 'matching/jaro-winkler',
      size: pairs.length,
      peer: 'talisman 1.1.4 metrics/jaro-winkler',
      time,
      ours: () => jaroWinklerAll(pairs, jaroWinkler),
      theirs: () => jaroWinklerAll(pairs, talismanJaroWinkler),
      // Both follow Winkler's strcmp95 (halved transpositions rounded down): equal to 12 places.
      fingerprint: (values) => Array.from(values, (value) => Math.round(value * 1e12)),
    }),
  );

  const febrl = await febrlEvaluation({ records: options.febrlRecords, allPairs: true, runs });
  const allPairs = febrl.allPairs!;
  measurements.push({
    name: 'matching/febrl3',
    size: febrl.records,
    peer: 'all-pairs scoring',
    ours_ms: round(febrl.ms),
    peer_ms: round(allPairs.ms),
    ratio: round(allPairs.ms / febrl.ms, 2),
    precision: round(febrl.quality.precision),
    recall: round(febrl.quality.recall),
    f1: round(febrl.quality.f1),
    true_pairs: febrl.quality.truePairs,
    comparisons: febrl.result.stats.comparisons,
    all_pairs: febrl.result.stats.allPairs,
    reduction: febrl.result.stats.reduction,
    all_pairs_precision: round(allPairs.quality.precision),
    all_pairs_recall: round(allPairs.quality.recall),
    all_pairs_f1: round(allPairs.quality.f1),
    recall_lost_points: round((allPairs.quality.recall - febrl.quality.recall) * 100, 3),
  });

  const chinese = await chineseEvaluation({ ...options.chinese, allPairs: true, runs });
  const exhaustive = chinese.exhaustive!;
  measurements.push({
    name: 'matching/chinese',
    size: chinese.records,
    peer: 'all-pairs scoring',
    ours_ms: round(chinese.ms),
    peer_ms: round(exhaustive.ms),
    ratio: round(exhaustive.ms / chinese.ms, 2),
    precision: round(chinese.quality.precision),
    recall: round(chinese.quality.recall),
    f1: round(chinese.quality.f1),
    contacts_f1: round(chinese.contacts.f1),
    accounts_f1: round(chinese.accounts.f1),
    comparisons: chinese.comparisons,
    all_pairs: chinese.allPairs,
    reduction: round(chinese.allPairs / chinese.comparisons, 1),
    all_pairs_recall: round(exhaustive.quality.recall),
    all_pairs_f1: round(exhaustive.quality.f1),
    branch_pairs: chinese.branchPairs,
    branch_possible: chinese.branchPossible,
    branch_linked: chinese.branchLinked,
  });

  for (const size of options.scanSizes ?? [10_000, 100_000]) measurements.push(await scanScaling(size, runs));
  return measurements;
}
