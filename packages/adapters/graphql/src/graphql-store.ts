/**
 * `createGraphQLStore`: core's storage contract against a Kehu GraphQL server (`schema.graphql`).
 * Every `get`/`getMany` of one tick is collected and sent as ONE request (one aliased `getMany`
 * per collection); reads retry transient failures, writes never do; answers are validated with
 * core's zod schemas; transactions are optimistic (transaction.ts); watches ride the server's
 * change subscription over SSE (watch.ts).
 */
import {
  assertCollection,
  assertId,
  type CollectionName,
  type DeleteOptions,
  type EntityInput,
  type EntityOf,
  isKehuError,
  KehuError,
  normalizeQuery,
  normalizeWhere,
  type Page,
  type PutOptions,
  type Query,
  type Store,
  type StoreTransaction,
  type WatchHandlers,
  type Where,
  watchHandlers,
} from '@kehu/core';
import { BULK_PUT, batchDocument, COUNT, DELETE, PUT, QUERY, TRANSACTION } from './documents.ts';
import { fromWireError } from './errors.ts';
import { readBoolean, readCount, readPage, readRecord, readRecords } from './responses.ts';
import { OptimisticTransaction, type TransactionBackend } from './transaction.ts';
import { createTransport, fieldResult } from './transport.ts';
import { createWatchHub } from './watch.ts';

export interface GraphQLStoreOptions {
  /** The server's GraphQL endpoint, e.g. `https://crm.example.cn/graphql`. */
  url: string;
  /** Headers for every request and the change stream, typically the bearer token. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** A `fetch` to use instead of the global one (tests, latency injection, a proxy). */
  fetch?: typeof fetch;
  /** Largest page asked of the server; must not exceed its `maxPageSize`. Default 1000. */
  pageSize?: number;
  /** Most ids in one `getMany` field; must not exceed the server's `maxIds`. Default 1000. */
  maxIds?: number;
  /** Validate every record read with core's zod schema. Default true. */
  validateResponses?: boolean;
  /** Attempts for reads on a transient failure, the first included. Default 3. */
  readAttempts?: number;
  /** Times a transaction's work runs when a record it read changed before its commit. Default 5. */
  transactionAttempts?: number;
  /** Batch `get`s within one tick into one request. Default true. */
  batch?: boolean;
}

export interface GraphQLStore extends Store {
  readonly url: string;
}

interface PendingRead {
  collection: CollectionName;
  ids: readonly string[];
  resolve: (records: (Record<string, unknown> | undefined)[]) => void;
  reject: (error: unknown) => void;
}

