/**
 * The change feed: every committed write of a tenant, in commit order, from the `changes` table
 * the store appends to in the same transaction as the write. A consumer remembers the last `seq`
 * it saw and asks for what came after (after a `kehu_changes` notification, or on reconnect).
 */
import type { Database } from '../db.ts';

export interface ChangeRow {
  /**
   * A bigint, as a string, assigned at insert: increasing within a transaction, but under concurrent
   * writers a smaller seq can commit after a larger one, so re-read a short window for gap-free use.
   */
  seq: string;
  collection: string;
  id: string;
  op: 'put' | 'delete';
  /** The version written; `null` for a delete. */
  version: number | null;
  at: string;
}

/** The tenant's changes with `seq` above `afterSeq` (default: from the start), oldest first. */
export async function readChanges(
  db: Database,
  tenantId: string,
  options: { afterSeq?: string | number; limit?: number; collections?: readonly string[] } = {},
): Promise<ChangeRow[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 1000, 10_000));
  const { rows } = await db.query<ChangeRow>(
    `SELECT seq::text AS seq, collection, id, op, version, to_json(at)#>>'{}' AS at FROM changes
     WHERE tenant_id = $1 AND seq > $2::bigint
       AND ($3::jsonb IS NULL OR collection IN (SELECT jsonb_array_elements_text($3::jsonb)))
     ORDER BY seq LIMIT ${limit}`,
    [
      tenantId,
      String(options.afterSeq ?? 0),
      options.collections ? JSON.stringify(options.collections) : null,
    ],
  );
  return rows;
}
