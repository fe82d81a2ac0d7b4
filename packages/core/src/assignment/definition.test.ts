/** Malformed routing definitions are refused when they are defined, with the path of each problem. */
import { describe, expect, it } from 'vitest';
import {
  type AssignmentDefinitionInput,
  assignmentEngine,
  defineAssignment,
  isKehuError,
  type KehuError,
} from '../index.ts';

function refusal(input: unknown): KehuError {
  try {
    defineAssignment(input as AssignmentDefinitionInput);
  } catch (error) {
    if (isKehuError(error)) return error;
    throw error;
  }
  throw new Error('Expected VALIDATION');
}

const paths = (error: KehuError) => error.issues.map((issue) => issue.path);

const rule = {
  id: 'east',
  name: { 'zh-CN': '华东', en: 'East China' },
  priority: 1,
  when: { field: 'region', op: 'eq', value: '江苏' },
  to: { teamId: 'east' },
};

describe('defineAssignment', () => {
  it('fills the defaults and freezes the result', () => {
    const definition = defineAssignment({ rules: [rule] as AssignmentDefinitionInput['rules'] });
    expect(definition).toMatchObject({
      fallback: { queue: 'unassigned' },
      defaultStrategy: { kind: 'round-robin' },
      limits: {},
      roles: ['rep'],
      utcOffsetMinutes: 480,
      locale: 'zh-CN',
    });
    expect(Object.isFrozen(definition.rules[0])).toBe(true);
    expect(defineAssignment(definition)).toBe(definition);
  });

  it.each([
    ['a rule without a target', { rules: [{ ...rule, to: {} }] }, ['rules', 0, 'to']],
    [
      'a rule with two targets',
      { rules: [{ ...rule, to: { teamId: 'a', userId: 'b' } }] },
      ['rules', 0, 'to'],
    ],
    [
      'an unknown operator',
      { rules: [{ ...rule, when: { field: 'region', op: 'like', value: 'x' } }] },
      ['rules', 0, 'when', 'op'],
    ],
    [
      'a nested unknown field',
      {
        rules: [
          {
            ...rule,
            when: {
              all: [
                { field: 'region', op: 'exists' },
                { field: 'regoin', op: 'exists' },
              ],
            },
          },
        ],
      },
      ['rules', 0, 'when', 'all', 1, 'field'],
    ],
    [
      'an activity condition',
      { rules: [{ ...rule, when: { not: { activity: { minCount: 1, withinDays: 7 } } } }] },
      ['rules', 0, 'when', 'not', 'activity'],
    ],
    [
      'an unknown strategy',
      { rules: [{ ...rule, strategy: { kind: 'fastest' } }] },
      ['rules', 0, 'strategy', 'kind'],
    ],
    [
      'a negative weight',
      { rules: [{ ...rule, strategy: { kind: 'weighted', weights: { 'u-1': -1 } } }] },
      ['rules', 0, 'strategy', 'weights', 'u-1'],
    ],
    [
      'a skill match on an unknown rep attribute',
      {
        rules: [
          { ...rule, strategy: { kind: 'skills', match: [{ field: 'industry', attribute: 'hobbies' }] } },
        ],
      },
      ['rules', 0, 'strategy', 'match', 0, 'attribute'],
    ],
    [
      'a strategy on a rule naming a user',
      { rules: [{ ...rule, to: { userId: 'u-1' }, strategy: { kind: 'round-robin' } }] },
      ['rules', 0, 'strategy'],
    ],
    ['a duplicate rule id', { rules: [rule, { ...rule, priority: 2 }] }, ['rules', 1, 'id']],
    ['a fractional priority', { rules: [{ ...rule, priority: 1.5 }] }, ['rules', 0, 'priority']],
    ['an unknown key', { rules: [{ ...rule, colour: 'red' }] }, ['rules', 0, 'colour']],
    ['a fallback with two targets', { fallback: { queue: 'unassigned', teamId: 'hub' } }, ['fallback']],
    [
      'a strategy on the unassigned queue',
      { fallback: { queue: 'unassigned', strategy: { kind: 'round-robin' } } },
      ['fallback', 'strategy'],
    ],
    ['a zero daily limit', { limits: { leadsPerDay: 0 } }, ['limits', 'leadsPerDay']],
    [
      'sticky inside sticky',
      { defaultStrategy: { kind: 'sticky', otherwise: { kind: 'sticky' } } },
      ['defaultStrategy', 'otherwise', 'kind'],
    ],
    ['an empty role list', { roles: [] }, ['roles']],
  ])('refuses %s with its path', (_what, input, path) => {
    const error = refusal(input);
    expect(error.code).toBe('VALIDATION');
    expect(paths(error)).toContainEqual(path);
  });

  it('reports every problem at once', () => {
    const error = refusal({
      rules: [
        { ...rule, when: { field: 'nope', op: 'exists' } },
        { ...rule, id: 'b', when: { any: [{ field: 'zzz', op: 'exists' }] } },
      ],
    });
    expect(paths(error)).toEqual([
      ['rules', 0, 'when', 'field'],
      ['rules', 1, 'when', 'any', 0, 'field'],
    ]);
    expect(error.message).toBe('Invalid assignment definition: rules.0.when.field, rules.1.when.any.0.field');
  });

  it('refuses conditions nested too deep before parsing them', () => {
    let when: unknown = { field: 'region', op: 'exists' };
    for (let i = 0; i < 40; i++) when = { not: when };
    const error = refusal({ rules: [{ ...rule, when }] });
    expect(error.issues[0]).toMatchObject({ code: 'too_deep' });
    expect(error.issues[0]!.path.slice(0, 4)).toEqual(['rules', 0, 'when', 'not']);
  });

  it('refuses a malformed definition when the engine is made, before any lead arrives', () => {
    expect(() => assignmentEngine({ rules: [{ ...rule, to: {} }] } as AssignmentDefinitionInput)).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });

  it('accepts dotted paths into the score and the raw form', () => {
    const definition = defineAssignment({
      rules: [
        {
          ...rule,
          when: {
            all: [
              { field: 'score.total', op: 'gte', value: 60 },
              { field: 'raw.language', op: 'eq', value: 'en' },
            ],
          },
        },
      ] as AssignmentDefinitionInput['rules'],
    });
    expect(definition.rules).toHaveLength(1);
  });
});
