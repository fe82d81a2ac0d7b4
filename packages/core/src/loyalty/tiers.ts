/**
 * Tier movement (会员等级升降). The rule, chosen so that members never fall by surprise:
 *
 * - **Upgrade at once**, on any evaluation: to the highest tier whose `threshold` the qualifying
 *   amount (points or spend over the rolling window) reaches — several tiers at a time if earned.
 * - **Downgrade only at a review** (`crm.loyalty.reviewTiers`, run on the programme's cadence),
 *   **one tier per review**, and only when the qualifying amount has fallen below the current
 *   tier's `retain` (default: its threshold). A purchase never lowers a tier.
 *
 * For a fixed current tier the result is monotone in the qualifying amount: more never gives a
 * lower tier. Pure functions.
 */
import type { LoyaltyEntry } from '../model/loyalty.ts';
import { addDays } from './ledger.ts';
import { type LoyaltyProgram, labelIn, type Tier, tierIndex } from './program.ts';

/** `upgrade`: what orders and actions do. `review`: the periodic evaluation that may also downgrade. */
export type TierMode = 'upgrade' | 'review';

export interface TierDecision {
  /** The tier before; `undefined` for none. */
  from: string | undefined;
  /** The tier after; equals `from` when nothing changes. */
  to: string | undefined;
  direction: 'up' | 'down' | 'same';
  qualifying: number;
  /** Readable (English): the figures that decided. */
  reason: string;
}

/** The highest tier `qualifying` reaches, -1 for none. */
export function qualifiedIndex(program: LoyaltyProgram, qualifying: number): number {
  let index = -1;
  for (let i = 0; i < program.tiers.length; i++) {
    if (program.tiers[i]!.threshold <= qualifying) index = i;
    else break;
  }
  return index;
}

function retainOf(tier: Tier): number {
  return tier.retain ?? tier.threshold;
}

function name(tier: Tier | undefined): string {
  return tier ? labelIn(tier.label) : 'no tier';
}

/** The tier index after one evaluation (see the module comment for the rule). */
export function nextTierIndex(
  program: LoyaltyProgram,
  current: number,
  qualifying: number,
  mode: TierMode,
): number {
  const qualified = qualifiedIndex(program, qualifying);
  if (qualified > current) return qualified;
  if (mode === 'review' && current >= 0 && qualifying < retainOf(program.tiers[current]!)) return current - 1;
  return current;
}

export function evaluateTier(
  program: LoyaltyProgram,
  currentTierId: string | undefined,
  qualifying: number,
  mode: TierMode,
): TierDecision {
  const current = tierIndex(program, currentTierId);
  const next = nextTierIndex(program, current, qualifying, mode);
  const unit = program.qualification.metric === 'points' ? 'points' : `${program.currency} minor units spent`;
  const window = `${qualifying} ${unit} in ${program.qualification.windowDays} days`;
  // A tier the programme no longer knows stays stored until there is a real tier to replace it.
  const from = current === -1 ? currentTierId : program.tiers[current]!.id;
  if (next === current) {
    return {
      from,
      to: from,
      direction: 'same',
      qualifying,
      reason: `Stays at ${name(program.tiers[current])}: ${window}`,
    };
  }
  const to = program.tiers[next];
  if (next > current) {
    return {
      from,
      to: to!.id,
      direction: 'up',
      qualifying,
      reason: `Up to ${name(to)}: ${window} reaches its threshold of ${to!.threshold}`,
    };
  }
  return {
    from,
    to: to?.id,
    direction: 'down',
    qualifying,
    reason: `Down to ${name(to)}: ${window} is below the ${retainOf(program.tiers[current]!)} needed to keep ${name(program.tiers[current])}`,
  };
}

export interface TierProgress {
  tier: Tier | undefined;
  next: Tier | undefined;
  qualifying: number;
  /** How much more qualifying amount reaches `next`; 0 at the top tier. */
  needed: number;
  /** How much more is needed to keep `tier` at the next review; 0 when it is safe. */
  toKeep: number;
}

export function tierProgress(
  program: LoyaltyProgram,
  tierId: string | undefined,
  qualifying: number,
): TierProgress {
  const index = tierIndex(program, tierId);
  const tier = program.tiers[index];
  const next = program.tiers[index + 1];
  return {
    tier,
    next,
    qualifying,
    needed: next ? Math.max(0, next.threshold - qualifying) : 0,
    toKeep: tier ? Math.max(0, retainOf(tier) - qualifying) : 0,
  };
}

/** The window's start: entries after it (and at or before `asOf`) qualify. */
export function windowStart(program: LoyaltyProgram, asOf: string): string {
  return addDays(asOf, -program.qualification.windowDays);
}

/**
 * Qualifying points over the window ending at `asOf`: earned points plus adjustments (which
 * correct earning, e.g. a refund taking its points back), never below zero.
 */
export function qualifyingPoints(
  entries: readonly LoyaltyEntry[],
  program: LoyaltyProgram,
  asOf: string,
): number {
  const from = windowStart(program, asOf);
  let total = 0;
  for (const entry of entries) {
    if ((entry.kind === 'earn' || entry.kind === 'adjust') && entry.at > from && entry.at <= asOf) {
      total += entry.points;
    }
  }
  return Math.max(total, 0);
}
