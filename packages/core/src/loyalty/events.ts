/**
 * The payloads of the loyalty domain events (`points.earned`, `points.redeemed`, `points.adjusted`,
 * `points.expired`, `tier.changed`). They follow the facade's convention — the `entity` the event
 * is about, `previous` where something changed, the `actorId` — and are emitted after commit.
 */
import type { LoyaltyEntry, Member } from '../model/loyalty.ts';
import type { Order } from '../model/order.ts';
import type { EarningLine } from './earning.ts';
import type { Reward } from './program.ts';

interface Announced {
  /** The acting user, `undefined` for system or anonymous actions. */
  actorId: string | undefined;
}

export interface PointsEarnedEvent extends Announced {
  /** The earn entry (the new lot). */
  entity: LoyaltyEntry;
  member: Member;
  /** The ledger balance after the entry. */
  balance: number;
  /** Why this many points: one line per contributing rule. */
  lines: EarningLine[];
  /** The order that earned them, when an order did. */
  order: Order | undefined;
}

export interface PointsRedeemedEvent extends Announced {
  entity: LoyaltyEntry;
  member: Member;
  balance: number;
  reward: Reward | undefined;
}

export interface PointsAdjustedEvent extends Announced {
  entity: LoyaltyEntry;
  member: Member;
  balance: number;
}

export interface PointsExpiredEvent extends Announced {
  /** The member whose lots lapsed. */
  entity: Member;
  /** One expire entry per lapsed lot, oldest lot first. */
  entries: LoyaltyEntry[];
  /** Points written off, a positive number. */
  points: number;
  balance: number;
}

export interface TierChangedEvent extends Announced {
  entity: Member;
  previous: Member;
  from: string | undefined;
  to: string | undefined;
  direction: 'up' | 'down';
  qualifying: number;
  reason: string;
}

/** A type, not an interface: the facade's event map must be indexable by string. */
export type LoyaltyEvents = {
  'points.earned': PointsEarnedEvent;
  'points.redeemed': PointsRedeemedEvent;
  'points.adjusted': PointsAdjustedEvent;
  'points.expired': PointsExpiredEvent;
  'tier.changed': TierChangedEvent;
};
