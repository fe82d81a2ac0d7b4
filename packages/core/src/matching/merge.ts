/**
 * Merging duplicates into one survivor, in one transaction: field-level survivorship (most recent,
 * most complete, from a trusted source, ranked values, or a manual choice per field), multi-valued
 * fields unioned without duplicates, children re-pointed (contacts, deals, activities, orders, member
 * cards and their points ledger, leads), the other records deleted, and a merge record that allows
 * undo. Every write carries the version read in the same transaction, so a concurrent edit fails the
 * whole merge with `CONFLICT` and nothing is written.
 *
 * Losers are deleted rather than marked: the entity schemas have no "merged into" field (a marker
 * would be stripped on write, and every list, count and report would need to filter it out), and
 * the merge record keeps each deleted record whole, which is what undo and an audit need.
 */
import { z } from 'zod';
import { KehuError, parseOrThrow } from '../errors.ts';
import type { CollectionName, EntityInput, EntityOf } from '../model/collections.ts';
import { IdSchema, type JsonValue } from '../model/common.ts';
import type { Query, StoreReader, StoreTransaction } from '../storage/contract.ts';
import { conflict } from '../storage/validate.ts';
import {
  assertMatchable,
  type MatchableCollection,
  type Survivorship,
  type SurvivorshipRule,
} from './config.ts';
import type { MergeJournal } from './journal.ts';
import type { MergeChange, MergeRecord, MergeRecordInput } from './merge-record.ts';
import { normalizeEmail } from './normalize/email.ts';
import { normalizePhone, type PhoneRegion } from './normalize/phone.ts';
import { foldText } from './normalize/text.ts';

type Row = Record<string, unknown> & { id: string; version: number };
/** A record of some collection, known only at run time; the store validates it on write. */
type AnyInput = EntityInput<CollectionName>;

export const MergeRequestSchema = z.strictObject({
  /** The records to merge, two or more, all of one collection. */
  records: z
    .array(
      z.strictObject({
        collection: z.string(),
        id: IdSchema,
        /** The version the caller saw; a record changed since fails the merge with `CONFLICT`. */
        expectedVersion: z.int().nonnegative().optional(),
      }),
    )
    .min(2)
    .max(100),
  /** The record that survives; default: the oldest (it is the id others most likely refer to). */
  survivorId: IdSchema.optional(),
  /** Manual choice per field: the id of the record whose value wins (even an empty one). */
  choices: z.record(z.string().min(1), IdSchema).default({}),
  actorId: IdSchema.optional(),
  reason: z.string().max(500).optional(),
});
export type MergeRequest = z.input<typeof MergeRequestSchema>;

/** Where each surviving field came from. */
export type Provenance = Record<string, { from: string; rule: string }>;

export interface MergePreview {
  collection: MatchableCollection;
  survivorId: string;
  mergedIds: string[];
  /** The survivor as it will be written (the store sets its version). */
  survivor: Record<string, unknown>;
  provenance: Provenance;
  /** Every other record the merge rewrites, with each changed field's old and new value. */
  updates: {
    collection: CollectionName;
    id: string;
    fields: Record<string, { from: unknown; to: unknown }>;
  }[];
  deleted: { collection: CollectionName; id: string }[];
}

export interface MergeOutcome {
  record: MergeRecord;
  survivor: Record<string, unknown>;
}

const SYSTEM_FIELDS = new Set(['id', 'version', 'createdAt', 'updatedAt']);

interface Relation {
  collection: CollectionName;
  field: string;
}

// Children that point at a merged record. Member cards are handled on their own (two cards in one
// programme are merged, not just re-pointed); loyalty entries and orders follow the card.
const CHILDREN: Readonly<Record<MatchableCollection, readonly Relation[]>> = {
  accounts: [
    { collection: 'contacts', field: 'accountId' },
    { collection: 'deals', field: 'accountId' },
    { collection: 'activities', field: 'accountId' },
    { collection: 'orders', field: 'accountId' },
    { collection: 'leads', field: 'accountId' },
  ],
  contacts: [
    { collection: 'deals', field: 'contactId' },
    { collection: 'activities', field: 'contactId' },
    { collection: 'orders', field: 'contactId' },
  ],
  leads: [
    { collection: 'deals', field: 'leadId' },
    { collection: 'activities', field: 'leadId' },
  ],
};

