/**
 * The storage contract: the one interface every adapter (memory, Dexie, GraphQL, a host's own)
 * implements and the conformance suite in `@kehu/core/testing` proves. See docs/storage-contract.md.
 */
import type { KehuError } from '../errors.ts';
import type { Unsubscribe } from '../events.ts';
import type { CollectionName, EntityInput, EntityOf } from '../model/collections.ts';

export type Scalar = string | number | boolean | null;

/**
 * A condition on one field. A bare value means equality. On an array field (tags, emails) a
 * condition holds when any element satisfies it. Range bounds only match values of their own
 * type (a number bound never matches a string).
 */
export type FieldCondition =
  | Scalar
  | {
      eq?: Scalar;
      in?: readonly Scalar[];
      gt?: string | number;
      gte?: string | number;
      lt?: string | number;
      lte?: string | number;
    };

export type Where<C extends CollectionName = CollectionName> = {
  [K in keyof EntityOf<C> & string]?: FieldCondition;
};

export type SortDirection = 'asc' | 'desc';

export interface Query<C extends CollectionName = CollectionName> {
  where?: Where<C>;
  /**
   * Sort field (default `id`). Ties are broken by `id` in the same direction, so the order is
   * total and pages are stable. Missing values sort before any value in ascending order.
   */
  orderBy?: (keyof EntityOf<C> & string) | { field: keyof EntityOf<C> & string; direction?: SortDirection };
  /** Page size; without it every match is returned. */
  limit?: number;
  /** `nextCursor` of the previous page. Keyset-based: inserts never shift or repeat a page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to fetch the next page; `null` when this page is the last. */
  nextCursor: string | null;
}

export interface PutOptions {
  /**
   * Optimistic concurrency. `0`: the record must not exist yet. `n`: the stored record must be at
   * version `n`. Anything else fails with `CONFLICT` and writes nothing. Leave it out only for a
   * deliberate blind write (imports, seeding): the business services always pass it.
   */
  expectedVersion?: number;
}

export interface DeleteOptions {
  expectedVersion?: number;
}

export interface StoreReader {
  get<C extends CollectionName>(collection: C, id: string): Promise<EntityOf<C> | undefined>;
  /** One result per id, in the order asked, `undefined` where missing. */
  getMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]>;
  query<C extends CollectionName>(collection: C, query?: Query<C>): Promise<Page<EntityOf<C>>>;
  count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number>;
}

export interface StoreWriter {
  /**
   * Validates and writes one record, setting `version` to the stored version + 1 (1 for a new
   * record). Returns the record as stored.
   */
  put<C extends CollectionName>(
    collection: C,
    entity: EntityInput<C>,
    options?: PutOptions,
  ): Promise<EntityOf<C>>;
  /** Validates every record first, then writes all of them in one transaction (blind upsert). */
  bulkPut<C extends CollectionName>(collection: C, entities: readonly EntityInput<C>[]): Promise<void>;
  /** Removes a record; resolves `false` when there was none. */
  delete<C extends CollectionName>(collection: C, id: string, options?: DeleteOptions): Promise<boolean>;
}

/**
 * What a transaction's work function receives. It sees its own writes. Await only this object's
 * methods inside the work function: IndexedDB commits a transaction as soon as it is idle.
 */
export interface StoreTransaction extends StoreReader, StoreWriter {}

export interface WatchHandlers<T> {
  next: (page: Page<T>) => void;
  error?: (error: KehuError) => void;
}

export interface Store extends StoreReader, StoreWriter {
  /** The adapter's name, for diagnostics (`memory`, `dexie:kehu-demo`). */
  readonly name: string;
  /**
   * Runs `work` with every listed collection in one all-or-nothing transaction: if it throws (or
   * any write fails) nothing it wrote is kept, and the error is rethrown.
   */
  transaction<R>(
    collections: readonly CollectionName[],
    work: (tx: StoreTransaction) => Promise<R>,
  ): Promise<R>;
  /**
   * A live query: `next` receives the current result, then a new one after every committed change
   * that alters it (from this store object, another one on the same database, another tab, or a
   * server). Returns the function that stops it.
   */
  watch<C extends CollectionName>(
    collection: C,
    query: Query<C>,
    handlers: WatchHandlers<EntityOf<C>> | ((page: Page<EntityOf<C>>) => void),
  ): Unsubscribe;
  /** Releases connections and stops every watch. */
  close(): Promise<void>;
}
