/**
 * Turns what Dexie and IndexedDB throw into Kehu's one error type: a `STORAGE` `KehuError` whose
 * message says what went wrong in words a host developer can act on, with the original error as
 * `cause`. Dexie wraps the browser's errors (an `OpenFailedError` around a `QuotaExceededError`,
 * a `BulkError` around per-record failures), so the whole chain is searched for the real reason.
 */
import { isKehuError, KehuError } from '@kehu/core';

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/** The error and everything it wraps, outermost first. */
function chain(error: unknown): ErrorLike[] {
  const found: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 20) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || found.includes(current as ErrorLike)) continue;
    const like = current as ErrorLike;
    found.push(like);
    queue.push(like.inner, like.cause);
    if (Array.isArray(like.failures)) queue.push(...like.failures.slice(0, 3));
    else if (like.failures && typeof like.failures === 'object') {
      queue.push(...Object.values(like.failures as Record<string, unknown>).slice(0, 3));
    }
  }
  return found;
}

const names = (error: unknown) => chain(error).map((e) => String(e.name ?? ''));

/** Why IndexedDB failed, in the host developer's terms, by the most specific error name found. */
const reasons: [string, (database: string) => string][] = [
  [
    'QuotaExceededError',
    (db) =>
      `the browser refused to store more data for this site in "${db}": its storage quota is used up ` +
      '(private windows and low disk space shrink it). Delete old records or other site data, or ask ' +
      'for persistent storage with navigator.storage.persist()',
  ],
  [
    'MissingAPIError',
    () =>
      'IndexedDB is not available here — a private window or browser setting that blocks site storage, ' +
      'storage disabled for this site, or a runtime without IndexedDB. Use the memory store or a server ' +
      'adapter instead',
  ],
  [
    'SecurityError',
    () =>
      'the browser denied access to IndexedDB (site storage blocked, a sandboxed or third-party iframe, ' +
      'or a private window)',
  ],
  [
    'VersionError',
    (db) =>
      `"${db}" was written by a newer version of Kehu than this page runs; reload the page to get the ` +
      'current version',
  ],
  ['DatabaseClosedError', (db) => `the connection to "${db}" is closed`],
  [
    'PrematureCommitError',
    () =>
      'the transaction had already committed: inside store.transaction(), await only the tx methods — ' +
      'IndexedDB commits a transaction as soon as it is idle, so awaiting a fetch or a timer ends it',
  ],
  [
    'TransactionInactiveError',
    () =>
      'the transaction was no longer active: inside store.transaction(), await only the tx methods — ' +
      'IndexedDB commits a transaction as soon as it is idle',
  ],
  [
    'ConstraintError',
    (db) =>
      `IndexedDB refused a write to "${db}" because it breaks a constraint (an existing key or unique index)`,
  ],
  [
    'DataCloneError',
    () =>
      'a value could not be stored: IndexedDB cannot clone it (a function, a DOM node, a class with private state)',
  ],
  [
    'InvalidStateError',
    (db) =>
      `IndexedDB could not use "${db}" (the connection is closing, or site storage is unavailable in this window)`,
  ],
  ['AbortError', (db) => `a transaction on "${db}" was aborted`],
  ['OpenFailedError', (db) => `the database "${db}" could not be opened`],
];

/**
 * A `STORAGE` error for `error`, raised while doing `action` on `database`. Kehu's own errors
 * (`CONFLICT`, `VALIDATION`, a `STORAGE` error raised earlier) pass through unchanged.
 */
export function storageError(error: unknown, action: string, database: string): KehuError {
  if (isKehuError(error)) return error;
  const found = names(error);
  const match = reasons.find(([name]) => found.includes(name));
  const innermost = chain(error).at(-1);
  const original =
    typeof innermost?.message === 'string' && innermost.message !== '' ? ` (${innermost.message})` : '';
  const reason = match ? match[1](database) : `IndexedDB failed${original}`;
  return new KehuError('STORAGE', `Kehu could not ${action}: ${reason}.`, {
    cause: error,
    details: { database, errors: found.filter((name) => name !== '') },
  });
}

/** Whether `error` came from Dexie or the browser's IndexedDB, as opposed to a host's own code. */
export function isStorageFailure(error: unknown): boolean {
  if (error === null || typeof error !== 'object' || isKehuError(error)) return false;
  const like = error as ErrorLike;
  return (
    (typeof DOMException !== 'undefined' && error instanceof DOMException) ||
    like.inner !== undefined ||
    (typeof like.name === 'string' && reasons.some(([name]) => name === like.name))
  );
}
