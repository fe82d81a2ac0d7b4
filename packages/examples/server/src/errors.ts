/**
 * Errors on the wire: a `KehuError` becomes a `GraphQLError` whose `extensions` are the error's
 * `toJSON()` (code, issues, details), so the adapter rebuilds the same `KehuError`. Anything
 * unexpected is reported to the server's `onError` and answered as a bare STORAGE error, so no
 * stack trace or SQL ever reaches a client.
 */
import { isKehuError, type KehuErrorCode } from '@kehu/core';
import type { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

export function toGraphQLError(error: unknown, onError: (error: unknown) => void): GraphQLError {
  if (isGraphQLError(error)) return error;
  if (isKehuError(error)) {
    const { code, issues, details } = error.toJSON();
    return createGraphQLError(error.message, { extensions: { code, issues, details } });
  }
  onError(error);
  return createGraphQLError('The server could not complete the request', {
    extensions: { code: 'STORAGE' satisfies KehuErrorCode, issues: [], details: {} },
  });
}

/**
 * By name, not `instanceof`: graphql-js may be loaded twice (its ESM and CJS builds), and an error
 * made by the other copy must still pass through unmasked. For the same reason errors are made
 * with graphql-yoga's `createGraphQLError`, i.e. by the copy that executes the schema.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}
