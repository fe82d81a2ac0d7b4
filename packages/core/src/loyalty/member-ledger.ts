/**
 * The ledger operations on one member, inside a store transaction: earn, redeem, adjust, expire and
 * review the tier. Shared by the order engine and the `crm.loyalty` service so that both write the
 * same way:
 *
 * - every entry has a deterministic id written with `expectedVersion: 0` — a source earns (or
 *   redeems, or expires a lot) once, even when two tabs race;
 * - every debit first settles lapsed lots (writes their expire entries), then checks the points
 *   available and writes nothing at all if they fall short (`INSUFFICIENT_POINTS`);
 * - every debit re-saves the member card at the version read, so two debits racing on one card
 *   in stores without serialised transactions get one success and one `CONFLICT` — never an
 *   overdraft. Earning cannot overdraw, so it only writes the card when the tier changes.
 *
 * Reads come before writes where possible: an in-memory transaction answers queries on a
 * collection it has written to by scanning it.
 */
import { KehuError } from '../errors.ts';
import type { EntityInput } from '../model/collections.ts';
import type { LoyaltyEntry, Member } from '../model/loyalty.ts';
import type { Order } from '../model/order.ts';
import type { StoreReader, StoreTransaction } from '../storage/contract.ts';
import { conflict } from '../storage/validate.ts';
import type { Earning } from './earning.ts';
import { addDays, entryId, lapsedLots, ledgerState } from './ledger.ts';
import type { LoyaltyProgram, Reward } from './program.ts';
import { evaluateTier, qualifyingPoints, type TierDecision, type TierMode, windowStart } from './tiers.ts';

/** Every collection the loyalty operations read or write. */
export const LOYALTY_COLLECTIONS = ['members', 'loyaltyEntries', 'orders'] as const;

/** Whether `member` takes part in `program`: an active card of this programme (or of none named). */
export function isEnrolled(program: LoyaltyProgram, member: Member): boolean {
  return member.status === 'active' && (member.programId === undefined || member.programId === program.id);
}

/** Every entry of one member, oldest first: an indexed query by `memberId`. */
export async function memberEntries(reader: StoreReader, memberId: string): Promise<LoyaltyEntry[]> {
  return (await reader.query('loyaltyEntries', { where: { memberId }, orderBy: 'at' })).items;
}

/**
 * The card an account's orders earn on when they name none: its enrolled card that joined first
 * (then by id), so the choice never depends on storage order.
 */
export async function accountMember(
  reader: StoreReader,
  program: LoyaltyProgram,
  accountId: string,
): Promise<Member | undefined> {
  const { items } = await reader.query('members', { where: { accountId } });
  return items
    .filter((member) => isEnrolled(program, member))
    .sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : a.id < b.id ? -1 : 1))[0];
}

/** The card an order earns on: its own, else its account's; `undefined` when none is enrolled. */
export async function orderMember(
  reader: StoreReader,
  program: LoyaltyProgram,
  order: Pick<Order, 'memberId' | 'accountId'>,
): Promise<Member | undefined> {
  if (order.memberId !== undefined) {
    const member = await reader.get('members', order.memberId);
    return member && isEnrolled(program, member) ? member : undefined;
  }
  return order.accountId === undefined ? undefined : accountMember(reader, program, order.accountId);
}

/**
 * Paid spend in the programme currency over the qualification window: the card's own orders, plus
 * its account's orders without a card when this is the card those orders earn on.
 */
export async function creditedSpend(
  reader: StoreReader,
  program: LoyaltyProgram,
  member: Member,
  asOf: string,
): Promise<number> {
  const orderedAt = { gt: windowStart(program, asOf), lte: asOf };
  const own = await reader.query('orders', { where: { memberId: member.id, orderedAt } });
  let orders = own.items;
  if (member.accountId !== undefined) {
    const primary = await accountMember(reader, program, member.accountId);
    if (primary?.id === member.id) {
      const { items } = await reader.query('orders', {
        where: { accountId: member.accountId, memberId: null, orderedAt },
      });
      orders = [...orders, ...items];
    }
  }
  let total = 0;
  for (const order of orders) {
    if (order.status === 'paid' && order.amount.currency === program.currency) total += order.amount.amount;
  }
  return total;
}

export async function qualifyingAmount(
  reader: StoreReader,
  program: LoyaltyProgram,
  member: Member,
  entries: readonly LoyaltyEntry[],
  asOf: string,
): Promise<number> {
  return program.qualification.metric === 'points'
    ? qualifyingPoints(entries, program, asOf)
    : creditedSpend(reader, program, member, asOf);
}

/** What a ledger operation needs besides its subject. */
export interface LedgerAction {
  tx: StoreTransaction;
  program: LoyaltyProgram;
  /** The action's instant as an ISO timestamp; entries and the card are stamped with it. */
  at: string;
}

