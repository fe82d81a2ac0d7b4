/**
 * From the wire back to `KehuError`: a GraphQL error's `extensions.code` names the Kehu code, and
 * its `issues` and `details` come along, so a caller branches on `error.code` and points at
 * `error.issues[].path` exactly as with a local store.
 */
import { KehuError, type KehuErrorCode, type KehuIssue } from '@kehu/core';

const KEHU_CODES: ReadonlySet<string> = new Set<KehuErrorCode>([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'GUARD_REJECTED',
  'STORAGE',
  'INSUFFICIENT_POINTS',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
]);

/** GraphQL's own refusals of a malformed document or bad variables. */
const GRAPHQL_INPUT_CODES: ReadonlySet<string> = new Set([
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_VALIDATION',
  'GRAPHQL_PARSE_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

export interface WireError {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown; issues?: unknown; details?: unknown } | null;
}

function isIssue(value: unknown): value is KehuIssue {
  if (!value || typeof value !== 'object') return false;
  const issue = value as KehuIssue;
  return (
    Array.isArray(issue.path) &&
    issue.path.every((key) => typeof key === 'string' || typeof key === 'number') &&
    typeof issue.message === 'string' &&
    typeof issue.code === 'string'
  );
}

export function fromWireError(error: WireError): KehuError {
  const extensions = error.extensions ?? {};
  const raw = typeof extensions.code === 'string' ? extensions.code : '';
  const code: KehuErrorCode = KEHU_CODES.has(raw)
    ? (raw as KehuErrorCode)
    : GRAPHQL_INPUT_CODES.has(raw)
      ? 'VALIDATION'
      : 'STORAGE';
  const issues = Array.isArray(extensions.issues) ? extensions.issues.filter(isIssue) : [];
  const details =
    extensions.details && typeof extensions.details === 'object' && !Array.isArray(extensions.details)
      ? (extensions.details as Record<string, unknown>)
      : {};
  const message = typeof error.message === 'string' ? error.message : 'The server refused the request';
  return new KehuError(code, message, {
    issues,
    details: raw && raw !== code ? { ...details, graphqlCode: raw } : details,
  });
}

/** A failure to reach the server or to read its answer; `retryable` tells reads to try again. */
export function transportError(
  message: string,
  details: Record<string, unknown>,
  cause?: unknown,
): KehuError {
  return new KehuError('STORAGE', message, { details, cause });
}
