/**
 * Duplicate clusters over a whole set of records: candidate pairs from blocking, each scored, and
 * the pairs at or above the link threshold joined with union-find (transitive closure: a–b and
 * b–c put a, b and c in one cluster). Each cluster keeps the scores of the pairs that formed it, so
 * a chain held together by one weak link is visible. `exhaustive` scores every pair instead — the
 * quadratic reference that blocking is measured against.
 */
import { candidatePairs, compileKeys } from './blocking.ts';
import { type CompiledEntity, type PreparedRecord, withTermFrequencies } from './compile.ts';
import { type FieldReason, pairScore, scorePair, type Verdict } from './score.ts';

export interface ScoredPair {
  a: string;
  b: string;
  score: number;
  verdict: Verdict;
  reasons?: FieldReason[];
}

export interface Cluster {
  /** Record ids, in input order; the first is the oldest record when scanning a store. */
  ids: string[];
  /** The weakest link that holds the cluster together. */
  minScore: number;
  /** The scored pairs inside the cluster at or above the link threshold. */
  pairs: ScoredPair[];
}

export interface ScanStats {
  records: number;
  /** Pairs actually scored. */
  comparisons: number;
  /** n(n−1)/2: what comparing everything would cost. */
  allPairs: number;
  /** allPairs ÷ comparisons. */
  reduction: number;
  blocks: number;
  /** Blocking keys skipped as too generic. */
  skippedKeys: number;
}

export interface ScanResult {
  clusters: Cluster[];
  /** Pairs in the `possible` band that were not linked: for a reviewer to decide. */
  possible: ScoredPair[];
  stats: ScanStats;
}

export interface ScanOptions {
  /** Link pairs judged `same` (default) or also those judged `possible`. */
  link?: 'same' | 'possible';
  /** Keep per-field reasons on linked and possible pairs (default true). */
  explain?: boolean;
  /** Score all n(n−1)/2 pairs instead of blocking: the quadratic reference, for evaluation only. */
  exhaustive?: boolean;
}

class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }

  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    let x = this.find(a);
    let y = this.find(b);
    if (x === y) return;
    if (this.size[x]! < this.size[y]!) [x, y] = [y, x];
    this.parent[y] = x;
    this.size[x]! += this.size[y]!;
  }
}

function* allPairs(n: number): Generator<[number, number]> {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield [i, j];
}

function* pairsOf(flat: Uint32Array): Generator<[number, number]> {
  for (let k = 0; k < flat.length; k += 2) yield [flat[k]!, flat[k + 1]!];
}

/** Finds duplicate clusters among prepared records. */
export function scanPrepared(
  entity: CompiledEntity,
  records: readonly PreparedRecord[],
  options: ScanOptions = {},
): ScanResult {
  const n = records.length;
  const { thresholds } = entity.definition;
  entity = withTermFrequencies(entity, records);
  const linkAt = options.link === 'possible' ? thresholds.possible : thresholds.same;
  const explain = options.explain !== false;
  let pairs: Iterable<[number, number]>;
  let comparisons: number;
  let blocks = 0;
  let skippedKeys = 0;
  if (options.exhaustive) {
    pairs = allPairs(n);
    comparisons = (n * (n - 1)) / 2;
  } else {
    const candidates = candidatePairs(compileKeys(entity), records);
    pairs = pairsOf(candidates.pairs);
    comparisons = candidates.stats.pairs;
    blocks = candidates.stats.blocks;
    skippedKeys = candidates.stats.skippedKeys;
  }
  const union = new UnionFind(n);
  const linked: { i: number; j: number; pair: ScoredPair }[] = [];
  const possible: ScoredPair[] = [];
  for (const [i, j] of pairs) {
    const a = records[i]!;
    const b = records[j]!;
    const score = pairScore(entity, a, b);
    if (score < thresholds.possible && score < linkAt) continue;
    const detail = scorePair(entity, a, b, explain);
    const pair: ScoredPair = { a: a.id, b: b.id, score: round(detail.score), verdict: detail.verdict };
    if (explain) pair.reasons = detail.reasons;
    if (score >= linkAt) {
      union.union(i, j);
      linked.push({ i, j, pair });
    } else possible.push(pair);
  }
  const all = (n * (n - 1)) / 2;
  return {
    clusters: clustersOf(union, records, linked),
    possible,
    stats: {
      records: n,
      comparisons,
      allPairs: all,
      reduction: comparisons === 0 ? all : Math.round((all / comparisons) * 10) / 10,
      blocks,
      skippedKeys,
    },
  };
}

function clustersOf(
  union: UnionFind,
  records: readonly PreparedRecord[],
  linked: readonly { i: number; j: number; pair: ScoredPair }[],
): Cluster[] {
  const byRoot = new Map<number, { members: number[]; pairs: ScoredPair[] }>();
  for (const { i, j, pair } of linked) {
    const root = union.find(i);
    let cluster = byRoot.get(root);
    if (!cluster) {
      cluster = { members: [], pairs: [] };
      byRoot.set(root, cluster);
    }
    cluster.members.push(i, j);
    cluster.pairs.push(pair);
  }
  const clusters: Cluster[] = [];
  for (const { members, pairs } of byRoot.values()) {
    const ids = [...new Set(members)].sort((x, y) => x - y).map((index) => records[index]!.id);
    const minScore = pairs.reduce((min, pair) => Math.min(min, pair.score), 1);
    clusters.push({ ids, minScore, pairs });
  }
  return clusters.sort((x, y) => (x.ids[0]! < y.ids[0]! ? -1 : x.ids[0]! > y.ids[0]! ? 1 : 0));
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
