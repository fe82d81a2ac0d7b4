/**
 * Loyalty (会员积分): programmes as JSON, earning with reasons, the append-only points ledger read
 * as FIFO lots, tier movement, and the engine that plugs it all into `createCrm`.
 */
export {
  actionEarning,
  type Earning,
  type EarningLine,
  type EarningOrder,
  formatMinor,
  orderEarning,
} from './earning.ts';
export {
  hasLoyaltyProgram,
  type LoyaltyProgramEngine,
  loyaltyEngine,
} from './engine.ts';
export type * from './events.ts';
export {
  addDays,
  DAY_MS,
  entryId,
  expiringWithin,
  isLot,
  type LedgerState,
  type LotState,
  lapsedLots,
  ledgerState,
  walkLots,
} from './ledger.ts';
export {
  accountMember,
  creditedSpend,
  isEnrolled,
  type LedgerOutcome,
  LOYALTY_COLLECTIONS,
  memberEntries,
  orderMember,
  qualifyingAmount,
} from './member-ledger.ts';
export {
  defineLoyaltyProgram,
  type EarningRules,
  EarningRulesSchema,
  findReward,
  type LoyaltyLabel,
  LoyaltyLabelSchema,
  type LoyaltyProgram,
  type LoyaltyProgramInput,
  LoyaltyProgramSchema,
  labelIn,
  OrderChannelSchema,
  type Promotion,
  PromotionSchema,
  type Qualification,
  QualificationSchema,
  type Reward,
  RewardSchema,
  type Tier,
  TierSchema,
  tierIndex,
} from './program.ts';
export {
  type LoyaltyStatus,
  loyaltyStatus,
  type MemberLedgerSummary,
  type SummarizeOptions,
  summarizeLedgers,
} from './status.ts';
export {
  evaluateTier,
  nextTierIndex,
  qualifiedIndex,
  qualifyingPoints,
  type TierDecision,
  type TierMode,
  type TierProgress,
  tierProgress,
  windowStart,
} from './tiers.ts';
