/**
 * Waiting for asynchronous outcomes (watch notifications) without asserting on durations: poll a
 * predicate until it holds, and fail with a description of the last state seen if it never does.
 * The timeout only bounds how long a broken adapter takes to fail; it is not a performance claim.
 */
import { ConformanceAssertionError } from './assert.ts';

export interface WaitForOptions {
  /** Give up after this many milliseconds. */
  timeout?: number;
  /** Pause between two polls. */
  interval?: number;
  /** What was awaited, or a function describing the state at the timeout. */
  message?: string | (() => string);
}

export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { timeout = 2000, interval = 5, message = 'condition' }: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) {
      const text = typeof message === 'function' ? message() : message;
      throw new ConformanceAssertionError(`Timed out after ${timeout} ms waiting for ${text}`);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, interval));
  }
}
