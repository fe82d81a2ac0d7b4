/**
 * Matching as a service over a store — `findDuplicates`, `scan`, `dryRun`, `merge`, `undo` — and as
 * the engine `createCrm` plugs into `leads.capture`. A lookup for one candidate asks the store by
 * indexed fields, with the spellings a raw-valued index can hold (phone formats, e-mail case), and
 * never loads a whole collection; a scan pages through the collection with cursors and keeps only
 * the prepared values.
 */
import type { DuplicateLink, EngineContext, LeadDraft, MatchingEngine } from '../crm/engines.ts';
import { KehuError } from '../errors.ts';
import type { CollectionName, EntityOf } from '../model/collections.ts';
import { type Clock, createIdGenerator, type IdGenerator, isoAt, systemClock } from '../runtime.ts';
import type { Query, Store, StoreReader } from '../storage/contract.ts';
import { assertId } from '../storage/query.ts';
import { type CompiledEntity, compileEntity, type PreparedRecord } from './compile.ts';
import {
  assertMatchable,
  DEFAULT_MATCHING,
  type EntityMatchingInput,
  type MatchableCollection,
  type MatchingConfig,
  type MatchingConfigInput,
  type Normalization,
  parseEntityMatching,
  parseMatchingConfig,
  type Survivorship,
} from './config.ts';
import { defaultMergeJournal, type MergeJournal } from './journal.ts';
import {
  applyMerge,
  applyUndo,
  type MergeOutcome,
  type MergePreview,
  type MergeRequest,
  mergeScope,
  parseMergeRequest,
  planMerge,
  previewOf,
  undoScope,
} from './merge.ts';
import type { MergeRecord } from './merge-record.ts';
import type { PhoneRegion } from './normalize/phone.ts';
import { unique } from './normalize/text.ts';
import { type ScanOptions, type ScanResult, scanPrepared } from './scan.ts';
import { type MatchScore, scorePair } from './score.ts';

export interface DuplicateMatch extends MatchScore {
  collection: MatchableCollection;
  id: string;
}

export interface FindOptions {
  /** At most this many matches, best first (default 20). */
  limit?: number;
  /** Ids never returned (the candidate itself when it is already stored). */
  excludeIds?: readonly string[];
  /** Lowest verdict returned (default `possible`). */
  minVerdict?: 'same' | 'possible';
}

type CompiledSet = Record<MatchableCollection, CompiledEntity>;

function compileAll(config: MatchingConfig): CompiledSet {
  return {
    contacts: compileEntity(config.contacts, config.normalization),
    accounts: compileEntity(config.accounts, config.normalization),
    leads: compileEntity(config.leads, config.normalization),
  };
}

/**
 * Duplicates of `candidate` among the stored records of `collection`: one store query per lookup
 * field and path (`where: { phones: { in: [every spelling] } }`), each limited to one more than the
 * block size — a value shared by more records than that is too generic and skipped, as in blocking.
 */
export async function findInStore(
  reader: StoreReader,
  entity: CompiledEntity,
  collection: MatchableCollection,
  candidate: Readonly<Record<string, unknown>>,
  options: FindOptions = {},
): Promise<DuplicateMatch[]> {
  const { thresholds, blocking, lookups } = entity.definition;
  const exclude = new Set(options.excludeIds ?? []);
  if (typeof candidate.id === 'string') exclude.add(candidate.id);
  const stored = new Map<string, Record<string, unknown>>();
  const ask = async (path: string, condition: unknown) => {
    const query = { where: { [path]: condition }, limit: blocking.maxBlockSize + 1 } as Query<
      typeof collection
    >;
    const page = await reader.query(collection, query);
    if (page.nextCursor !== null) return;
    for (const item of page.items as unknown as Record<string, unknown>[]) {
      const id = String(item.id);
      if (!exclude.has(id)) stored.set(id, item);
    }
  };
  for (const name of lookups) {
    const field = entity.fields.find((f) => f.name === name)!;
    const raws = entity.raw(candidate, field);
    const values = unique(raws.flatMap((raw) => field.variants(raw))).slice(0, 200);
    const prefixes = unique(raws.flatMap((raw) => field.prefixes(raw))).slice(0, 8);
    for (const [path] of field.paths) {
      if (values.length) await ask(path!, values.length === 1 ? values[0]! : { in: values });
      // A range over the sorted values: names that start with the candidate's core name.
      for (const prefix of prefixes) await ask(path!, { gte: prefix, lt: `${prefix}\uffff` });
    }
  }
  if (stored.size === 0) return [];
  const prepared = entity.prepare({ ...candidate, id: String(candidate.id ?? '') });
  const floor = options.minVerdict === 'same' ? thresholds.same : thresholds.possible;
  const matches: DuplicateMatch[] = [];
  for (const [id, item] of stored) {
    const score = scorePair(entity, prepared, entity.prepare(item));
    if (score.score >= floor) matches.push({ collection, id, ...score });
  }
  matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  return matches.slice(0, options.limit ?? 20);
}

