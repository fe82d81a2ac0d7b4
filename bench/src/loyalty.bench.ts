/**
 * Loyalty: tier evaluation and expiry over a whole points ledger — every member's balance, points
 * that have lapsed (what an expiry run writes off) or lapse within 30/90 days, qualifying points
 * and the tier a review gives — with `summarizeLedgers` vs a plainly written reference that groups
 * the entries by member, sorts each member's entries by time and replays them lot by lot. Both
 * must give the same figures for every member; the bench fails otherwise.
 *
 * The ledger is simulated the way the engine writes one (earn lots that lapse after a year,
 * redemptions that first settle lapsed lots, expiry runs), 20 entries per member on average,
 * then ordered by time as a store's `orderBy: 'at'` would hand it over.
 */
import {
  createSeededRandom,
  DAY_MS,
  defineLoyaltyProgram,
  type LoyaltyEntry,
  type LoyaltyProgram,
  ledgerState,
  type MemberLedgerSummary,
  summarizeLedgers,
} from '@kehu/core';
import { compare, type Measurement } from './harness.ts';

const START = Date.parse('2024-01-01T00:00:00.000Z');
const AS_OF = new Date(START + 900 * DAY_MS).toISOString();
const ENTRIES_PER_MEMBER = 20;

export const benchProgram: LoyaltyProgram = defineLoyaltyProgram({
  id: 'bench',
  label: 'Bench',
  currency: 'CNY',
  earning: { spend: { points: 1, per: 100 } },
  tiers: [
    { id: 'silver', label: 'Silver', threshold: 0 },
    { id: 'gold', label: 'Gold', threshold: 5_000, retain: 4_000 },
    { id: 'platinum', label: 'Platinum', threshold: 15_000, retain: 12_000 },
    { id: 'diamond', label: 'Diamond', threshold: 40_000, retain: 30_000 },
  ],
  qualification: { metric: 'points', windowDays: 365 },
  expiry: { days: 365 },
});

export interface BenchLedger {
  entries: LoyaltyEntry[];
  /** Each member's tier before the review. */
  tiers: Map<string, string | undefined>;
  asOf: string;
}

/** A ledger of about `size` entries for `size / 20` members, as the engine would have written it. */
export function simulateLedger(size: number, seed = 7): BenchLedger {
  const random = createSeededRandom(seed);
  const entries: LoyaltyEntry[] = [];
  const tiers = new Map<string, string | undefined>();
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let m = 0; entries.length < size; m++) {
    const memberId = `mem${String(m).padStart(7, '0')}`;
    tiers.set(memberId, random() < 0.2 ? undefined : benchProgram.tiers[Math.floor(random() * 4)]!.id);
    const own: LoyaltyEntry[] = [];
    const add = (fields: Omit<LoyaltyEntry, 'version' | 'createdAt' | 'updatedAt' | 'memberId'>) => {
      const entry = { ...fields, memberId, version: 1, createdAt: fields.at, updatedAt: fields.at };
      own.push(entry);
    };
    let t = START + Math.floor(random() * 400 * DAY_MS);
    const count = ENTRIES_PER_MEMBER - 5 + Math.floor(random() * 11);
    for (let n = 0; own.length < count; n++) {
      t += 1 + Math.floor(random() * 45 * DAY_MS);
      const at = iso(t);
      if (random() < 0.72) {
        add({
          id: `earn:${memberId}:o${n}`,
          kind: 'earn',
          points: 10 + Math.floor(random() * 3_000),
          sourceId: `o${n}`,
          at,
          expiresAt: iso(t + 365 * DAY_MS),
        });
        continue;
      }
      // A redemption (or an expiry run) first writes off what has lapsed, as the engine does.
      for (const lot of ledgerState(own, at).lots) {
        if (lot.remaining > 0 && lot.expiresAt! <= at) {
          add({
            id: `expire:${memberId}:${lot.id}`,
            kind: 'expire',
            points: -lot.remaining,
            sourceId: lot.id,
            at: lot.expiresAt!,
          });
        }
      }
      const available = ledgerState(own, at).available;
      if (random() < 0.8 && available >= 100) {
        const points = Math.max(1, Math.floor(available * (0.2 + random() * 0.7)));
        add({ id: `redeem:${memberId}:r${n}`, kind: 'redeem', points: -points, sourceId: `r${n}`, at });
      }
    }
    entries.push(...own);
  }
  entries.length = Math.min(entries.length, size);
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  // Fresh copies in result order, as a store query hands them over (structured clone): the
  // simulation's own objects and strings lie scattered in memory in member order, which would
  // time cache misses rather than the algorithms.
  return { entries: structuredClone(entries), tiers, asOf: AS_OF };
}