const MEMBER_OWNER: Readonly<Partial<Record<MatchableCollection, 'accountId' | 'contactId'>>> = {
  accounts: 'accountId',
  contacts: 'contactId',
};

/** Every collection a merge of `collection` may read or write. */
export function mergeScope(collection: MatchableCollection): CollectionName[] {
  const scope = new Set<CollectionName>([collection, ...CHILDREN[collection].map((r) => r.collection)]);
  if (MEMBER_OWNER[collection])
    for (const c of ['members', 'loyaltyEntries', 'orders'] as const) scope.add(c);
  return [...scope];
}

interface ParsedRequest {
  collection: MatchableCollection;
  ids: string[];
  expected: Map<string, number>;
  survivorId: string | undefined;
  choices: Record<string, string>;
  actorId: string | undefined;
  reason: string | undefined;
}

function invalid(message: string, path: (string | number)[], code = 'invalid_value'): KehuError {
  return new KehuError('VALIDATION', message, { issues: [{ path, message, code }] });
}

/** Validates a request: one matchable collection, no record twice, survivor and choices among them. */
export function parseMergeRequest(input: unknown): ParsedRequest {
  const request = parseOrThrow(MergeRequestSchema, input, 'merge request');
  const collection = assertMatchable(request.records[0]!.collection, ['records', 0, 'collection']);
  const ids: string[] = [];
  const expected = new Map<string, number>();
  request.records.forEach((ref, index) => {
    if (ref.collection !== collection) {
      throw invalid(
        `Cannot merge records of different types: ${collection} and ${ref.collection}`,
        ['records', index, 'collection'],
        'different_types',
      );
    }
    if (ids.includes(ref.id)) {
      throw invalid(
        `A record cannot be merged into itself: ${ref.id}`,
        ['records', index, 'id'],
        'self_merge',
      );
    }
    ids.push(ref.id);
    if (ref.expectedVersion !== undefined) expected.set(ref.id, ref.expectedVersion);
  });
  if (request.survivorId !== undefined && !ids.includes(request.survivorId)) {
    throw invalid(`The survivor ${request.survivorId} is not among the merged records`, ['survivorId']);
  }
  for (const [field, id] of Object.entries(request.choices)) {
    if (SYSTEM_FIELDS.has(field))
      throw invalid(`${field} is kept by the merge, not chosen`, ['choices', field]);
    if (!ids.includes(id)) throw invalid(`${id} is not among the merged records`, ['choices', field]);
  }
  return {
    collection,
    ids,
    expected,
    survivorId: request.survivorId,
    choices: request.choices,
    actorId: request.actorId,
    reason: request.reason,
  };
}

// ---------------------------------------------------------------------------------------------
// Survivorship

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** How much a value says: characters of text, elements of a list, filled leaves of an object. */
function completeness(value: unknown): number {
  if (isEmpty(value)) return 0;
  if (typeof value === 'string') return value.trim().length;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object')
    return Object.values(value as object).reduce((n: number, v) => n + completeness(v), 0);
  return 1;
}

function ruleName(rule: SurvivorshipRule): string {
  return typeof rule === 'string' ? rule : rule.rule;
}

/**
 * The record whose value of `read` wins under `rule`, among records with a non-empty value.
 * `records` starts with the survivor; ties go to the more recently updated record, then to the order.
 */
