/**
 * Change notifications: every committed write of a tenant becomes a `Change` on an in-process hub,
 * which the `changes` subscription streams over SSE. Writes are observed by wrapping the tenant's
 * store, so resolvers, business actions (`createCrm`) and transactions all notify the same way,
 * and only after their commit: a rolled-back transaction never notifies.
 *
 * One process only: several server instances on one Postgres would feed this hub from
 * `LISTEN kehu_changes` instead (see README).
 */
import type { CollectionName, Store, StoreTransaction } from '@kehu/core';

export interface Change {
  seq: string;
  collection: string;
  op: 'PUT' | 'BULK_PUT' | 'DELETE';
  ids: string[];
}

type Listener = (change: Change) => void;

export class ChangeHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly sequences = new Map<string, number>();

  current(tenantId: string): string {
    return String(this.sequences.get(tenantId) ?? 0);
  }

  publish(tenantId: string, change: Omit<Change, 'seq'>): void {
    const seq = (this.sequences.get(tenantId) ?? 0) + 1;
    this.sequences.set(tenantId, seq);
    const full = { ...change, seq: String(seq) };
    for (const listener of this.listeners.get(tenantId) ?? []) listener(full);
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
