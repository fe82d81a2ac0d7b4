/**
 * Query planning on Dexie: picks the declared index that narrows a query best (a compound prefix,
 * an equality, an `in` list, a range) or walks one in the query's order, and leaves everything
 * the index cannot express to core's `runQuery`, so every answer equals the memory store's.
 *
 * IndexedDB's rules shape the plan: null and booleans are not keys, a record missing an indexed
 * field is absent from that index, numbers sort before strings, and entries with equal keys come
 * in primary-key order — which is exactly the `id` tie-break of the contract's total order.
 */
import {
  type CollectionName,
  isAfterCursor,
  matchesWhere,
  type NormalizedCondition,
  type NormalizedQuery,
  runQuery,
} from '@kehu/core';
import { type Collection, Dexie, type Table } from '#dexie';
import { type IndexInfo, indexInfo } from './schema.ts';

export type Row = Record<string, unknown> & { id: string; version: number };
export type RowTable = Table<Row, string>;
type RowCollection = Collection<Row, string>;

type Key = string | number;

interface Bound {
  key: Key;
  /** Excludes the key itself (`gt`, `lt`). */
  open: boolean;
}

interface Bounds {
  lower?: Bound;
  upper?: Bound;
}

/** How one query is read from IndexedDB. */
export interface Plan {
  /** Dexie index name: `id` (primary key), a field, or `[a+b+c]`. */
  index: string;
  /** Compound: the field list. Single-field indexes: just the field. */
  fields: readonly string[];
  /** Leading compound fields fixed by equality, in index order. */
  prefix: Key[];
  /** `anyOf` keys (single-field indexes only). */
  anyOf?: Key[];
  /** Bounds on the field after the prefix. */
  bounds?: Bounds;
  /** The index returns records in the query's order, ties by id included. */
  ordered: boolean;
  /** The index may return a record once per matching array element. */
  multiEntry: boolean;
  /** Conditions the index range expresses exactly; the rest are filtered in memory. */
  captured: ReadonlySet<NormalizedCondition>;
  /** For the README and tests: which index serves the query, or `scan`. */
  describe: string;
}

const isKey = (value: unknown): value is Key =>
  typeof value === 'string' || (typeof value === 'number' && !Number.isNaN(value));

/** The kind of a condition when it is a single, index-expressible kind; mixed conditions are not. */
function conditionKind(c: NormalizedCondition): 'eq' | 'in' | 'range' | undefined {
  const hasRange = c.gt !== undefined || c.gte !== undefined || c.lt !== undefined || c.lte !== undefined;
  if (c.eq !== undefined && c.in === undefined && !hasRange) return isKey(c.eq) ? 'eq' : undefined;
  if (c.in !== undefined && c.eq === undefined && !hasRange) return c.in.every(isKey) ? 'in' : undefined;
  if (hasRange && c.eq === undefined && c.in === undefined) return rangeBounds(c) ? 'range' : undefined;
  return undefined;
}

/** Bounds of a range condition when all of them have one type (mixed types match nothing anyway). */
function rangeBounds(c: NormalizedCondition): Bounds | undefined {
  const lower = c.gt ?? c.gte;
  const upper = c.lt ?? c.lte;
  const types = new Set([lower, upper].filter((v) => v !== undefined).map((v) => typeof v));
  if (types.size !== 1) return undefined;
  if (c.gt !== undefined && c.gte !== undefined) return undefined;
  if (c.lt !== undefined && c.lte !== undefined) return undefined;
  return {
    lower: lower === undefined ? undefined : { key: lower, open: c.gt !== undefined },
    upper: upper === undefined ? undefined : { key: upper, open: c.lt !== undefined },
  };
}

interface Candidate {
  plan: Plan;
  score: number;
}

function singleCandidates(info: IndexInfo, query: NormalizedQuery): Candidate[] {
  const candidates: Candidate[] = [];
  for (const c of query.conditions) {
    const multiEntry = info.multiEntry.has(c.field);
    // `id` is the primary key, an index of its own.
    if (!multiEntry && !info.single.has(c.field) && c.field !== 'id') continue;
    const kind = conditionKind(c);
    if (!kind) continue;
    const base = {
      index: c.field,
      fields: [c.field],
      prefix: [],
      multiEntry,
      captured: new Set([c]),
      describe: `${multiEntry ? '*' : ''}${c.field} ${kind}`,
    };
    if (kind === 'eq') {
      // Equal keys come in primary-key order; a multi-entry index lists a record once per key.
      const ordered = query.orderBy === 'id' || (!multiEntry && query.orderBy === c.field);
      candidates.push({
        plan: {
          ...base,
          bounds: { lower: { key: c.eq as Key, open: false }, upper: { key: c.eq as Key, open: false } },
          ordered,
        },
        score: 10,
      });
    } else if (kind === 'in') {
      const ordered = !multiEntry && query.orderBy === c.field;
      // Listed twice, a key would yield its records twice.
      candidates.push({ plan: { ...base, anyOf: [...new Set(c.in as Key[])], ordered }, score: 7 });
    } else {
      const bounds = rangeBounds(c)!;
      const ordered = !multiEntry && query.orderBy === c.field;
      candidates.push({ plan: { ...base, bounds, ordered }, score: bounds.lower && bounds.upper ? 6 : 4 });
    }
  }
  return candidates;
}

