/**
 * Time arithmetic for the generator. Everything is epoch milliseconds relative to the `now` option,
 * never the wall clock; business hours and calendar dates are China Standard Time (UTC+8, no DST),
 * because that is when the sample company's reps work.
 */
import type { Rng } from './random.ts';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const CST_OFFSET = 8 * HOUR;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The calendar date (`YYYY-MM-DD`) in China at instant `ms`. */
export function cstDate(ms: number): string {
  return new Date(ms + CST_OFFSET).toISOString().slice(0, 10);
}

/** Whole seconds: stored instants look like what a server writes, not like float noise. */
export function toSecond(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

/** Moves `ms` to a random half-hour slot between 09:00 and 17:30 China time on the same China day. */
export function workingSlot(ms: number, rng: Rng): number {
  const dayStart = Math.floor((ms + CST_OFFSET) / DAY) * DAY - CST_OFFSET;
  return dayStart + 9 * HOUR + rng.int(0, 17) * 30 * MINUTE;
}

/** The same instant one calendar year later (29 February rolls to 1 March). */
export function addYear(ms: number): number {
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.getTime();
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