function pick(
  records: readonly Row[],
  read: (record: Row) => unknown,
  rule: SurvivorshipRule,
  survivorship: Survivorship,
): Row | undefined {
  const candidates = records.filter((record) => !isEmpty(read(record)));
  if (candidates.length === 0) return undefined;
  if (rule === 'survivor') return candidates[0];
  const recency = (record: Row) => String(record.updatedAt ?? '');
  const sourceRank = (record: Row) => {
    const index = survivorship.trustedSources.indexOf(String(record[survivorship.sourceField] ?? ''));
    return index < 0 ? Number.POSITIVE_INFINITY : index;
  };
  const key = (record: Row): number => {
    if (rule === 'mostComplete') return -completeness(read(record));
    if (rule === 'trusted') return sourceRank(record);
    if (typeof rule === 'object') {
      const index = rule.order.indexOf(String(read(record)));
      return index < 0 ? Number.POSITIVE_INFINITY : index;
    }
    return 0;
  };
  let best = candidates[0]!;
  for (const record of candidates.slice(1)) {
    const order = key(record) - key(best);
    if (order < 0 || (order === 0 && recency(record) > recency(best))) best = record;
  }
  return best;
}

type KeyOf = (value: unknown) => string;

function multiValueKey(field: string, region: PhoneRegion): KeyOf {
  if (field === 'emails' || field === 'email') return (value) => normalizeEmail(String(value));
  if (field === 'phones' || field === 'phone') return (value) => normalizePhone(String(value), region);
  return (value) => (typeof value === 'string' ? foldText(value) : stableJson(value));
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** Union of list values, one per normalised key, survivor's spelling first. */
function union(records: readonly Row[], field: string, key: KeyOf): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const record of records) {
    const values = record[field];
    if (!Array.isArray(values)) continue;
    for (const value of values) {
      const k = key(value);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(value);
    }
  }
  return out;
}

