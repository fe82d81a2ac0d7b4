/**
 * One board column's data: pages of deals in position order fetched with the store's cursor,
 * kept live by a watch over the loaded window, and the column's count, total and weighted total
 * computed in the background over every deal of the stage (not only the loaded ones), refreshed
 * after each change the board hears of.
 */
import {
  type Deal,
  dealProbability,
  MoneyAccumulator,
  type MoneyTotals,
  type Stage,
  type Store,
  type Unsubscribe,
  type Where,
} from '@kehu/core';

export interface ColumnTotals {
  count: number;
  amount: MoneyTotals;
  weighted: MoneyTotals;
}

/** Deals read per request while summing a column; large, because only amounts are needed. */
const AGGREGATE_PAGE = 2_000;

export class ColumnSource {
  items: Deal[] = [];
  /** Where the next page starts; `null` once the column is fully loaded. */
  cursor: string | null = null;
  loaded = false;
  loadingMore = false;
  error: unknown;
  /** `undefined` until the first background sum has finished. */
  totals: ColumnTotals | undefined;
  private stopWatch: Unsubscribe | undefined;
  private aggregateTimer: ReturnType<typeof setTimeout> | undefined;
  private aggregateRun = 0;
  private disposed = false;

  constructor(
    private readonly store: Store,
    readonly stage: Stage,
    private readonly where: Where<'deals'>,
    private readonly pageSize: number,
    private readonly changed: () => void,
  ) {}

  /** Loads the first page and starts watching it. */
  start(): void {
    this.watchWindow(this.pageSize);
  }

  get hasMore(): boolean {
    return this.cursor !== null;
  }

  /** Fetches the next page after the cursor and widens the live window to include it. */
  async loadMore(): Promise<void> {
    if (!this.cursor || this.loadingMore || this.disposed) return;
    this.loadingMore = true;
    this.changed();
    try {
      const page = await this.store.query('deals', {
        where: this.where,
        orderBy: 'position',
        limit: this.pageSize,
        cursor: this.cursor,
      });
      if (this.disposed) return;
      this.items = [...this.items, ...page.items];
      this.cursor = page.nextCursor;
      this.watchWindow(this.items.length);
    } catch (error) {
      this.error = error;
    } finally {
      this.loadingMore = false;
      this.changed();
    }
  }

  /** Drops a deal that moved away, before the watch reports it. */
  removeLocal(id: string): void {
    this.items = this.items.filter((item) => item.id !== id);
  }

  /**
   * Places a saved deal between its neighbours (or replaces it if the watch was faster). A deal
   * landing beyond the loaded window is left for paging to bring in.
   */
  insertLocal(deal: Deal, neighbours: { after?: string; before?: string } | undefined): void {
    const items = this.items.filter((item) => item.id !== deal.id);
    let at = items.length;
    if (neighbours?.before) at = items.findIndex((item) => item.id === neighbours.before);
    else if (neighbours?.after) at = items.findIndex((item) => item.id === neighbours.after) + 1;
    if (at < 0 || (at === items.length && this.cursor !== null)) return;
    items.splice(at, 0, deal);
    this.items = items;
  }

  private watchWindow(limit: number): void {
    this.stopWatch?.();
    this.stopWatch = this.store.watch(
      'deals',
      { where: this.where, orderBy: 'position', limit },
      {
        next: (page) => {
          this.items = page.items;
          this.cursor = page.nextCursor;
          this.loaded = true;
          this.error = undefined;
          this.changed();
          this.refreshTotals();
        },
        error: (error) => {
          this.error = error;
          this.loaded = true;
          this.changed();
        },
      },
    );
  }

  /** Recomputes count and totals soon; bursts of changes coalesce into one pass. */
  refreshTotals(delay = 50): void {
    if (this.disposed) return;
    clearTimeout(this.aggregateTimer);
    this.aggregateTimer = setTimeout(() => void this.aggregate(), delay);
  }

  private async aggregate(): Promise<void> {
    const run = ++this.aggregateRun;
    const amount = new MoneyAccumulator();
    const weighted = new MoneyAccumulator();
    let count = 0;
    let cursor: string | null = null;
    try {
      do {
        const page: { items: Deal[]; nextCursor: string | null } = await this.store.query('deals', {
          where: this.where,
          limit: AGGREGATE_PAGE,
          cursor,
        });
        // A newer pass started meanwhile: its result supersedes this one.
        if (run !== this.aggregateRun || this.disposed) return;
        for (const deal of page.items) {
          count++;
          amount.add(deal.amount);
          weighted.add(deal.amount, dealProbability(deal, this.stage) / 100);
        }
        cursor = page.nextCursor;
      } while (cursor);
      this.totals = { count, amount: amount.result(), weighted: weighted.result() };
      this.changed();
    } catch (error) {
      if (run === this.aggregateRun && !this.disposed) {
        this.error = error;
        this.changed();
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatch?.();
    clearTimeout(this.aggregateTimer);
  }
}
