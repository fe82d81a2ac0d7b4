/** Comparators: symmetric, in [0, 1], 1 for equal values, and right on the textbook cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  companyName,
  companyNameSimilarity,
  dateParts,
  dateSimilarity,
  jaro,
  jaroWinkler,
  levenshteinSimilarity,
  personName,
  personNameSimilarity,
  tokenSetSimilarity,
} from './index.ts';

const small = fc.string({ unit: fc.constantFrom(...'abcdeé王芳 '), maxLength: 10 });
const text = fc.oneof(small, fc.string({ unit: 'grapheme', maxLength: 16 }));
const tokens = fc.array(small, { maxLength: 5 });
const nameText = fc.oneof(
  fc.constantFrom(
    '王芳',
    '汪芳',
    'Wang Fang',
    'Fang Wang',
    '欧阳明华',
    'Ouyang Minghua',
    '李伟',
    'li wei',
    '王',
    '',
  ),
  small,
);
const companyText = fc.oneof(
  fc.constantFrom(
    '北京华星科技有限公司',
    '华星科技(上海)分公司',
    '华星集团',
    'Huaxing Technology Co., Ltd.',
    '华星贸易',
    '上海华星科技',
    '',
  ),
  small,
);
const date = fc
  .record({
    y: fc.integer({ min: 1900, max: 2030 }),
    m: fc.integer({ min: 1, max: 13 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => dateParts(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)!);

function expectSimilarity<T>(arbitrary: fc.Arbitrary<T>, similarity: (a: T, b: T) => number) {
  fc.assert(
    fc.property(arbitrary, arbitrary, (a, b) => {
      const ab = similarity(a, b);
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(1);
      expect(similarity(b, a)).toBe(ab);
      expect(similarity(a, a)).toBe(1);
    }),
    { numRuns: 500 },
  );
}

describe('every comparator is symmetric, in [0, 1] and 1 on equal values', () => {
  it('jaro', () => expectSimilarity(text, jaro));
  it('jaroWinkler', () => expectSimilarity(text, jaroWinkler));
  it('levenshteinSimilarity', () => expectSimilarity(text, levenshteinSimilarity));
  it('tokenSetSimilarity', () => expectSimilarity(tokens, tokenSetSimilarity));
  it('dateSimilarity', () => expectSimilarity(date, (a, b) => dateSimilarity(a, b)));
  it('personNameSimilarity', () => expectSimilarity(nameText.map(personName), personNameSimilarity));
  it('companyNameSimilarity', () =>
    expectSimilarity(
      companyText.map((name) => companyName(name)),
      (a, b) => (a.core === '' && b.core === '' ? 1 : companyNameSimilarity(a, b).similarity),
    ));
});

describe('Jaro-Winkler', () => {
  it('gives the published values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('token sets and dates', () => {
  it('ignores token order and forgives a typo in one token', () => {
    expect(tokenSetSimilarity(['huaxing', 'technology'], ['technology', 'huaxing'])).toBe(1);
    expect(tokenSetSimilarity(['huaxing', 'technology'], ['huaxnig', 'technology'])).toBeGreaterThan(0.9);
    expect(tokenSetSimilarity(['huaxing'], ['jinyuan'])).toBe(0);
  });

  it('scores swapped day and month, one mistyped digit and distance in days', () => {
    const d = (text: string) => dateParts(text)!;
    expect(dateSimilarity(d('1990-03-04'), d('1990-04-03'))).toBe(0.9);
    expect(dateSimilarity(d('1990-03-04'), d('19900304'))).toBe(1);
    expect(dateSimilarity(d('1990-03-04'), d('1990-03-07'), 1)).toBe(0.875);
    expect(dateSimilarity(d('2025-12-20'), d('2026-01-19'), 60)).toBeCloseTo(0.5, 5);
    expect(dateParts('1956-09-31')).toMatchObject({ digits: '19560931' });
    expect(dateParts('1956-09-31')?.day).toBeUndefined();
  });
});

describe('person names', () => {
  const sim = (a: string, b: string) => personNameSimilarity(personName(a), personName(b));

  it('meets across scripts and orders, a little below the same characters', () => {
    expect(sim('王芳', '王芳')).toBe(1);
    expect(sim('王芳', 'Wang Fang')).toBeCloseTo(0.95, 5);
    expect(sim('王芳', 'Fang Wang')).toBeCloseTo(0.931, 3);
    expect(sim('Wang Fang', 'Fang Wang')).toBe(0.98);
    expect(sim('欧阳明华', 'Minghua Ouyang')).toBeGreaterThan(0.9);
  });

  it('treats a homophone as likely the same and a relative as different', () => {
    expect(sim('王芳', '汪芳')).toBe(0.9);
    expect(sim('戴明', '戴颖')).toBeLessThan(0.8);
    expect(sim('Dai Ming', 'Dai Ying')).toBeLessThan(0.85);
    expect(sim('王芳', '李伟')).toBeLessThan(0.5);
  });
});

describe('company names', () => {
  const compare = (a: string, b: string) => companyNameSimilarity(companyName(a), companyName(b));

  it('sees through legal forms, city placement and script', () => {
    expect(compare('北京华星科技有限公司', '华星科技(北京)')).toEqual({ similarity: 1 });
    expect(compare('华星科技股份有限公司', '华星科技')).toEqual({ similarity: 1 });
    expect(compare('华星科技有限公司', 'Huaxing Technology Co., Ltd.').similarity).toBeGreaterThan(0.9);
  });

  it('keeps a branch office, a group or another city at possible', () => {
    expect(compare('华星科技有限公司', '华星科技(上海)分公司')).toMatchObject({
      cap: 'possible',
      note: 'branch office of',
    });
    expect(compare('华星科技(北京)分公司', '华星科技(上海)分公司')).toMatchObject({ cap: 'possible' });
    expect(compare('华星集团', '华星')).toMatchObject({ cap: 'possible', note: 'group and member company' });
    expect(compare('北京华星科技', '上海华星科技')).toMatchObject({ cap: 'possible' });
    expect(compare('华星科技(上海)分公司', '华星科技上海分公司')).toEqual({ similarity: 1 });
  });

  it('tells another industry or another brand apart', () => {
    expect(compare('华星科技', '华星贸易').similarity).toBeLessThan(0.75);
    expect(compare('华星科技', '金源科技').similarity).toBeLessThan(0.75);
  });
});