/** The same figures, written the obvious way: per member, sort by time and replay the lots. */
export function referenceSummaries(ledger: BenchLedger, program: LoyaltyProgram): MemberLedgerSummary[] {
  const asOf = Date.parse(ledger.asOf);
  const byMember = new Map<string, LoyaltyEntry[]>();
  for (const entry of ledger.entries) {
    if (Date.parse(entry.at) > asOf) continue;
    if (!byMember.has(entry.memberId)) byMember.set(entry.memberId, []);
    byMember.get(entry.memberId)!.push(entry);
  }
  return [...byMember.keys()].sort().map((memberId) => {
    const list = [...byMember.get(memberId)!].sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1),
    );
    const lots: { id: string; expiresAt: number; remaining: number }[] = [];
    for (const entry of list) {
      if (entry.points > 0 && (entry.kind === 'earn' || entry.kind === 'adjust')) {
        const expiresAt = entry.expiresAt ? Date.parse(entry.expiresAt) : Infinity;
        lots.push({ id: entry.id, expiresAt, remaining: entry.points });
      } else if (entry.kind === 'expire') {
        const lot = lots.find((candidate) => candidate.id === entry.sourceId);
        if (lot) lot.remaining += entry.points;
      } else {
        let left = -entry.points;
        for (const lot of lots) {
          if (lot.expiresAt <= Date.parse(entry.at)) continue;
          const take = Math.min(left, lot.remaining);
          lot.remaining -= take;
          left -= take;
        }
      }
    }
    const sum = (selected: { remaining: number }[]) =>
      selected.reduce((total, lot) => total + lot.remaining, 0);
    const lapsedLots = lots.filter((lot) => lot.remaining > 0 && lot.expiresAt <= asOf);
    const within = (days: number) =>
      lots.filter(
        (lot) => lot.remaining > 0 && lot.expiresAt > asOf && lot.expiresAt <= asOf + days * DAY_MS,
      );
    const balance = list.reduce((total, entry) => total + entry.points, 0);
    const from = asOf - program.qualification.windowDays * DAY_MS;
    const qualifying = Math.max(
      0,
      list
        .filter((entry) => (entry.kind === 'earn' || entry.kind === 'adjust') && Date.parse(entry.at) > from)
        .reduce((total, entry) => total + entry.points, 0),
    );
    const tierId = ledger.tiers.get(memberId);
    const current = program.tiers.findIndex((tier) => tier.id === tierId);
    const reached = program.tiers.filter((tier) => tier.threshold <= qualifying).length - 1;
    let next = current;
    if (reached > current) next = reached;
    else if (
      current >= 0 &&
      qualifying < (program.tiers[current]!.retain ?? program.tiers[current]!.threshold)
    ) {
      next = current - 1;
    }
    return {
      memberId,
      balance,
      available: balance - sum(lapsedLots),
      lapsed: sum(lapsedLots),
      lapsedLots: lapsedLots.length,
      expiringIn30Days: sum(within(30)),
      expiringIn90Days: sum(within(90)),
      qualifying,
      tierId: next === current ? tierId : program.tiers[next]?.id,
      direction: next > current ? 'up' : next < current ? 'down' : 'same',
    };
  });
}

function fingerprint(summaries: MemberLedgerSummary[]) {
  const totals = {
    members: summaries.length,
    balance: 0,
    lapsed: 0,
    lapsedLots: 0,
    in30: 0,
    in90: 0,
    down: 0,
    up: 0,
  };
  for (const s of summaries) {
    totals.balance += s.balance;
    totals.lapsed += s.lapsed;
    totals.lapsedLots += s.lapsedLots;
    totals.in30 += s.expiringIn30Days;
    totals.in90 += s.expiringIn90Days;
    if (s.direction === 'down') totals.down++;
    if (s.direction === 'up') totals.up++;
  }
  const rows = summaries.map(
    (s) =>
      `${s.memberId}|${s.balance}|${s.available}|${s.lapsed}|${s.lapsedLots}|${s.expiringIn30Days}|` +
      `${s.expiringIn90Days}|${s.qualifying}|${s.tierId ?? '-'}|${s.direction}`,
  );
  return { totals, rows };
}

export async function loyaltyBenchmarks(sizes: number[], time?: number): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  for (const size of sizes) {
    const ledger = simulateLedger(size);
    measurements.push(
      await compare({
        name: 'loyalty/tiers-and-expiry',
        size,
        peer: 'plain per-member sort and replay',
        time,
        iterations: 3,
        // Runs of seconds at 1M: timed in turns, so a drifting machine favours neither side.
        ...(size >= 1_000_000 ? { alternate: true, warmupIterations: 1 } : {}),
        ours: () =>
          summarizeLedgers(ledger.entries, benchProgram, { asOf: ledger.asOf, tiers: ledger.tiers }),
        theirs: () => referenceSummaries(ledger, benchProgram),
        fingerprint,
        extra: { members: ledger.tiers.size },
      }),
    );
  }
  return measurements;
}
