/**
 * A member's loyalty standing as of an instant — balance, what lapses soon, the tier and how far
 * the next one is — for one card (`loyaltyStatus`, indexed reads) or for every member of a ledger
 * at once (`summarizeLedgers`, one pass over the entries: what an expiry run or a tier review over
 * a whole programme computes).
 */
import type { LoyaltyEntry, Member } from '../model/loyalty.ts';
import type { StoreReader } from '../storage/contract.ts';
import { addDays, expiringWithin, isLot, type LotState, ledgerState } from './ledger.ts';
import { memberEntries, qualifyingAmount } from './member-ledger.ts';
import type { LoyaltyProgram, Qualification, Tier } from './program.ts';
import { nextTierIndex, type TierMode, tierProgress, windowStart } from './tiers.ts';

export interface LoyaltyStatus {
  member: Member;
  asOf: string;
  /** The sum of the member's entries. `balance = available + lapsed`. */
  balance: number;
  /** What can be redeemed now. */
  available: number;
  /** Lapsed by `asOf` but not yet written off by an expiry run (a redemption settles them first). */
  lapsed: number;
  /** Points still valid at `asOf` that lapse within the next 30 and 90 days. */
  expiring: { in30Days: number; in90Days: number };
  tier: Tier | undefined;
  next: Tier | undefined;
  /** The qualifying amount over the window ending at `asOf`, in `qualification.metric` units. */
  qualifying: number;
  /** More qualifying amount needed to reach `next` (0 at the top). */
  needed: number;
  /** More needed to keep `tier` at the next review (0 when safe). */
  toKeep: number;
  qualification: Qualification;
  /** Lots that still hold points, oldest first: the order they will be redeemed in. */
  lots: LotState[];
}

export async function loyaltyStatus(
  reader: StoreReader,
  program: LoyaltyProgram,
  member: Member,
  asOf: string,
): Promise<LoyaltyStatus> {
  // Entries written after `asOf` (a look into the past) are left out of every figure.
  const entries = (await memberEntries(reader, member.id)).filter((entry) => entry.at <= asOf);
  const state = ledgerState(entries, asOf);
  const qualifying = await qualifyingAmount(reader, program, member, entries, asOf);
  const progress = tierProgress(program, member.tierId, qualifying);
  return {
    member,
    asOf,
    balance: state.balance,
    available: state.available,
    lapsed: state.lapsed,
    expiring: { in30Days: expiringWithin(state, asOf, 30), in90Days: expiringWithin(state, asOf, 90) },
    tier: progress.tier,
    next: progress.next,
    qualifying,
    needed: progress.needed,
    toKeep: progress.toKeep,
    qualification: program.qualification,
    lots: state.lots.filter((lot) => lot.remaining > 0),
  };
}

/** One member's figures from `summarizeLedgers`. */
export interface MemberLedgerSummary {
  memberId: string;
  balance: number;
  available: number;
  /** Points an expiry run as of `asOf` writes off, and from how many lots. */
  lapsed: number;
  lapsedLots: number;
  expiringIn30Days: number;
  expiringIn90Days: number;
  /** Qualifying points over the window ending at `asOf` (the `points` metric). */
  qualifying: number;
  /** The tier a review as of `asOf` gives (`tiers` holds the current ones). */
  tierId: string | undefined;
  direction: 'up' | 'down' | 'same';
}

export interface SummarizeOptions {
  asOf: string;
  /** Current tier per member id; a member absent here has none. */
  tiers?: ReadonlyMap<string, string | undefined>;
  /** Default `review`: downgrades allowed, one tier at most. */
  mode?: TierMode;
}

/**
 * Every member's balance, lapsed and soon-expiring points, qualifying points and reviewed tier,
 * from one pass over a ledger in any order. Results are ordered by member id. Entries after `asOf`
 * are ignored. Qualifying is always in points: spend lives in orders, not in the ledger.
 *
 * Written for whole-programme runs (an expiry run, a tier review, a report over millions of
 * entries). Memory access is the cost at that size, so the entries are read once, in the order
 * given, into compact typed arrays; each member's entries are then found through a counting sort
 * and walked in those arrays, touching an entry object again only for the rare expire entry.
 * The property tests hold it to `ledgerState`, the per-member reading.
 */
