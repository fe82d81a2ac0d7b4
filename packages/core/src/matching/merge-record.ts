/**
 * The merge record: what a merge changed, kept so it can be undone and audited. A merge writes
 * the survivor, re-points children and deletes the losers; the record holds, for every record it
 * wrote, the values of the fields it changed as they were before (and the version it left), and a
 * full snapshot of every record it deleted. Undo replays that backwards — refusing with `CONFLICT`
 * if anything was edited since, rather than overwriting someone's later change.
 *
 * Stored in its own collection, `merges`, once `model/collections.ts` registers it (see
 * `mergeRecordsCollection`); the journals that keep them are in `journal.ts`.
 */
import { z } from 'zod';
import { entityBase, IdSchema, JsonValueSchema, TimestampSchema } from '../model/common.ts';

// A collection name, checked when undo writes to it. Not an enum of `collections`: this file is
// imported by model/collections.ts to register `merges`, and must not import it back.
const CollectionNameSchema = z.string().min(1).max(64);

/** One record the merge wrote: the before-values of the fields it changed. */
export const MergeChangeSchema = z.object({
  collection: CollectionNameSchema,
  id: IdSchema,
  /** The record's version right after the merge; undo refuses if it has moved on. */
  version: z.int().positive(),
  /** Fields the merge changed, with their values before it. */
  set: z.record(z.string(), JsonValueSchema),
  /** Fields the merge added, absent before it. */
  unset: z.array(z.string()),
});
export type MergeChange = z.infer<typeof MergeChangeSchema>;

export const MergeRecordSchema = z.object({
  ...entityBase,
  collection: z.enum(['contacts', 'accounts', 'leads']),
  survivorId: IdSchema,
  /** The records merged into the survivor (deleted by the merge). */
  mergedIds: z.array(IdSchema).min(1).max(100),
  at: TimestampSchema,
  actorId: IdSchema.optional(),
  reason: z.string().max(500).optional(),
  /** For each field of the survivor: the record its value came from and the rule that chose it. */
  provenance: z.record(z.string(), z.object({ from: IdSchema, rule: z.string() })),
  changes: z.array(MergeChangeSchema).max(100_000),
  /** Full snapshots of the records the merge deleted, as they were. */
  deleted: z.array(
    z.object({ collection: CollectionNameSchema, record: z.record(z.string(), JsonValueSchema) }),
  ),
  undoneAt: TimestampSchema.optional(),
  undoneBy: IdSchema.optional(),
});
export type MergeRecord = z.infer<typeof MergeRecordSchema>;
export type MergeRecordInput = z.input<typeof MergeRecordSchema>;

/** The collection name merge records are kept under once registered. */
export const MERGES_COLLECTION = 'merges';

/**
 * The definition to register in `model/collections.ts` as `merges`: by survivor (a customer's merge
 * history), by merged id (where did record X go — multi-entry), by time (an audit list).
 */
export const mergeRecordsCollection = {
  schema: MergeRecordSchema,
  indexes: ['collection', 'survivorId', 'at'],
  multiEntry: ['mergedIds'],
} as const;
