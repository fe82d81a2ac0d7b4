/**
 * Referential integrity between collections, which a document store does not keep for us:
 * a record may only point at records that exist, and a record others point at cannot be removed
 * from under them.
 */
import { KehuError } from '../errors.ts';
import type { CollectionName, EntityOf } from '../model/collections.ts';
import type { StoreReader, Where } from '../storage/contract.ts';

/** A field holding the id of a record in another (or the same) collection. */
export interface Reference {
  field: string;
  collection: CollectionName;
}

/** Records of `collection` that point at the removed one through `field`. */
export type Dependent = Reference;

export function notFound(field: string, collection: CollectionName, id: string): KehuError {
  return new KehuError('NOT_FOUND', `${field} refers to ${collection}/${id}, which does not exist`, {
    issues: [{ path: field.split('.'), message: `No ${collection} record ${id}`, code: 'not_found' }],
    details: { field, collection, id },
  });
}

/** The record an action is about does not exist. */
export function missingRecord(collection: CollectionName, id: string): KehuError {
  return new KehuError('NOT_FOUND', `${collection}/${id} does not exist`, { details: { collection, id } });
}

/** Reads a referenced record or throws `NOT_FOUND` naming the field that referred to it. */
export async function requireReference<C extends CollectionName>(
  reader: StoreReader,
  collection: C,
  id: string,
  field: string,
): Promise<EntityOf<C>> {
  const record = await reader.get(collection, id);
  if (!record) throw notFound(field, collection, id);
  return record;
}

/**
 * Checks that every reference of `entity` points at an existing record. On an update only the
 * references that changed are checked, so an edit is never refused over an untouched link.
 */
export async function checkReferences(
  reader: StoreReader,
  entity: object,
  references: readonly Reference[],
  previous?: object,
): Promise<void> {
  for (const reference of references) {
    const id = (entity as Record<string, unknown>)[reference.field];
    if (typeof id !== 'string') continue;
    if (previous && (previous as Record<string, unknown>)[reference.field] === id) continue;
    await requireReference(reader, reference.collection, id, reference.field);
  }
}

/** Refuses removing a record that others still point at: `GUARD_REJECTED` naming them. */
export async function checkDependents(
  reader: StoreReader,
  collection: CollectionName,
  id: string,
  dependents: readonly Dependent[],
): Promise<void> {
  for (const dependent of dependents) {
    const where = { [dependent.field]: id } as Where;
    const count = await reader.count(dependent.collection, where);
    if (count > 0) {
      throw new KehuError(
        'GUARD_REJECTED',
        `${collection}/${id} is still referenced by ${count} ${dependent.collection} (${dependent.field})`,
        { details: { collection, id, dependent: dependent.collection, field: dependent.field, count } },
      );
    }
  }
}
