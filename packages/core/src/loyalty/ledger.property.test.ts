/**
 * Ledger invariants under any sequence of earn / redeem / expire / time passing, checked through
 * the facade on the memory store against a model that replays lots in time order: the balance is
 * the sum of the entries and never negative, earning is idempotent per source, FIFO expiry never
 * expires redeemed points, and the lot view does not depend on the order entries arrive in. Plus
 * tier evaluation is monotone in the qualifying amount.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCrm,
  createManualClock,
  defineLoyaltyProgram,
  evaluateTier,
  isKehuError,
  type LoyaltyEntry,
  type LoyaltyProgramInput,
  ledgerState,
  loyaltyEngine,
  summarizeLedgers,
  tierIndex,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const START = Date.parse('2026-01-01T00:00:00.000Z');
const DAY = 86_400_000;
const EXPIRY_DAYS = 90;
const ACTION_POINTS = { small: 10, medium: 35, large: 120 } as const;
type ActionName = keyof typeof ACTION_POINTS;

const program: LoyaltyProgramInput = {
  id: 'p',
  label: 'P',
  currency: 'CNY',
  earning: {
    actions: {
      small: { points: ACTION_POINTS.small },
      medium: { points: ACTION_POINTS.medium },
      large: { points: ACTION_POINTS.large },
    },
  },
  expiry: { days: EXPIRY_DAYS },
};

type Op =
  | { kind: 'earn'; action: ActionName; source: number }
  | { kind: 'redeem'; points: number; source: number }
  | { kind: 'expire' }
  | { kind: 'advance'; days: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      action: fc.constantFrom<ActionName>('small', 'medium', 'large'),
      source: fc.nat(12),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      points: fc.integer({ min: 1, max: 250 }),
      source: fc.nat(15),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 80 }) }),
  },
);

/** The reference: lots replayed in time order, consumed oldest first, expired when they lapse. */
class LotModel {
  lots: { source: string; points: number; remaining: number; expiresAt: number }[] = [];
  earned = new Set<string>();
  redeemed = new Map<string, number>();
  expired = 0;

  earn(source: string, points: number, now: number): void {
    if (this.earned.has(source)) return;
    this.earned.add(source);
    this.lots.push({ source, points, remaining: points, expiresAt: now + EXPIRY_DAYS * DAY });
  }

  settle(now: number): void {
    for (const lot of this.lots) {
      if (lot.expiresAt <= now && lot.remaining > 0) {
        this.expired += lot.remaining;
        lot.remaining = 0;
      }
    }
  }

  available(now: number): number {
    return this.lots.reduce((sum, lot) => (lot.expiresAt > now ? sum + lot.remaining : sum), 0);
  }

  /** What the facade must answer: a duplicate, a conflict, a refusal, or the redemption done. */
  redeem(
    source: string,
    points: number,
    now: number,
  ): 'duplicate' | 'CONFLICT' | 'INSUFFICIENT_POINTS' | 'ok' {
    const before = this.redeemed.get(source);
    if (before !== undefined) return before === points ? 'duplicate' : 'CONFLICT';
    if (this.available(now) < points) return 'INSUFFICIENT_POINTS';
    this.settle(now);
    this.redeemed.set(source, points);
    let left = points;
    for (const lot of this.lots) {
      const take = Math.min(left, lot.remaining);
      lot.remaining -= take;
      left -= take;
    }
    return 'ok';
  }

  get balance(): number {
    return this.lots.reduce((sum, lot) => sum + lot.remaining, 0);
  }
}

function byExpiry(lots: [number, number][]): [number, number][] {
  const totals = new Map<number, number>();
  for (const [expiresAt, remaining] of lots) {
    if (remaining > 0) totals.set(expiresAt, (totals.get(expiresAt) ?? 0) + remaining);
  }
  return [...totals].sort(([a], [b]) => a - b);
}

