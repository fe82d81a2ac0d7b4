/**
 * How many points an order or an action earns under a programme, with one line per rule that
 * contributed, so a member (or a rep answering the phone) can see why: base points from spend and
 * per order, then the tier multiplier, then the best promotion multiplier, then promotion bonuses.
 * Pure functions over plain data.
 */
import { KehuError } from '../errors.ts';
import { minorUnitDigits } from '../funnel/money.ts';
import type { Order } from '../model/order.ts';
import { type LoyaltyProgram, labelIn, type Promotion, tierIndex } from './program.ts';

export interface EarningLine {
  /** `spend`, `order`, `action:<name>`, `tier:<id>`, `promotion:<id>`. */
  rule: string;
  points: number;
  /** A readable sentence (English) naming the figures behind the points. */
  reason: string;
}

export interface Earning {
  /** Always the sum of `lines`. */
  points: number;
  lines: EarningLine[];
}

/** The order fields earning looks at. */
export type EarningOrder = Pick<Order, 'status' | 'amount' | 'orderedAt' | 'channel'>;

const NONE: Earning = Object.freeze({ points: 0, lines: [] }) as Earning;

export function formatMinor(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return `${currency} ${(amount / 10 ** digits).toFixed(digits)}`;
}

function thousandths(multiplier: number): bigint {
  return BigInt(Math.round(multiplier * 1000));
}

/** `floor(points × Π multipliers)`, exact: BigInt over integer thousandths. */
function multiply(points: number, ...multipliers: number[]): number {
  let scaled = BigInt(points);
  let scale = 1n;
  for (const multiplier of multipliers) {
    scaled *= thousandths(multiplier);
    scale *= 1000n;
  }
  return Number(scaled / scale);
}

function promotionApplies(promotion: Promotion, order: EarningOrder): boolean {
  return (
    promotion.from <= order.orderedAt &&
    order.orderedAt < promotion.to &&
    order.amount.amount >= promotion.minAmount &&
    (promotion.channels === undefined || promotion.channels.includes(order.channel))
  );
}

/**
 * Points for a paid order in the programme currency; refunded, cancelled and foreign-currency
 * orders earn nothing. Promotions are judged by when the order was placed (`orderedAt`), the tier
 * multiplier by the tier the member held when it was recorded (`tierId`).
 */
export function orderEarning(program: LoyaltyProgram, order: EarningOrder, tierId?: string): Earning {
  if (order.status !== 'paid' || order.amount.currency !== program.currency) return NONE;
  const { spend, order: perOrder } = program.earning;
  const amount = order.amount.amount;
  const lines: EarningLine[] = [];
  if (spend && amount >= spend.per) {
    const units = Math.floor(amount / spend.per);
    lines.push({
      rule: 'spend',
      points: units * spend.points,
      reason: `${formatMinor(amount, program.currency)} spent: ${units} × ${spend.points} per ${formatMinor(
        spend.per,
        program.currency,
      )}`,
    });
  }
  if (perOrder && amount >= perOrder.minAmount) {
    lines.push({ rule: 'order', points: perOrder.points, reason: `${perOrder.points} per order` });
  }
  const base = lines.reduce((sum, line) => sum + line.points, 0);
  const tier = program.tiers[tierIndex(program, tierId)];
  const applying = program.promotions.filter((promotion) => promotionApplies(promotion, order));
  const best = applying.reduce<Promotion | undefined>(
    (top, promotion) =>
      promotion.multiplier !== undefined && promotion.multiplier > (top?.multiplier ?? 1) ? promotion : top,
    undefined,
  );
  const tierMultiplier = tier?.multiplier ?? 1;
  const afterTier = multiply(base, tierMultiplier);
  if (tier && afterTier !== base) {
    lines.push({
      rule: `tier:${tier.id}`,
      points: afterTier - base,
      reason: `${labelIn(tier.label)} tier ×${tierMultiplier} on ${base} base points`,
    });
  }
  if (best) {
    const afterPromotion = multiply(base, tierMultiplier, best.multiplier ?? 1);
    lines.push({
      rule: `promotion:${best.id}`,
      points: afterPromotion - afterTier,
      reason: `${promotionName(best)} ×${best.multiplier}`,
    });
  }
  for (const promotion of applying) {
    if (promotion.bonus === undefined) continue;
    lines.push({
      rule: `promotion:${promotion.id}`,
      points: promotion.bonus,
      reason: `${promotionName(promotion)} bonus`,
    });
  }
  return total(lines);
}

function promotionName(promotion: Promotion): string {
  return promotion.label === undefined ? promotion.id : labelIn(promotion.label);
}

function total(lines: EarningLine[]): Earning {
  const kept = lines.filter((line) => line.points !== 0);
  return { points: kept.reduce((sum, line) => sum + line.points, 0), lines: kept };
}

/**
 * Points for an action the programme rewards (`referral`, `review`…). An action the programme
 * does not know is `VALIDATION` on `action`: a typo must not silently earn nothing.
 */
export function actionEarning(program: LoyaltyProgram, action: string, tierId?: string): Earning {
  const rule = Object.hasOwn(program.earning.actions, action) ? program.earning.actions[action] : undefined;
  if (!rule) {
    throw new KehuError('VALIDATION', `The loyalty program has no earning rule for action ${action}`, {
      issues: [{ path: ['action'], message: `Unknown action ${action}`, code: 'unknown_action' }],
    });
  }
  const name = rule.label === undefined ? action : labelIn(rule.label);
  const lines: EarningLine[] = [{ rule: `action:${action}`, points: rule.points, reason: `${name}` }];
  const tier = program.tiers[tierIndex(program, tierId)];
  if (rule.tierMultiplier && tier) {
    const multiplied = multiply(rule.points, tier.multiplier);
    lines.push({
      rule: `tier:${tier.id}`,
      points: multiplied - rule.points,
      reason: `${labelIn(tier.label)} tier ×${tier.multiplier} on ${rule.points} base points`,
    });
  }
  return total(lines);
}
