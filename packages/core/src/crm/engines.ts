/**
 * The seams where rule engines plug into the facade's business actions. Each engine is optional:
 * when one is absent its step is skipped, never replaced by a placeholder. Engines that touch
 * storage get the action's transaction and declare the collections they use, so their reads and
 * writes commit or roll back together with the action (IndexedDB needs the scope up front).
 */
import type { z } from 'zod';
import type { MatchingService } from '../matching/engine.ts';
import type { CollectionName } from '../model/collections.ts';
import type { ScoreSnapshotSchema } from '../model/common.ts';
import type { Deal } from '../model/deal.ts';
import type { DuplicateLinkSchema, Lead } from '../model/lead.ts';
import type { Order } from '../model/order.ts';
import type { Pipeline } from '../model/pipeline.ts';
import type { Clock, IdGenerator, RandomSource } from '../runtime.ts';
import type { Store, StoreReader, StoreTransaction } from '../storage/contract.ts';
import type { CrmEvents, CrmEventType } from './events.ts';

/**
 * A lead as it will be saved, before the store gives it a version. Each engine sees the results
 * of the steps before it: scoring sees `duplicates`, assignment sees `duplicates` and `score`.
 */
export type LeadDraft = Readonly<Omit<Lead, 'version'>>;

export type DuplicateLink = z.input<typeof DuplicateLinkSchema>;

/** A score without its timestamp: the action stamps it with the capture time. */
export type LeadScore = Omit<z.input<typeof ScoreSnapshotSchema>, 'at'>;

export interface AssignmentDecision {
  ownerId?: string;
  teamId?: string;
  /** Why this owner (or queue) was chosen, readable by a manager; stored on the lead. */
  reason: string;
}

/** What every engine call receives besides its subject. */
export interface EngineContext {
  /** The action's time in epoch milliseconds, the same instant the records are stamped with. */
  now: number;
  /** The acting user, if any. */
  actorId: string | undefined;
  /** The facade's injected random source, for fair tie-breaking. */
  random: RandomSource;
  /**
   * Queues a domain event from inside the action; it is emitted after the commit and dropped if
   * the action fails. Absent when an engine is called outside a facade action.
   */
  emit?: <K extends CrmEventType>(type: K, payload: CrmEvents[K]) => void;
}

export interface ScoringEngine {
  /** Scores a lead from its own fields. Pure and synchronous: compiled rules over plain data. */
  scoreLead(lead: LeadDraft, context: EngineContext): LeadScore;
}

export interface MatchingEngine {
  /** The collections `findDuplicates` reads, added to the capture transaction's scope. */
  collections: readonly CollectionName[];
  /**
   * Possible duplicates of `candidate` among stored records. `reader` is the capture transaction,
   * so await only its methods. The best 20 links (by score) are stored on the lead.
   */
  findDuplicates(reader: StoreReader, candidate: LeadDraft, context: EngineContext): Promise<DuplicateLink[]>;
  /**
   * Builds the service `crm.matching` exposes (find, scan, dry run, merge, undo) over the
   * facade's store, clock and ids. Lives with the engine so the main entry never loads the
   * matching module's name and phone data unless the host plugs matching in.
   */
  createService?(deps: { store: Store; clock: Clock; ids: IdGenerator }): MatchingService;
}

export interface AssignmentEngine {
  /** The collections `assignLead` reads or writes (cursors, loads, users, teams). */
  collections: readonly CollectionName[];
  /**
   * Chooses an owner and/or team for a lead. State it keeps (a round-robin cursor, a load counter)
   * is written through `tx`, so it is saved if and only if the lead is. `undefined` leaves the lead
   * unassigned; throwing aborts the whole capture.
   */
  assignLead(
    tx: StoreTransaction,
    lead: LeadDraft,
    context: EngineContext,
  ): Promise<AssignmentDecision | undefined>;
}

export interface LoyaltyEngine {
  /** The collections `onOrderRecorded` reads or writes (members, loyaltyEntries, …). */
  collections: readonly CollectionName[];
  /**
   * Reacts to a newly recorded order inside its transaction: earns points, re-evaluates the tier.
   * Runs once per order id, because recording an existing id fails before this is called.
   */
  onOrderRecorded(tx: StoreTransaction, order: Order, context: EngineContext): Promise<void>;
}

export interface WinProbabilityEngine {
  /**
   * The learned chance, in percent, that `deal` will be won, as it stands after the action that
   * is saving it (created or moved). `undefined` when the model cannot tell.
   */
  predict(deal: Readonly<Deal>, pipeline: Pipeline): number | undefined;
  /** Learns from a deal that has just been won or lost; called once its move has committed. */
  observe?(deal: Readonly<Deal>, pipeline: Pipeline): void;
}

/** Extension points of `createCrm`; every one is optional. */
export interface CrmEngines {
  scoring?: ScoringEngine;
  matching?: MatchingEngine;
  assignment?: AssignmentEngine;
  loyalty?: LoyaltyEngine;
  winProbability?: WinProbabilityEngine;
}
