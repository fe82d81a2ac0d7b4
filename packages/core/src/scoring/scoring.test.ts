// Scoring's invariants over random definitions and records, and its behaviour on worked examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActivityLike,
  compileScoring,
  compileScoringCodegen,
  defineScoring,
  type RuleCondition,
  type ScoreResult,
  type ScoringDefinitionInput,
} from '../index.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-01T00:00:00.000Z');

// ── Arbitraries ──────────────────────────────────────────────────────────────────────────────────

const STRINGS = ['a', 'b', 'ab', '', '制造业', '华东', '2026-10-01', '2026-06-15T08:00:00.000Z'];
const stringValue = fc.constantFrom(...STRINGS);
const numberValue = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(0.5, -0, 99.99));
const primitive = fc.oneof(stringValue, numberValue, fc.boolean(), fc.constant(null));

/** Fields of a lead that can hold anything in these tests: strings, numbers, lists, nothing. */
const FIELDS = [
  'industry',
  'region',
  'title',
  'company',
  'createdAt',
  'raw.n',
  'raw.tags',
  'score.total',
] as const;

const comparable = fc.oneof(numberValue, stringValue);
const fieldCondition: fc.Arbitrary<RuleCondition> = fc.constantFrom(...FIELDS).chain((field) =>
  fc.oneof(
    fc.record({ field: fc.constant(field), op: fc.constantFrom('eq', 'neq', 'contains'), value: primitive }),
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('in', 'notIn'),
      value: fc.array(primitive, { minLength: 1, maxLength: 12 }),
    }),
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('gt', 'gte', 'lt', 'lte'),
      value: comparable,
    }),
    fc.oneof(fc.tuple(numberValue, numberValue), fc.tuple(stringValue, stringValue)).map(([a, b]) => ({
      field,
      op: 'between' as const,
      value: (a <= b ? [a, b] : [b, a]) as [number, number],
    })),
    fc.record(
      { field: fc.constant(field), op: fc.constant('exists'), value: fc.boolean() },
      { requiredKeys: ['field', 'op'] },
    ),
    fc.record({ field: fc.constant(field), op: fc.constant('startsWith'), value: stringValue }),
  ),
) as fc.Arbitrary<RuleCondition>;

const ACTIVITY_TYPES = ['visit', 'call', 'email', 'meeting'] as const;
const activityCondition: fc.Arbitrary<RuleCondition> = fc.record(
  {
    activity: fc.record(
      {
        type: fc.oneof(
          fc.constantFrom(...ACTIVITY_TYPES),
          fc.subarray([...ACTIVITY_TYPES], { minLength: 1 }),
        ),
        minCount: fc.integer({ min: 1, max: 3 }),
        withinDays: fc.integer({ min: 1, max: 60 }),
      },
      { requiredKeys: ['minCount', 'withinDays'] },
    ),
  },
  { requiredKeys: ['activity'] },
);

