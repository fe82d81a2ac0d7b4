// The assignment benchmark at a tiny size: it must run, and both sides must pick the same owners.
import { describe, expect, it } from 'vitest';
import { assignmentBenchmarks } from './assignment.bench.ts';

describe('assignment benchmark', () => {
  it('agrees with the plain scan of every rep, lead for lead', async () => {
    const measurements = await assignmentBenchmarks([300], 5);
    expect(measurements.map((m) => m.name)).toEqual([
      'assignment/route+least-loaded',
      'assignment/least-loaded-one-team',
    ]);
    for (const m of measurements) {
      expect(m).toMatchObject({ size: 300, rules: 20, peer: expect.any(String) });
      expect(m.ratio).toBeGreaterThan(0);
    }
  });
});
