/**
 * The `changes` subscription fed by the database, for Postgres/PGlite storage: several server
 * instances on one database each hear every committed write, whichever instance made it.
 *
 * - One `LISTEN kehu_changes` per server (opened with the first subscription, closed with the
 *   server). The store NOTIFYs `{"tenant", "collections"}` on commit, never for a rollback.
 * - A notification only names a tenant and collections; the details (`seq`, ids, op) come from
 *   the `changes` rows the write appended in its own transaction. Per tenant with subscribers in
 *   this process the hub keeps a cursor (the tenant's last `seq`, read when its first subscriber
 *   arrives) and, on a notification, reads the rows after it and publishes them — one read in
 *   flight per tenant, notifications arriving meanwhile coalesce into one more read. So `seq` is
 *   the feed's own (the same on every instance) and a client can resume with it.
 * - `seq` is assigned at insert: under concurrent writers a smaller one can commit after a larger
 *   one the cursor has passed. Its notification still arrives, so a notified collection that the
 *   read did not cover is published as a bare change (`ids: []`, the cursor's `seq`): watchers
 *   re-run their queries, which is what `watch` needs. A failed read does the same.
 * - Tenant isolation: a notification reaches only the subscribers of the tenant it names, and
 *   rows are read with that tenant's id; the collections filter is the subscription's own.
 *
 * - A lost LISTEN connection (Postgres) is re-opened by the database (`db.ts`, capped backoff); a
 *   notification sent while it was down is gone, so on `onReconnect` every tracked tenant re-reads
 *   the `changes` rows after its cursor and publishes them (each row once: the cursor advances
 *   as usual), then a bare change for every collection that read did not cover — a write of a
 *   smaller `seq` may have committed in the gap (see above), and watchers re-run their queries.
 *   The loss and failed reconnect attempts go to `onError`.
 *
 * Double delivery: with a database feed the server does NOT also publish its own writes
 * in-process (no `notifyingStore`). A write made through this instance NOTIFYs like any other and
 * comes back through this instance's LISTEN, so there is one path, one order and one `seq` for
 * every change, at the cost of a notification round trip (sub-millisecond on PGlite, about a
 * millisecond on a local Postgres). Deduplicating two paths would need the `seq` of in-process
 * writes, which the Store contract does not return.
 */
import { collectionNames } from '@kehu/core';
import { type Change, ChangeHub, type ChangeSource } from './changes.ts';
import type { ChangeRow } from './store/index.ts';
import type { ChangeFeed } from './store-provider.ts';

const PAGE = 1000;

interface TenantState {
  /** Subscriptions of this tenant in this process (attached, not yet released). */
  refs: number;
  /** The tenant's last `seq` published (or current when the first subscriber arrived). */
  cursor: string;
  /** Resolves once `cursor` holds the tenant's position in the feed. */
  ready: Promise<void>;
  /** Collections notified since the last read. */
  pending: Set<string>;
  running: boolean;
}

