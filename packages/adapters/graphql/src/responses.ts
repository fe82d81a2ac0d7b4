/**
 * What the server answers is checked before anyone uses it: records with the collection's zod
 * schema from `@kehu/core` (the same one the server wrote them with), pages, counts and flags by
 * shape. A server on another schema version shows up as a STORAGE error naming the bad field,
 * not as a broken screen later.
 */
import {
  type CollectionName,
  type EntityOf,
  isKehuError,
  KehuError,
  type Page,
  parseEntity,
} from '@kehu/core';

function malformed(what: string, details: Record<string, unknown> = {}): KehuError {
  return new KehuError('STORAGE', `The Kehu server sent a malformed ${what}`, { details });
}

export function readRecord<C extends CollectionName>(
  collection: C,
  value: unknown,
  validate: boolean,
): EntityOf<C> | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw malformed(`${collection} record`);
  const version = (value as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw malformed(`${collection} record`, { field: 'version' });
  }
  if (!validate) return value as EntityOf<C>;
  try {
    return parseEntity(collection, value, version);
  } catch (error) {
    if (!isKehuError(error)) throw error;
    throw new KehuError('STORAGE', `The Kehu server sent an invalid ${collection} record`, {
      issues: error.issues,
      details: { collection, id: (value as { id?: unknown }).id },
    });
  }
}

export function readRecords<C extends CollectionName>(
  collection: C,
  value: unknown,
  validate: boolean,
): (EntityOf<C> | undefined)[] {
  if (!Array.isArray(value)) throw malformed(`${collection} list`);
  return value.map((item) => readRecord(collection, item, validate));
}

export function readPage<C extends CollectionName>(
  collection: C,
  value: unknown,
  validate: boolean,
): Page<EntityOf<C>> {
  if (!value || typeof value !== 'object') throw malformed('page');
  const { items, nextCursor } = value as { items?: unknown; nextCursor?: unknown };
  if (nextCursor !== null && typeof nextCursor !== 'string') throw malformed('page', { field: 'nextCursor' });
  const records = readRecords(collection, items, validate);
  if (records.some((record) => record === undefined)) throw malformed('page', { field: 'items' });
  return { items: records as EntityOf<C>[], nextCursor };
}

export function readCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw malformed('count');
  return value;
}

export function readBoolean(value: unknown): boolean {
  if (typeof value !== 'boolean') throw malformed('answer');
  return value;
}