/** The contact a lead describes: its person, e-mail and phone. */
function contactOfLead(lead: LeadDraft): Record<string, unknown> {
  return { name: lead.name, emails: lead.email ? [lead.email] : [], phones: lead.phone ? [lead.phone] : [] };
}

/** The account a lead's company field describes. */
function accountOfLead(lead: LeadDraft): Record<string, unknown> | undefined {
  if (!lead.company?.trim()) return undefined;
  return { name: lead.company, kind: 'company', email: lead.email, phone: lead.phone };
}

/**
 * The engine `createCrm({ engines: { matching } })` runs inside `leads.capture`: possible duplicates
 * of the new lead among leads (same person again), contacts (already a customer's contact) and
 * accounts (the company is known), best first. It reads through the capture transaction only.
 */
export function matchingEngine(config: MatchingConfigInput = {}): MatchingEngine {
  const compiled = compileAll(parseMatchingConfig(config));
  return {
    collections: ['leads', 'contacts', 'accounts'],
    async findDuplicates(
      reader: StoreReader,
      lead: LeadDraft,
      _context: EngineContext,
    ): Promise<DuplicateLink[]> {
      const found: DuplicateMatch[] = [];
      found.push(...(await findInStore(reader, compiled.leads, 'leads', lead, { excludeIds: [lead.id] })));
      found.push(...(await findInStore(reader, compiled.contacts, 'contacts', contactOfLead(lead))));
      const account = accountOfLead(lead);
      if (account) found.push(...(await findInStore(reader, compiled.accounts, 'accounts', account)));
      found.sort((a, b) => b.score - a.score);
      return found.slice(0, 20).map(({ collection, id, score }) => ({ collection, id, score }));
    },
    createService: (deps) => createMatching({ ...deps, config }),
  };
}

export interface MatchingServiceOptions {
  store: Store;
  clock?: Clock;
  ids?: IdGenerator;
  config?: MatchingConfigInput;
  /** Where merge records go; default: the `merges` collection once registered, memory until then. */
  journal?: MergeJournal;
}

export interface StoreScanOptions extends ScanOptions {
  /** Records per page read from the store (default 1,000). */
  pageSize?: number;
}

export interface MatchingService {
  readonly config: MatchingConfig;
  /** Possible duplicates of a record (stored or not) among stored records of the same collection. */
  findDuplicates(
    collection: MatchableCollection,
    candidate: Readonly<Record<string, unknown>>,
    options?: FindOptions,
  ): Promise<DuplicateMatch[]>;
  /** Duplicate clusters in a whole collection, oldest record first in each cluster. */
  scan(
    collection: MatchableCollection,
    options?: StoreScanOptions,
  ): Promise<ScanResult & { collection: string }>;
  /** What `merge` would write, without writing. */
  dryRun(request: MergeRequest): Promise<MergePreview>;
  merge(request: MergeRequest): Promise<MergeOutcome>;
  /** Restores every record and link a merge changed; `CONFLICT` if any was edited since. */
  undo(mergeId: string, options?: { actorId?: string }): Promise<MergeRecord>;
  getMerge(mergeId: string): Promise<MergeRecord | undefined>;
  /** The record a merged id now lives on, following merges of merges. */
  survivorOf(collection: MatchableCollection, id: string): Promise<string | undefined>;
}

