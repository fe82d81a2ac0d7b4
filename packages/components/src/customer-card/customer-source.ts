/**
 * One customer's 360 view, kept live: `crm.customers.view360` plus the owner's name, reloaded
 * whenever a record the view is built from changes in the store — in this tab, another tab or on
 * a server, since `store.watch` sees them all. A burst of changes (one business action writes
 * several collections) coalesces into a single reload, and a reload that finishes after a newer
 * one has started is dropped, so a slow old answer never overwrites a fresh one.
 */
import {
  type CollectionName,
  type Crm,
  type Customer360,
  isKehuError,
  type Query,
  type Unsubscribe,
  type User,
} from '@kehu/core';

export interface CustomerView extends Customer360 {
  owner: User | undefined;
}

export type CustomerState =
  | { status: 'loading' }
  | { status: 'ready'; view: CustomerView; refreshing: boolean }
  | { status: 'missing' }
  | { status: 'error'; error: unknown };

/** Watched per account: each a query by `accountId` (or `id` for the account itself). */
const BY_ACCOUNT = ['contacts', 'deals', 'activities', 'orders', 'members'] as const;

/** How long a burst of changes may last before the view is reloaded once. */
export const RELOAD_DELAY_MS = 50;

export class CustomerSource {
  state: CustomerState = { status: 'loading' };
  /** Reloads started, initial load included; tests and diagnostics read it. */
  loads = 0;
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly fixed: Unsubscribe[] = [];
  /** Watches that follow the loaded view (its member cards, owner, pipelines), by a key of their query. */
  private readonly derived = new Map<string, { key: string; stop: Unsubscribe }>();

  constructor(
    private readonly crm: Crm,
    readonly accountId: string,
    private readonly changed: (state: CustomerState) => void,
    private readonly delay = RELOAD_DELAY_MS,
  ) {}

  /** Subscribes to the account's records, then loads; the watches' first results are the loaded state. */
  start(): void {
    const { accountId } = this;
    this.fixed.push(this.watch('accounts', { where: { id: accountId } }));
    for (const collection of BY_ACCOUNT) this.fixed.push(this.watch(collection, { where: { accountId } }));
    void this.load();
  }

  /** Reloads soon; calls within the delay share one reload. */
  schedule(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), this.delay);
  }

  /** Reloads now (retry, or after `crm.customers.analyze()`, which changes no record). */
  reload(): void {
    clearTimeout(this.timer);
    if (this.state.status !== 'ready') this.set({ status: 'loading' });
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const stop of this.fixed) stop();
    for (const { stop } of this.derived.values()) stop();
    this.fixed.length = 0;
    this.derived.clear();
  }

  private async load(): Promise<void> {
    const run = ++this.run;
    this.loads++;
    if (this.state.status === 'ready' && !this.state.refreshing)
      this.set({ ...this.state, refreshing: true });
    try {
      const view = await this.crm.customers.view360(this.accountId);
      const { ownerId } = view.account;
      const owner = ownerId === undefined ? undefined : await this.crm.users.get(ownerId);
      if (run !== this.run || this.disposed) return;
      this.follow(view);
      this.set({ status: 'ready', view: { ...view, owner }, refreshing: false });
    } catch (error) {
      if (run !== this.run || this.disposed) return;
      this.set(isKehuError(error, 'NOT_FOUND') ? { status: 'missing' } : { status: 'error', error });
    }
  }

  /**
   * Watches what the view depends on beyond the account's own records: the member cards' points
   * and orders, the owner's name and the open deals' pipelines (stage names). Re-subscribed only
   * when the set of ids changes.
   */
  private follow(view: Customer360): void {
    const memberIds = view.members.map((member) => member.id).sort();
    const pipelineIds = [...new Set(view.openDeals.map((open) => open.deal.pipelineId))].sort();
    const ownerId = view.account.ownerId;
    this.derive('loyaltyEntries', memberIds.length ? { where: { memberId: { in: memberIds } } } : undefined);
    this.derive('orders', memberIds.length ? { where: { memberId: { in: memberIds } } } : undefined);
    this.derive('users', ownerId === undefined ? undefined : { where: { id: ownerId } });
    this.derive('pipelines', pipelineIds.length ? { where: { id: { in: pipelineIds } } } : undefined);
  }

  private derive<C extends CollectionName>(collection: C, query: Query<C> | undefined): void {
    const key = JSON.stringify(query ?? null);
    const current = this.derived.get(collection);
    if (current?.key === key) return;
    current?.stop();
    this.derived.delete(collection);
    if (query) this.derived.set(collection, { key, stop: this.watch(collection, query) });
  }

  /** A watch whose first result is the baseline and every later one a change. */
  private watch<C extends CollectionName>(collection: C, query: Query<C>): Unsubscribe {
    let baseline = true;
    return this.crm.store.watch(collection, query, {
      next: () => {
        if (baseline) baseline = false;
        else this.schedule();
      },
      // A watch that breaks leaves the view as loaded; the next reload shows any storage error.
      error: () => this.schedule(),
    });
  }

  private set(state: CustomerState): void {
    this.state = state;
    this.changed(state);
  }
}