/** A lead's duplicate links, merged: links to the merged records themselves drop out; best score wins. */
function mergeDuplicateLinks(
  records: readonly Row[],
  collection: MatchableCollection,
  ids: readonly string[],
) {
  const best = new Map<string, { collection: string; id: string; score: number }>();
  for (const record of records) {
    for (const link of (record.duplicates as { collection: string; id: string; score: number }[]) ?? []) {
      if (link.collection === collection && ids.includes(link.id)) continue;
      const key = `${link.collection}/${link.id}`;
      if ((best.get(key)?.score ?? -1) < link.score) best.set(key, link);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, 20);
}

export interface SurvivorResult {
  survivor: Record<string, unknown>;
  provenance: Provenance;
}

/**
 * The surviving record's fields from `records` (survivor first). Pure: the same inputs give the
 * same survivor, which is what the dry run shows.
 */
export function survive(
  collection: MatchableCollection,
  records: readonly Row[],
  survivorship: Survivorship,
  choices: Readonly<Record<string, string>>,
  now: string,
  region: PhoneRegion = 'CN',
): SurvivorResult {
  const survivorRow = records[0]!;
  const ids = records.map((record) => record.id);
  const fields = new Set<string>();
  for (const record of records)
    for (const field of Object.keys(record)) if (!SYSTEM_FIELDS.has(field)) fields.add(field);
  const survivor: Record<string, unknown> = {
    id: survivorRow.id,
    createdAt: records.map((record) => String(record.createdAt)).sort()[0],
    updatedAt: now,
  };
  const provenance: Provenance = {};
  const multi = new Set(survivorship.multiValued);
  for (const field of [...fields].sort()) {
    const chosen = choices[field];
    if (chosen !== undefined) {
      const from = records.find((record) => record.id === chosen)!;
      if (from[field] !== undefined) survivor[field] = from[field];
      provenance[field] = { from: chosen, rule: 'manual' };
      continue;
    }
    if (collection === 'leads' && field === 'duplicates') {
      survivor[field] = mergeDuplicateLinks(records, collection, ids);
      provenance[field] = { from: survivorRow.id, rule: 'union' };
      continue;
    }
    if (multi.has(field)) {
      const values = union(records, field, multiValueKey(field, region));
      if (values.length) survivor[field] = values;
      provenance[field] = { from: survivorRow.id, rule: 'union' };
      continue;
    }
    const rule = survivorship.fields[field] ?? survivorship.default;
    // Host-defined fields are chosen one by one: one record's credit limit, another's ERP code.
    if (field === 'custom' && survivorship.fields.custom === undefined) {
      const merged = mergeCustom(records, rule, survivorship, provenance);
      if (Object.keys(merged).length) survivor.custom = merged;
      continue;
    }
    const from = pick(records, (record) => record[field], rule, survivorship);
    if (from) {
      survivor[field] = from[field];
      provenance[field] = { from: from.id, rule: ruleName(rule) };
    }
  }
  return { survivor, provenance };
}

function mergeCustom(
  records: readonly Row[],
  rule: SurvivorshipRule,
  survivorship: Survivorship,
  provenance: Provenance,
): Record<string, unknown> {
  const keys = new Set<string>();
  const custom = (record: Row) => (record.custom ?? {}) as Record<string, unknown>;
  for (const record of records) for (const key of Object.keys(custom(record))) keys.add(key);
  const merged: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const from = pick(records, (record) => custom(record)[key], rule, survivorship);
    if (!from) continue;
    merged[key] = custom(from)[key];
    provenance[`custom.${key}`] = { from: from.id, rule: ruleName(rule) };
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// The plan: every record read, and what it becomes

interface Working {
  collection: CollectionName;
  before: Row;
  after: Record<string, unknown>;
  deleted: boolean;
}

class WriteSet {
  readonly entries = new Map<string, Working>();

  touch(collection: CollectionName, row: Row): Working {
    const key = `${collection}/${row.id}`;
    let working = this.entries.get(key);
    if (!working) {
      working = { collection, before: row, after: structuredClone(row), deleted: false };
      this.entries.set(key, working);
    }
    return working;
  }
}

export interface MergePlan {
  request: ParsedRequest;
  survivorId: string;
  mergedIds: string[];
  provenance: Provenance;
  writes: WriteSet;
}

async function queryAll<C extends CollectionName>(
  reader: StoreReader,
  collection: C,
  field: string,
  values: readonly string[],
): Promise<Row[]> {
  const where = { [field]: values.length === 1 ? values[0]! : { in: values } };
  const page = await reader.query(collection, { where } as Query<C>);
  return page.items as unknown as Row[];
}

/** Reads everything a merge touches and works out every write, without writing. */
export async function planMerge(
  reader: StoreReader,
  request: ParsedRequest,
  survivorship: Survivorship,
  now: string,
  region: PhoneRegion,
): Promise<MergePlan> {
  const { collection, ids } = request;
  const found = (await reader.getMany(collection, ids)) as unknown as (Row | undefined)[];
  const missing = ids.filter((_, index) => !found[index]);
  if (missing.length) {
    throw new KehuError('NOT_FOUND', `${collection} not found: ${missing.join(', ')}`, {
      details: { collection, ids: missing },
    });
  }
  const rows = found as Row[];
  for (const row of rows) {
    const expected = request.expected.get(row.id);
    if (expected !== undefined && expected !== row.version)
      throw conflict(collection, row.id, expected, row.version);
  }
  if (collection === 'accounts') {
    const kinds = new Set(rows.map((row) => row.kind));
    if (kinds.size > 1) {
      const index = rows.findIndex((row) => row.kind !== rows[0]!.kind);
      const [first, other] = [String(rows[0]!.kind), String(rows[index]!.kind)];
      throw invalid(
        `Cannot merge records of different types: a ${first} account and a ${other} account`,
        ['records', index],
        'different_types',
      );
    }
  }
  const survivorId = request.survivorId ?? oldest(rows).id;
  const ordered = [
    rows.find((row) => row.id === survivorId)!,
    ...rows.filter((row) => row.id !== survivorId),
  ];
  const mergedIds = ordered.slice(1).map((row) => row.id);
  const { survivor, provenance } = survive(collection, ordered, survivorship, request.choices, now, region);

  const writes = new WriteSet();
  const main = writes.touch(collection, ordered[0]!);
  main.after = survivor;
  for (const row of ordered.slice(1)) writes.touch(collection, row).deleted = true;

  for (const relation of CHILDREN[collection]) {
    for (const child of await queryAll(reader, relation.collection, relation.field, mergedIds)) {
      const working = writes.touch(relation.collection, child);
      working.after[relation.field] = survivorId;
      repointConverted(working, mergedIds, survivorId);
    }
  }
  const owner = MEMBER_OWNER[collection];
  if (owner) await mergeMemberCards(reader, writes, owner, survivorId, mergedIds);
  return { request, survivorId, mergedIds, provenance, writes };
}

function oldest(rows: readonly Row[]): Row {
  return rows.reduce((best, row) => (String(row.createdAt) < String(best.createdAt) ? row : best));
}

// A converted lead also names its account in `converted`; keep both pointers on the survivor.
function repointConverted(working: Working, mergedIds: readonly string[], survivorId: string): void {
  if (working.collection !== 'leads') return;
  const converted = working.after.converted as { accountId?: string } | undefined;
  if (converted?.accountId && mergedIds.includes(converted.accountId)) {
    working.after.converted = { ...converted, accountId: survivorId };
  }
}

/**
 * Member cards of the merged records move to the survivor. Where the survivor already holds a card
 * in the same programme, the two cards become one: the points ledger and the orders follow the
 * survivor's card and the other card is deleted, so the balance (the sum of entries) is kept whole.
 */
async function mergeMemberCards(
  reader: StoreReader,
  writes: WriteSet,
  owner: 'accountId' | 'contactId',
  survivorId: string,
  mergedIds: readonly string[],
): Promise<void> {
  const byJoined = (a: Row, b: Row) =>
    String(a.joinedAt).localeCompare(String(b.joinedAt)) || a.id.localeCompare(b.id);
  const own = (await queryAll(reader, 'members', owner, [survivorId])).sort(byJoined);
  const theirs = (await queryAll(reader, 'members', owner, mergedIds)).sort(byJoined);
  const cardOf = new Map<string, string>();
  for (const card of own) if (!cardOf.has(programme(card))) cardOf.set(programme(card), card.id);
  for (const card of theirs) {
    const working = writes.touch('members', card);
    const target = cardOf.get(programme(card));
    if (target === undefined) {
      working.after[owner] = survivorId;
      cardOf.set(programme(card), card.id);
      continue;
    }
    working.deleted = true;
    for (const entry of await queryAll(reader, 'loyaltyEntries', 'memberId', [card.id])) {
      writes.touch('loyaltyEntries', entry).after.memberId = target;
    }
    for (const order of await queryAll(reader, 'orders', 'memberId', [card.id])) {
      writes.touch('orders', order).after.memberId = target;
    }
  }
}

function programme(card: Row): string {
  return String(card.programId ?? '');
}

// ---------------------------------------------------------------------------------------------
// Preview, apply, undo

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('version');
  return [...keys].filter((key) => stableJson(before[key]) !== stableJson(after[key]));
}

export function previewOf(plan: MergePlan): MergePreview {
  const updates: MergePreview['updates'] = [];
  const deleted: MergePreview['deleted'] = [];
  let survivor: Record<string, unknown> = {};
  for (const working of plan.writes.entries.values()) {
    const { collection, before, after } = working;
    if (working.deleted) {
      deleted.push({ collection, id: before.id });
      continue;
    }
    if (collection === plan.request.collection && before.id === plan.survivorId) {
      survivor = after;
      continue;
    }
    const fields: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of changedFields(before, after)) fields[key] = { from: before[key], to: after[key] };
    if (Object.keys(fields).length) updates.push({ collection, id: before.id, fields });
  }
  return {
    collection: plan.request.collection,
    survivorId: plan.survivorId,
    mergedIds: plan.mergedIds,
    survivor,
    provenance: plan.provenance,
    updates,
    deleted,
  };
}

