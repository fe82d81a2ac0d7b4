/**
 * Change notifications: every committed write of a tenant becomes a `Change` on a hub, which the
 * `changes` subscription streams over SSE.
 *
 * - Memory storage: writes are observed by wrapping the tenant's store (`notifyingStore`), so
 *   resolvers, business actions (`createCrm`) and transactions all notify the same way, and only
 *   after their commit: a rolled-back transaction never notifies. One process only.
 * - Postgres/PGlite: the hub is fed from `LISTEN kehu_changes` and the `changes` table instead
 *   (`DatabaseChangeHub` in change-feed.ts), so every server instance on the database hears every
 *   write, whichever instance made it.
 */
import type { CollectionName, Store, StoreTransaction } from '@kehu/core';

export interface Change {
  seq: string;
  collection: string;
  op: 'PUT' | 'BULK_PUT' | 'DELETE';
  ids: string[];
}

type Listener = (change: Change) => void;

/** What the `changes` subscription resolver reads from: `ChangeHub` or `DatabaseChangeHub`. */
export interface ChangeSource {
  iterate(tenantId: string, collections: readonly string[] | null | undefined): AsyncIterableIterator<Change>;
}

export class ChangeHub implements ChangeSource {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly sequences = new Map<string, string>();

  current(tenantId: string): string {
    return this.sequences.get(tenantId) ?? '0';
  }

  /**
   * Delivers `change` to the tenant's subscribers. Without `seq` the hub numbers the tenant's
   * changes itself (memory storage); with it (the database feed) `seq` is the feed's and becomes
   * the tenant's current position.
   */
  publish(tenantId: string, change: Omit<Change, 'seq'> & { seq?: string }): void {
    const seq = change.seq ?? String(Number(this.current(tenantId)) + 1);
    this.sequences.set(tenantId, seq);
    const full = { ...change, seq };
    for (const listener of this.listeners.get(tenantId) ?? []) listener(full);
  }

  /** Sets the tenant's current position (the READY marker's `seq`) without publishing. */
  seek(tenantId: string, seq: string): void {
    this.sequences.set(tenantId, seq);
  }

  /** Drops the tenant's position (its subscribers are gone). */
  forget(tenantId: string): void {
    this.sequences.delete(tenantId);
  }

  subscribe(tenantId: string, listener: Listener): () => void {
    let set = this.listeners.get(tenantId);
    if (!set) {
      set = new Set();
      this.listeners.set(tenantId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(tenantId) === set) this.listeners.delete(tenantId);
    };
  }

  /**
   * The changes of a tenant as an async iterator for a subscription resolver: a READY marker
   * first, then every change of the listed collections, until the client goes away (`return`).
   */
  iterate(
    tenantId: string,
    collections: readonly string[] | null | undefined,
  ): AsyncIterableIterator<Change> {
    const wanted = collections?.length ? new Set(collections) : undefined;
    const queue: Change[] = [{ seq: this.current(tenantId), collection: '', op: 'PUT', ids: [] }];
    let wake: (() => void) | undefined;
    let done = false;
    const stop = this.subscribe(tenantId, (change) => {
      if (wanted && !wanted.has(change.collection)) return;
      queue.push(change);
      wake?.();
    });
    const finish = async (): Promise<IteratorResult<Change>> => {
      done = true;
      stop();
      wake?.();
      return { done: true, value: undefined };
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        if (done) return { done: true, value: undefined };
        return { done: false, value: queue.shift()! };
      },
      return: finish,
      throw: finish,
    };
  }
}

type Publish = (change: Omit<Change, 'seq'>) => void;

function notifyingWriter<T extends Pick<Store, 'put' | 'bulkPut' | 'delete'>>(
  target: T,
  emit: Publish,
): Pick<Store, 'put' | 'bulkPut' | 'delete'> {
  return {
    async put(collection, entity, options) {
      const stored = await target.put(collection, entity, options);
      emit({ collection, op: 'PUT', ids: [stored.id] });
      return stored;
    },
    async bulkPut(collection, entities) {
      await target.bulkPut(collection, entities);
      if (entities.length) {
        emit({
          collection,
          op: 'BULK_PUT',
          ids: [...new Set(entities.map((e) => (e as { id: string }).id))],
        });
      }
    },
    async delete(collection, id, options) {
      const removed = await target.delete(collection, id, options);
      if (removed) emit({ collection, op: 'DELETE', ids: [id] });
      return removed;
    },
  };
}

/** `store` with every committed write published to `publish`. */
export function notifyingStore(store: Store, publish: Publish): Store {
  return {
    get name() {
      return store.name;
    },
    get: (collection, id) => store.get(collection, id),
    getMany: (collection, ids) => store.getMany(collection, ids),
    query: (collection, query) => store.query(collection, query),
    count: (collection, where) => store.count(collection, where),
    ...notifyingWriter(store, publish),
    async transaction<R>(collections: readonly CollectionName[], work: (tx: StoreTransaction) => Promise<R>) {
      const pending: Omit<Change, 'seq'>[] = [];
      const result = await store.transaction(collections, (tx) =>
        work({
          get: (collection, id) => tx.get(collection, id),
          getMany: (collection, ids) => tx.getMany(collection, ids),
          query: (collection, query) => tx.query(collection, query),
          count: (collection, where) => tx.count(collection, where),
          ...notifyingWriter(tx, (change) => pending.push(change)),
        }),
      );
      for (const change of pending) publish(change);
      return result;
    },
    watch: (collection, query, handlers) => store.watch(collection, query, handlers),
    close: () => store.close(),
  };
}
