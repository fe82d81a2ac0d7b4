/**
 * Injected sources of time, identity and chance. Core never reads the wall clock or Math.random
 * directly, so every rule and every test is reproducible.
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export type IdGenerator = () => string;

/** A source of uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests and simulations: starts at `start` and only moves when told. */
export function createManualClock(start: number | string | Date = 0): Clock & {
  set(time: number | string | Date): void;
  advance(ms: number): void;
} {
  let current = toEpoch(start);
  return {
    now: () => current,
    set: (time) => {
      current = toEpoch(time);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

function toEpoch(time: number | string | Date): number {
  if (typeof time === 'number') return time;
  const epoch = new Date(time).getTime();
  if (Number.isNaN(epoch)) throw new RangeError(`Not a date: ${String(time)}`);
  return epoch;
}

export function isoAt(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

interface CryptoLike {
  getRandomValues<T extends ArrayBufferView | null>(array: T): T;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Ids that sort by creation time (a base-36 millisecond prefix) followed by 80 random bits, so
 * records created offline on two devices never collide and indexes stay append-mostly.
 */
export function createIdGenerator(clock: Clock = systemClock, random?: RandomSource): IdGenerator {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  const bytes = new Uint8Array(16);
  return () => {
    const time = clock.now().toString(36).padStart(9, '0');
    let tail = '';
    if (random) {
      for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(random() * 36)];
    } else if (crypto) {
      crypto.getRandomValues(bytes);
      for (const byte of bytes) tail += ALPHABET[byte % 36];
    } else {
      for (let i = 0; i < 16; i++) tail += ALPHABET[Math.floor(Math.random() * 36)];
    }
    return time + tail;
  };
}

/** Sequential ids (`prefix1`, `prefix2`…) for tests that assert on ids. */
export function createSequentialIds(prefix = 'id'): IdGenerator {
  let next = 0;
  return () => `${prefix}${String(++next).padStart(6, '0')}`;
}

/** A small, fast, seedable PRNG (mulberry32) for reproducible tie-breaking and sampling. */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
