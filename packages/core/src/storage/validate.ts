/** Entity validation at the storage boundary: nothing invalid is ever written by any adapter. */
import { KehuError, validationError } from '../errors.ts';
import { type CollectionName, collections, type EntityOf } from '../model/collections.ts';
import type { Page, WatchHandlers } from './contract.ts';

/** Validates `value` as an entity of `collection` stored at `version`; returns the parsed entity. */
export function parseEntity<C extends CollectionName>(
  collection: C,
  value: unknown,
  version: number,
  path: (string | number)[] = [],
): EntityOf<C> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KehuError('VALIDATION', `Invalid ${collection} record: expected an object`, {
      issues: [{ path, message: 'Expected an object', code: 'invalid_type' }],
    });
  }
  const result = collections[collection].schema.safeParse({ ...value, version });
  if (!result.success) throw validationError(`${collection} record`, result.error, path);
  return result.data as EntityOf<C>;
}

export function conflict(
  collection: CollectionName,
  id: string,
  expected: number,
  actual: number | null,
): KehuError {
  const state = actual === null ? 'does not exist' : `is at version ${actual}`;
  return new KehuError('CONFLICT', `${collection}/${id} ${state}, expected version ${expected}`, {
    details: { collection, id, expectedVersion: expected, actualVersion: actual },
  });
}

/** `watch` takes a bare `next` function or handlers; adapters work with the handlers form. */
export function watchHandlers<T>(handlers: WatchHandlers<T> | ((page: Page<T>) => void)): WatchHandlers<T> {
  return typeof handlers === 'function' ? { next: handlers } : handlers;
}