function compoundCandidates(info: IndexInfo, query: NormalizedQuery): Candidate[] {
  const candidates: Candidate[] = [];
  for (const fields of info.compound) {
    const prefix: Key[] = [];
    const captured = new Set<NormalizedCondition>();
    for (const field of fields) {
      const eq = query.conditions.find((c) => c.field === field && conditionKind(c) === 'eq');
      if (!eq) break;
      prefix.push(eq.eq as Key);
      captured.add(eq);
    }
    if (prefix.length === 0) continue;
    let bounds: Bounds | undefined;
    let next = prefix.length;
    if (next < fields.length && next === fields.length - 1) {
      const range = query.conditions.find((c) => c.field === fields[next] && conditionKind(c) === 'range');
      if (range) {
        bounds = rangeBounds(range);
        captured.add(range);
        next += 1;
      }
    }
    // A record missing a later field is absent from the compound index: only usable when every
    // field after the constrained ones is always present.
    if (!fields.slice(next).every((field) => info.dense.has(field))) continue;
    const full = prefix.length === fields.length;
    const ordered = full
      ? query.orderBy === 'id' || fields.includes(query.orderBy)
      : prefix.length === fields.length - 1 && query.orderBy === fields[fields.length - 1];
    candidates.push({
      plan: {
        index: `[${fields.join('+')}]`,
        fields,
        prefix,
        bounds,
        ordered,
        multiEntry: false,
        captured,
        describe: `[${fields.join('+')}] ${prefix.length} equal${bounds ? ' + range' : ''}`,
      },
      score: 10 * prefix.length + (bounds ? 5 : 0) + (full ? 5 : 0),
    });
  }
  return candidates;
}

/** Chooses how to read `query` from `collection`. */
export function planQuery(collection: CollectionName, query: NormalizedQuery): Plan {
  const info = indexInfo(collection);
  const candidates = [...compoundCandidates(info, query), ...singleCandidates(info, query)];
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    // When paging, an index that already yields the query's order saves reading every match.
    const score = candidate.score + (candidate.plan.ordered && query.limit !== undefined ? 3 : 0);
    if (!best || score > best.score) best = { plan: candidate.plan, score };
  }
  if (best) return best.plan;
  const none = new Set<NormalizedCondition>();
  if (
    query.orderBy !== 'id' &&
    query.limit !== undefined &&
    info.dense.has(query.orderBy) &&
    info.single.has(query.orderBy)
  ) {
    return {
      index: query.orderBy,
      fields: [query.orderBy],
      prefix: [],
      ordered: true,
      multiEntry: false,
      captured: none,
      describe: `${query.orderBy} order`,
    };
  }
  return {
    index: 'id',
    fields: ['id'],
    prefix: [],
    ordered: query.orderBy === 'id',
    multiEntry: false,
    captured: none,
    describe: query.orderBy === 'id' ? 'primary key order' : 'scan',
  };
}

/** Tightens the bounds of an ordered plan's order field so a page starts at the cursor. */
function boundsAfterCursor(
  plan: Plan,
  query: NormalizedQuery,
): { bounds: Bounds | undefined; exact: boolean } {
  const bounds = plan.bounds;
  if (!query.after || !plan.ordered || plan.anyOf) return { bounds, exact: false };
  const orderField = plan.fields[plan.prefix.length];
  if (orderField !== query.orderBy) return { bounds, exact: false };
  // The primary key is unique, so starting strictly after the cursor id is exact.
  const byId = plan.index === 'id';
  const key = byId ? query.after.id : query.after.value;
  if (!isKey(key)) return { bounds, exact: false };
  const asc = query.direction === 'asc';
  const current = asc ? bounds?.lower : bounds?.upper;
  if (current && typeof current.key !== typeof key) return { bounds, exact: false };
  const tighter = !current || (asc ? key > current.key : key < current.key);
  if (!tighter) return { bounds, exact: false };
  const bound = { key, open: byId };
  return { bounds: asc ? { ...bounds, lower: bound } : { ...bounds, upper: bound }, exact: byId };
}

