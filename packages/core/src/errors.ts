/**
 * The one error type Kehu throws. Callers branch on the stable `code`, show `message` (or a
 * localized text chosen from `code` + `issues`), and read `issues` to point at the exact fields.
 */
import type { z } from 'zod';

export type KehuErrorCode =
  /** Input failed validation; `issues` names each field. */
  | 'VALIDATION'
  /** The referenced record (or collection member) does not exist. */
  | 'NOT_FOUND'
  /** A write carried a stale `expectedVersion`, or a record that must be new already exists. */
  | 'CONFLICT'
  /** A business rule refused the action (missing required fields, refused stage transition…). */
  | 'GUARD_REJECTED'
  /** The storage layer failed (quota, unavailable database, closed connection…). */
  | 'STORAGE'
  /** A redemption would overdraw a loyalty balance. */
  | 'INSUFFICIENT_POINTS'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED';

/** A zod error of the classic or the mini API: both carry the same issues. */
export interface ZodIssues {
  readonly issues: readonly z.core.$ZodIssue[];
}

/** One problem with one field; `path` is the location inside the validated value. */
export interface KehuIssue {
  path: (string | number)[];
  message: string;
  /** zod's issue code (`invalid_type`, `too_small`, …) or a Kehu-specific one (`required`, `transition`). */
  code: string;
}

export interface KehuErrorOptions {
  issues?: KehuIssue[];
  /** Machine-readable context: ids, versions, the refused transition. JSON-serializable. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class KehuError extends Error {
  override readonly name = 'KehuError';
  readonly code: KehuErrorCode;
  readonly issues: KehuIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: KehuErrorCode, message: string, options: KehuErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }

  /** The dotted paths of every issue, e.g. `['amount.currency', 'name']`. */
  get fields(): string[] {
    return this.issues.map((issue) => issue.path.join('.'));
  }

  /** A plain object for logs, postMessage and GraphQL `extensions`. */
  toJSON(): { code: KehuErrorCode; message: string; issues: KehuIssue[]; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, issues: this.issues, details: this.details };
  }
}

/** Narrowing helper that also works across realms and duplicated package copies. */
export function isKehuError(error: unknown, code?: KehuErrorCode): error is KehuError {
  if (!(error instanceof Error) || error.name !== 'KehuError') return false;
  return code === undefined || (error as KehuError).code === code;
}

/**
 * Turns zod issues into Kehu issues, optionally nested under `prefix` (e.g. `['deals', 3]`). zod
 * reports unknown keys as one issue at the object's own path; callers and forms want the field
 * itself, so each unknown key becomes its own issue at `[...path, key]`.
 */
export function issuesFromZod(error: ZodIssues, prefix: (string | number)[] = []): KehuIssue[] {
  return error.issues.flatMap((issue): KehuIssue[] => {
    const path = [...prefix, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))];
    if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message, code: issue.code }];
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `Unknown field ${key}`,
      code: issue.code,
    }));
  });
}

export function validationError(what: string, error: ZodIssues, prefix: (string | number)[] = []): KehuError {
  const issues = issuesFromZod(error, prefix);
  const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(root)'))];
  return new KehuError('VALIDATION', `Invalid ${what}: ${fields.join(', ')}`, { issues });
}

/** Parses `value` with `schema`, throwing `VALIDATION` that names every failing field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix: (string | number)[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(what, result.error, prefix);
  return result.data;
}
