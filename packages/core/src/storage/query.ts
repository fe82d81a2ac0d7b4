/**
 * Query semantics shared by every adapter: input validation, the total order of values, condition
 * matching and keyset cursors. An adapter that cannot serve a query from an index falls back to
 * `matchesWhere` + `compareEntities`, so every adapter answers the same query the same way.
 */
import { z } from 'zod';
import { KehuError, parseOrThrow } from '../errors.ts';
import { type CollectionName, collections, isCollectionName } from '../model/collections.ts';
import type { FieldCondition, Query, Scalar, SortDirection, Where } from './contract.ts';

const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const BoundSchema = z.union([z.string(), z.number()]);
const ConditionSchema = z.union([
  ScalarSchema,
  z.strictObject({
    eq: ScalarSchema.optional(),
    in: z.array(ScalarSchema).max(10_000).optional(),
    gt: BoundSchema.optional(),
    gte: BoundSchema.optional(),
    lt: BoundSchema.optional(),
    lte: BoundSchema.optional(),
  }),
]);
const QuerySchema = z.strictObject({
  where: z.record(z.string(), ConditionSchema).optional(),
  orderBy: z
    .union([z.string(), z.strictObject({ field: z.string(), direction: z.enum(['asc', 'desc']).optional() })])
    .optional(),
  limit: z.int().positive().optional(),
  cursor: z.string().nullable().optional(),
});

const fieldCache = new Map<CollectionName, Set<string>>();

/** The top-level fields of a collection's entities. */
export function fieldsOf(collection: CollectionName): Set<string> {
  let fields = fieldCache.get(collection);
  if (!fields) {
    const schema = collections[collection].schema as unknown as { shape: Record<string, unknown> };
    fields = new Set(Object.keys(schema.shape));
    fieldCache.set(collection, fields);
  }
  return fields;
}

export function assertCollection(collection: unknown): asserts collection is CollectionName {
  if (!isCollectionName(collection)) {
    throw new KehuError('VALIDATION', `Unknown collection: ${String(collection)}`, {
      issues: [
        {
          path: ['collection'],
          message: `Unknown collection ${String(collection)}`,
          code: 'unknown_collection',
        },
      ],
    });
  }
}

export function assertId(id: unknown, path: (string | number)[] = ['id']): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new KehuError('VALIDATION', 'An id must be a non-empty string', {
      issues: [{ path, message: 'Expected a non-empty string id', code: 'invalid_type' }],
    });
  }
}

export interface NormalizedCondition {
  field: string;
  eq?: Scalar;
  in?: readonly Scalar[];
  gt?: string | number;
  gte?: string | number;
  lt?: string | number;
  lte?: string | number;
}

export interface NormalizedQuery {
  conditions: NormalizedCondition[];
  orderBy: string;
  direction: SortDirection;
  limit: number | undefined;
  after: CursorPosition | undefined;
}

interface CursorPosition {
  value: Scalar;
  id: string;
}

/** Validates a query against the collection's fields and turns it into one canonical shape. */
export function normalizeQuery<C extends CollectionName>(
  collection: C,
  query: Query<C> = {},
): NormalizedQuery {
  const parsed = parseOrThrow(QuerySchema, query, 'query');
  const conditions = normalizeWhere(collection, parsed.where as Where<C> | undefined);
  const orderBy = typeof parsed.orderBy === 'string' ? parsed.orderBy : (parsed.orderBy?.field ?? 'id');
  const direction = typeof parsed.orderBy === 'object' ? (parsed.orderBy.direction ?? 'asc') : 'asc';
  if (!fieldsOf(collection).has(orderBy)) {
    throw new KehuError('VALIDATION', `Cannot sort ${collection} by unknown field ${orderBy}`, {
      issues: [{ path: ['orderBy'], message: `Unknown field ${orderBy}`, code: 'unknown_field' }],
    });
  }
  const after = parsed.cursor ? decodeCursor(parsed.cursor, orderBy, direction) : undefined;
  return { conditions, orderBy, direction, limit: parsed.limit, after };
}

export function normalizeWhere<C extends CollectionName>(
  collection: C,
  where: Where<C> | undefined,
): NormalizedCondition[] {
  if (where === undefined) return [];
  const parsed = parseOrThrow(z.record(z.string(), ConditionSchema), where, 'query', ['where']);
  const fields = fieldsOf(collection);
  const conditions: NormalizedCondition[] = [];
  for (const [field, condition] of Object.entries(parsed)) {
    if (!fields.has(field)) {
      throw new KehuError('VALIDATION', `Cannot query ${collection} by unknown field ${field}`, {
        issues: [{ path: ['where', field], message: `Unknown field ${field}`, code: 'unknown_field' }],
      });
    }
    conditions.push(normalizeCondition(field, condition as FieldCondition));
  }
  return conditions;
}