/** Writes a plan through `tx` (each write with the version read) and records it in the journal. */
export async function applyMerge(
  tx: StoreTransaction,
  plan: MergePlan,
  journal: MergeJournal,
  record: { id: string; at: string },
): Promise<MergeOutcome> {
  const changes: MergeChange[] = [];
  const deleted: MergeRecordInput['deleted'] = [];
  let survivor: Record<string, unknown> = {};
  const now = record.at;
  for (const working of plan.writes.entries.values()) {
    const { collection, before } = working;
    if (working.deleted) {
      await tx.delete(collection, before.id, { expectedVersion: before.version });
      deleted.push({ collection, record: before as Record<string, JsonValue> });
      continue;
    }
    const isSurvivor = collection === plan.request.collection && before.id === plan.survivorId;
    if (!isSurvivor) {
      if (changedFields(before, working.after).length === 0) continue;
      working.after.updatedAt = now;
    }
    const stored = (await tx.put(collection, working.after as unknown as AnyInput, {
      expectedVersion: before.version,
    })) as unknown as Row;
    if (isSurvivor) survivor = stored;
    const set: Record<string, JsonValue> = {};
    const unset: string[] = [];
    for (const key of changedFields(before, stored)) {
      if (before[key] === undefined) unset.push(key);
      else set[key] = before[key] as JsonValue;
    }
    changes.push({ collection, id: before.id, version: stored.version, set, unset });
  }
  const saved = await journal.save(
    tx,
    {
      id: record.id,
      version: 0,
      createdAt: now,
      updatedAt: now,
      collection: plan.request.collection,
      survivorId: plan.survivorId,
      mergedIds: plan.mergedIds,
      at: now,
      ...(plan.request.actorId ? { actorId: plan.request.actorId } : {}),
      ...(plan.request.reason ? { reason: plan.request.reason } : {}),
      provenance: plan.provenance,
      changes,
      deleted,
    },
    0,
  );
  return { record: saved, survivor };
}

