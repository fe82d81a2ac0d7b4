/**
 * The audit trail of ownership: one `auditEntries` record per record whose owner an action changed
 * (a bulk reassignment, a supervisor's manual pick), saved in that action's transaction, so the
 * trail and the change can never disagree. Append-only: nothing in Kehu updates or removes one.
 */
import { z } from 'zod';
import { entityBase, IdSchema, TimestampSchema } from '../model/common.ts';

export const AuditEntrySchema = z.object({
  ...entityBase,
  /** When the change happened: the action's instant. */
  at: TimestampSchema,
  actorId: IdSchema.optional(),
  /** What was done: `reassign`, `assign`. */
  action: z.string().min(1).max(64),
  /** The collection of the changed record (`accounts`, `leads`, `deals`). */
  collection: z.string().min(1).max(64),
  recordId: IdSchema,
  fromOwnerId: IdSchema.optional(),
  toOwnerId: IdSchema.optional(),
  /** Why, as the person who did it gave it. */
  reason: z.string().min(1).max(500),
  /** How the new owner was chosen, when a strategy chose (`least-loaded: 李伟 has 3 open of 20`). */
  detail: z.string().max(500).optional(),
});
export type AuditEntry = z.output<typeof AuditEntrySchema>;
