/**
 * `crm.loyalty`: the member-facing side of a loyalty programme — earn for actions, redeem, adjust,
 * the expiry run, the tier review and a member's status. It exists when `createCrm` was given
 * `engines.loyalty = loyaltyEngine(program)` and works under that engine's programme. Each call on a
 * member is one transaction; events are emitted after it commits.
 */
import { z } from 'zod';
import { KehuError, parseOrThrow } from '../errors.ts';
import { actionEarning, type Earning } from '../loyalty/earning.ts';
import {
  announceCredit,
  announceDebit,
  announceExpiry,
  announceTier,
  hasLoyaltyProgram,
} from '../loyalty/engine.ts';
import { ledgerState } from '../loyalty/ledger.ts';
import {
  accountMember,
  credit,
  debit,
  expireMember,
  isEnrolled,
  type LedgerAction,
  type LedgerOutcome,
  LOYALTY_COLLECTIONS,
  memberEntries,
  reviewTier,
} from '../loyalty/member-ledger.ts';
import { findReward, type LoyaltyProgram, type Reward } from '../loyalty/program.ts';
import { type LoyaltyStatus, loyaltyStatus } from '../loyalty/status.ts';
import { evaluateTier, type TierDecision, windowStart } from '../loyalty/tiers.ts';
import { IdSchema, TimestampSchema } from '../model/common.ts';
import type { LoyaltyEntry, Member } from '../model/loyalty.ts';
import type { StoreReader } from '../storage/contract.ts';
import { conflict } from '../storage/validate.ts';
import { type ActionScope, type CrmContext, runAction } from './context.ts';
import { missingRecord } from './references.ts';
import { parseId } from './validation.ts';

const SourceIdSchema = z.string().min(1).max(128);
const NoteSchema = z.string().max(500);

export const EarnForActionSchema = z.strictObject({
  /** A key of the programme's `earning.actions` (`referral`, `review`…). */
  action: z.string().min(1).max(64),
  /** The referral, review… id: the same source never earns twice for one member. */
  sourceId: SourceIdSchema,
  note: NoteSchema.optional(),
});
export type EarnForActionInput = z.input<typeof EarnForActionSchema>;

export const RedeemSchema = z
  .strictObject({
    /** Points to take, or `rewardId` to take the reward's cost; exactly one of the two. */
    points: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    rewardId: IdSchema.optional(),
    /** The redemption's own id (a voucher, a POS receipt): retrying it never redeems twice. */
    sourceId: SourceIdSchema,
    /** The member card's version the caller read; a card that moved on is a `CONFLICT`. */
    expectedVersion: z.int().nonnegative().optional(),
    note: NoteSchema.optional(),
  })
  .refine((input) => (input.points === undefined) !== (input.rewardId === undefined), {
    message: 'Give either points or rewardId',
    path: ['points'],
  });
export type RedeemInput = z.input<typeof RedeemSchema>;

export const AdjustSchema = z.strictObject({
  /** Positive adds a lot; negative takes points like a redemption and never overdraws. */
  points: z
    .int()
    .min(-Number.MAX_SAFE_INTEGER)
    .max(Number.MAX_SAFE_INTEGER)
    .refine((points) => points !== 0, { message: 'An adjustment moves at least one point' }),
  sourceId: SourceIdSchema,
  /** Why: an adjustment is a manual correction and always says so. */
  note: NoteSchema.min(1),
  /** When an added lot lapses; default: the programme's expiry from now. */
  expiresAt: TimestampSchema.optional(),
  expectedVersion: z.int().nonnegative().optional(),
});
export type AdjustInput = z.input<typeof AdjustSchema>;

const AsOfSchema = z.strictObject({ asOf: TimestampSchema.optional() });
export type AsOfOptions = z.input<typeof AsOfSchema>;

export interface EarnResult extends LedgerOutcome {
  earning: Earning;
}

export interface RedeemResult extends LedgerOutcome {
  reward: Reward | undefined;
}

export interface ExpiryRun {
  asOf: string;
  /** Members whose lots were written off. */
  members: number;
  /** Every expire entry written, member by member. */
  entries: LoyaltyEntry[];
  /** Points written off in total. */
  points: number;
}

export interface TierReviewRun {
  asOf: string;
  /** Enrolled members looked at. */
  reviewed: number;
  /** The members whose tier moved, with the decision that moved it. */
  changes: (TierDecision & { memberId: string })[];
}

