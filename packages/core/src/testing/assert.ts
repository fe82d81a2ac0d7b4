/**
 * The conformance suite's own assertions. The suite runs under vitest in Node and under mocha in a
 * browser, so it cannot lean on either runner's `expect` nor on `node:assert`; a failure is a
 * plain `ConformanceAssertionError` whose message says what differed and where.
 */
import { isKehuError, type KehuError, type KehuErrorCode } from '../errors.ts';

export class ConformanceAssertionError extends Error {
  override readonly name = 'ConformanceAssertionError';
}

export function fail(message: string): never {
  throw new ConformanceAssertionError(message);
}

export function ok(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Strict (`Object.is`) equality of two values. */
export function equal<T>(actual: unknown, expected: T, label = 'value'): asserts actual is T {
  if (!Object.is(actual, expected)) fail(`${label}: expected ${show(expected)}, got ${show(actual)}`);
}

/**
 * Structural equality of JSON-like data. A key whose value is `undefined` counts as absent, so an
 * adapter that round-trips through JSON (GraphQL) compares equal to one that uses structured clone.
 */
export function deepEqual<T>(actual: unknown, expected: T, label = 'value'): asserts actual is T {
  const difference = firstDifference(actual, expected, []);
  if (difference === undefined) return;
  const at = difference.path.length ? ` at ${formatPath(difference.path)}` : '';
  fail(
    `${label} differs${at}: expected ${show(difference.expected)}, got ${show(difference.actual)}\n` +
      `  expected: ${show(expected, 2000)}\n  actual:   ${show(actual, 2000)}`,
  );
}

interface Difference {
  path: (string | number)[];
  actual: unknown;
  expected: unknown;
}

function firstDifference(
  actual: unknown,
  expected: unknown,
  path: (string | number)[],
): Difference | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return { path, actual, expected };
    const length = Math.max(actual.length, expected.length);
    for (let index = 0; index < length; index++) {
      if (index >= actual.length || index >= expected.length) {
        return { path: [...path, index], actual: actual[index], expected: expected[index] };
      }
      const inner = firstDifference(actual[index], expected[index], [...path, index]);
      if (inner) return inner;
    }
    return undefined;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      const inner = firstDifference(actual[key], expected[key], [...path, key]);
      if (inner) return inner;
    }
    return undefined;
  }
  return { path, actual, expected };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
}

/** A short, readable rendering of a value for failure messages. */
export function show(value: unknown, max = 300): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function')
    text = String(value);
  else if (value instanceof Error) text = `${value.name}: ${value.message}`;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

export interface RejectsOptions {
  /** Issue paths that must each appear among the error's issues (others may appear too). */
  paths?: readonly (readonly (string | number)[])[];
  /** Every issue path must start with this prefix (e.g. the index of the bad entity in a bulk write). */
  pathPrefix?: readonly (string | number)[];
  /** Entries that must be present in `error.details`. */
  details?: Record<string, unknown>;
}

/**
 * Awaits `action` and asserts that it fails with a `KehuError` of `code`. A synchronous throw from a
 * method that returns a promise is a failure too: callers chain `.catch()` on these methods.
 */
export async function rejects(
  action: () => unknown,
  code: KehuErrorCode,
  options: RejectsOptions = {},
  label = 'the call',
): Promise<KehuError> {
  let promise: unknown;
  try {
    promise = action();
  } catch (error) {
    fail(`${label} threw synchronously instead of returning a rejected promise: ${show(error)}`);
  }
  let outcome: { error: unknown } | undefined;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  if (!outcome) return fail(`${label} resolved, expected it to reject with ${code}`);
  return assertKehuError(outcome.error, code, options, label);
}

/** Asserts that `error` is a `KehuError` of `code` carrying the expected issues and details. */
export function assertKehuError(
  error: unknown,
  code: KehuErrorCode,
  options: RejectsOptions = {},
  label = 'the error',
): KehuError {
  if (!isKehuError(error)) return fail(`${label}: expected a KehuError ${code}, got ${show(error)}`);
  equal(error.code, code, `${label}: error code (message: ${error.message})`);
  const paths = error.issues.map((issue) => issue.path);
  for (const expected of options.paths ?? []) {
    ok(
      paths.some((path) => firstDifference(path, expected, []) === undefined),
      `${label}: expected an issue at ${show(expected)}, the issues are at ${show(paths)}`,
    );
  }
  if (options.pathPrefix) {
    const prefix = options.pathPrefix;
    ok(paths.length > 0, `${label}: expected issues under ${show(prefix)}, there are none`);
    for (const path of paths) {
      ok(
        firstDifference(path.slice(0, prefix.length), prefix, []) === undefined,
        `${label}: issue path ${show(path)} does not start with ${show(prefix)}`,
      );
    }
  }
  for (const [key, value] of Object.entries(options.details ?? {})) {
    deepEqual(error.details[key], value, `${label}: details.${key}`);
  }
  return error;
}

/**
 * The `KehuError` a promise rejects with, for tests that go on to inspect it (`code`, `fields`,
 * `details`). Fails when the promise resolves, and rethrows anything that is not a `KehuError`.
 */
export async function kehuRejection(promise: Promise<unknown>): Promise<KehuError> {
  try {
    await promise;
  } catch (error) {
    if (isKehuError(error)) return error;
    throw error;
  }
  throw new ConformanceAssertionError('Expected the promise to reject with a KehuError');
}
