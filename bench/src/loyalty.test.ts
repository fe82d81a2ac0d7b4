// The loyalty benchmark at a tiny size: it must run and both sides must give the same figures.
import { describe, expect, it } from 'vitest';
import { benchProgram, loyaltyBenchmarks, referenceSummaries, simulateLedger } from './loyalty.bench.ts';

describe('loyalty benchmark', () => {
  it('agrees with the reference implementation', async () => {
    const [measurement] = await loyaltyBenchmarks([2_000], 5);
    expect(measurement).toMatchObject({ name: 'loyalty/tiers-and-expiry', size: 2_000 });
    // About twenty entries per member: 1M entries is about 50k members.
    expect(measurement?.members).toBeGreaterThan(80);
    expect(measurement?.members).toBeLessThan(120);
  });

  it('simulates a ledger with lapsed lots, redemptions, expiries and tier moves to compare on', () => {
    const ledger = simulateLedger(4_000, 3);
    const kinds = new Set(ledger.entries.map((entry) => entry.kind));
    expect([...kinds].sort()).toEqual(['earn', 'expire', 'redeem']);
    const summaries = referenceSummaries(ledger, benchProgram);
    expect(summaries.some((s) => s.lapsed > 0)).toBe(true);
    expect(summaries.some((s) => s.expiringIn90Days > 0)).toBe(true);
    expect(new Set(summaries.map((s) => s.direction))).toEqual(new Set(['up', 'down', 'same']));
    expect(summaries.every((s) => s.balance >= 0 && s.available >= 0)).toBe(true);
  });
});
