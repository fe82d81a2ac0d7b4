export type { ActivityService } from './activities.ts';
export { type Crm, type CrmOptions, createCrm, type PipelineService } from './create-crm.ts';
export type {
  Customer360,
  CustomerService,
  OpenDealView,
  OrderSummary,
  UpcomingActivityView,
} from './customers.ts';
export { type DealMoveOptions, DealMoveSchema } from './deal-move.ts';
export type { DealService } from './deals.ts';
export type {
  AccountService,
  CampaignService,
  ContactService,
  TeamService,
  TerritoryService,
  UserService,
} from './directory.ts';
export type * from './engines.ts';
export type { EntityService } from './entity-service.ts';
export type * from './events.ts';
export type { LeadConversion, LeadService } from './leads.ts';
export {
  type AdjustInput,
  AdjustSchema,
  type AsOfOptions,
  type EarnForActionInput,
  EarnForActionSchema,
  type EarnResult,
  type ExpiryRun,
  type LoyaltyService,
  type RedeemInput,
  type RedeemResult,
  RedeemSchema,
  type TierReviewRun,
} from './loyalty.ts';
export type { OrderService } from './orders.ts';
export * from './schemas.ts';
export { type VersionOptions, VersionOptionsSchema } from './validation.ts';