export interface LoyaltyService {
  /** The programme `crm.loyalty` works under (the engine's). */
  readonly program: LoyaltyProgram;
  /** Balance, lapsing points, tier and progress, lots; as of now unless `asOf` is given. */
  status(memberId: string, options?: AsOfOptions): Promise<LoyaltyStatus>;
  /** Points for an action the programme rewards; a source already booked returns its entry (`duplicate`). */
  earnForAction(memberId: string, input: EarnForActionInput): Promise<EarnResult>;
  /**
   * Takes points, oldest lots first, after writing off lapsed ones. More than is available is
   * `INSUFFICIENT_POINTS` and nothing is written; a `sourceId` already redeemed for the same points
   * returns that entry (`duplicate`).
   */
  redeem(memberId: string, input: RedeemInput): Promise<RedeemResult>;
  /** A manual correction with a note; negative adjustments never overdraw. */
  adjust(memberId: string, input: AdjustInput): Promise<LedgerOutcome>;
  /**
   * Writes off every lot lapsed by `asOf` (default now; never in the future): one expire entry per
   * lot, one transaction per member. Running it again writes nothing.
   */
  expire(asOf?: string): Promise<ExpiryRun>;
  /**
   * The periodic tier review as of `asOf` (default now): upgrades where earned, and drops members
   * below their tier's `retain` by one tier. One transaction per member that moves.
   */
  reviewTiers(asOf?: string): Promise<TierReviewRun>;
}

function notEnrolled(program: LoyaltyProgram, member: Member): KehuError {
  const why =
    member.status !== 'active'
      ? `is ${member.status}`
      : `belongs to program ${member.programId ?? '(none)'}, not ${program.id}`;
  return new KehuError('GUARD_REJECTED', `Member card ${member.id} ${why}`, {
    details: { memberId: member.id, status: member.status, programId: member.programId },
  });
}

function parseAsOf(ctx: CrmContext, asOf: unknown): string {
  const now = new Date(ctx.clock.now()).toISOString();
  const parsed = parseOrThrow(AsOfSchema, { asOf }, 'options').asOf ?? now;
  if (parsed > now) {
    throw new KehuError('VALIDATION', 'Points cannot be expired or tiers reviewed ahead of time', {
      issues: [{ path: ['asOf'], message: `${parsed} is in the future`, code: 'future_date' }],
    });
  }
  return parsed;
}