function normalizeCondition(field: string, condition: FieldCondition): NormalizedCondition {
  if (condition === null || typeof condition !== 'object') return { field, eq: condition };
  return { field, ...condition };
}

/** Rank of a value's type in the total order: missing < boolean < number < string. */
function rank(value: unknown): number {
  switch (typeof value) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return 0;
  }
}

/** The total order of stored scalar values. Strings compare by UTF-16 code units, as IndexedDB does. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  return (a as number | string) < (b as number | string)
    ? -1
    : (a as number | string) > (b as number | string)
      ? 1
      : 0;
}

function scalarMatches(value: unknown, c: NormalizedCondition): boolean {
  const v = value === undefined ? null : value;
  if (c.eq !== undefined && v !== c.eq) return false;
  if (c.in !== undefined && !c.in.includes(v as Scalar)) return false;
  if (c.gt !== undefined && !(typeof v === typeof c.gt && (v as number | string) > c.gt)) return false;
  if (c.gte !== undefined && !(typeof v === typeof c.gte && (v as number | string) >= c.gte)) return false;
  if (c.lt !== undefined && !(typeof v === typeof c.lt && (v as number | string) < c.lt)) return false;
  if (c.lte !== undefined && !(typeof v === typeof c.lte && (v as number | string) <= c.lte)) return false;
  return true;
}

export function conditionMatches(value: unknown, condition: NormalizedCondition): boolean {
  if (Array.isArray(value)) return value.some((element) => scalarMatches(element, condition));
  return scalarMatches(value, condition);
}

export function matchesWhere(
  entity: Record<string, unknown>,
  conditions: readonly NormalizedCondition[],
): boolean {
  for (const condition of conditions) {
    if (!conditionMatches(entity[condition.field], condition)) return false;
  }
  return true;
}

/** A sortable value for a field: arrays and objects sort as missing. */
export function sortValue(entity: Record<string, unknown>, field: string): Scalar {
  const value = entity[field];
  return value === undefined || (typeof value === 'object' && value !== null) ? null : (value as Scalar);
}

export function compareEntities(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  field: string,
  direction: SortDirection,
): number {
  const byField = compareValues(sortValue(a, field), sortValue(b, field));
  const order = byField !== 0 ? byField : compareValues(a.id, b.id);
  return direction === 'asc' ? order : -order;
}

/** Whether `entity` comes strictly after the cursor position in the query's order. */
export function isAfterCursor(entity: Record<string, unknown>, query: NormalizedQuery): boolean {
  if (!query.after) return true;
  const byField = compareValues(sortValue(entity, query.orderBy), query.after.value);
  const order = byField !== 0 ? byField : compareValues(entity.id, query.after.id);
  return query.direction === 'asc' ? order > 0 : order < 0;
}

export function encodeCursor(entity: Record<string, unknown>, query: NormalizedQuery): string {
  return encodeURIComponent(
    JSON.stringify([query.orderBy, query.direction, sortValue(entity, query.orderBy), entity.id]),
  );
}

function decodeCursor(cursor: string, orderBy: string, direction: SortDirection): CursorPosition {
  try {
    const [field, dir, value, id] = JSON.parse(decodeURIComponent(cursor)) as [
      string,
      string,
      Scalar,
      string,
    ];
    if (field !== orderBy || dir !== direction || typeof id !== 'string') throw new Error('mismatch');
    return { value, id };
  } catch {
    throw new KehuError('VALIDATION', 'The cursor does not belong to this query', {
      issues: [{ path: ['cursor'], message: 'Invalid or foreign cursor', code: 'invalid_cursor' }],
    });
  }
}

/**
 * Answers a query over candidates already narrowed by an index (or over everything): filter,
 * order, skip past the cursor, cut the page. The reference behaviour every adapter must match.
 */
export function runQuery<T extends Record<string, unknown>>(
  candidates: Iterable<T>,
  query: NormalizedQuery,
  options: { presorted?: boolean } = {},
): { items: T[]; nextCursor: string | null } {
  const matched: T[] = [];
  for (const entity of candidates) {
    if (matchesWhere(entity, query.conditions) && isAfterCursor(entity, query)) matched.push(entity);
    // A presorted stream can stop as soon as the page (plus one to know there is more) is full.
    if (options.presorted && query.limit !== undefined && matched.length > query.limit) break;
  }
  if (!options.presorted) matched.sort((a, b) => compareEntities(a, b, query.orderBy, query.direction));
  return paginate(matched, query);
}

export function paginate<T extends Record<string, unknown>>(
  sorted: T[],
  query: NormalizedQuery,
): { items: T[]; nextCursor: string | null } {
  if (query.limit === undefined || sorted.length <= query.limit) return { items: sorted, nextCursor: null };
  const items = sorted.slice(0, query.limit);
  return { items, nextCursor: encodeCursor(items[items.length - 1]!, query) };
}
