/**
 * What assignment remembers between leads, stored in the `assignmentStates` collection and written
 * in the same transaction as the lead it concerns: one `pool` record per team (the round-robin
 * order and the weighted-round-robin current weights) and one `rep` record per user (leads taken
 * this day and this week). Keeping it in the store rather than in memory is what lets a reload,
 * a second tab or a second server continue the same cycle and honour the same caps.
 */
import { z } from 'zod';
import { DateSchema, entityBase, IdSchema } from '../model/common.ts';

export const AssignmentStateSchema = z.object({
  ...entityBase,
  kind: z.enum(['pool', 'rep']),
  /** The team (`pool`) or the user (`rep`) the record belongs to. */
  subjectId: IdSchema,
  /** Pool: a counter bumped on every round-robin pick. */
  sequence: z.int().nonnegative().default(0),
  /** Pool: the `sequence` at each member's latest round-robin pick; the lowest goes next. */
  lastServed: z.record(IdSchema, z.int().nonnegative()).default({}),
  /** Pool: each member's current weight in smooth weighted round robin. */
  currentWeights: z.record(IdSchema, z.int()).default({}),
  /** Rep: the day `dayCount` counts, in the definition's UTC offset. */
  day: DateSchema.optional(),
  dayCount: z.int().nonnegative().default(0),
  /** Rep: the ISO week (`2026-W48`) `weekCount` counts. */
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/, 'Expected an ISO week such as 2026-W48')
    .optional(),
  weekCount: z.int().nonnegative().default(0),
});
export type AssignmentState = z.output<typeof AssignmentStateSchema>;
export type AssignmentStateInput = z.input<typeof AssignmentStateSchema>;

/** The id of a state record: readable when it fits, hashed when the subject id is very long. */
export function stateId(kind: AssignmentState['kind'], subjectId: string): string {
  const id = `${kind}:${subjectId}`;
  return id.length <= 128 ? id : `${kind}#${fnv1a(subjectId)}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36) + text.length.toString(36);
}
