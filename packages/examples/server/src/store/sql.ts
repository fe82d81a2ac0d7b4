/**
 * Translation of core's normalized queries into parameterized SQL over the `records` table. Values
 * always travel as parameters; field names come from the collection's zod schema (normalizeQuery
 * has already refused unknown ones) and are re-checked before they are quoted into a JSON path.
 *
 * Every comparison goes through `kehu_key()` (migrations/001_init.sql), a text key that sorts under
 * COLLATE "C" exactly as core's `compareValues` does: missing < booleans < numbers < strings, and
 * strings by UTF-16 code units. The same expressions appear in the indexes of 002_indexes.sql.
 */
import {
  type CollectionName,
  collections,
  conditionMatches,
  KehuError,
  type NormalizedCondition,
  type NormalizedQuery,
} from '@kehu/core';

/** How a field's values are shaped, from its zod schema: it decides how a condition is matched. */
export type FieldKind = 'scalar' | 'array' | 'object' | 'any';

interface ZodLike {
  _zod: { def: { type: string; innerType?: ZodLike; in?: ZodLike; options?: ZodLike[] } };
}

const SCALAR_TYPES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'bigint', 'int']);
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function kindOfSchema(schema: ZodLike | undefined): FieldKind {
  const def = schema?._zod.def;
  if (!def) return 'any';
  if (WRAPPERS.has(def.type)) return kindOfSchema(def.innerType);
  if (def.type === 'pipe') return kindOfSchema(def.in);
  if (def.type === 'array') return 'array';
  if (def.type === 'object' || def.type === 'record') return 'object';
  if (SCALAR_TYPES.has(def.type)) return 'scalar';
  if (def.type === 'union') {
    const kinds = new Set((def.options ?? []).map(kindOfSchema));
    return kinds.size === 1 ? [...kinds][0]! : 'any';
  }
  return 'any';
}

const kindCache = new Map<string, FieldKind>();

export function fieldKind(collection: CollectionName, field: string): FieldKind {
  const cacheKey = `${collection}.${field}`;
  let kind = kindCache.get(cacheKey);
  if (!kind) {
    const shape = (collections[collection].schema as unknown as { shape: Record<string, ZodLike> }).shape;
    kind = kindOfSchema(shape[field]);
    kindCache.set(cacheKey, kind);
  }
  return kind;
}

/** Collects parameter values and hands out their `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A JSON value as a jsonb parameter. */
  json(value: unknown): string {
    return `${this.add(value === undefined ? null : JSON.stringify(value))}::jsonb`;
  }
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `collection = 'deals'` is inlined (from the fixed list of collections) so partial indexes match. */
export function collectionLiteral(collection: CollectionName): string {
  if (!FIELD.test(collection)) throw new KehuError('VALIDATION', `Unsafe collection name ${collection}`);
  return `'${collection}'`;
}

export function fieldValue(field: string, source = 'data'): string {
  if (!FIELD.test(field)) {
    throw new KehuError('VALIDATION', `Unsafe field name ${field}`, {
      issues: [{ path: ['where', field], message: `Unknown field ${field}`, code: 'unknown_field' }],
    });
  }
  return `(${source} -> '${field}')`;
}

export const keyOf = (value: string) => `(kehu_key(${value}) COLLATE "C")`;
export const ID_KEY = `(kehu_str_key(id) COLLATE "C")`;

/** The key range of each type: numbers are `2…`, strings `3…`. */
const TYPE_RANGE = { number: ["'2'", "'3'"], string: ["'3'", "'4'"] } as const;
const RANGE_OPS = [
  ['gt', '>'],
  ['gte', '>='],
  ['lt', '<'],
  ['lte', '<='],
] as const;

/**
 * A condition on one non-array value whose key is `key`; `isNull` tests for a missing or null
 * value. All parts of the condition apply to the same value, as in core's `conditionMatches`.
 */
