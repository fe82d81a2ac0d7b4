/**
 * Live queries over the server's `changes` subscription (GraphQL over SSE, graphql-sse's distinct
 * connections mode, which graphql-yoga serves). One stream per store object, opened with the first
 * watch and closed with the last. A change to a collection re-runs that collection's watched
 * queries; re-runs of one watch never overlap and a change during a run schedules exactly one more,
 * so results arrive in order and bursts coalesce. The server's READY marker (and every reconnect)
 * re-runs everything, so nothing committed while the stream was (re)connecting is missed.
 */
import {
  type CollectionName,
  type EntityOf,
  isKehuError,
  KehuError,
  type Page,
  type Query,
} from '@kehu/core';
import { createClient } from 'graphql-sse';
import { CHANGES } from './documents.ts';
import { fromWireError } from './errors.ts';

interface WatchEntry {
  collection: CollectionName;
  query: Query;
  next: (page: Page<unknown>) => void;
  error: ((error: KehuError) => void) | undefined;
  stopped: boolean;
  running: boolean;
  dirty: boolean;
  last: string | undefined;
}

export interface WatchHubOptions {
  url: string;
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
  run: <C extends CollectionName>(collection: C, query: Query<C>) => Promise<Page<EntityOf<C>>>;
  /** Pause before re-opening a stream the server ended. Default 250 ms. */
  reconnectMs?: number;
}

export function createWatchHub(options: WatchHubOptions) {
  const watches = new Set<WatchEntry>();
  let dispose: (() => void) | undefined;
  let reopen: ReturnType<typeof setTimeout> | undefined;
  const client = createClient({
    url: options.url,
    headers: async () => ({ ...(options.headers ? await options.headers() : {}) }),
    ...(options.fetch ? { fetchFn: options.fetch } : {}),
    retryAttempts: 20,
    retry: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** retries))),
  });

  async function rerun(entry: WatchEntry): Promise<void> {
    if (entry.stopped) return;
    if (entry.running) {
      entry.dirty = true;
      return;
    }
    entry.running = true;
    try {
      do {
        entry.dirty = false;
        let page: Page<unknown>;
        try {
          page = await options.run(entry.collection, entry.query);
        } catch (error) {
          if (!entry.stopped) {
            entry.error?.(
              isKehuError(error) ? error : new KehuError('STORAGE', String(error), { cause: error }),
            );
          }
          return;
        }
        if (entry.stopped) return;
        // A change that did not alter this result (another page, an unrelated field) is not news.
        const fingerprint = JSON.stringify(page);
        if (fingerprint !== entry.last) {
          entry.last = fingerprint;
          entry.next(page);
        }
      } while (entry.dirty && !entry.stopped);
    } finally {
      entry.running = false;
    }
  }

  function open(): void {
    if (dispose || watches.size === 0) return;
    let ended = false;
    dispose = client.subscribe<{ changes?: { collection: string } }>(
      { query: CHANGES, variables: {} },
      {
        next(result) {
          if (result.errors?.length) {
            const error = fromWireError(result.errors[0] as Parameters<typeof fromWireError>[0]);
            for (const entry of watches) entry.error?.(error);
            return;
          }
          const collection = result.data?.changes?.collection;
          for (const entry of watches) {
            if (!collection || entry.collection === collection) void rerun(entry);
          }
        },
        error(error) {
          if (ended) return;
          ended = true;
          dispose = undefined;
          const failure = new KehuError('STORAGE', 'The change stream of the Kehu server failed', {
            cause: error,
            details: { retryable: true },
          });
          for (const entry of watches) entry.error?.(failure);
        },
        complete() {
          if (ended) return;
          ended = true;
          dispose = undefined;
          // The server ended the stream (a restart, a deploy): open a new one and catch up.
          if (watches.size > 0) reopen = setTimeout(open, options.reconnectMs ?? 250);
        },
      },
    );
  }

  function close(): void {
    if (reopen) clearTimeout(reopen);
    reopen = undefined;
    const stop = dispose;
    dispose = undefined;
    stop?.();
  }

  return {
    add<C extends CollectionName>(
      collection: C,
      query: Query<C>,
      next: (page: Page<EntityOf<C>>) => void,
      error: ((error: KehuError) => void) | undefined,
    ): () => void {
      const entry: WatchEntry = {
        collection,
        query: query as Query,
        next: next as (page: Page<unknown>) => void,
        error,
        stopped: false,
        running: false,
        dirty: false,
        last: undefined,
      };
      watches.add(entry);
      open();
      // The first result right away; the stream's READY marker re-runs it once it is live.
      queueMicrotask(() => void rerun(entry));
      return () => {
        entry.stopped = true;
        watches.delete(entry);
        if (watches.size === 0) close();
      };
    },
    /** Stops every watch and the stream. */
    stopAll(): void {
      for (const entry of watches) entry.stopped = true;
      watches.clear();
      close();
      client.dispose();
    },
  };
}
