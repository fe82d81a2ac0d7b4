// What each operator and combinator means, shown on examples, for both compilers at once.
import { describe, expect, it } from 'vitest';
import {
  type ActivityLike,
  compileScoring,
  compileScoringCodegen,
  defineScoring,
  type RuleCondition,
  type ScoreContext,
} from '../index.ts';

/** Whether a one-rule definition fires on `lead`; both compilers must agree. */
function fires(when: RuleCondition, lead: object, context?: ScoreContext): boolean {
  const definition = defineScoring({ rules: [{ id: 'r', group: 'fit', points: 1, when }] });
  const closures = compileScoring(definition).score(lead, context).total === 1;
  const codegen = compileScoringCodegen(definition).score(lead, context).total === 1;
  expect(codegen).toBe(closures);
  return closures;
}

const lead = {
  industry: 'manufacturing',
  region: '浙江省',
  company: '宁波华东精密制造有限公司',
  title: '采购总监',
  email: 'zhang.wei@hd-precision.cn',
  phone: '',
  createdAt: '2026-10-08T02:30:00.000Z',
  raw: { employees: 420, tags: ['iso9001', 'export'], nested: { ok: true } },
  duplicates: [],
  score: { total: 62.5 },
};

describe('field operators', () => {
  it('eq and neq compare strictly', () => {
    expect(fires({ field: 'industry', op: 'eq', value: 'manufacturing' }, lead)).toBe(true);
    expect(fires({ field: 'industry', op: 'eq', value: 'Manufacturing' }, lead)).toBe(false);
    expect(fires({ field: 'raw.employees', op: 'eq', value: '420' }, lead)).toBe(false);
    expect(fires({ field: 'industry', op: 'neq', value: 'retail' }, lead)).toBe(true);
    // A missing field is not equal to anything, so neq holds.
    expect(fires({ field: 'product', op: 'neq', value: 'x' }, lead)).toBe(true);
    expect(fires({ field: 'product', op: 'eq', value: null }, lead)).toBe(false);
  });

  it('in and notIn, for short lists and for long ones', () => {
    const east = ['上海市', '江苏省', '浙江省', '安徽省'];
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', '浙江省'];
    expect(fires({ field: 'region', op: 'in', value: east }, lead)).toBe(true);
    expect(fires({ field: 'region', op: 'in', value: many }, lead)).toBe(true);
    expect(fires({ field: 'region', op: 'in', value: many.slice(0, 10) }, lead)).toBe(false);
    expect(fires({ field: 'region', op: 'notIn', value: east }, lead)).toBe(false);
    expect(fires({ field: 'product', op: 'notIn', value: east }, lead)).toBe(true);
  });

  it('gt, gte, lt, lte compare numbers with numbers and strings with strings only', () => {
    expect(fires({ field: 'raw.employees', op: 'gt', value: 419 }, lead)).toBe(true);
    expect(fires({ field: 'raw.employees', op: 'gt', value: 420 }, lead)).toBe(false);
    expect(fires({ field: 'raw.employees', op: 'gte', value: 420 }, lead)).toBe(true);
    expect(fires({ field: 'raw.employees', op: 'lt', value: 421 }, lead)).toBe(true);
    expect(fires({ field: 'raw.employees', op: 'lte', value: 419 }, lead)).toBe(false);
    expect(fires({ field: 'createdAt', op: 'gte', value: '2026-10-01' }, lead)).toBe(true);
    expect(fires({ field: 'createdAt', op: 'lt', value: '2026-10-01' }, lead)).toBe(false);
    expect(fires({ field: 'raw.employees', op: 'gt', value: '1' }, lead)).toBe(false);
    expect(fires({ field: 'product', op: 'lt', value: 1 }, lead)).toBe(false);
  });

  it('between includes both bounds', () => {
    expect(fires({ field: 'raw.employees', op: 'between', value: [420, 500] }, lead)).toBe(true);
    expect(fires({ field: 'raw.employees', op: 'between', value: [100, 420] }, lead)).toBe(true);
    expect(fires({ field: 'raw.employees', op: 'between', value: [421, 500] }, lead)).toBe(false);
    expect(fires({ field: 'createdAt', op: 'between', value: ['2026-10-01', '2026-10-31'] }, lead)).toBe(
      true,
    );
    expect(fires({ field: 'raw.employees', op: 'between', value: ['1', '9'] }, lead)).toBe(false);
  });

  it('exists: not undefined, null, an empty string or an empty list; value false asks for absence', () => {
    expect(fires({ field: 'title', op: 'exists' }, lead)).toBe(true);
    expect(fires({ field: 'title', op: 'exists', value: true }, lead)).toBe(true);
    expect(fires({ field: 'phone', op: 'exists' }, lead)).toBe(false);
    expect(fires({ field: 'duplicates', op: 'exists' }, lead)).toBe(false);
    expect(fires({ field: 'product', op: 'exists' }, lead)).toBe(false);
    expect(fires({ field: 'product', op: 'exists', value: false }, lead)).toBe(true);
    expect(fires({ field: 'raw.nested.ok', op: 'exists' }, lead)).toBe(true);
  });

  it('contains: a substring of a string, or an element of a list', () => {
    expect(fires({ field: 'company', op: 'contains', value: '精密' }, lead)).toBe(true);
    expect(fires({ field: 'company', op: 'contains', value: '有限责任' }, lead)).toBe(false);
    expect(fires({ field: 'raw.tags', op: 'contains', value: 'export' }, lead)).toBe(true);
    expect(fires({ field: 'raw.tags', op: 'contains', value: 'exp' }, lead)).toBe(false);
    expect(fires({ field: 'raw.employees', op: 'contains', value: 4 }, lead)).toBe(false);
  });

  it('startsWith matches a string prefix, case-sensitively', () => {
    expect(fires({ field: 'company', op: 'startsWith', value: '宁波' }, lead)).toBe(true);
    expect(fires({ field: 'email', op: 'startsWith', value: 'Zhang' }, lead)).toBe(false);
    expect(fires({ field: 'raw.employees', op: 'startsWith', value: '4' }, lead)).toBe(false);
  });

  it('dotted paths read own data only, never a prototype', () => {
    expect(fires({ field: 'raw.constructor', op: 'exists' }, lead)).toBe(false);
    expect(fires({ field: 'raw.tags.0', op: 'eq', value: 'iso9001' }, lead)).toBe(true);
    expect(fires({ field: 'raw.tags.length', op: 'exists' }, lead)).toBe(true);
    expect(fires({ field: 'raw.employees.x', op: 'exists' }, lead)).toBe(false);
  });
});

