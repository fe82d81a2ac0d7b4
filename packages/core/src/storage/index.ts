export type * from './contract.ts';
export {
  assertCollection,
  assertId,
  compareEntities,
  compareValues,
  conditionMatches,
  encodeCursor,
  fieldsOf,
  isAfterCursor,
  matchesWhere,
  type NormalizedCondition,
  type NormalizedQuery,
  normalizeQuery,
  normalizeWhere,
  paginate,
  runQuery,
  sortValue,
} from './query.ts';
export { conflict, parseEntity, watchHandlers } from './validate.ts';
