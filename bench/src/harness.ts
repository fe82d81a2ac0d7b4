/**
 * The benchmark harness: every measurement runs our implementation and its named peer in the
 * same process, checks they agree, and records medians. `ratio = peer_ms / ours_ms`, so above 1
 * means ours is faster.
 */
import { Bench } from 'tinybench';

export interface Measurement {
  /** `area/what`, e.g. `memory/indexed-query`. */
  name: string;
  /** Records in the data set. */
  size: number;
  /** What we compared against. */
  peer: string;
  ours_ms: number;
  peer_ms: number;
  ratio: number;
  [extra: string]: unknown;
}

export interface Comparison<T> {
  name: string;
  size: number;
  peer: string;
  ours: () => T | Promise<T>;
  theirs: () => T | Promise<T>;
  /** Turns a result into something comparable; the benchmark fails when ours and theirs differ. */
  fingerprint?: (result: T) => unknown;
  /** Minimum time per side in ms (default 500) and minimum iterations (default 10). */
  time?: number;
  iterations?: number;
  /** Untimed warm-up runs per side (default 3); 0 skips the warm-up, for runs lasting seconds. */
  warmupIterations?: number;
  /**
   * Untimed, before every run of either side (the checking runs, warm-ups and timed runs): a write
   * benchmark resets what it writes to, so every run does the same work.
   */
  beforeEach?: () => unknown | Promise<unknown>;
  /**
   * Untimed, after each side's checking run: what that run left behind (a write benchmark's stored
   * records), compared like the results, so both sides must also write the same thing.
   */
  state?: () => unknown | Promise<unknown>;
  /**
   * Times the sides in turns (ours then peer, then peer then ours, …) for `iterations` rounds
   * instead of one side after the other with tinybench: for runs of seconds, where a slow drift
   * of the machine (storage compaction, garbage collection) would favour the side timed last.
   */
  alternate?: boolean;
  extra?: Record<string, unknown>;
}

export class BenchmarkMismatch extends Error {}

function sameFingerprint(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Checks that both sides agree, then times each and returns the medians. */
export async function compare<T>(comparison: Comparison<T>): Promise<Measurement> {
  const fingerprint = comparison.fingerprint ?? ((result: T) => result);
  const check = async (side: () => T | Promise<T>) => {
    await comparison.beforeEach?.();
    const result = fingerprint(await side());
    return { result, state: await comparison.state?.() };
  };
  const ours = await check(comparison.ours);
  const theirs = await check(comparison.theirs);
  if (!sameFingerprint(ours.result, theirs.result) || !sameFingerprint(ours.state, theirs.state)) {
    throw new BenchmarkMismatch(
      `${comparison.name} at ${comparison.size}: ours and ${comparison.peer} disagree`,
    );
  }
  const warmupIterations = comparison.warmupIterations ?? 3;
  if (comparison.alternate) return alternate(comparison, warmupIterations);
  const bench = new Bench({
    time: comparison.time ?? 500,
    iterations: comparison.iterations ?? 10,
    warmup: warmupIterations > 0,
    warmupTime: warmupIterations > 0 ? 100 : 0,
    warmupIterations,
  });
  const hooks = comparison.beforeEach
    ? { beforeEach: async () => void (await comparison.beforeEach?.()) }
    : {};
  bench.add('ours', comparison.ours, hooks).add('peer', comparison.theirs, hooks);
  await bench.run();
  const median = (name: string) => {
    const result = bench.getTask(name)?.result;
    if (!result || !('latency' in result)) throw new Error(`${comparison.name}: ${name} did not complete`);
    return result.latency.p50;
  };
  const ours_ms = median('ours');
  const peer_ms = median('peer');
  return {
    name: comparison.name,
    size: comparison.size,
    peer: comparison.peer,
    ours_ms: round(ours_ms),
    peer_ms: round(peer_ms),
    ratio: round(peer_ms / ours_ms, 2),
    ...comparison.extra,
  };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `compare` with the two sides timed in turns; the caller already checked that they agree. */
async function alternate<T>(comparison: Comparison<T>, warmupIterations: number): Promise<Measurement> {
  const sides = [
    { name: 'ours', run: comparison.ours, samples: [] as number[] },
    { name: 'peer', run: comparison.theirs, samples: [] as number[] },
  ];
  const rounds = comparison.iterations ?? 10;
  for (let round = 0; round < warmupIterations + rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      await comparison.beforeEach?.();
      const start = performance.now();
      await side.run();
      if (round >= warmupIterations) side.samples.push(performance.now() - start);
    }
  }
  const ours_ms = median(sides[0]!.samples);
  const peer_ms = median(sides[1]!.samples);
  return {
    name: comparison.name,
    size: comparison.size,
    peer: comparison.peer,
    ours_ms: round(ours_ms),
    peer_ms: round(peer_ms),
    ratio: round(peer_ms / ours_ms, 2),
    ...comparison.extra,
  };
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function formatTable(measurements: Measurement[]): string {
  const rows = measurements.map((m) => [
    m.name,
    String(m.size),
    m.peer,
    m.ours_ms.toFixed(3),
    m.peer_ms.toFixed(3),
    `${m.ratio.toFixed(2)}×`,
  ]);
  const header = ['benchmark', 'size', 'peer', 'ours ms', 'peer ms', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
