/**
 * What every generator step shares: the resolved options, named random streams, and the name pools
 * faker builds once per run (per-record faker calls would dominate a 100k-deal run).
 */
import { base, en, Faker, zh_CN } from '@faker-js/faker';
import { Rng } from '../random.ts';

export type RecordLocale = 'zh-CN' | 'en';
export type LocaleMode = RecordLocale | 'mixed';

export interface Pools {
  zhGiven: { female: readonly string[]; male: readonly string[] };
  enFirst: { female: readonly string[]; male: readonly string[] };
  enLast: readonly string[];
  enStreets: readonly string[];
}

export interface Context {
  seed: number;
  now: number;
  locale: LocaleMode;
  pools: Pools;
  stream(name: string): Rng;
  /** The language of one record: fixed, or about 75 % Chinese and 25 % English when mixed. */
  pickLocale(rng: Rng): RecordLocale;
}

/** `prefix-000123`: short, sortable by creation order, readable in a test failure. */
export function makeId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

function times<T>(count: number, make: () => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(make());
  return out;
}

/**
 * Private faker instances with the same locale chains as faker's `fakerZH_CN` and `fakerEN`:
 * seeding those shared singletons would silently change the sequences of a host's own tests.
 */
function buildPools(seed: number): Pools {
  const fakerSeed = new Rng(seed, 'faker').int(0, 2 ** 31 - 1);
  const zh = new Faker({ locale: [zh_CN, en, base] });
  const english = new Faker({ locale: [en, base] });
  zh.seed(fakerSeed);
  english.seed(fakerSeed);
  return {
    zhGiven: {
      female: times(120, () => zh.person.firstName('female')),
      male: times(120, () => zh.person.firstName('male')),
    },
    enFirst: {
      female: times(200, () => english.person.firstName('female')),
      male: times(200, () => english.person.firstName('male')),
    },
    enLast: times(400, () => english.person.lastName()),
    enStreets: times(120, () => english.location.street()),
  };
}

export function createContext(seed: number, now: number, locale: LocaleMode): Context {
  return {
    seed,
    now,
    locale,
    pools: buildPools(seed),
    stream: (name) => new Rng(seed, name),
    pickLocale: (rng) => (locale === 'mixed' ? (rng.chance(0.75) ? 'zh-CN' : 'en') : locale),
  };
}
