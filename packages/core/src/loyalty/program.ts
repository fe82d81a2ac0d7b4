/**
 * A loyalty programme (会员积分方案) as plain JSON, validated by zod so an admin screen or a server
 * can store it: how points are earned (per currency unit, per order, per action, tier multipliers,
 * time-boxed promotions), when they expire, which tiers exist and how members move between them,
 * and what rewards cost. `defineLoyaltyProgram` is the one door in.
 */

import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';

import { CurrencyCodeSchema, IdSchema, LocalizedTextSchema, TimestampSchema } from '../model/common.ts';
import { OrderBaseSchema } from '../model/order.ts';

/** A name shown to members and staff: one string, or both first-class languages. */
export const LoyaltyLabelSchema = z.union([z.string().min(1).max(120), LocalizedTextSchema]);
export type LoyaltyLabel = z.infer<typeof LoyaltyLabelSchema>;

/**
 * Multipliers are applied in integer thousandths (BigInt), so a configured 1.15 earns exactly
 * 115 points on 100, never 114 because of binary floating point.
 */
const MultiplierSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, {
    message: 'At most three decimals',
  });

const PointsSchema = z.int().min(1).max(1_000_000_000);

/** Names of actions that earn (`referral`, `review`, `birthday`…); keys of `earning.actions`. */
const ActionNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'Expected a lower-case action name such as referral')
  .refine((name) => name !== '__proto__', { message: 'Reserved name' });

export const OrderChannelSchema = OrderBaseSchema.shape.channel.unwrap();

export const EarningRulesSchema = z.strictObject({
  /** `points` for every whole `per` minor units spent: `{ points: 1, per: 100 }` is 1 point per ¥1. */
  spend: z.strictObject({ points: PointsSchema, per: z.int().min(1).max(1_000_000_000) }).optional(),
  /** Fixed points for every paid order of at least `minAmount` minor units. */
  order: z.strictObject({ points: PointsSchema, minAmount: z.int().min(0).default(0) }).optional(),
  /** Points for things a member does besides buying, earned through `crm.loyalty.earnForAction`. */
  actions: z
    .record(
      ActionNameSchema,
      z.strictObject({
        points: PointsSchema,
        label: LoyaltyLabelSchema.optional(),
        /** Whether the member's tier multiplier applies. Default `false`: a review is worth the same to all. */
        tierMultiplier: z.boolean().default(false),
      }),
    )
    .default({}),
});
export type EarningRules = z.infer<typeof EarningRulesSchema>;

export const PromotionSchema = z
  .strictObject({
    id: IdSchema,
    label: LoyaltyLabelSchema.optional(),
    /** Orders placed at or after `from` and before `to` (by `orderedAt`) qualify. */
    from: TimestampSchema,
    to: TimestampSchema,
    /** Multiplies the base points; when several promotions apply, the highest multiplier wins. */
    multiplier: MultiplierSchema.optional(),
    /** Extra points per qualifying order; the bonuses of every applying promotion add up. */
    bonus: PointsSchema.optional(),
    /** Only orders from these channels qualify; absent: every channel. */
    channels: z.array(OrderChannelSchema).min(1).optional(),
    /** Only orders of at least this many minor units qualify. */
    minAmount: z.int().min(0).default(0),
  })
  .refine((promotion) => promotion.from < promotion.to, {
    message: 'A promotion must end after it starts',
    path: ['to'],
  })
  .refine((promotion) => promotion.multiplier !== undefined || promotion.bonus !== undefined, {
    message: 'A promotion needs a multiplier or a bonus',
    path: ['multiplier'],
  });
export type Promotion = z.infer<typeof PromotionSchema>;

export const TierSchema = z.strictObject({
  id: IdSchema,
  label: LoyaltyLabelSchema,
  /** The qualifying amount (points, or minor units spent) over the window that reaches this tier. */
  threshold: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /**
   * At a tier review, a member whose qualifying amount is below `retain` drops one tier. Default:
   * `threshold`. A lower value gives members room before they lose the tier.
   */
  retain: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Multiplies the points this tier's members earn on orders. Default 1. */
  multiplier: MultiplierSchema.default(1),
});
export type Tier = z.infer<typeof TierSchema>;

export const QualificationSchema = z.strictObject({
  /** `points`: points earned in the window; `spend`: paid order amounts in the programme currency. */
  metric: z.enum(['points', 'spend']).default('points'),
  /** The rolling window in days, ending at the evaluation instant. */
  windowDays: z.int().min(1).max(3650).default(365),
});
export type Qualification = z.infer<typeof QualificationSchema>;

export const RewardSchema = z.strictObject({
  id: IdSchema,
  label: LoyaltyLabelSchema,
  cost: PointsSchema,
});
export type Reward = z.infer<typeof RewardSchema>;

export const LoyaltyProgramSchema = z
  .strictObject({
    id: IdSchema,
    label: LoyaltyLabelSchema,
    /** Orders in other currencies earn no points and no spend. */
    currency: CurrencyCodeSchema,
    earning: EarningRulesSchema.default({ actions: {} }),
    promotions: z.array(PromotionSchema).max(1000).default([]),
    /** Lowest first, thresholds strictly increasing. Empty: a programme without tiers. */
    tiers: z.array(TierSchema).max(50).default([]),
    qualification: QualificationSchema.default({ metric: 'points', windowDays: 365 }),
    /** Every earned lot expires `days` after it was earned; absent: points never expire. */
    expiry: z.strictObject({ days: z.int().min(1).max(36_500) }).optional(),
    rewards: z.array(RewardSchema).max(10_000).default([]),
  })
  .superRefine((program, ctx) => {
    program.tiers.forEach((tier, index) => {
      const previous = program.tiers[index - 1];
      if (previous && tier.threshold <= previous.threshold) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'threshold'],
          message: `Tier thresholds must increase: ${tier.threshold} is not above ${previous.threshold}`,
        });
      }
      if (tier.retain !== undefined && tier.retain > tier.threshold) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', index, 'retain'],
          message: 'A tier cannot ask more to keep it than to reach it',
        });
      }
    });
    duplicates(program.tiers, ['tiers'], ctx);
    duplicates(program.promotions, ['promotions'], ctx);
    duplicates(program.rewards, ['rewards'], ctx);
  });

export type LoyaltyProgram = z.output<typeof LoyaltyProgramSchema>;
export type LoyaltyProgramInput = z.input<typeof LoyaltyProgramSchema>;

function duplicates(items: readonly { id: string }[], path: string[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `Duplicate id ${item.id}` });
    }
    seen.add(item.id);
  });
}

/**
 * Validates a programme definition. Anything malformed is `VALIDATION` whose issues carry the
 * path (`['tiers', 2, 'threshold']`; an unknown key is named itself), before any member earns a
 * point under it.
 */
export function defineLoyaltyProgram(input: unknown): LoyaltyProgram {
  return Object.freeze(parseOrThrow(LoyaltyProgramSchema, input, 'loyalty program'));
}

/** The position of a tier in the programme (lowest 0), or -1 for no tier or one it does not know. */
export function tierIndex(program: LoyaltyProgram, tierId: string | undefined): number {
  if (tierId === undefined) return -1;
  return program.tiers.findIndex((tier) => tier.id === tierId);
}

export function findReward(program: LoyaltyProgram, rewardId: string): Reward | undefined {
  return program.rewards.find((reward) => reward.id === rewardId);
}

/** A label in the caller's language; a plain string label is used for both. */
export function labelIn(label: LoyaltyLabel, locale: 'zh-CN' | 'en' = 'en'): string {
  return typeof label === 'string' ? label : label[locale];
}