describe('combinators', () => {
  const yes: RuleCondition = { field: 'industry', op: 'eq', value: 'manufacturing' };
  const no: RuleCondition = { field: 'industry', op: 'eq', value: 'retail' };

  it('all needs every condition, any needs one, not inverts', () => {
    expect(fires({ all: [yes, yes, yes] }, lead)).toBe(true);
    expect(fires({ all: [yes, yes, yes, no] }, lead)).toBe(false);
    expect(fires({ any: [no, no, no, yes] }, lead)).toBe(true);
    expect(fires({ any: [no] }, lead)).toBe(false);
    expect(fires({ not: no }, lead)).toBe(true);
    expect(fires({ not: { any: [no, { all: [yes, { not: no }] }] } }, lead)).toBe(false);
  });
});

describe('engagement conditions', () => {
  const now = Date.parse('2026-11-01T00:00:00.000Z');
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const activities: ActivityLike[] = [
    { type: 'visit', createdAt: daysAgo(40), doneAt: daysAgo(3) },
    { type: 'visit', createdAt: daysAgo(20) },
    { type: 'call', createdAt: daysAgo(1) },
    { type: 'meeting', createdAt: daysAgo(-2) },
  ];

  it('counts activities of the given types inside the window, dated by doneAt, else createdAt', () => {
    const visits = (minCount: number, withinDays: number): RuleCondition => ({
      activity: { type: 'visit', minCount, withinDays },
    });
    expect(fires(visits(2, 30), {}, { now, activities })).toBe(true);
    expect(fires(visits(2, 10), {}, { now, activities })).toBe(false);
    expect(fires(visits(1, 3), {}, { now, activities })).toBe(true);
    expect(
      fires({ activity: { type: ['visit', 'call'], minCount: 3, withinDays: 30 } }, {}, { now, activities }),
    ).toBe(true);
  });

  it('never counts an activity that has not happened yet', () => {
    expect(
      fires({ activity: { type: 'meeting', minCount: 1, withinDays: 30 } }, {}, { now, activities }),
    ).toBe(false);
    expect(fires({ activity: { minCount: 4, withinDays: 90 } }, {}, { now, activities })).toBe(false);
    expect(fires({ activity: { minCount: 3, withinDays: 90 } }, {}, { now, activities })).toBe(true);
  });

  it('needs context.now when there are activities to count', () => {
    const scorer = compileScoring({
      rules: [
        { id: 'r', group: 'engagement', points: 1, when: { activity: { minCount: 1, withinDays: 7 } } },
      ],
    });
    expect(scorer.score({}).total).toBe(0);
    expect(() => scorer.score({}, { activities })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
