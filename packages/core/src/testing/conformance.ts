/**
 * The storage conformance suite: the behaviour every `Store` adapter must show, as a list of
 * named cases that any test runner can execute. It imports no runner, so vitest in Node and
 * mocha in a browser run the same cases:
 *
 *   for (const c of storageConformance({ createStore: () => createMemoryStore() })) it(c.name, c.run);
 */
import type { Store } from '../storage/contract.ts';
import { fail } from './assert.ts';
import { badInputCases } from './cases/bad-input.ts';
import { queryCases } from './cases/query.ts';
import { recordCases } from './cases/records.ts';
import { transactionCases } from './cases/transaction.ts';
import { watchCases } from './cases/watch.ts';
import { type CaseContext, type CaseDefinition, recordWatch } from './context.ts';
import { waitFor } from './wait.ts';

export interface ConformanceOptions {
  /** Returns a fresh, empty store. Called once per case. */
  createStore: () => Store | Promise<Store>;
  /**
   * Opens a second, independent store object on the same underlying database as `store` (a second
   * connection, another tab). Without it the cases that need one pass trivially, marked skipped.
   */
  openSecond?: (store: Store) => Store | Promise<Store>;
  /** Cleanup after each case (e.g. delete the database). Default: `store.close()`. */
  dispose?: (store: Store) => Promise<void>;
  /**
   * How long a case waits for an asynchronous outcome (a watch delivery) before failing, in ms.
   * Default 2000; raise it for an adapter behind a slow network.
   */
  timeout?: number;
}

export interface ConformanceCase {
  name: string;
  run: () => Promise<void>;
  /** Why the case passes without testing anything (an optional capability was not provided). */
  skipped?: string;
}

export interface ConformanceReport {
  passed: string[];
  failed: { name: string; error: unknown }[];
}

const definitions: readonly CaseDefinition[] = [
  ...recordCases,
  ...queryCases,
  ...transactionCases,
  ...watchCases,
  ...badInputCases,
];

export function storageConformance(options: ConformanceOptions): ConformanceCase[] {
  return definitions.map((definition) => {
    if (definition.needsSecond && !options.openSecond) {
      const skipped = 'options.openSecond was not given';
      return { name: `${definition.name} (skipped: ${skipped})`, skipped, run: async () => {} };
    }
    return { name: definition.name, run: () => runCase(definition, options) };
  });
}

async function runCase(definition: CaseDefinition, options: ConformanceOptions): Promise<void> {
  const timeout = options.timeout ?? 2000;
  const store = await options.createStore();
  // Undone in reverse order whatever the outcome, so a failing case leaks no watch or connection.
  const cleanups: (() => unknown)[] = [];
  const closed = new WeakSet<Store>();
  const context: CaseContext = {
    store,
    async second() {
      if (!options.openSecond) fail(`${definition.name}: the case needs options.openSecond`);
      const other = await options.openSecond(store);
      cleanups.push(() => (closed.has(other) ? undefined : other.close()));
      return other;
    },
    async close(target) {
      closed.add(target);
      await target.close();
    },
    watch(collection, query = {}, on = store) {
      const recorder = recordWatch(on, collection, query, timeout);
      cleanups.push(() => recorder.stop());
      return recorder;
    },
    waitFor: (predicate, message) => waitFor(predicate, { timeout, message }),
    settle: () => new Promise((resolve) => setTimeout(resolve, Math.min(100, timeout / 4))),
  };
  let failure: { error: unknown } | undefined;
  try {
    await definition.run(context);
  } catch (error) {
    failure = { error };
  }
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failure ??= { error };
    }
  }
  try {
    await (options.dispose ? options.dispose(store) : store.close());
  } catch (error) {
    failure ??= { error };
  }
  if (failure) throw failure.error;
}

/** Runs cases one after another (they share nothing, but an adapter may share one database). */
export async function runConformance(cases: readonly ConformanceCase[]): Promise<ConformanceReport> {
  const report: ConformanceReport = { passed: [], failed: [] };
  for (const c of cases) {
    try {
      await c.run();
      report.passed.push(c.name);
    } catch (error) {
      report.failed.push({ name: c.name, error });
    }
  }
  return report;
}

/** Every case name, in suite order, for runners that list or filter cases up front. */
export const conformanceCaseNames: readonly string[] = definitions.map((definition) => definition.name);
