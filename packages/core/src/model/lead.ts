import { z } from 'zod';
import { entityBase, IdSchema, JsonValueSchema, ScoreSnapshotSchema, TimestampSchema } from './common.ts';
import { LEAD_LIMITS, LEAD_SOURCES } from './lead-fields.ts';

export const LeadSourceSchema = z.enum(LEAD_SOURCES);
export type LeadSource = z.infer<typeof LeadSourceSchema>;

export const LeadStatusSchema = z.enum([
  'new',
  'working',
  'nurturing',
  'qualified',
  'disqualified',
  'converted',
]);
export type LeadStatus = z.infer<typeof LeadStatusSchema>;

/** A possible duplicate found at capture time: linked, never silently dropped. */
export const DuplicateLinkSchema = z.object({
  collection: z.enum(['leads', 'contacts', 'accounts']),
  id: IdSchema,
  score: z.number().min(0).max(1),
});

/** 线索: an enquiry not yet qualified, from any channel. */
export const LeadSchema = z.object({
  ...entityBase,
  source: LeadSourceSchema,
  campaignId: IdSchema.optional(),
  status: LeadStatusSchema.default('new'),
  name: z.string().trim().min(1).max(LEAD_LIMITS.name),
  company: z.string().trim().max(LEAD_LIMITS.company).optional(),
  title: z.string().max(LEAD_LIMITS.title).optional(),
  email: z.email().optional(),
  phone: z.string().min(LEAD_LIMITS.phoneMin).max(LEAD_LIMITS.phone).optional(),
  region: z.string().max(LEAD_LIMITS.region).optional(),
  industry: z.string().max(LEAD_LIMITS.industry).optional(),
  product: z.string().max(LEAD_LIMITS.product).optional(),
  message: z.string().max(LEAD_LIMITS.message).optional(),
  /** The form submission exactly as received. */
  raw: z.record(z.string(), JsonValueSchema).optional(),
  score: ScoreSnapshotSchema.optional(),
  ownerId: IdSchema.optional(),
  teamId: IdSchema.optional(),
  /** Why the owner was chosen, readable by a manager. */
  assignmentReason: z.string().max(500).optional(),
  duplicates: z.array(DuplicateLinkSchema).max(20).default([]),
  accountId: IdSchema.optional(),
  consentAt: TimestampSchema.optional(),
  convertedAt: TimestampSchema.optional(),
  converted: z
    .object({ accountId: IdSchema, contactId: IdSchema.optional(), dealId: IdSchema.optional() })
    .optional(),
  disqualifiedReason: z.string().max(500).optional(),
});
export type Lead = z.infer<typeof LeadSchema>;
