import { z } from 'zod';
import {
  AddressSchema,
  CustomFieldsSchema,
  entityBase,
  GradeSchema,
  IdSchema,
  ScoreSnapshotSchema,
  TagsSchema,
} from './common.ts';

/** Where a customer stands in its life with us: prospect → lead → opportunity → customer → loyal → churned. */
export const LifecycleSchema = z.enum(['prospect', 'lead', 'opportunity', 'customer', 'loyal', 'churned']);
export type Lifecycle = z.infer<typeof LifecycleSchema>;

export const CompanySizeSchema = z.enum(['micro', 'small', 'medium', 'large', 'enterprise']);

/** 客户: a company or a household/person we sell to. */
export const AccountSchema = z.object({
  ...entityBase,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['company', 'person']),
  industry: z.string().max(64).optional(),
  size: CompanySizeSchema.optional(),
  region: z.string().max(64).optional(),
  territoryId: IdSchema.optional(),
  address: AddressSchema.optional(),
  phone: z.string().max(32).optional(),
  email: z.email().optional(),
  website: z.string().max(256).optional(),
  tags: TagsSchema.default([]),
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
  grade: GradeSchema.optional(),
  lifecycle: LifecycleSchema.default('prospect'),
  score: ScoreSnapshotSchema.optional(),
  /** Where the account came from (channel or campaign), for ROI by source. */
  source: z.string().max(64).optional(),
  custom: CustomFieldsSchema.optional(),
});
export type Account = z.infer<typeof AccountSchema>;
