// The funnel benchmark at a tiny size: it must run and both sides must give the same numbers.
import { describe, expect, it } from 'vitest';
import { funnelBenchmarks } from './funnel.bench.ts';

describe('funnel benchmark', () => {
  it('agrees with the reference implementation', async () => {
    const [measurement] = await funnelBenchmarks([500], 5);
    expect(measurement).toMatchObject({ name: 'funnel/report', size: 500 });
    expect(measurement?.history_entries).toBeGreaterThan(500);
  });
});
