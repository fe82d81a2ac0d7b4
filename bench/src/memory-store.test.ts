// Keeps the benchmark honest in CI: at a tiny size it must run and both sides must agree.
import { describe, expect, it } from 'vitest';
import { memoryStoreBenchmarks } from './memory-store.bench.ts';

describe('memory store benchmark', () => {
  it('runs, agrees with its peer and reports the JSON fields', async () => {
    const measurements = await memoryStoreBenchmarks([400], 5);
    expect(measurements.map((m) => m.name)).toEqual([
      'memory/indexed-query',
      'memory/board-column-page',
      'memory/count',
    ]);
    for (const m of measurements) {
      expect(m).toMatchObject({ size: 400, peer: expect.any(String) });
      expect(m.ratio).toBeGreaterThan(0);
      expect(m.ours_ms).toBeGreaterThanOrEqual(0);
    }
  });
});