type EntryFields = Pick<LoyaltyEntry, 'memberId' | 'kind' | 'points' | 'sourceId' | 'at'> &
  Partial<Pick<LoyaltyEntry, 'expiresAt' | 'note'>>;

async function writeEntry(action: LedgerAction, id: string, fields: EntryFields): Promise<LoyaltyEntry> {
  const record: EntityInput<'loyaltyEntries'> = {
    id,
    version: 0,
    createdAt: action.at,
    updatedAt: action.at,
    ...fields,
  };
  if (record.expiresAt === undefined) delete record.expiresAt;
  if (record.note === undefined) delete record.note;
  return action.tx.put('loyaltyEntries', record, { expectedVersion: 0 });
}

/**
 * The entry already written under `id`, if any. A hashed id held by another member or source would
 * be a hash collision: refused as a `CONFLICT` rather than mistaken for a retry.
 */
async function writtenBefore(
  reader: StoreReader,
  id: string,
  memberId: string,
  sourceId: string,
): Promise<LoyaltyEntry | undefined> {
  const existing = await reader.get('loyaltyEntries', id);
  if (existing && (existing.memberId !== memberId || existing.sourceId !== sourceId)) {
    throw new KehuError('CONFLICT', `Ledger entry ${id} belongs to another member or source`, {
      details: { id, memberId, sourceId },
    });
  }
  return existing;
}

async function saveMember(
  action: LedgerAction,
  member: Member,
  tierId: string | undefined,
  expectedVersion: number,
): Promise<Member> {
  const record: EntityInput<'members'> = { ...member, tierId, updatedAt: action.at };
  if (tierId === undefined) delete record.tierId;
  return action.tx.put('members', record, { expectedVersion });
}

function sum(entries: readonly LoyaltyEntry[]): number {
  let total = 0;
  for (const entry of entries) total += entry.points;
  return total;
}

export interface LedgerOutcome {
  /** The card after the operation (a new version when it was re-saved). */
  member: Member;
  previous: Member;
  /** The entry written, or found when the source had already been booked (`duplicate`). */
  entry: LoyaltyEntry | undefined;
  duplicate: boolean;
  /** Expire entries written to settle lapsed lots before a debit. */
  expired: LoyaltyEntry[];
  /** The ledger balance after the operation: the sum of the member's entries. */
  balance: number;
  /** The tier decision, when the operation evaluated the tier. */
  tier: TierDecision | undefined;
}

export interface CreditInput {
  kind: 'earn' | 'adjust';
  sourceId: string;
  earning: Earning;
  note?: string | undefined;
  /** Overrides the programme's expiry for this lot (adjustments only). */
  expiresAt?: string | undefined;
  /** A paid order in the programme currency: it moves a spend-qualified tier even without points. */
  spend?: boolean;
}

/**
 * Books points (a new lot), then lets the tier rise if the qualifying amount now reaches a higher
 * one. A source already booked is a no-op that returns the earlier entry.
 */
/**
 * A source booked before: the same booking again is a no-op that reports the first entry; one
 * with other points (`points`, when given) is a `CONFLICT`, never a second booking.
 */
function alreadyBooked(
  existing: LoyaltyEntry,
  member: Member,
  entries: readonly LoyaltyEntry[],
  sourceId: string,
  points: number | undefined,
): LedgerOutcome {
  if (points !== undefined && existing.points !== points) {
    throw new KehuError('CONFLICT', `Source ${sourceId} already booked ${existing.points} points`, {
      details: { id: existing.id, sourceId, points: existing.points },
    });
  }
  return {
    member,
    previous: member,
    entry: existing,
    duplicate: true,
    expired: [],
    balance: sum(entries),
    tier: undefined,
  };
}

export async function credit(
  action: LedgerAction,
  member: Member,
  input: CreditInput,
): Promise<LedgerOutcome> {
  const id = entryId(input.kind, member.id, input.sourceId);
  const existing = await writtenBefore(action.tx, id, member.id, input.sourceId);
  const entries = await memberEntries(action.tx, member.id);
  if (existing) {
    // An order or action earns once whatever it would earn now; an adjustment must repeat exactly.
    const repeat = input.kind === 'adjust' ? input.earning.points : undefined;
    return alreadyBooked(existing, member, entries, input.sourceId, repeat);
  }
  let entry: LoyaltyEntry | undefined;
  if (input.earning.points > 0) {
    const { program } = action;
    const expiresAt =
      input.expiresAt ?? (program.expiry ? addDays(action.at, program.expiry.days) : undefined);
    entry = await writeEntry(action, id, {
      memberId: member.id,
      kind: input.kind,
      points: input.earning.points,
      sourceId: input.sourceId,
      at: action.at,
      expiresAt,
      note: input.note,
    });
  }
  const after = entry ? [...entries, entry] : entries;
  // Only what changed the qualifying amount can move the tier.
  const moved = action.program.qualification.metric === 'points' ? entry !== undefined : input.spend === true;
  const tier = moved
    ? await reviewTier(action, member, after, action.at, 'upgrade')
    : { member, previous: member, tier: undefined };
  return { ...tier, entry, duplicate: false, expired: [], balance: sum(after) };
}

