// Bad definitions are refused up front, with the exact path of what is wrong.
import { describe, expect, it } from 'vitest';
import {
  compileScoring,
  defineScoring,
  isKehuError,
  type KehuError,
  type ScoringDefinitionInput,
  type ScoringRule,
} from '../index.ts';

function refusal(input: unknown, options?: Parameters<typeof defineScoring>[1]): KehuError {
  try {
    defineScoring(input as ScoringDefinitionInput, options);
  } catch (error) {
    if (isKehuError(error, 'VALIDATION')) return error;
    throw error;
  }
  throw new Error('Expected VALIDATION');
}

const fit = (when: unknown, extra: Record<string, unknown> = {}) =>
  ({ id: 'r', group: 'fit', points: 10, when, ...extra }) as ScoringRule;
const industry = { field: 'industry', op: 'eq', value: 'manufacturing' };

describe('defineScoring', () => {
  it('accepts a valid definition and returns it frozen, with default groups', () => {
    const definition = defineScoring({ rules: [fit(industry)] });
    expect(definition.groups).toEqual({});
    expect(Object.isFrozen(definition.rules[0])).toBe(true);
  });

  it('names an unknown field with its full path', () => {
    const rules = [
      fit(industry, { id: 'a' }),
      fit(industry, { id: 'b' }),
      fit(industry, { id: 'c' }),
      fit({ all: [industry, { field: 'industy', op: 'eq', value: 'x' }] }, { id: 'd' }),
    ];
    const error = refusal({ rules });
    expect(error.issues).toEqual([
      {
        path: ['rules', 3, 'when', 'all', 1, 'field'],
        code: 'unknown_field',
        message: 'Unknown field "industy" on leads',
      },
    ]);
    expect(error.fields).toEqual(['rules.3.when.all.1.field']);
  });

  it('checks fields inside not and any, and every unknown field at once', () => {
    const error = refusal({
      rules: [fit({ any: [{ not: { field: 'nope', op: 'exists' } }, { field: 'alsoNope', op: 'exists' }] })],
    });
    expect(error.fields).toEqual(['rules.0.when.any.0.not.field', 'rules.0.when.any.1.field']);
  });

  it('follows dotted paths through object shapes and accepts any key below a record', () => {
    expect(() =>
      defineScoring({ rules: [fit({ field: 'raw.employees', op: 'gte', value: 100 })] }),
    ).not.toThrow();
    expect(() =>
      defineScoring({ rules: [fit({ field: 'score.total', op: 'gt', value: 50 })] }),
    ).not.toThrow();
    expect(refusal({ rules: [fit({ field: 'score.totl', op: 'gt', value: 1 })] }).issues[0]).toMatchObject({
      path: ['rules', 0, 'when', 'field'],
      message: 'Unknown field "score.totl" on leads',
    });
    expect(refusal({ rules: [fit({ field: 'name.first', op: 'exists' })] }).issues[0]?.message).toBe(
      '"name" has no field "first" on leads',
    );
  });

  it('checks fields against the entity it is told to score', () => {
    const amount = fit({ field: 'amount.amount', op: 'gte', value: 1_000_000 });
    expect(() => defineScoring({ rules: [amount] }, { entity: 'deals' })).not.toThrow();
    expect(refusal({ rules: [amount] }).issues[0]?.message).toBe('Unknown field "amount" on leads');
    expect(() =>
      defineScoring({ rules: [fit({ field: 'size', op: 'eq', value: 'large' })] }, { entity: 'accounts' }),
    ).not.toThrow();
  });

  it('names an unknown operator, a wrong value and a missing key at their paths', () => {
    expect(
      refusal({ rules: [fit({ all: [industry, { field: 'industry', op: 'like', value: 'x' }] })] }).fields,
    ).toEqual(['rules.0.when.all.1.op']);
    expect(refusal({ rules: [fit({ field: 'region', op: 'in', value: '华东' })] }).fields).toEqual([
      'rules.0.when.value',
    ]);
    expect(refusal({ rules: [fit({ field: 'region', op: 'eq' })] }).fields).toEqual(['rules.0.when.value']);
    expect(refusal({ rules: [fit({ field: 'region', op: 'between', value: [9, 1] })] }).fields).toEqual([
      'rules.0.when.value',
    ]);
    expect(
      refusal({ rules: [fit({ field: 'region', op: 'eq', value: 'x', extra: 1 })] }).issues[0],
    ).toMatchObject({
      path: ['rules', 0, 'when', 'extra'],
      code: 'unrecognized_keys',
    });
  });

  it('refuses a condition that is none or several of field, activity, all, any, not', () => {
    expect(refusal({ rules: [fit({ every: [] })] }).fields).toEqual(['rules.0.when']);
    expect(refusal({ rules: [fit({ all: [industry], any: [industry] })] }).fields).toEqual(['rules.0.when']);
    expect(refusal({ rules: [fit({ all: [] })] }).fields).toEqual(['rules.0.when.all']);
    expect(refusal({ rules: [fit('industry = x')] }).fields).toEqual(['rules.0.when']);
  });

  it('validates engagement conditions', () => {
    const bad = { activity: { type: 'fax', minCount: 0, withinDays: 30 } };
    expect(refusal({ rules: [fit(bad)] }).fields.sort()).toEqual([
      'rules.0.when.activity.minCount',
      'rules.0.when.activity.type',
    ]);
  });

  it('refuses decay without an activity to age, duplicate ids and reserved names', () => {
    expect(refusal({ rules: [fit(industry, { decay: { halfLifeDays: 7 } })] }).fields).toEqual([
      'rules.0.decay',
    ]);
    expect(refusal({ rules: [fit(industry), fit(industry)] }).fields).toEqual(['rules.1.id']);
    expect(refusal({ rules: [fit(industry, { id: 'cap:fit' })] }).fields).toEqual(['rules.0.id']);
    expect(refusal({ rules: [fit(industry, { group: '__proto__' })] }).fields).toEqual(['rules.0.group']);
  });

  it('refuses points with more than two decimals, inverted caps and unordered grades', () => {
    expect(refusal({ rules: [fit(industry, { points: 1.005 })] }).fields).toEqual(['rules.0.points']);
    expect(refusal({ rules: [fit(industry)], groups: { fit: { min: 10, max: 5 } } }).fields).toEqual([
      'groups.fit',
    ]);
    expect(refusal({ rules: [fit(industry)], grades: { A: 50, B: 60, C: 10 } }).fields).toEqual(['grades.B']);
  });

  it('refuses conditions nested past the depth limit before parsing them', () => {
    let when: unknown = industry;
    for (let i = 0; i < 40; i++) when = { not: when };
    expect(refusal({ rules: [fit(when)] }).issues[0]).toMatchObject({ code: 'too_deep' });
  });

  it('compileScoring validates raw JSON itself', () => {
    expect(() =>
      compileScoring({ rules: [fit({ field: 'nope', op: 'exists' })] } as ScoringDefinitionInput),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
