/**
 * Input validation for the facade: strict parsing whose issues name every offending field
 * (including unknown ones), and the small object helpers patches need.
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';
import { IdSchema } from '../model/common.ts';
import { assertId } from '../storage/query.ts';

export const VersionSchema = z.int().nonnegative();

/** The options of every versioned write: the version the caller last read. */
export const VersionOptionsSchema = z.strictObject({ expectedVersion: VersionSchema });
export type VersionOptions = z.input<typeof VersionOptionsSchema>;

export function parseVersion(options: unknown): number {
  return parseOrThrow(VersionOptionsSchema, options, 'options').expectedVersion;
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
