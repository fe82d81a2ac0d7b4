// Matching quality floors (not timings): FEBRL 3 and our Chinese data set, and the benchmark at a
// tiny size so a broken benchmark fails CI.
import { describe, expect, it } from 'vitest';
import { chineseEvaluation, febrlEvaluation, matchingBenchmarks } from './matching.bench.ts';

describe('matching quality', () => {
  it('reaches F1 ≥ 0.95 on FEBRL dataset 3 with ≥ 1,000× fewer comparisons than all pairs', async () => {
    const { quality, result, records } = await febrlEvaluation();
    expect(records).toBe(5000);
    expect(quality.truePairs).toBe(6538);
    expect(quality.f1).toBeGreaterThanOrEqual(0.95);
    expect(result.stats.allPairs).toBe(12_497_500);
    expect(result.stats.reduction).toBeGreaterThanOrEqual(1000);
  });

  it('keeps F1 ≥ 0.98 on the Chinese data set, branch offices possible and never linked', async () => {
    const evaluation = await chineseEvaluation();
    expect(evaluation.quality.f1).toBeGreaterThanOrEqual(0.98);
    expect(evaluation.contacts.f1).toBeGreaterThanOrEqual(0.98);
    expect(evaluation.accounts.f1).toBeGreaterThanOrEqual(0.97);
    expect(evaluation.branchLinked).toBe(0);
    expect(evaluation.branchPossible / evaluation.branchPairs).toBeGreaterThanOrEqual(0.95);
  });
});

describe('matching benchmark', () => {
  it('runs at a tiny size and reports every figure', async () => {
    const measurements = await matchingBenchmarks(5, {
      febrlRecords: 600,
      chinese: { people: 200, companies: 100 },
      scanSizes: [1500],
      runs: 1,
    });
    expect(measurements.map((m) => m.name)).toEqual([
      'matching/jaro-winkler',
      'matching/febrl3',
      'matching/chinese',
      'matching/scan',
    ]);
    expect(measurements[1]).toMatchObject({
      size: 600,
      peer: 'all-pairs scoring',
      f1: expect.any(Number),
      comparisons: expect.any(Number),
      all_pairs: 179_700,
      all_pairs_recall: expect.any(Number),
    });
    for (const m of measurements) expect(m.ratio).toBeGreaterThan(0);
  }, 120_000);
});
