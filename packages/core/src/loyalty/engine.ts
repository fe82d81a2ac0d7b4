/**
 * The `CrmEngines['loyalty']` engine for a programme:
 * `createCrm({ engines: { loyalty: loyaltyEngine(program) } })`. Recording a paid order then earns
 * its points and lets the tier rise in the order's own transaction, and `crm.loyalty` (redeem,
 * expire, status…) appears on the facade, working under the same programme.
 */
import type { EngineContext, LoyaltyEngine } from '../crm/engines.ts';
import type { Order } from '../model/order.ts';
import { type EarningLine, orderEarning } from './earning.ts';
import { credit, type LedgerOutcome, LOYALTY_COLLECTIONS, orderMember } from './member-ledger.ts';
import { defineLoyaltyProgram, type LoyaltyProgram, type Reward } from './program.ts';

/** Queues an event until the action commits (the facade's `emit`). */
type LoyaltyEmit = NonNullable<EngineContext['emit']>;

export interface LoyaltyProgramEngine extends LoyaltyEngine {
  /** The validated programme the engine (and `crm.loyalty`) works under. */
  readonly program: LoyaltyProgram;
}

/** Whether an engine carries a programme, i.e. was made by `loyaltyEngine`. */
export function hasLoyaltyProgram(engine: LoyaltyEngine | undefined): engine is LoyaltyProgramEngine {
  return engine !== undefined && 'program' in engine && typeof engine.program === 'object';
}

/**
 * Makes the engine. `program` may be a definition not yet validated: it is checked here, so a
 * malformed one fails at start-up (`VALIDATION` with the path), not at the first order.
 */
export function loyaltyEngine(program: unknown): LoyaltyProgramEngine {
  const defined = defineLoyaltyProgram(program);
  const engine: LoyaltyProgramEngine = {
    program: defined,
    collections: LOYALTY_COLLECTIONS,
    async onOrderRecorded(tx, order, context) {
      // Refunded and cancelled orders neither earn nor count as spend.
      if (order.status !== 'paid') return;
      const member = await orderMember(tx, defined, order);
      if (!member) return;
      const earning = orderEarning(defined, order, member.tierId);
      const at = new Date(context.now).toISOString();
      const outcome = await credit({ tx, program: defined, at }, member, {
        kind: 'earn',
        sourceId: order.id,
        earning,
        spend: order.amount.currency === defined.currency,
      });
      if (context.emit) announceCredit(context.emit, outcome, context.actorId, earning.lines, order);
    },
  };
  return Object.freeze(engine);
}

export function announceCredit(
  emit: LoyaltyEmit,
  outcome: LedgerOutcome,
  actorId: string | undefined,
  lines: EarningLine[],
  order?: Order,
): void {
  const { entry, member, balance } = outcome;
  if (entry && !outcome.duplicate) {
    if (entry.kind === 'earn')
      emit('points.earned', { entity: entry, member, balance, lines, order, actorId });
    else emit('points.adjusted', { entity: entry, member, balance, actorId });
  }
  announceTier(emit, outcome, actorId);
}

export function announceDebit(
  emit: LoyaltyEmit,
  outcome: LedgerOutcome,
  actorId: string | undefined,
  reward?: Reward,
): void {
  announceExpiry(emit, outcome, actorId, outcome.balance + (outcome.entry ? -outcome.entry.points : 0));
  const { entry, member, balance } = outcome;
  if (!entry || outcome.duplicate) return;
  if (entry.kind === 'redeem') emit('points.redeemed', { entity: entry, member, balance, reward, actorId });
  else emit('points.adjusted', { entity: entry, member, balance, actorId });
}

/** `balance` is the balance right after the expiry (before any debit that followed it). */
export function announceExpiry(
  emit: LoyaltyEmit,
  outcome: LedgerOutcome,
  actorId: string | undefined,
  balance = outcome.balance,
): void {
  if (outcome.expired.length === 0) return;
  const points = -outcome.expired.reduce((total, entry) => total + entry.points, 0);
  emit('points.expired', { entity: outcome.member, entries: outcome.expired, points, balance, actorId });
}

export function announceTier(
  emit: LoyaltyEmit,
  outcome: Pick<LedgerOutcome, 'member' | 'previous' | 'tier'>,
  actorId: string | undefined,
): void {
  const tier = outcome.tier;
  if (!tier || tier.direction === 'same') return;
  emit('tier.changed', {
    entity: outcome.member,
    previous: outcome.previous,
    from: tier.from,
    to: tier.to,
    direction: tier.direction,
    qualifying: tier.qualifying,
    reason: tier.reason,
    actorId,
  });
}
