import { z } from 'zod';
import { entityBase, IdSchema, TimestampSchema } from './common.ts';

export const ActivityTypeSchema = z.enum(['visit', 'call', 'email', 'meeting', 'task', 'note']);
export type ActivityType = z.infer<typeof ActivityTypeSchema>;

/** 活动: a visit, call, meeting, task or note, linked to whatever it concerns. */
export const ActivitySchema = z.object({
  ...entityBase,
  type: ActivityTypeSchema,
  subject: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  dueAt: TimestampSchema.optional(),
  remindAt: TimestampSchema.optional(),
  done: z.boolean().default(false),
  doneAt: TimestampSchema.optional(),
  outcome: z.string().max(1000).optional(),
  accountId: IdSchema.optional(),
  contactId: IdSchema.optional(),
  dealId: IdSchema.optional(),
  leadId: IdSchema.optional(),
  ownerId: IdSchema.optional(),
});
export type Activity = z.infer<typeof ActivitySchema>;
