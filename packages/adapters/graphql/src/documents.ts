/**
 * The GraphQL documents the adapter sends, as plain strings (no graphql-js at run time). They are
 * checked against `schema.graphql` by the package's tests.
 */

export const QUERY = /* GraphQL */ `query KehuQuery($collection: String!, $query: JSON) {
  query(collection: $collection, query: $query) { items nextCursor }
}`;

export const COUNT = /* GraphQL */ `query KehuCount($collection: String!, $where: JSON) {
  count(collection: $collection, where: $where)
}`;

export const PUT = /* GraphQL */ `mutation KehuPut($collection: String!, $entity: JSON!, $expectedVersion: Int) {
  put(collection: $collection, entity: $entity, expectedVersion: $expectedVersion)
}`;

export const BULK_PUT = /* GraphQL */ `mutation KehuBulkPut($collection: String!, $entities: [JSON!]!) {
  bulkPut(collection: $collection, entities: $entities)
}`;

export const DELETE = /* GraphQL */ `mutation KehuDelete($collection: String!, $id: ID!, $expectedVersion: Int) {
  delete(collection: $collection, id: $id, expectedVersion: $expectedVersion)
}`;

export const TRANSACTION = /* GraphQL */ `mutation KehuTransaction($collections: [String!]!, $reads: [ReadInput!], $writes: [WriteInput!]!) {
  transaction(collections: $collections, reads: $reads, writes: $writes) { writes }
}`;

export const CHANGES = /* GraphQL */ `subscription KehuChanges($collections: [String!]) {
  changes(collections: $collections) { seq collection op ids }
}`;

export const GET_MANY = /* GraphQL */ `query KehuGetMany($collection: String!, $ids: [ID!]!) {
  getMany(collection: $collection, ids: $ids)
}`;

const batchCache = new Map<number, string>();

/**
 * One document reading `count` lists of ids at once: `b0: getMany(collection: $c0, ids: $i0) …`.
 * Cached by size, so a steady load builds each shape once.
 */
export function batchDocument(count: number): string {
  let document = batchCache.get(count);
  if (!document) {
    const variables: string[] = [];
    const fields: string[] = [];
    for (let i = 0; i < count; i++) {
      variables.push(`$c${i}: String!, $i${i}: [ID!]!`);
      fields.push(`b${i}: getMany(collection: $c${i}, ids: $i${i})`);
    }
    document = `query KehuBatch(${variables.join(', ')}) { ${fields.join(' ')} }`;
    if (batchCache.size < 64) batchCache.set(count, document);
  }
  return document;
}