/** The lowest and highest keys of a bound's type, so a one-sided range never spans types. */
function typeMin(sample: Key): Key {
  return typeof sample === 'number' ? -Infinity : '';
}

function typeMax(sample: Key): unknown {
  // Strings sort before binary keys and arrays, and Dexie's maxKey is an array.
  return typeof sample === 'number' ? Infinity : Dexie.maxKey;
}

function buildCollection(
  table: RowTable,
  plan: Plan,
  bounds: Bounds | undefined,
  query: NormalizedQuery,
): RowCollection {
  let collection: RowCollection;
  if (plan.anyOf) {
    collection = table.where(plan.index).anyOf(plan.anyOf);
  } else if (plan.prefix.length > 0 && plan.prefix.length === plan.fields.length) {
    collection = table.where(plan.index).equals(plan.prefix);
  } else if (plan.prefix.length > 0) {
    const sample = bounds?.lower?.key ?? bounds?.upper?.key;
    const lower = bounds?.lower
      ? [...plan.prefix, bounds.lower.key]
      : [...plan.prefix, sample === undefined ? Dexie.minKey : typeMin(sample)];
    const upper = bounds?.upper
      ? [...plan.prefix, bounds.upper.key]
      : [...plan.prefix, sample === undefined ? Dexie.maxKey : typeMax(sample)];
    collection = table.where(plan.index).between(lower, upper, !bounds?.lower?.open, !bounds?.upper?.open);
  } else if (bounds) {
    const sample = (bounds.lower?.key ?? bounds.upper?.key)!;
    const lower = bounds.lower ? bounds.lower.key : typeMin(sample);
    const upper = bounds.upper ? bounds.upper.key : typeMax(sample);
    collection = table.where(plan.index).between(lower, upper, !bounds.lower?.open, !bounds.upper?.open);
  } else if (plan.index === 'id') {
    collection = table.toCollection();
  } else {
    collection = table.orderBy(plan.index);
  }
  return plan.ordered && query.direction === 'desc' ? collection.reverse() : collection;
}

function unique(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (seen.has(row.id)) return false;
    seen.add(row.id);
    return true;
  });
}

/**
 * Reads one page. One Dexie request per call, so it runs unchanged inside a transaction and inside
 * `liveQuery`, whose change tracking follows the index ranges read.
 */
export async function readPage(
  table: RowTable,
  collection: CollectionName,
  query: NormalizedQuery,
): Promise<{ items: Row[]; nextCursor: string | null }> {
  const plan = planQuery(collection, query);
  const { bounds, exact } = boundsAfterCursor(plan, query);
  let source = buildCollection(table, plan, bounds, query);
  const residual = query.conditions.filter((c) => !plan.captured.has(c));
  if (plan.ordered) {
    if (query.limit !== undefined) {
      const afterFilter = query.after !== undefined && !exact;
      if (residual.length > 0 || afterFilter) {
        source = source.filter((row) => matchesWhere(row, residual) && isAfterCursor(row, query));
      }
      // One more than the page, to know whether another page follows.
      source = source.limit(query.limit + 1);
    }
    const rows = await source.toArray();
    return runQuery(plan.multiEntry ? unique(rows) : rows, query, { presorted: true });
  }
  const rows = await source.toArray();
  return runQuery(plan.multiEntry ? unique(rows) : rows, query);
}

/** Counts matches, from the index alone when it expresses every condition. */
export async function countRows(
  table: RowTable,
  collection: CollectionName,
  conditions: NormalizedCondition[],
): Promise<number> {
  if (conditions.length === 0) return table.count();
  const query: NormalizedQuery = {
    conditions,
    orderBy: 'id',
    direction: 'asc',
    limit: undefined,
    after: undefined,
  };
  const plan = planQuery(collection, query);
  const source = buildCollection(table, plan, plan.bounds, query);
  if (conditions.every((c) => plan.captured.has(c))) {
    // A multi-entry index holds one entry per distinct element, so a single key counts each
    // record once; a list or a range of keys may meet one record several times.
    const singleKey = plan.anyOf === undefined && plan.bounds?.lower?.key === plan.bounds?.upper?.key;
    if (!plan.multiEntry || singleKey) return source.count();
    return new Set(await source.primaryKeys()).size;
  }
  let total = 0;
  for (const row of plan.multiEntry ? unique(await source.toArray()) : await source.toArray()) {
    if (matchesWhere(row, conditions)) total++;
  }
  return total;
}
