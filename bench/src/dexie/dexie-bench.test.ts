// Keeps the Dexie benchmark honest in CI: at a tiny size it must run in Chromium, both sides must
// agree on every result (and on what the writes stored), and every measurement must be reported.
import { describe, expect, it } from 'vitest';
import { dexieBenchmarks } from './run-in-chromium.ts';

describe('Dexie adapter benchmark in Chromium', () => {
  it('runs, agrees with raw IndexedDB and reports the JSON fields', { timeout: 120_000 }, async () => {
    const measurements = await dexieBenchmarks([300], {
      readRounds: 20,
      writeIterations: 1,
      settleMs: 0,
      verbose: false,
    });
    expect(measurements.map((m) => m.name)).toEqual([
      'dexie/bulk-upsert',
      'dexie/bulk-update',
      'dexie/board-column-page',
      'dexie/board-column-count',
      'dexie/full-load',
      'dexie/bulk-vs-naive-loop',
      'dexie/bulk-vs-raw-naive-loop',
    ]);
    for (const m of measurements) {
      expect(m).toMatchObject({ size: 300, peer: expect.any(String) });
      expect(m.ratio).toBeGreaterThan(0);
      expect(m.ours_ms).toBeGreaterThan(0);
    }
  });
});