function scalarPredicate(key: string, isNull: string, c: NormalizedCondition, params: Params): string {
  const parts: string[] = [];
  if (c.eq !== undefined) parts.push(c.eq === null ? isNull : `${key} = kehu_key(${params.json(c.eq)})`);
  if (c.in !== undefined) {
    const values = c.in.filter((value) => value !== null);
    const alternatives: string[] = [];
    if (values.length) {
      alternatives.push(
        `${key} = ANY(ARRAY(SELECT kehu_key(x) FROM jsonb_array_elements(${params.json(values)}) AS x))`,
      );
    }
    if (values.length < c.in.length) alternatives.push(isNull);
    parts.push(alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE');
  }
  for (const [name, op] of RANGE_OPS) {
    const bound = c[name];
    if (bound === undefined) continue;
    const [low, high] = TYPE_RANGE[typeof bound === 'number' ? 'number' : 'string'];
    parts.push(`${key} ${op} kehu_key(${params.json(bound)}) AND ${key} >= ${low} AND ${key} < ${high}`);
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

const isNullValue = (value: string) => `(${value} IS NULL OR ${value} = 'null'::jsonb)`;

/**
 * On an array field a condition holds when any element satisfies it; a missing array is matched
 * as a missing scalar. Pure equality / `in` on non-null values is answered from the multi-entry
 * GIN index (`kehu_elem_keys`); anything else walks the elements.
 */
function arrayPredicate(value: string, c: NormalizedCondition, params: Params, tenant: string): string {
  const ranged = RANGE_OPS.some(([name]) => c[name] !== undefined);
  const onlyEq = c.eq !== undefined && c.eq !== null && c.in === undefined;
  const onlyIn = c.eq === undefined && c.in !== undefined && !c.in.includes(null);
  if (!ranged && (onlyEq || onlyIn)) {
    const values = onlyEq ? [c.eq] : (c.in ?? []);
    if (values.length === 0) return 'FALSE';
    return (
      `kehu_elem_keys(tenant_id, ${value}) && ARRAY(SELECT ${tenant} || chr(31) || kehu_key(x) ` +
      `FROM jsonb_array_elements(${params.json(values)}) AS x)`
    );
  }
  const element = scalarPredicate(keyOf('e'), `e = 'null'::jsonb`, c, params);
  const any = `(jsonb_typeof(${value}) = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(${value}) AS e WHERE ${element}))`;
  return conditionMatches(undefined, c) ? `(${any} OR ${isNullValue(value)})` : any;
}

export function conditionSql(
  collection: CollectionName,
  c: NormalizedCondition,
  params: Params,
  tenant: string,
): string {
  if (c.field === 'id' && c.eq !== undefined && typeof c.eq === 'string' && c.in === undefined) {
    // The primary key answers `id = …` directly.
    const rest = scalarPredicate(keyOf(fieldValue('id')), 'FALSE', { ...c, eq: undefined }, params);
    return `id = ${params.add(c.eq)} AND ${rest}`;
  }
  const value = fieldValue(c.field);
  switch (fieldKind(collection, c.field)) {
    case 'scalar':
      return `(${scalarPredicate(keyOf(value), `${keyOf(value)} = '0'`, c, params)})`;
    case 'object':
      return `(${scalarPredicate(keyOf(value), isNullValue(value), c, params)})`;
    case 'array':
      return `(${arrayPredicate(value, c, params, tenant)})`;
    default:
      return (
        `(CASE WHEN jsonb_typeof(${value}) = 'array' THEN ${arrayPredicate(value, c, params, tenant)} ` +
        `ELSE ${scalarPredicate(keyOf(value), isNullValue(value), c, params)} END)`
      );
  }
}

/** `tenant_id = $1 AND collection = '…' AND <conditions>`; `$1` is always the tenant. */
export function whereSql(
  collection: CollectionName,
  conditions: readonly NormalizedCondition[],
  params: Params,
): string {
  const tenant = '$1';
  const parts = [`tenant_id = ${tenant}`, `collection = ${collectionLiteral(collection)}`];
  for (const condition of conditions) parts.push(conditionSql(collection, condition, params, tenant));
  return parts.join(' AND ');
}

/** The SELECT for one page of `query`; fetches `limit + 1` rows to know whether more remain. */
export function selectSql(
  collection: CollectionName,
  query: NormalizedQuery,
  tenantId: string,
): {
  text: string;
  values: unknown[];
} {
  const params = new Params();
  params.add(tenantId);
  const where = [whereSql(collection, query.conditions, params)];
  const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
  const op = query.direction === 'asc' ? '>' : '<';
  const byId = query.orderBy === 'id';
  const sortKey = byId ? ID_KEY : keyOf(fieldValue(query.orderBy));
  if (query.after) {
    const afterId = `kehu_str_key(${params.add(query.after.id)})`;
    where.push(
      byId
        ? `${ID_KEY} ${op} ${afterId}`
        : `(${sortKey}, ${ID_KEY}) ${op} (kehu_key(${params.json(query.after.value)}), ${afterId})`,
    );
  }
  const order = byId ? `${ID_KEY} ${direction}` : `${sortKey} ${direction}, ${ID_KEY} ${direction}`;
  const limit = query.limit === undefined ? '' : ` LIMIT ${query.limit + 1}`;
  return {
    text: `SELECT id, version, data FROM records WHERE ${where.join(' AND ')} ORDER BY ${order}${limit}`,
    values: params.values,
  };
}

export function countSql(
  collection: CollectionName,
  conditions: readonly NormalizedCondition[],
  tenantId: string,
): { text: string; values: unknown[] } {
  const params = new Params();
  params.add(tenantId);
  return {
    text: `SELECT count(*)::int AS n FROM records WHERE ${whereSql(collection, conditions, params)}`,
    values: params.values,
  };
}