describe('the points ledger (property-based)', () => {
  it('matches the time-ordered lot model under any sequence of operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 30 }), async (ops) => {
        const store = createMemoryStore();
        const clock = createManualClock(START);
        const crm = createCrm({ store, clock, engines: { loyalty: loyaltyEngine(program) } });
        const loyalty = crm.loyalty!;
        await store.put('members', {
          id: 'm',
          version: 0,
          createdAt: new Date(START).toISOString(),
          updatedAt: new Date(START).toISOString(),
          contactId: 'c',
          cardNo: '1',
          joinedAt: new Date(START).toISOString(),
        });
        const model = new LotModel();
        for (const op of ops) {
          const now = clock.now();
          if (op.kind === 'advance') clock.advance(op.days * DAY);
          else if (op.kind === 'expire') {
            await loyalty.expire();
            model.settle(now);
          } else if (op.kind === 'earn') {
            const result = await loyalty.earnForAction('m', { action: op.action, sourceId: `e${op.source}` });
            expect(result.duplicate).toBe(model.earned.has(`e${op.source}`));
            model.earn(`e${op.source}`, ACTION_POINTS[op.action], now);
          } else {
            const expected = model.redeem(`r${op.source}`, op.points, now);
            const before = await store.query('loyaltyEntries');
            try {
              const result = await loyalty.redeem('m', { points: op.points, sourceId: `r${op.source}` });
              expect(result.duplicate ? 'duplicate' : 'ok').toBe(expected);
            } catch (error) {
              if (!isKehuError(error)) throw error;
              expect(error.code).toBe(expected);
              // A refused redemption writes nothing, not even the expiries it would have settled.
              expect(await store.query('loyaltyEntries')).toEqual(before);
            }
          }
          const entries = (await store.query('loyaltyEntries')).items;
          const sum = entries.reduce((total, entry) => total + entry.points, 0);
          const status = await loyalty.status('m');
          expect(status.balance).toBe(sum);
          expect(sum).toBe(model.balance);
          expect(status.available).toBeGreaterThanOrEqual(0);
          // Lots earned at one instant lapse together, so only their total per expiry is compared.
          expect(byExpiry(status.lots.map((lot) => [Date.parse(lot.expiresAt!), lot.remaining]))).toEqual(
            byExpiry(model.lots.map((lot) => [lot.expiresAt, lot.remaining])),
          );
          // Redeemed points never expire: what was written off is exactly what the model let lapse.
          const expired = entries.filter((e) => e.kind === 'expire').reduce((t, e) => t - e.points, 0);
          expect(expired).toBe(model.expired);
          for (const lot of ledgerState(entries, status.asOf).lots) {
            expect(lot.used + lot.expired + lot.remaining).toBe(lot.points);
            expect(Math.min(lot.used, lot.expired, lot.remaining)).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('earns once per source id, however often and in whatever order a source is sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(6), fc.constantFrom<ActionName>('small', 'medium', 'large')), {
          maxLength: 25,
        }),
        async (sends) => {
          const store = createMemoryStore();
          const crm = createCrm({
            store,
            clock: createManualClock(START),
            engines: { loyalty: loyaltyEngine(program) },
          });
          const at = new Date(START).toISOString();
          await store.put('members', {
            id: 'm',
            version: 0,
            createdAt: at,
            updatedAt: at,
            contactId: 'c',
            cardNo: '1',
            joinedAt: at,
          });
          const first = new Map<number, number>();
          for (const [source, action] of sends) {
            await crm.loyalty!.earnForAction('m', { action, sourceId: `s${source}` });
            if (!first.has(source)) first.set(source, ACTION_POINTS[action]);
          }
          const entries = (await store.query('loyaltyEntries')).items;
          expect(entries).toHaveLength(first.size);
          expect((await crm.loyalty!.status('m')).balance).toBe(
            [...first.values()].reduce((a, b) => a + b, 0),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Entries of several members as the engine would write them, in a random order. */
const ledgerArbitrary = fc
  .array(
    fc.record({
      member: fc.constantFrom('a', 'b', 'c'),
      day: fc.nat(400),
      points: fc.integer({ min: 1, max: 500 }),
      debit: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((rows) => {
    const entries: LoyaltyEntry[] = [];
    const byMember = new Map<string, { entries: LoyaltyEntry[] }>();
    [...rows]
      .sort((x, y) => x.day - y.day)
      .forEach((row, index) => {
        const at = new Date(START + row.day * DAY + index).toISOString();
        const own = byMember.get(row.member) ?? { entries: [] };
        byMember.set(row.member, own);
        const base = { version: 1, createdAt: at, updatedAt: at, memberId: row.member, at };
        if (!row.debit) {
          const expiresAt = new Date(START + (row.day + EXPIRY_DAYS) * DAY).toISOString();
          own.entries.push({
            ...base,
            id: `e${index}`,
            kind: 'earn',
            points: row.points,
            sourceId: `o${index}`,
            expiresAt,
          });
        } else {
          // Settle, then redeem what is available (at most the asked points), as the engine does.
          const state = ledgerState(own.entries, at);
          for (const lot of state.lots) {
            if (lot.remaining > 0 && lot.expiresAt! <= at) {
              own.entries.push({
                ...base,
                id: `x${lot.id}`,
                kind: 'expire',
                points: -lot.remaining,
                sourceId: lot.id,
                at: lot.expiresAt!,
              });
            }
          }
          const available = ledgerState(own.entries, at).available;
          if (available > 0) {
            own.entries.push({
              ...base,
              id: `r${index}`,
              kind: 'redeem',
              points: -Math.min(available, row.points),
              sourceId: `r${index}`,
            });
          }
        }
      });
    for (const own of byMember.values()) entries.push(...own.entries);
    return entries;
  });

describe('the lot view (property-based)', () => {
  it('is the sum of the entries, never negative, whatever order the entries come in', () => {
    fc.assert(
      fc.property(
        ledgerArbitrary,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (entries, keys) => {
          const asOf = new Date(START + 500 * DAY).toISOString();
          const shuffled = entries
            .map((entry) => ({ entry, key: keys.next().value as number }))
            .sort((x, y) => x.key - y.key)
            .map(({ entry }) => entry);
          for (const member of ['a', 'b', 'c']) {
            const own = entries.filter((entry) => entry.memberId === member);
            const state = ledgerState(own, asOf);
            expect(state.balance).toBe(own.reduce((total, entry) => total + entry.points, 0));
            expect(state.balance).toBeGreaterThanOrEqual(0);
            expect(state.uncovered).toBe(0);
            expect(
              ledgerState(
                shuffled.filter((entry) => entry.memberId === member),
                asOf,
              ),
            ).toEqual(state);
          }
          const defined = defineLoyaltyProgram(program);
          // In time order (as a store returns them) the bulk path skips sorting lots: both agree.
          const inTimeOrder = [...entries].sort((x, y) =>
            x.at < y.at ? -1 : x.at > y.at ? 1 : x.id < y.id ? -1 : 1,
          );
          expect(summarizeLedgers(inTimeOrder, defined, { asOf })).toEqual(
            summarizeLedgers(shuffled, defined, { asOf }),
          );
          for (const summary of summarizeLedgers(shuffled, defined, { asOf })) {
            const state = ledgerState(
              entries.filter((entry) => entry.memberId === summary.memberId),
              asOf,
            );
            expect([summary.balance, summary.available, summary.lapsed]).toEqual([
              state.balance,
              state.available,
              state.lapsed,
            ]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('tier evaluation (property-based)', () => {
  const tiersArbitrary = fc
    .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 })
    .chain((thresholds) => {
      const sorted = [...thresholds].sort((a, b) => a - b);
      return fc.tuple(...sorted.map((threshold) => fc.integer({ min: 0, max: threshold }))).map((retains) =>
        defineLoyaltyProgram({
          id: 'p',
          label: 'P',
          currency: 'CNY',
          tiers: sorted.map((threshold, i) => ({
            id: `t${i}`,
            label: `T${i}`,
            threshold,
            retain: retains[i],
          })),
        }),
      );
    });

  it('is monotone in the qualifying amount, and a review drops one tier at most', () => {
    fc.assert(
      fc.property(
        tiersArbitrary,
        fc.integer({ min: -1, max: 5 }),
        fc.nat(12_000),
        fc.nat(12_000),
        fc.constantFrom('upgrade' as const, 'review' as const),
        (program, current, q1, q2, mode) => {
          const currentId = program.tiers[Math.min(current, program.tiers.length - 1)]?.id;
          const [low, high] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const at = (q: number) => tierIndex(program, evaluateTier(program, currentId, q, mode).to);
          expect(at(low)).toBeLessThanOrEqual(at(high));
          const from = tierIndex(program, currentId);
          expect(at(low)).toBeGreaterThanOrEqual(mode === 'upgrade' ? from : from - 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