const condition: fc.Arbitrary<RuleCondition> = fc.letrec<{ node: RuleCondition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldCondition,
    activityCondition,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

const hasActivity = (node: RuleCondition): boolean =>
  'activity' in node ||
  ('all' in node && node.all.some(hasActivity)) ||
  ('any' in node && node.any.some(hasActivity)) ||
  ('not' in node && hasActivity(node.not));

const points = fc.integer({ min: -5000, max: 5000 }).map((hundredths) => hundredths / 100);
const GROUPS = ['fit', 'engagement', '行为'] as const;

const rule = fc
  .record({
    group: fc.constantFrom(...GROUPS),
    points,
    when: condition,
    halfLifeDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    label: fc.option(fc.constantFrom('华东制造业', { 'zh-CN': '近期拜访', en: 'Recent visit' }), {
      nil: undefined,
    }),
  })
  .map(({ halfLifeDays, label, ...rest }) => ({
    ...rest,
    ...(label === undefined ? {} : { label }),
    ...(halfLifeDays !== undefined && hasActivity(rest.when) ? { decay: { halfLifeDays } } : {}),
  }));

const cap = fc
  .tuple(fc.option(points, { nil: undefined }), fc.option(points, { nil: undefined }))
  .map(([a, b]) => {
    if (a === undefined || b === undefined)
      return { ...(a === undefined ? {} : { max: a }), ...(b === undefined ? {} : { min: b }) };
    return { min: Math.min(a, b), max: Math.max(a, b) };
  });

const definition: fc.Arbitrary<ScoringDefinitionInput> = fc
  .record({
    rules: fc.array(rule, { minLength: 0, maxLength: 8 }),
    groups: fc.dictionary(fc.constantFrom(...GROUPS, 'empty'), cap, { maxKeys: 3 }),
    grades: fc.option(fc.array(points, { minLength: 3, maxLength: 3 }), { nil: undefined }),
  })
  .map(({ rules, groups, grades }) => {
    const [c, b, a] = (grades ?? []).sort((x, y) => x - y);
    return {
      rules: rules.map((r, i) => ({ id: `rule-${i}`, ...r })),
      groups,
      ...(grades ? { grades: { A: a!, B: b!, C: c! } } : {}),
    };
  });

const anyValue = fc.oneof(primitive, fc.array(primitive, { maxLength: 3 }), fc.constant(undefined));
const lead = fc.record(
  {
    industry: anyValue,
    region: anyValue,
    title: anyValue,
    company: anyValue,
    createdAt: anyValue,
    raw: fc.record({ n: anyValue, tags: fc.array(stringValue, { maxLength: 3 }) }, { requiredKeys: [] }),
    score: fc.record({ total: numberValue }),
  },
  { requiredKeys: [] },
);

/** Activities in the past of NOW (up to 120 days back). */
const activities = fc.array(
  fc
    .record({
      type: fc.constantFrom(...ACTIVITY_TYPES),
      ageHours: fc.integer({ min: 0, max: 120 * 24 }),
      doneLater: fc.option(fc.integer({ min: 0, max: 48 }), { nil: undefined }),
    })
    .map(({ type, ageHours, doneLater }): ActivityLike => {
      const created = NOW - ageHours * 3_600_000;
      const done = doneLater === undefined ? undefined : Math.min(NOW, created + doneLater * 3_600_000);
      return {
        type,
        createdAt: new Date(created).toISOString(),
        ...(done === undefined ? {} : { doneAt: new Date(done).toISOString() }),
      };
    }),
  { maxLength: 8 },
);

/** Adding reasons in hundredths, as scoring does, is exact; the float sum rounds to the same. */
const reasonSum = (result: ScoreResult) =>
  result.reasons.reduce((sum, reason) => sum + Math.round(reason.points * 100), 0) / 100;

// ── Invariants ──────────────────────────────────────────────────────────────────────────────────

describe('scoring invariants', () => {
  it('a score equals the sum of its reasons, and of its groups', () => {
    fc.assert(
      fc.property(definition, lead, activities, (input, record, acts) => {
        const result = compileScoring(input).score(record, { now: NOW, activities: acts });
        expect(reasonSum(result)).toBe(result.total);
        const floatSum = result.reasons.reduce((sum, reason) => sum + reason.points, 0);
        expect(Math.round(floatSum * 100) / 100).toBe(result.total);
        const groups = Object.values(result.groups).reduce((sum, value) => sum + Math.round(value * 100), 0);
        expect(groups / 100).toBe(result.total);
        for (const reason of result.reasons) expect(Number(reason.points.toFixed(2))).toBe(reason.points);
      }),
      { numRuns: 300 },
    );
  });

  it('caps are respected, and each trim is one reason', () => {
    fc.assert(
      fc.property(definition, lead, activities, (input, record, acts) => {
        const scored = compileScoring(input);
        const result = scored.score(record, { now: NOW, activities: acts });
        for (const [group, bounds] of Object.entries(scored.definition.groups)) {
          const value = result.groups[group]!;
          if (bounds.max !== undefined) expect(value).toBeLessThanOrEqual(bounds.max);
          if (bounds.min !== undefined) expect(value).toBeGreaterThanOrEqual(bounds.min);
          const trims = result.reasons.filter((reason) => reason.ruleId === `cap:${group}`);
          expect(trims.length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the grade follows the thresholds', () => {
    fc.assert(
      fc.property(definition, lead, (input, record) => {
        const scored = compileScoring(input);
        const { total, grade } = scored.score(record);
        const thresholds = scored.definition.grades;
        if (!thresholds) {
          expect(grade).toBeUndefined();
          return;
        }
        const expected =
          total >= thresholds.A ? 'A' : total >= thresholds.B ? 'B' : total >= thresholds.C ? 'C' : 'D';
        expect(grade).toBe(expected);
      }),
    );
  });

  it('decay never increases a score as activity ages (positive engagement points, activity not negated)', () => {
    /** Engagement made monotone: negations around activity conditions removed, points made positive. */
    const unNegate = (node: RuleCondition): RuleCondition => {
      if ('not' in node) return hasActivity(node.not) ? unNegate(node.not) : node;
      if ('all' in node) return { all: node.all.map(unNegate) };
      if ('any' in node) return { any: node.any.map(unNegate) };
      return node;
    };
    const monotone = definition.map((input) => ({
      ...input,
      rules: input.rules.map((r) =>
        hasActivity(r.when) ? { ...r, points: Math.abs(r.points), when: unNegate(r.when) } : r,
      ),
    }));
    fc.assert(
      fc.property(
        monotone,
        lead,
        activities,
        fc.integer({ min: 0, max: 90 * 24 }),
        (input, record, acts, hours) => {
          const scorer = compileScoring(input);
          const earlier = scorer.score(record, { now: NOW, activities: acts });
          const later = scorer.score(record, { now: NOW + hours * 3_600_000, activities: acts });
          expect(later.total).toBeLessThanOrEqual(earlier.total);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the code-generating compiler gives exactly the closure compiler’s results', () => {
    fc.assert(
      fc.property(definition, fc.array(fc.tuple(lead, activities), { maxLength: 5 }), (input, cases) => {
        const closures = compileScoring(input);
        const codegen = compileScoringCodegen(input);
        for (const [record, acts] of cases) {
          const context = { now: NOW, activities: acts };
          const expected = closures.score(record, context);
          const actual = codegen.score(record, context);
          expect(actual).toEqual(expected);
          expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
        }
        const records = cases.map(([record]) => record);
        expect(codegen.scoreMany(records, { now: NOW })).toEqual(closures.scoreMany(records, { now: NOW }));
      }),
      { numRuns: 400 },
    );
  });
});

// ── Worked examples ─────────────────────────────────────────────────────────────────────────────

describe('compileScoring', () => {
  const definition = defineScoring({
    rules: [
      {
        id: 'mfg',
        label: { 'zh-CN': '制造业', en: 'Manufacturing' },
        group: 'fit',
        points: 30,
        when: { field: 'industry', op: 'eq', value: 'manufacturing' },
      },
      {
        id: 'east',
        label: '华东',
        group: 'fit',
        points: 25,
        when: { field: 'region', op: 'in', value: ['上海市', '江苏省', '浙江省'] },
      },
      {
        id: 'free-mail',
        group: 'fit',
        points: -10,
        when: { field: 'email', op: 'contains', value: '@qq.com' },
      },
      {
        id: 'visited',
        group: 'engagement',
        points: 40,
        when: { activity: { type: ['visit', 'meeting'], minCount: 1, withinDays: 30 } },
        decay: { halfLifeDays: 10 },
      },
    ],
    groups: { fit: { max: 50 }, engagement: { min: 0 } },
    grades: { A: 80, B: 50, C: 20 },
  });
  const scorer = compileScoring(definition);

  it('explains the score rule by rule, with the cap trim as a reason of its own', () => {
    const result = scorer.score({ industry: 'manufacturing', region: '浙江省', email: 'li@hd.cn' });
    expect(result).toEqual({
      total: 50,
      groups: { fit: 50, engagement: 0 },
      grade: 'B',
      reasons: [
        { ruleId: 'mfg', label: { 'zh-CN': '制造业', en: 'Manufacturing' }, group: 'fit', points: 30 },
        { ruleId: 'east', label: '华东', group: 'fit', points: 25 },
        { ruleId: 'cap:fit', group: 'fit', points: -5 },
      ],
    });
  });

  it('decays engagement points by the age of the latest matching activity', () => {
    const at = (days: number) => ({
      type: 'visit' as const,
      createdAt: new Date(NOW - days * DAY).toISOString(),
    });
    const score = (days: number) => scorer.score({}, { now: NOW, activities: [at(days), at(days + 5)] });
    expect(score(0).groups.engagement).toBe(40);
    expect(score(10).groups.engagement).toBe(20);
    expect(score(20).groups.engagement).toBe(10);
    expect(score(29).reasons).toEqual([{ ruleId: 'visited', group: 'engagement', points: 5.36 }]);
    expect(score(31).total).toBe(0);
  });

  it('scoreMany takes one context for all, or one per record', () => {
    const leads = [{ industry: 'manufacturing' }, { email: 'x@qq.com' }];
    expect(scorer.scoreMany(leads).map((r) => r.total)).toEqual([30, -10]);
    const visit = [{ type: 'meeting' as const, createdAt: new Date(NOW).toISOString() }];
    const totals = scorer.scoreMany(leads, [undefined, { now: NOW, activities: visit }]).map((r) => r.total);
    expect(totals).toEqual([30, 30]);
  });

  it('stays correct when reading a record runs code that scores another record', () => {
    for (const compile of [compileScoring, compileScoringCodegen]) {
      const reentrant = compile(definition);
      const outer = {
        get industry() {
          reentrant.score({ industry: 'manufacturing', region: '上海市' });
          return 'retail';
        },
        region: '上海市',
      };
      expect(reentrant.score(outer)).toEqual(reentrant.score({ industry: 'retail', region: '上海市' }));
    }
  });

  it('lists every group, even one with no rule firing, and no grade without thresholds', () => {
    const plain = compileScoring({ rules: [], groups: { fit: { min: 5 } } });
    expect(plain.score({})).toEqual({
      total: 5,
      groups: { fit: 5 },
      grade: undefined,
      reasons: [{ ruleId: 'cap:fit', group: 'fit', points: 5 }],
    });
  });
});