/** Re-evaluates the tier as of `asOf` and saves the card when it moves. */
export async function reviewTier(
  action: LedgerAction,
  member: Member,
  entries: readonly LoyaltyEntry[],
  asOf: string,
  mode: TierMode,
  expectedVersion = member.version,
): Promise<{ member: Member; previous: Member; tier: TierDecision | undefined }> {
  const { program } = action;
  if (program.tiers.length === 0) return { member, previous: member, tier: undefined };
  const qualifying = await qualifyingAmount(action.tx, program, member, entries, asOf);
  const decision = evaluateTier(program, member.tierId, qualifying, mode);
  if (decision.direction === 'same') return { member, previous: member, tier: decision };
  const saved = await saveMember(action, member, decision.to, expectedVersion);
  return { member: saved, previous: member, tier: decision };
}

/**
 * Writes off every lot of `member` that lapsed by `asOf`: one expire entry per lot, dated when the
 * lot lapsed, carrying the lot's id as its source. Returns the entries written.
 */
export async function settle(
  action: LedgerAction,
  member: Member,
  entries: readonly LoyaltyEntry[],
  asOf: string,
): Promise<LoyaltyEntry[]> {
  const written: LoyaltyEntry[] = [];
  for (const lot of lapsedLots(ledgerState(entries, asOf), asOf)) {
    written.push(
      await writeEntry(action, entryId('expire', member.id, lot.id), {
        memberId: member.id,
        kind: 'expire',
        points: -lot.remaining,
        sourceId: lot.id,
        at: lot.expiresAt!,
      }),
    );
  }
  return written;
}

export interface DebitInput {
  kind: 'redeem' | 'adjust';
  points: number;
  sourceId: string;
  note?: string | undefined;
  reward?: Reward | undefined;
  /** The card version the caller read; default: the version read in this transaction. */
  expectedVersion?: number | undefined;
}

/**
 * Takes points off (oldest lots first): settles lapsed lots, refuses with `INSUFFICIENT_POINTS`
 * if the points still available fall short (the transaction then keeps nothing), writes the
 * entry and re-saves the card. A source already booked for the same points is a no-op.
 */
export async function debit(action: LedgerAction, member: Member, input: DebitInput): Promise<LedgerOutcome> {
  const id = entryId(input.kind, member.id, input.sourceId);
  const existing = await writtenBefore(action.tx, id, member.id, input.sourceId);
  const entries = await memberEntries(action.tx, member.id);
  if (existing) return alreadyBooked(existing, member, entries, input.sourceId, -input.points);
  if (input.expectedVersion !== undefined && input.expectedVersion !== member.version) {
    throw conflict('members', member.id, input.expectedVersion, member.version);
  }
  const expired = await settle(action, member, entries, action.at);
  const settled = [...entries, ...expired];
  const available = ledgerState(settled, action.at).available;
  if (available < input.points) {
    throw new KehuError(
      'INSUFFICIENT_POINTS',
      `Member ${member.id} has ${available} points available, ${input.points} requested`,
      { details: { memberId: member.id, available, requested: input.points } },
    );
  }
  const entry = await writeEntry(action, id, {
    memberId: member.id,
    kind: input.kind,
    points: -input.points,
    sourceId: input.sourceId,
    at: action.at,
    note: input.note ?? input.reward?.id,
  });
  const saved = await saveMember(action, member, member.tierId, member.version);
  const balance = sum(settled) - input.points;
  return { member: saved, previous: member, entry, duplicate: false, expired, balance, tier: undefined };
}

/** Settles the member's lots lapsed by `asOf`; re-saves the card only when something expired. */
export async function expireMember(
  action: LedgerAction,
  member: Member,
  asOf: string,
): Promise<LedgerOutcome> {
  const entries = await memberEntries(action.tx, member.id);
  const expired = await settle(action, member, entries, asOf);
  const saved = expired.length ? await saveMember(action, member, member.tierId, member.version) : member;
  const balance = sum(entries) + sum(expired);
  return {
    member: saved,
    previous: member,
    entry: undefined,
    duplicate: false,
    expired,
    balance,
    tier: undefined,
  };
}