/** Every collection an undo of `record` writes. */
export function undoScope(record: MergeRecord): CollectionName[] {
  const scope = new Set<CollectionName>();
  for (const change of record.changes) scope.add(change.collection as CollectionName);
  for (const entry of record.deleted) scope.add(entry.collection as CollectionName);
  return [...scope];
}

/**
 * Puts back every deleted record and every changed field, each write checked against the version
 * the merge left: if anything was edited after the merge, `CONFLICT` and nothing is written.
 */
export async function applyUndo(
  tx: StoreTransaction,
  record: MergeRecord,
  journal: MergeJournal,
  at: string,
  actorId: string | undefined,
): Promise<MergeRecord> {
  if (record.undoneAt) {
    throw new KehuError('CONFLICT', `Merge ${record.id} was already undone at ${record.undoneAt}`, {
      details: { id: record.id, undoneAt: record.undoneAt },
    });
  }
  for (const entry of record.deleted) {
    await tx.put(entry.collection as CollectionName, entry.record as unknown as AnyInput, {
      expectedVersion: 0,
    });
  }
  for (const change of record.changes) {
    const collection = change.collection as CollectionName;
    const current = (await tx.get(collection, change.id)) as EntityOf<CollectionName> | undefined;
    if (!current || current.version !== change.version) {
      throw conflict(collection, change.id, change.version, current?.version ?? null);
    }
    const restored: Record<string, unknown> = { ...current, ...change.set };
    for (const key of change.unset) delete restored[key];
    await tx.put(collection, restored as unknown as AnyInput, { expectedVersion: change.version });
  }
  return journal.save(
    tx,
    { ...record, undoneAt: at, ...(actorId ? { undoneBy: actorId } : {}) },
    record.version,
  );
}
