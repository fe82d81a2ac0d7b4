/**
 * Memoised query validation. Core's `normalizeQuery` validates with zod on every call, which costs
 * as much as a tenth of a one-page IndexedDB read; a screen asks the same few queries again and
 * again, so each distinct query is validated once. Only plain JSON-like input is memoised, keyed
 * by an exact rendering of it, so anything the key could blur is validated every time.
 */
import {
  type CollectionName,
  type NormalizedCondition,
  type NormalizedQuery,
  normalizeQuery,
  normalizeWhere,
  type Query,
  type Where,
} from '@kehu/core';

const LIMIT = 500;
const cache = new Map<string, NormalizedQuery | NormalizedCondition[]>();

/** An exact key for plain data, or undefined when the value is anything else. */
function keyOf(value: unknown, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? `${value}` : undefined;
    case 'boolean':
      return `${value}`;
    case 'undefined':
      return '~';
    case 'object': {
      if (value === null) return 'null';
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (const item of value) {
          const key = keyOf(item, depth + 1);
          if (key === undefined) return undefined;
          parts.push(key);
        }
        return `[${parts.join(',')}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      // Insertion order is kept: it decides the order of the normalised conditions.
      for (const [name, item] of Object.entries(value)) {
        const key = keyOf(item, depth + 1);
        if (key === undefined) return undefined;
        parts.push(`${JSON.stringify(name)}:${key}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

function memo<T extends NormalizedQuery | NormalizedCondition[]>(
  kind: string,
  collection: CollectionName,
  input: unknown,
  compute: () => T,
): T {
  const inputKey = keyOf(input);
  if (inputKey === undefined) return compute();
  const key = `${kind}:${collection}:${inputKey}`;
  const hit = cache.get(key);
  if (hit) return hit as T;
  const result = compute();
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
  return result;
}

/** `normalizeQuery`, validated once per distinct query. The result is shared: never mutate it. */
export function normalizeQueryOnce<C extends CollectionName>(
  collection: C,
  query: Query<C> | undefined,
): NormalizedQuery {
  return memo('query', collection, query, () => normalizeQuery(collection, query as Query));
}

/** `normalizeWhere`, validated once per distinct condition set. The result is shared: never mutate it. */
export function normalizeWhereOnce<C extends CollectionName>(
  collection: C,
  where: Where<C> | undefined,
): NormalizedCondition[] {
  return memo('where', collection, where, () => normalizeWhere(collection, where as Where));
}
