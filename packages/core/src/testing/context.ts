/**
 * What a conformance case receives: a fresh store, the optional second connection to it, and a
 * watch recorder. Everything a case opens is registered here so the runner can close it even when
 * the case fails halfway.
 */
import type { KehuError } from '../errors.ts';
import type { CollectionName, EntityOf } from '../model/collections.ts';
import type { Page, Query, Store } from '../storage/contract.ts';
import { show } from './assert.ts';
import { waitFor } from './wait.ts';

export interface CaseContext {
  readonly store: Store;
  /** A second store object on the same database; only in cases declared with `needsSecond`. */
  second(): Promise<Store>;
  /** Closes a second store object within the case, so the runner does not close it twice. */
  close(store: Store): Promise<void>;
  /** Starts a watch whose deliveries are recorded; stopped automatically when the case ends. */
  watch<C extends CollectionName>(collection: C, query?: Query<C>, on?: Store): WatchRecorder<EntityOf<C>>;
  /** `waitFor` with the suite's timeout. */
  waitFor(predicate: () => boolean | Promise<boolean>, message: string | (() => string)): Promise<void>;
  /**
   * Pauses briefly before a case checks that something did NOT happen (a stale or late delivery),
   * so a delivery already scheduled has the chance to show. It widens the observation window
   * beyond the sentinel write; nothing is asserted about time.
   */
  settle(): Promise<void>;
}

export interface CaseDefinition {
  name: string;
  /** The case needs `openSecond`; without it the case is reported as skipped. */
  needsSecond?: boolean;
  run(context: CaseContext): Promise<void>;
}

export interface WatchRecorder<T extends { id: string }> {
  /** Every page delivered so far, oldest first (including any delivered after `stop`). */
  readonly pages: readonly Page<T>[];
  readonly errors: readonly KehuError[];
  latest(): Page<T> | undefined;
  /** Waits until the latest delivered page satisfies `predicate`; fails early if the watch errored. */
  until(predicate: (page: Page<T>) => boolean, what: string): Promise<Page<T>>;
  stop(): void;
}

export const idsOf = (items: readonly ({ id: string } | undefined)[]): (string | undefined)[] =>
  items.map((item) => item?.id);

export function describePage(page: Page<{ id: string }> | undefined): string {
  if (!page) return 'none';
  return `${show(idsOf(page.items))}, nextCursor ${page.nextCursor === null ? 'null' : 'set'}`;
}

export function recordWatch<C extends CollectionName>(
  store: Store,
  collection: C,
  query: Query<C>,
  timeout: number,
): WatchRecorder<EntityOf<C>> {
  const pages: Page<EntityOf<C>>[] = [];
  const errors: KehuError[] = [];
  const unsubscribe = store.watch(collection, query, {
    next: (page) => {
      pages.push(page);
    },
    error: (error) => {
      errors.push(error);
    },
  });
  let stopped = false;
  const latest = () => pages[pages.length - 1];
  return {
    pages,
    errors,
    latest,
    async until(predicate, what) {
      await waitFor(
        () => {
          if (errors.length) throw errors[0];
          const page = latest();
          return page !== undefined && predicate(page);
        },
        {
          timeout,
          message: () => `${what}; ${pages.length} page(s) delivered, the latest: ${describePage(latest())}`,
        },
      );
      return latest()!;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
    },
  };
}
