import { z } from 'zod';
import {
  CustomFieldsSchema,
  DateSchema,
  entityBase,
  IdSchema,
  MoneySchema,
  TagsSchema,
  TimestampSchema,
} from './common.ts';

/** One stage move, kept forever: the funnel of any past date is rebuilt from these. */
export const StageChangeSchema = z.object({
  from: IdSchema.nullable(),
  to: IdSchema,
  at: TimestampSchema,
  by: IdSchema.optional(),
  reason: z.string().max(500).optional(),
});
export type StageChange = z.infer<typeof StageChangeSchema>;

export const DealStatusSchema = z.enum(['open', 'won', 'lost']);
export type DealStatus = z.infer<typeof DealStatusSchema>;

/** 商机: an opportunity moving through a pipeline. */
export const DealSchema = z.object({
  ...entityBase,
  title: z.string().trim().min(1).max(200),
  accountId: IdSchema,
  contactId: IdSchema.optional(),
  leadId: IdSchema.optional(),
  pipelineId: IdSchema,
  stageId: IdSchema,
  /** Mirrors the outcome of the current stage, so open deals can be found through an index. */
  status: DealStatusSchema.default('open'),
  amount: MoneySchema,
  expectedCloseDate: DateSchema.optional(),
  /** A rep's own estimate in percent, overriding the stage probability in forecasts. */
  probability: z.number().min(0).max(100).optional(),
  /** The learned win probability in percent, from the win-probability model. */
  predictedProbability: z.number().min(0).max(100).optional(),
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
  territoryId: IdSchema.optional(),
  campaignId: IdSchema.optional(),
  /** Fractional index: ordering inside a stage column; a move rewrites only this deal. */
  position: z.string().regex(/^[0-9A-Za-z]{1,128}$/, 'Expected a fractional index key (base-62 digits)'),
  stageEnteredAt: TimestampSchema,
  history: z.array(StageChangeSchema).default([]),
  closedAt: TimestampSchema.optional(),
  lostReason: z.string().max(500).optional(),
  wonReason: z.string().max(500).optional(),
  products: z.array(z.string().max(64)).max(100).default([]),
  tags: TagsSchema.default([]),
  custom: CustomFieldsSchema.optional(),
});
export type Deal = z.infer<typeof DealSchema>;