/** Matching over a store: find, scan, merge and undo. */
export function createMatching(options: MatchingServiceOptions): MatchingService {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator(clock);
  const journal = options.journal ?? defaultMergeJournal();
  const config = parseMatchingConfig(options.config);
  const compiled = compileAll(config);
  const region = config.normalization.region as PhoneRegion;
  const survivorship = (collection: MatchableCollection): Survivorship =>
    config[collection].survivorship ?? parseEntityMatching(DEFAULT_MATCHING[collection]).survivorship!;

  const plan = async (reader: StoreReader, request: MergeRequest) => {
    const parsed = parseMergeRequest(request);
    return planMerge(reader, parsed, survivorship(parsed.collection), isoAt(clock), region);
  };

  return {
    config,
    async findDuplicates(collection, candidate, findOptions) {
      const target = assertMatchable(collection);
      if (candidate === null || typeof candidate !== 'object') {
        throw new KehuError('VALIDATION', 'A candidate must be an object', {
          issues: [{ path: ['candidate'], message: 'Expected an object', code: 'invalid_type' }],
        });
      }
      return findInStore(store, compiled[target], target, candidate, findOptions);
    },
    async scan(collection, scanOptions = {}) {
      const target = assertMatchable(collection);
      const entity = compiled[target];
      const pageSize = scanOptions.pageSize ?? 1000;
      const records: PreparedRecord[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: EntityOf<typeof target>[]; nextCursor: string | null } = await store.query(
          target,
          {
            orderBy: 'createdAt',
            limit: pageSize,
            cursor,
          },
        );
        for (const item of page.items)
          records.push(entity.prepare(item as unknown as Record<string, unknown>));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return { collection: target, ...scanPrepared(entity, records, scanOptions) };
    },
    async dryRun(request) {
      return previewOf(await plan(store, request));
    },
    async merge(request) {
      const parsed = parseMergeRequest(request);
      const scope: CollectionName[] = [...mergeScope(parsed.collection), ...journal.collections];
      return store.transaction(scope, async (tx) => {
        const merged = await plan(tx, request);
        return applyMerge(tx, merged, journal, { id: ids(), at: isoAt(clock) });
      });
    },
    async undo(mergeId, undoOptions = {}) {
      assertId(mergeId, ['mergeId']);
      const record = await journal.get(store, mergeId);
      if (!record) throw new KehuError('NOT_FOUND', `No merge ${mergeId}`, { details: { id: mergeId } });
      const scope = [...new Set([...undoScope(record), ...journal.collections])];
      return store.transaction(scope, async (tx) => {
        // Read again inside the transaction: another undo may have won the race.
        const current = (await journal.get(tx, mergeId)) ?? record;
        return applyUndo(tx, current, journal, isoAt(clock), undoOptions.actorId);
      });
    },
    getMerge(mergeId) {
      assertId(mergeId, ['mergeId']);
      return journal.get(store, mergeId);
    },
    async survivorOf(collection, id) {
      assertMatchable(collection);
      assertId(id);
      let current = id;
      for (let hops = 0; hops < 20; hops++) {
        const record = await journal.findByMergedId(store, current);
        if (!record || record.undoneAt || record.collection !== collection) break;
        current = record.survivorId;
      }
      return current === id ? undefined : current;
    },
  };
}

/**
 * Duplicate clusters among plain records (not from a store) under one entity definition — a
 * host's own collection, an import file before it is loaded, a benchmark data set.
 */
export function scanRecords(
  records: readonly Readonly<Record<string, unknown>>[],
  definition: EntityMatchingInput,
  options: ScanOptions & { normalization?: Partial<Normalization> } = {},
): ScanResult {
  const entity = compileEntity(parseEntityMatching(definition), { region: 'CN', ...options.normalization });
  return scanPrepared(
    entity,
    records.map((record) => entity.prepare(record)),
    options,
  );
}