/** The service, or `undefined` when the facade has no programme (no engine, or a custom one). */
export function createLoyaltyService(ctx: CrmContext): LoyaltyService | undefined {
  const engine = ctx.engines.loyalty;
  if (!hasLoyaltyProgram(engine)) return undefined;
  const { program } = engine;
  const collections = [...LOYALTY_COLLECTIONS];

  const enrolledMember = async (reader: StoreReader, memberId: string): Promise<Member> => {
    const member = await reader.get('members', memberId);
    if (!member) throw missingRecord('members', memberId);
    if (!isEnrolled(program, member)) throw notEnrolled(program, member);
    return member;
  };

  /** Runs one ledger operation on one member in its own transaction. */
  const onMember = <R>(
    memberId: string,
    work: (ledger: LedgerAction, member: Member, action: ActionScope) => Promise<R>,
  ): Promise<R> => {
    parseId(memberId, ['memberId']);
    return runAction(ctx, collections, async (action) => {
      const member = await enrolledMember(action.tx, memberId);
      return work({ tx: action.tx, program, at: action.at }, member, action);
    });
  };

  return Object.freeze({
    program,

    async status(memberId, options = {}) {
      parseId(memberId, ['memberId']);
      const asOf =
        parseOrThrow(AsOfSchema, options, 'options').asOf ?? new Date(ctx.clock.now()).toISOString();
      const member = await ctx.store.get('members', memberId);
      if (!member) throw missingRecord('members', memberId);
      return loyaltyStatus(ctx.store, program, member, asOf);
    },

    async earnForAction(memberId, input) {
      const parsed = parseOrThrow(EarnForActionSchema, input, 'action earning');
      return onMember(memberId, async (ledger, member, action) => {
        const earning = actionEarning(program, parsed.action, member.tierId);
        const outcome = await credit(ledger, member, {
          kind: 'earn',
          sourceId: parsed.sourceId,
          earning,
          note: parsed.note,
        });
        announceCredit(action.emit, outcome, action.actorId, earning.lines);
        return { ...outcome, earning };
      });
    },

    async redeem(memberId, input) {
      const parsed = parseOrThrow(RedeemSchema, input, 'redemption');
      const reward = parsed.rewardId === undefined ? undefined : findReward(program, parsed.rewardId);
      if (parsed.rewardId !== undefined && !reward) {
        throw new KehuError('VALIDATION', `Unknown reward ${parsed.rewardId}`, {
          issues: [
            { path: ['rewardId'], message: `Unknown reward ${parsed.rewardId}`, code: 'unknown_reward' },
          ],
        });
      }
      const points = reward ? reward.cost : parsed.points!;
      return onMember(memberId, async (ledger, member, action) => {
        const outcome = await debit(ledger, member, {
          kind: 'redeem',
          points,
          sourceId: parsed.sourceId,
          note: parsed.note,
          reward,
          expectedVersion: parsed.expectedVersion,
        });
        announceDebit(action.emit, outcome, action.actorId, reward);
        return { ...outcome, reward };
      });
    },

    async adjust(memberId, input) {
      const parsed = parseOrThrow(AdjustSchema, input, 'adjustment');
      return onMember(memberId, async (ledger, member, action) => {
        if (parsed.points < 0) {
          const outcome = await debit(ledger, member, {
            kind: 'adjust',
            points: -parsed.points,
            sourceId: parsed.sourceId,
            note: parsed.note,
            expectedVersion: parsed.expectedVersion,
          });
          announceDebit(action.emit, outcome, action.actorId);
          return outcome;
        }
        if (parsed.expectedVersion !== undefined && parsed.expectedVersion !== member.version) {
          throw conflict('members', member.id, parsed.expectedVersion, member.version);
        }
        const outcome = await credit(ledger, member, {
          kind: 'adjust',
          sourceId: parsed.sourceId,
          earning: { points: parsed.points, lines: [] },
          note: parsed.note,
          expiresAt: parsed.expiresAt,
        });
        announceCredit(action.emit, outcome, action.actorId, []);
        return outcome;
      });
    },

    async expire(asOfInput) {
      const asOf = parseAsOf(ctx, asOfInput);
      const run: ExpiryRun = { asOf, members: 0, entries: [], points: 0 };
      // Lots that lapsed by `asOf`; a member whose lapsed lots were all used up needs no transaction.
      const lapsed = await ctx.store.query('loyaltyEntries', { where: { expiresAt: { lte: asOf } } });
      const memberIds = [...new Set(lapsed.items.map((lot) => lot.memberId))].sort();
      for (const memberId of memberIds) {
        const entries = await memberEntries(ctx.store, memberId);
        if (ledgerState(entries, asOf).lapsed === 0) continue;
        const outcome = await runAction(ctx, collections, async (action) => {
          const member = await action.tx.get('members', memberId);
          // Lots lapse whatever the card's status; a card moved to another programme is not ours.
          if (!member || (member.programId !== undefined && member.programId !== program.id))
            return undefined;
          const result = await expireMember({ tx: action.tx, program, at: action.at }, member, asOf);
          announceExpiry(action.emit, result, action.actorId);
          return result;
        });
        if (!outcome || outcome.expired.length === 0) continue;
        run.members++;
        run.entries.push(...outcome.expired);
        run.points -= outcome.expired.reduce((total, entry) => total + entry.points, 0);
      }
      return run;
    },

    async reviewTiers(asOfInput) {
      const asOf = parseAsOf(ctx, asOfInput);
      const run: TierReviewRun = { asOf, reviewed: 0, changes: [] };
      if (program.tiers.length === 0) return run;
      const members = (await ctx.store.query('members', { where: { status: 'active' } })).items.filter(
        (member) => isEnrolled(program, member),
      );
      const qualifying = await qualifyingByMember(ctx.store, program, members, asOf);
      run.reviewed = members.length;
      for (const member of members) {
        const decision = evaluateTier(program, member.tierId, qualifying.get(member.id) ?? 0, 'review');
        if (decision.direction === 'same') continue;
        // Re-read and re-decide inside the transaction: the card may have moved since the scan.
        const outcome = await runAction(ctx, collections, async (action) => {
          const current = await action.tx.get('members', member.id);
          if (!current || !isEnrolled(program, current)) return undefined;
          const entries = await memberEntries(action.tx, member.id);
          const ledger = { tx: action.tx, program, at: action.at };
          const result = await reviewTier(ledger, current, entries, asOf, 'review');
          announceTier(action.emit, result, action.actorId);
          return result.tier;
        });
        if (outcome && outcome.direction !== 'same') run.changes.push({ ...outcome, memberId: member.id });
      }
      return run;
    },
  } satisfies LoyaltyService);
}

/**
 * Qualifying amounts for many members from two range scans (ledger by `at`, orders by
 * `orderedAt`) instead of one query per member.
 */
async function qualifyingByMember(
  reader: StoreReader,
  program: LoyaltyProgram,
  members: readonly Member[],
  asOf: string,
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const range = { gt: windowStart(program, asOf), lte: asOf };
  if (program.qualification.metric === 'points') {
    const { items } = await reader.query('loyaltyEntries', { where: { at: range } });
    for (const entry of items) {
      if (entry.kind !== 'earn' && entry.kind !== 'adjust') continue;
      totals.set(entry.memberId, (totals.get(entry.memberId) ?? 0) + entry.points);
    }
    for (const [id, total] of totals) if (total < 0) totals.set(id, 0);
    return totals;
  }
  const byId = new Map(members.map((member) => [member.id, member]));
  const primaryByAccount = new Map<string, string | undefined>();
  const { items } = await reader.query('orders', { where: { orderedAt: range, status: 'paid' } });
  for (const order of items) {
    if (order.amount.currency !== program.currency) continue;
    let memberId = order.memberId;
    if (memberId === undefined && order.accountId !== undefined) {
      if (!primaryByAccount.has(order.accountId)) {
        primaryByAccount.set(order.accountId, (await accountMember(reader, program, order.accountId))?.id);
      }
      memberId = primaryByAccount.get(order.accountId);
    }
    if (memberId === undefined || !byId.has(memberId)) continue;
    totals.set(memberId, (totals.get(memberId) ?? 0) + order.amount.amount);
  }
  return totals;
}
