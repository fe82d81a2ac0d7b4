import { z } from 'zod';
import {
  DateSchema,
  entityBase,
  IdSchema,
  LocalizedTextSchema,
  MoneySchema,
  TimestampSchema,
} from './common.ts';

export const LeaveSchema = z.object({ from: DateSchema, to: DateSchema });

/** 销售员 and other users: abilities and availability drive assignment. */
export const UserSchema = z.object({
  ...entityBase,
  name: z.string().trim().min(1).max(120),
  email: z.email().optional(),
  phone: z.string().max(32).optional(),
  role: z.enum(['rep', 'manager', 'admin']).default('rep'),
  teamId: IdSchema.optional(),
  territoryIds: z.array(IdSchema).default([]),
  managerId: IdSchema.optional(),
  skills: z.array(z.string().max(64)).default([]),
  languages: z.array(z.string().max(16)).default([]),
  industries: z.array(z.string().max(64)).default([]),
  regions: z.array(z.string().max(64)).default([]),
  /** Maximum open leads + deals this rep should hold. */
  capacity: z.int().positive().optional(),
  /** `active`, or `departed` (left the company); leaves are dated spans in `leaves`. */
  status: z.enum(['active', 'departed']).default('active'),
  leaves: z.array(LeaveSchema).default([]),
});
export type User = z.infer<typeof UserSchema>;

/** A sales team; `parentId` builds the org tree. */
export const TeamSchema = z.object({
  ...entityBase,
  name: z.string().trim().min(1).max(120),
  parentId: IdSchema.optional(),
  leaderId: IdSchema.optional(),
  territoryId: IdSchema.optional(),
});
export type Team = z.infer<typeof TeamSchema>;

/** A sales territory: a set of regions (provinces, cities), nestable. */
export const TerritorySchema = z.object({
  ...entityBase,
  name: LocalizedTextSchema,
  parentId: IdSchema.optional(),
  regions: z.array(z.string().max(64)).default([]),
});
export type Territory = z.infer<typeof TerritorySchema>;

/** 市场活动: a campaign that generates leads; cost against won revenue gives ROI. */
export const CampaignSchema = z.object({
  ...entityBase,
  name: z.string().trim().min(1).max(200),
  channel: z.string().min(1).max(64),
  cost: MoneySchema.optional(),
  startsAt: TimestampSchema.optional(),
  endsAt: TimestampSchema.optional(),
  status: z.enum(['planned', 'active', 'completed', 'cancelled']).default('planned'),
});
export type Campaign = z.infer<typeof CampaignSchema>;