export class DatabaseChangeHub implements ChangeSource {
  private readonly hub = new ChangeHub();
  private readonly tenants = new Map<string, TenantState>();
  private listening: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly onError: (error: unknown) => void,
  ) {}

  iterate(
    tenantId: string,
    collections: readonly string[] | null | undefined,
  ): AsyncIterableIterator<Change> {
    let inner: AsyncIterableIterator<Change> | undefined;
    let finished = false;
    const state = this.acquire(tenantId);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.release(tenantId, state);
    };
    // Listening (and the tenant's cursor) first, then the hub subscription and its READY marker:
    // nothing committed after READY can be missed.
    const start = state.ready.then(() => {
      if (finished) return undefined;
      inner = this.hub.iterate(tenantId, collections);
      return inner;
    });
    start.catch(release);
    const finish = async (): Promise<IteratorResult<Change>> => {
      finished = true;
      await inner?.return?.();
      release();
      return { done: true, value: undefined };
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        const iterator = await start;
        if (!iterator || finished) return { done: true, value: undefined };
        return iterator.next();
      },
      return: finish,
      throw: finish,
    };
  }

  /** Stops listening; open subscriptions end with their connections (the server closes those). */
  async close(): Promise<void> {
    this.closed = true;
    const stop = await this.listening?.catch(() => undefined);
    this.listening = undefined;
    this.tenants.clear();
    await stop?.();
  }

  private listen(): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The server is closed'));
    this.listening ??= this.feed.listen(
      (notification) => this.notified(notification.tenant, notification.collections),
      { onReconnect: () => this.resync(), onError: this.onError },
    );
    // A failed LISTEN is retried by the next subscription (the client reconnects).
    this.listening.catch(() => {
      this.listening = undefined;
    });
    return this.listening;
  }

  /** The tenant's state, counted once more; its `ready` rejects when listening failed. */
  private acquire(tenantId: string): TenantState {
    const existing = this.tenants.get(tenantId);
    if (existing) {
      existing.refs++;
      return existing;
    }
    const state: TenantState = {
      refs: 1,
      cursor: '0',
      ready: Promise.resolve(),
      pending: new Set(),
      running: false,
    };
    this.tenants.set(tenantId, state);
    state.ready = (async () => {
      await this.listen();
      // Read once LISTEN is live: a write committing in between is within the cursor (READY,
      // which follows, makes clients re-run anyway) and its notification only adds a bare change.
      state.cursor = await this.feed.latest(tenantId);
      if (this.tenants.get(tenantId) === state) this.hub.seek(tenantId, state.cursor);
    })();
    state.ready.catch(() => {
      if (this.tenants.get(tenantId) === state) this.tenants.delete(tenantId);
    });
    return state;
  }

  private release(tenantId: string, state: TenantState): void {
    state.refs--;
    if (state.refs <= 0 && this.tenants.get(tenantId) === state) {
      this.tenants.delete(tenantId);
      this.hub.forget(tenantId);
    }
  }

  /** A `kehu_changes` notification: only the named tenant's subscribers (if any here) hear it. */
  private notified(tenantId: string, collections: readonly string[]): void {
    const state = this.tenants.get(tenantId);
    if (!state || this.closed) return;
    for (const collection of collections) state.pending.add(collection);
    void this.pump(tenantId, state);
  }

  /**
   * The LISTEN connection was re-opened: notifications may have been lost. Every tracked tenant
   * reads its rows after the cursor, and each collection that read does not cover is published
   * bare (a smaller `seq` may have committed in the gap behind the cursor).
   */
  private resync(): void {
    if (this.closed) return;
    for (const [tenantId, state] of this.tenants) {
      for (const collection of collectionNames) state.pending.add(collection);
      void this.pump(tenantId, state);
    }
  }

  private async pump(tenantId: string, state: TenantState): Promise<void> {
    if (state.running) return;
    state.running = true;
    try {
      await state.ready;
      while (state.pending.size && this.tenants.get(tenantId) === state) {
        const notified = [...state.pending];
        state.pending.clear();
        const covered = new Set<string>();
        try {
          for (;;) {
            const rows = await this.feed.read(tenantId, { afterSeq: state.cursor, limit: PAGE });
            if (this.tenants.get(tenantId) !== state) return;
            for (const change of group(rows)) {
              covered.add(change.collection);
              state.cursor = change.seq;
              this.hub.publish(tenantId, change);
            }
            if (rows.length < PAGE) break;
          }
        } catch (error) {
          this.onError(error);
        }
        for (const collection of notified) {
          if (!covered.has(collection)) {
            this.hub.publish(tenantId, { collection, op: 'PUT', ids: [], seq: state.cursor });
          }
        }
      }
    } catch (error) {
      this.onError(error);
    } finally {
      state.running = false;
    }
  }
}

/** Consecutive rows of one collection and op become one `Change` (`seq`: the last row's). */
function group(rows: readonly ChangeRow[]): Change[] {
  const changes: Change[] = [];
  let last: Change | undefined;
  for (const row of rows) {
    const op = row.op === 'delete' ? 'DELETE' : 'PUT';
    if (last && last.collection === row.collection && last.op === op) {
      if (!last.ids.includes(row.id)) last.ids.push(row.id);
      last.seq = row.seq;
    } else {
      last = { seq: row.seq, collection: row.collection, op, ids: [row.id] };
      changes.push(last);
    }
  }
  return changes;
}
