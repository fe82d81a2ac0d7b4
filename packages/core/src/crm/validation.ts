/**
 * Input validation for the facade: strict parsing whose issues name every offending field
 * (including unknown ones), and the small object helpers patches need.
 */
import { z } from 'zod';
import { KehuError, type KehuIssue } from '../errors.ts';
import { IdSchema } from '../model/common.ts';
import { assertId } from '../storage/query.ts';

/**
 * zod reports unknown keys as one issue at the object's own path; forms and callers want the
 * field itself, so each unknown key becomes its own issue at `[...path, key]`.
 */
function toIssues(error: z.ZodError, prefix: (string | number)[]): KehuIssue[] {
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

/** Parses `value` with `schema` or throws `VALIDATION` naming every failing (or unknown) field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix: (string | number)[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error, prefix);
  const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(root)'))];
  return invalid(`Invalid ${what}: ${fields.join(', ')}`, issues);
}

function invalid(message: string, issues: KehuIssue[]): never {
  throw new KehuError('VALIDATION', message, { issues });
}

export const VersionSchema = z.int().nonnegative();

/** The options of every versioned write: the version the caller last read. */
export const VersionOptionsSchema = z.strictObject({ expectedVersion: VersionSchema });
export type VersionOptions = z.input<typeof VersionOptionsSchema>;

export function parseVersion(options: unknown): number {
  return parseInput(VersionOptionsSchema, options, 'options').expectedVersion;
}

export function parseId(id: unknown, path: (string | number)[] = ['id']): string {
  assertId(id, path);
  return id;
}

/** The fields every stored entity carries and only the service sets. */
export const ENTITY_KEYS = { id: true, version: true, createdAt: true, updatedAt: true } as const;

/** Added to create schemas: a caller may choose the id (offline clients, idempotent retries). */
export const OPTIONAL_ID = { id: IdSchema.optional() };

/**
 * The keys of a parsed patch the caller actually sent. zod applies field defaults even under
 * `.partial()`, which would silently reset `tags` or `lifecycle` on every patch.
 */
export function sentFields<T extends object>(parsed: T, raw: unknown): Partial<T> {
  const sent: Partial<T> = {};
  if (raw === null || typeof raw !== 'object') return sent;
  for (const key of Object.keys(parsed) as (keyof T)[]) {
    if (Object.hasOwn(raw, key)) sent[key] = parsed[key];
  }
  return sent;
}

/** Drops keys whose value is `undefined`, so clearing a field removes it from the record. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = field;
  return out as T;
}
