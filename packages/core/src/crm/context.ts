/**
 * What every service of one `Crm` shares — injected store, clock, ids, engines, the event emitter —
 * and `runAction`, the one way a business action writes: a single store transaction whose events
 * are queued and emitted only once it has committed.
 */
import type { Emitter } from '../events.ts';
import type { CollectionName } from '../model/collections.ts';
import type { Clock, IdGenerator, RandomSource } from '../runtime.ts';
import type { Store, StoreTransaction } from '../storage/contract.ts';
import type { CrmEngines, EngineContext } from './engines.ts';
import type { CrmEvents, CrmEventType } from './events.ts';

export interface CrmContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly random: RandomSource;
  readonly engines: CrmEngines;
  readonly events: Emitter<CrmEvents>;
  /** The pipeline a converted lead's deal goes into when none is given. */
  readonly defaultPipelineId: string;
  actorId(): string | undefined;
}

/** One business action in progress: its transaction, its instant, its actor, its queued events. */
export interface ActionScope {
  readonly tx: StoreTransaction;
  /** Epoch milliseconds, read once so every record of the action carries the same instant. */
  readonly now: number;
  /** `now` as the ISO timestamp records store. */
  readonly at: string;
  readonly actorId: string | undefined;
  /** Queues an event; it is emitted after the commit and dropped if the action fails. */
  emit<K extends CrmEventType>(type: K, payload: CrmEvents[K]): void;
}

/** Runs `work` in one transaction over `collections`, then emits the events it queued. */
export async function runAction<R>(
  ctx: CrmContext,
  collections: readonly CollectionName[],
  work: (scope: ActionScope) => Promise<R>,
): Promise<R> {
  const now = ctx.clock.now();
  const at = new Date(now).toISOString();
  const actorId = ctx.actorId();
  let queued: (() => void)[] = [];
  const result = await ctx.store.transaction([...new Set(collections)], (tx) => {
    // An adapter may retry the work function; only the last attempt's events are real.
    queued = [];
    const emit = <K extends CrmEventType>(type: K, payload: CrmEvents[K]) => {
      queued.push(() => ctx.events.emit(type, payload));
    };
    return work({ tx, now, at, actorId, emit });
  });
  for (const announce of queued) announce();
  return result;
}

export function engineContext(ctx: CrmContext, scope: ActionScope): EngineContext {
  return { now: scope.now, actorId: scope.actorId, random: ctx.random, emit: scope.emit };
}