export function createGraphQLStore(options: GraphQLStoreOptions): GraphQLStore {
  const transport = createTransport({
    url: options.url,
    headers: options.headers,
    fetch: options.fetch,
    attempts: options.readAttempts,
  });
  const pageSize = options.pageSize ?? 1000;
  const maxIds = options.maxIds ?? 1000;
  const validate = options.validateResponses ?? true;
  const attempts = Math.max(1, options.transactionAttempts ?? 5);
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new KehuError('STORAGE', `The GraphQL store for ${options.url} is closed`);
  };

  // ---- batched reads ------------------------------------------------------------------------
  let pending: PendingRead[] = [];

  async function flush(batch: PendingRead[]): Promise<void> {
    // One field per collection (split at maxIds), each id asked once.
    const fields: { collection: CollectionName; ids: string[] }[] = [];
    const byCollection = new Map<CollectionName, Set<string>>();
    for (const read of batch) {
      let ids = byCollection.get(read.collection);
      if (!ids) {
        ids = new Set();
        byCollection.set(read.collection, ids);
      }
      for (const id of read.ids) ids.add(id);
    }
    for (const [collection, ids] of byCollection) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += maxIds) fields.push({ collection, ids: all.slice(i, i + maxIds) });
    }
    const variables: Record<string, unknown> = {};
    fields.forEach((field, index) => {
      variables[`c${index}`] = field.collection;
      variables[`i${index}`] = field.ids;
    });
    let response: Awaited<ReturnType<typeof transport.request>>;
    try {
      response = await transport.request(batchDocument(fields.length), variables, { idempotent: true });
    } catch (error) {
      for (const read of batch) read.reject(error);
      return;
    }
    // Per collection: its records by id, or the error its field failed with.
    const results = new Map<CollectionName, Map<string, unknown> | KehuError>();
    fields.forEach((field, index) => {
      const previous = results.get(field.collection);
      if (previous instanceof KehuError) return;
      try {
        const records = readRecords(field.collection, fieldResult(response, `b${index}`), false);
        if (records.length !== field.ids.length)
          throw new KehuError('STORAGE', 'The server answered a getMany short');
        const map = previous ?? new Map<string, unknown>();
        for (const [i, id] of field.ids.entries()) map.set(id, records[i]);
        results.set(field.collection, map);
      } catch (error) {
        results.set(field.collection, isKehuError(error) ? error : fromWireError({ message: String(error) }));
      }
    });
    for (const read of batch) {
      const result = results.get(read.collection);
      if (result instanceof KehuError) {
        read.reject(result);
        continue;
      }
      try {
        // Validated per caller: each gets its own copy, so mutating one never changes another's.
        read.resolve(
          read.ids.map(
            (id) =>
              readRecord(read.collection, result?.get(id), validate) as Record<string, unknown> | undefined,
          ),
        );
      } catch (error) {
        read.reject(error);
      }
    }
  }

  function readMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]> {
    return new Promise((resolve, reject) => {
      const read: PendingRead = { collection, ids, resolve: resolve as PendingRead['resolve'], reject };
      if (options.batch === false) {
        void flush([read]);
        return;
      }
      if (pending.length === 0) {
        queueMicrotask(() => {
          const batch = pending;
          pending = [];
          void flush(batch);
        });
      }
      pending.push(read);
    });
  }

  // ---- unbatched operations -------------------------------------------------------------------
  async function call(
    document: string,
    variables: Record<string, unknown>,
    field: string,
    idempotent: boolean,
  ) {
    return fieldResult(await transport.request(document, variables, { idempotent }), field);
  }

  /** One server page at most `pageSize` long; follows cursors to honour a larger or no limit. */
  async function queryServer<C extends CollectionName>(
    collection: C,
    query: Query<C>,
  ): Promise<Page<EntityOf<C>>> {
    const items: EntityOf<C>[] = [];
    let remaining = query.limit ?? Number.POSITIVE_INFINITY;
    let cursor = query.cursor ?? null;
    for (;;) {
      const limit = Math.min(remaining, pageSize);
      const page = readPage(
        collection,
        await call(QUERY, { collection, query: { ...query, limit, cursor } }, 'query', true),
        validate,
      );
      items.push(...page.items);
      remaining -= page.items.length;
      cursor = page.nextCursor;
      if (!cursor || remaining <= 0) return { items, nextCursor: cursor };
    }
  }

  async function countServer<C extends CollectionName>(
    collection: C,
    where: Where<C> | undefined,
  ): Promise<number> {
    return readCount(await call(COUNT, { collection, where: where ?? null }, 'count', true));
  }

  const backend: TransactionBackend = {
    getMany: (collection, ids) => readMany(collection, ids),
    query: (collection, query) => queryServer(collection, query),
    count: (collection, where) => countServer(collection, where),
  };

  const hub = createWatchHub({
    url: options.url,
    headers: options.headers,
    fetch: options.fetch,
    run: (collection, query) => queryServer(collection, query),
  });

  const store: GraphQLStore = {
    name: `graphql:${options.url}`,
    url: options.url,

    async get(collection, id) {
      ensureOpen();
      assertCollection(collection);
      assertId(id);
      const [record] = await readMany(collection, [id]);
      return record;
    },

    async getMany(collection, ids) {
      ensureOpen();
      assertCollection(collection);
      for (const [index, id] of ids.entries()) assertId(id, ['ids', index]);
      if (ids.length === 0) return [];
      return readMany(collection, ids);
    },

    async query(collection, query = {}) {
      ensureOpen();
      assertCollection(collection);
      normalizeQuery(collection, query);
      return queryServer(collection, query);
    },

    async count(collection, where) {
      ensureOpen();
      assertCollection(collection);
      normalizeWhere(collection, where);
      return countServer(collection, where);
    },

    async put<C extends CollectionName>(collection: C, entity: EntityInput<C>, putOptions: PutOptions = {}) {
      ensureOpen();
      assertCollection(collection);
      const stored = await call(
        PUT,
        { collection, entity: entity ?? null, expectedVersion: putOptions.expectedVersion ?? null },
        'put',
        false,
      );
      return readRecord(collection, stored, validate) as EntityOf<C>;
    },

    async bulkPut(collection, entities) {
      ensureOpen();
      assertCollection(collection);
      if (entities.length === 0) return;
      await call(BULK_PUT, { collection, entities }, 'bulkPut', false);
    },

    async delete(collection, id, deleteOptions: DeleteOptions = {}) {
      ensureOpen();
      assertCollection(collection);
      assertId(id);
      return readBoolean(
        await call(
          DELETE,
          { collection, id, expectedVersion: deleteOptions.expectedVersion ?? null },
          'delete',
          false,
        ),
      );
    },

    async transaction<R>(collections: readonly CollectionName[], work: (tx: StoreTransaction) => Promise<R>) {
      ensureOpen();
      for (const collection of collections) assertCollection(collection);
      const scope = new Set(collections);
      for (let attempt = 1; ; attempt++) {
        const tx = new OptimisticTransaction(backend, scope);
        let result: R;
        try {
          result = await work(tx);
        } finally {
          tx.finish();
        }
        if (tx.writes.length === 0) return result;
        try {
          await call(
            TRANSACTION,
            { collections: [...scope], reads: [...tx.reads.values()], writes: tx.writes },
            'transaction',
            false,
          );
          return result;
        } catch (error) {
          // A record the work read changed before the commit: run the work again on fresh data.
          // A conflict the caller asked for (a wrong expectedVersion) was thrown inside the work.
          if (!isKehuError(error, 'CONFLICT') || attempt >= attempts) throw error;
        }
      }
    },

    watch<C extends CollectionName>(
      collection: C,
      query: Query<C>,
      handlers: WatchHandlers<EntityOf<C>> | ((page: Page<EntityOf<C>>) => void),
    ) {
      ensureOpen();
      assertCollection(collection);
      normalizeQuery(collection, query);
      const { next, error } = watchHandlers(handlers);
      return hub.add(collection, query, next, error);
    },

    async close() {
      if (closed) return;
      closed = true;
      hub.stopAll();
    },
  };
  return store;
}