export function summarizeLedgers(
  entries: readonly LoyaltyEntry[],
  program: LoyaltyProgram,
  options: SummarizeOptions,
): MemberLedgerSummary[] {
  const table = readLedger(entries, program, options.asOf);
  const { ids, start, order, points, kind, lapse, sorted } = table;
  const tierIndexById = new Map(program.tiers.map((tier, index) => [tier.id, index]));
  const mode = options.mode ?? 'review';
  let lots = new Int32Array(64);
  const expiredBy = new Map<string, number>();
  const byId = ids.map((_, index) => index).sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1));
  const out: MemberLedgerSummary[] = new Array(ids.length);
  for (let m = 0; m < byId.length; m++) {
    const member = byId[m]!;
    const first = start[member]!;
    const end = start[member + 1]!;
    if (end - first > lots.length) lots = new Int32Array(2 * (end - first));
    let balance = 0;
    let debits = 0;
    let qualifying = 0;
    let lotCount = 0;
    for (let k = first; k < end; k++) {
      const i = order[k]!;
      const p = points[i]!;
      const what = kind[i]!;
      balance += p;
      if (what & QUALIFIES) qualifying += p;
      if (what & LOT) lots[lotCount++] = i;
      else if (what & EXPIRE) {
        const source = entries[i]!.sourceId;
        expiredBy.set(source, (expiredBy.get(source) ?? 0) - p);
      } else debits -= p;
    }
    if (!sorted) lots.subarray(0, lotCount).sort((a, b) => lotOrder(entries[a]!, entries[b]!));
    let lapsed = 0;
    let lapsedLots = 0;
    let soon30 = 0;
    let soon90 = 0;
    for (let l = 0; l < lotCount; l++) {
      const i = lots[l]!;
      let capacity = points[i]!;
      if (expiredBy.size) {
        const id = entries[i]!.id;
        const expired = expiredBy.get(id);
        if (expired !== undefined) {
          expiredBy.delete(id);
          if (expired > capacity) debits += expired - capacity;
          capacity = expired > capacity ? 0 : capacity - expired;
        }
      }
      const used = debits > 0 ? Math.min(debits, capacity) : 0;
      debits -= used;
      const remaining = capacity - used;
      if (remaining === 0) continue;
      const when = lapse[i]!;
      if (when === LAPSED) {
        lapsed += remaining;
        lapsedLots++;
      } else if (when === WITHIN_30) {
        soon30 += remaining;
        soon90 += remaining;
      } else if (when === WITHIN_90) soon90 += remaining;
    }
    expiredBy.clear();
    if (qualifying < 0) qualifying = 0;
    const memberId = ids[member]!;
    const currentId = options.tiers?.get(memberId);
    const current = currentId === undefined ? -1 : (tierIndexById.get(currentId) ?? -1);
    const next = program.tiers.length ? nextTierIndex(program, current, qualifying, mode) : -1;
    out[m] = {
      memberId,
      balance,
      available: balance - lapsed,
      lapsed,
      lapsedLots,
      expiringIn30Days: soon30,
      expiringIn90Days: soon90,
      qualifying,
      tierId: next === current ? currentId : program.tiers[next]?.id,
      direction: next > current ? 'up' : next < current ? 'down' : 'same',
    };
  }
  return out;
}

/** Bits of `LedgerTable.kind`; an entry with neither LOT nor EXPIRE is a debit (or its reversal). */
const LOT = 1;
const EXPIRE = 2;
const QUALIFIES = 4;
/** Values of `LedgerTable.lapse`: when a lot lapses relative to `asOf`. */
const LATER = 0;
const LAPSED = 1;
const WITHIN_30 = 2;
const WITHIN_90 = 3;

interface LedgerTable {
  /** Member ids in order of first appearance. */
  ids: string[];
  /** Member `m`'s entry positions are `order[start[m]] … order[start[m + 1] - 1]`, as given. */
  start: Int32Array;
  order: Int32Array;
  points: Float64Array;
  kind: Uint8Array;
  lapse: Uint8Array;
  /**
   * Whether the entries came in time order (by `at`, then id, as a store's `orderBy: 'at'` returns
   * them); then every member's lots already are oldest first and need no sorting.
   */
  sorted: boolean;
}

/** Reads the entries once, in order, into the arrays the per-member walk needs. */
function readLedger(entries: readonly LoyaltyEntry[], program: LoyaltyProgram, asOf: string): LedgerTable {
  const from = windowStart(program, asOf);
  const in30 = addDays(asOf, 30);
  const in90 = addDays(asOf, 90);
  const n = entries.length;
  const index = new Map<string, number>();
  const ids: string[] = [];
  const memberOf = new Int32Array(n);
  const points = new Float64Array(n);
  const kind = new Uint8Array(n);
  const lapse = new Uint8Array(n);
  let counts = new Int32Array(1024);
  let sorted = true;
  let previous: LoyaltyEntry | undefined;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const entry = entries[i]!;
    const at = entry.at;
    if (at > asOf) {
      memberOf[i] = -1;
      continue;
    }
    let member = index.get(entry.memberId);
    if (member === undefined) {
      member = ids.length;
      index.set(entry.memberId, member);
      ids.push(entry.memberId);
      if (member >= counts.length) counts = grow(counts);
    }
    memberOf[i] = member;
    counts[member]!++;
    kept++;
    // Comparing neighbours reads memory that is already in cache; a member's previous lot may not be.
    if (sorted && previous !== undefined && lotOrder(previous, entry) > 0) sorted = false;
    previous = entry;
    const p = entry.points;
    points[i] = p;
    let what = 0;
    if (isLot(entry)) {
      what = LOT;
      const expiresAt = entry.expiresAt;
      lapse[i] =
        expiresAt === undefined
          ? LATER
          : expiresAt <= asOf
            ? LAPSED
            : expiresAt <= in30
              ? WITHIN_30
              : expiresAt <= in90
                ? WITHIN_90
                : LATER;
    } else if (p < 0 && entry.kind === 'expire') what = EXPIRE;
    if ((entry.kind === 'earn' || entry.kind === 'adjust') && at > from) what |= QUALIFIES;
    kind[i] = what;
  }
  const start = new Int32Array(ids.length + 1);
  for (let m = 0; m < ids.length; m++) start[m + 1] = start[m]! + counts[m]!;
  const next = start.slice(0, ids.length);
  const order = new Int32Array(kept);
  for (let i = 0; i < n; i++) {
    const member = memberOf[i]!;
    if (member >= 0) order[next[member]!++] = i;
  }
  return { ids, start, order, points, kind, lapse, sorted };
}

function grow<T extends Int32Array | Uint8Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

function lotOrder(a: LoyaltyEntry, b: LoyaltyEntry): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
