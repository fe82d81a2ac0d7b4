/**
 * Where merge records are kept: the store's `merges` collection once it is registered (written in
 * the merge's own transaction), or memory until then.
 */
import { KehuError } from '../errors.ts';
import { type CollectionName, isCollectionName } from '../model/collections.ts';
import type { StoreReader, StoreTransaction } from '../storage/contract.ts';
import {
  MERGES_COLLECTION,
  type MergeRecord,
  type MergeRecordInput,
  MergeRecordSchema,
} from './merge-record.ts';

/** Where merge records are kept. Writes happen inside the merge (or undo) transaction. */
export interface MergeJournal {
  /** Collections `save` writes, added to the merge transaction's scope. */
  readonly collections: readonly CollectionName[];
  save(tx: StoreTransaction, record: MergeRecordInput, expectedVersion: number): Promise<MergeRecord>;
  get(reader: StoreReader, id: string): Promise<MergeRecord | undefined>;
  /** The merge that removed `id`, if any (the latest, when it was merged, restored and merged again). */
  findByMergedId(reader: StoreReader, id: string): Promise<MergeRecord | undefined>;
}

/**
 * Merge records in the store's `merges` collection, written in the merge's own transaction. Needs the
 * collection registered; `collection` is checked when the journal is created.
 */
export function createStoreMergeJournal(collection: string = MERGES_COLLECTION): MergeJournal {
  if (!isCollectionName(collection)) {
    throw new KehuError('VALIDATION', `Collection ${collection} is not registered`, {
      issues: [
        { path: ['collection'], message: `Unknown collection ${collection}`, code: 'unknown_collection' },
      ],
    });
  }
  // The collection is registered at run time but unknown to the type of `collections` until then.
  const name = collection as CollectionName;
  type Untyped = {
    put(c: CollectionName, e: unknown, o: { expectedVersion: number }): Promise<unknown>;
    get(c: CollectionName, id: string): Promise<unknown>;
    query(c: CollectionName, q: unknown): Promise<{ items: unknown[] }>;
  };
  return {
    collections: [name],
    async save(tx, record, expectedVersion) {
      const stored = await (tx as unknown as Untyped).put(name, record, { expectedVersion });
      return MergeRecordSchema.parse(stored);
    },
    async get(reader, id) {
      const stored = await (reader as unknown as Untyped).get(name, id);
      return stored === undefined ? undefined : MergeRecordSchema.parse(stored);
    },
    async findByMergedId(reader, id) {
      const page = await (reader as unknown as Untyped).query(name, {
        where: { mergedIds: id },
        orderBy: { field: 'at', direction: 'desc' },
        limit: 1,
      });
      return page.items[0] === undefined ? undefined : MergeRecordSchema.parse(page.items[0]);
    },
  };
}

/**
 * Merge records in memory, for tests and until `merges` is registered. It writes when the merge's
 * work function reaches it — the last step, after every store write succeeded — but it is not part
 * of the store's transaction and does not survive a reload.
 */
export function createMemoryMergeJournal(): MergeJournal {
  const records = new Map<string, MergeRecord>();
  return {
    collections: [],
    async save(_tx, input, expectedVersion) {
      const current = records.get(input.id);
      if ((current?.version ?? 0) !== expectedVersion) {
        throw new KehuError('CONFLICT', `Merge record ${input.id} changed meanwhile`, {
          details: { id: input.id, expectedVersion, actualVersion: current?.version ?? null },
        });
      }
      const record = MergeRecordSchema.parse({ ...input, version: expectedVersion + 1 });
      records.set(record.id, record);
      return structuredClone(record);
    },
    async get(_reader, id) {
      const record = records.get(id);
      return record && structuredClone(record);
    },
    async findByMergedId(_reader, id) {
      let found: MergeRecord | undefined;
      for (const record of records.values()) {
        if (record.mergedIds.includes(id) && (!found || record.at >= found.at)) found = record;
      }
      return found && structuredClone(found);
    },
  };
}

/** The store journal when `merges` is registered, the memory journal until then. */
export function defaultMergeJournal(): MergeJournal {
  return isCollectionName(MERGES_COLLECTION) ? createStoreMergeJournal() : createMemoryMergeJournal();
}
