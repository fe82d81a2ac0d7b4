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
  extra?: Record<string, unknown>;
}

export class BenchmarkMismatch extends Error {}

function sameFingerprint(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Checks that both sides agree, then times each and returns the medians. */
export async function compare<T>(comparison: Comparison<T>): Promise<Measurement> {
  const fingerprint = comparison.fingerprint ?? ((result: T) => result);
  const ours = fingerprint(await comparison.ours());
  const theirs = fingerprint(await comparison.theirs());
  if (!sameFingerprint(ours, theirs)) {
    throw new BenchmarkMismatch(`${comparison.name} at ${comparison.size}: ours and ${comparison.peer} disagree`);
  }
  const bench = new Bench({
    time: comparison.time ?? 500,
    iterations: comparison.iterations ?? 10,
    warmupTime: 100,
    warmupIterations: 3,
  });
  bench.add('ours', comparison.ours).add('peer', comparison.theirs);
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
  const line = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
