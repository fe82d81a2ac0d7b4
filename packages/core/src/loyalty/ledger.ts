/**
 * The points ledger read as lots (积分批次). Every earn entry (and every adjustment that adds
 * points) is a lot; redemptions and negative adjustments consume lots oldest first (FIFO); an
 * expire entry writes off the remainder of one lapsed lot, named by its `sourceId`. From these
 * rules alone, a member's lots, balance, lapsed and soon-expiring points follow — pure functions
 * over the entries, whatever order they arrive in.
 *
 * Why the lots can be rebuilt without replaying time: the engine settles lapsed lots (writes their
 * expire entries) before any debit, so a debit only ever meets unexpired lots, and an expire entry
 * holds exactly what its lot had left. Taking every debit from the oldest lots after subtracting
 * each lot's expiry then gives what a replay in time order gives (the tests check both agree).
 */
import type { LoyaltyEntry } from '../model/loyalty.ts';

export const DAY_MS = 86_400_000;

/** One lot as of an instant. `points = used + expired + remaining`. */
export interface LotState {
  /** The id of the entry that created the lot. */
  id: string;
  at: string;
  expiresAt: string | undefined;
  points: number;
  /** Taken by redemptions and negative adjustments. */
  used: number;
  /** Written off by the lot's expire entry. */
  expired: number;
  remaining: number;
}

export interface LedgerState {
  /** The sum of every entry's points: what the ledger says, always. */
  balance: number;
  /** Points in lots that have not lapsed by the instant asked about: what can be redeemed. */
  available: number;
  /** Points in lots that lapsed by then without an expire entry yet; an expiry run writes them off. */
  lapsed: number;
  /** Every lot, oldest first (by `at`, then id). */
  lots: LotState[];
  /**
   * Debits no lot could cover (negative: reversals beyond the debits). Always 0 for a ledger the
   * engine wrote; a ledger imported or written around it shows its inconsistency here.
   */
  uncovered: number;
}

/** Credits become lots; zero entries are neither. */
export function isLot(entry: Pick<LoyaltyEntry, 'kind' | 'points'>): boolean {
  return entry.points > 0 && entry.kind !== 'redeem' && entry.kind !== 'expire';
}

function byAtThenId(a: LoyaltyEntry, b: LoyaltyEntry): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function inFifoOrder(lots: LoyaltyEntry[]): LoyaltyEntry[] {
  // Stores usually hand entries back in time order; checking is linear, sorting is not.
  for (let i = 1; i < lots.length; i++) {
    if (byAtThenId(lots[i - 1]!, lots[i]!) > 0) return lots.sort(byAtThenId);
  }
  return lots;
}

/** A member's entries sorted into what FIFO needs: lots, debits, and expiries by lot. */
export class LotBook {
  balance = 0;
  /** Points taken by redemptions and negative adjustments, not yet assigned to lots. */
  debits = 0;
  readonly lots: LoyaltyEntry[] = [];
  expiredBy: Map<string, number> | undefined = undefined;

  add(entry: LoyaltyEntry): void {
    const points = entry.points;
    this.balance += points;
    if (points > 0) {
      if (isLot(entry)) this.lots.push(entry);
      // A positive redeem or expire reverses an earlier debit; it is not a lot of its own.
      else this.debits -= points;
    } else if (points < 0) {
      if (entry.kind === 'expire') {
        this.expiredBy ??= new Map();
        this.expiredBy.set(entry.sourceId, (this.expiredBy.get(entry.sourceId) ?? 0) - points);
      } else this.debits -= points;
    }
  }

  /**
   * Reports each lot's remainder, oldest first, to `visit`; returns the debits no lot covered
   * (negative when reversals exceed the debits). Consumes the book: call it once.
   */
  consume(visit: (lot: LoyaltyEntry, used: number, expired: number, remaining: number) => void): number {
    let debits = this.debits;
    const expiredBy = this.expiredBy;
    for (const lot of inFifoOrder(this.lots)) {
      let capacity = lot.points;
      let expired = expiredBy?.get(lot.id) ?? 0;
      if (expired > 0) {
        expiredBy!.delete(lot.id);
        if (expired > capacity) {
          debits += expired - capacity;
          expired = capacity;
        }
        capacity -= expired;
      }
      const used = debits > 0 ? Math.min(debits, capacity) : 0;
      debits -= used;
      visit(lot, used, expired, capacity - used);
    }
    // Expire entries naming no lot still took their points off the balance.
    if (expiredBy) for (const points of expiredBy.values()) debits += points;
    return debits;
  }
}

/**
 * Walks a member's entries once and reports each lot's remainder (oldest first) to `visit`.
 * Returns the balance and the debits left uncovered.
 */
export function walkLots(
  entries: readonly LoyaltyEntry[],
  visit: (lot: LoyaltyEntry, used: number, expired: number, remaining: number) => void,
): { balance: number; uncovered: number } {
  const book = new LotBook();
  for (const entry of entries) book.add(entry);
  return { balance: book.balance, uncovered: book.consume(visit) };
}

/** A member's lots and balances as of `asOf` (an ISO instant). */
export function ledgerState(entries: readonly LoyaltyEntry[], asOf: string): LedgerState {
  const lots: LotState[] = [];
  let lapsed = 0;
  const { balance, uncovered } = walkLots(entries, (lot, used, expired, remaining) => {
    lots.push({
      id: lot.id,
      at: lot.at,
      expiresAt: lot.expiresAt,
      points: lot.points,
      used,
      expired,
      remaining,
    });
    if (remaining > 0 && lot.expiresAt !== undefined && lot.expiresAt <= asOf) lapsed += remaining;
  });
  return { balance, available: balance - lapsed, lapsed, lots, uncovered };
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** Points in lots that are still valid at `asOf` but lapse within `days` after it. */
export function expiringWithin(state: LedgerState, asOf: string, days: number): number {
  const until = addDays(asOf, days);
  let points = 0;
  for (const lot of state.lots) {
    if (lot.remaining > 0 && lot.expiresAt !== undefined && asOf < lot.expiresAt && lot.expiresAt <= until) {
      points += lot.remaining;
    }
  }
  return points;
}

/** Lots that lapsed by `asOf` and still hold points, oldest first: what an expiry run writes off. */
export function lapsedLots(state: LedgerState, asOf: string): LotState[] {
  return state.lots.filter(
    (lot) => lot.remaining > 0 && lot.expiresAt !== undefined && lot.expiresAt <= asOf,
  );
}

const MAX_ID = 128;

/**
 * The deterministic id of an entry: one (kind, member, source) has one id, so writing it with
 * `expectedVersion: 0` makes a second earn from the same source a `CONFLICT` in any store, even
 * when two tabs race. Ids that would exceed the id limit are shortened with a hash; the entry keeps
 * its full `memberId` and `sourceId`, which the writer compares to rule out a collision.
 */
export function entryId(kind: LoyaltyEntry['kind'], memberId: string, sourceId: string): string {
  const plain = `${kind}:${memberId}:${sourceId}`;
  if (plain.length <= MAX_ID) return plain;
  return `${kind}:#${hash64(memberId)}${hash64(`${memberId}\u0000${sourceId}`)}${hash64(sourceId)}`;
}

/** FNV-1a over UTF-16 code units, two 32-bit lanes with different offsets: 16 hex digits. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
