/**
 * The lead-scoring rule language: plain JSON, validated by zod, so an admin screen or a server can
 * store and exchange definitions. `defineScoring` is the one door in: it checks the shape and that
 * every field a rule reads exists on the scored entity, before anything is compiled.
 */
import { z } from 'zod';
import { issuesFromZod, KehuError, type KehuIssue } from '../errors.ts';
import { ActivityTypeSchema } from '../model/activity.ts';
import { collections } from '../model/collections.ts';
import { LocalizedTextSchema } from '../model/common.ts';

/** The collections whose records can be scored. */
export const ScoringEntitySchema = z.enum(['leads', 'deals', 'accounts', 'contacts']);
export type ScoringEntity = z.infer<typeof ScoringEntitySchema>;

const RuleValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type RuleValue = z.infer<typeof RuleValueSchema>;

/** Points are kept in integer hundredths while scoring, so more decimals could not be honoured. */
const PointsSchema = z
  .number()
  .min(-1e9)
  .max(1e9)
  .refine((points) => Math.abs(points * 100 - Math.round(points * 100)) < 1e-6, {
    message: 'At most two decimals',
  });

/** A dotted path into the entity: `industry`, `amount.amount`, `raw.employees`. */
const FieldPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^.]+(\.[^.]+)*$/, 'Expected a field name or a dotted path such as amount.amount');

const field = { field: FieldPathSchema };

export const RuleFieldConditionSchema = z.discriminatedUnion('op', [
  z.strictObject({ ...field, op: z.enum(['eq', 'neq']), value: RuleValueSchema }),
  z.strictObject({
    ...field,
    op: z.enum(['in', 'notIn']),
    value: z.array(RuleValueSchema).min(1).max(10_000),
  }),
  z.strictObject({
    ...field,
    op: z.enum(['gt', 'gte', 'lt', 'lte']),
    value: z.union([z.number(), z.string()]),
  }),
  z.strictObject({
    ...field,
    op: z.literal('between'),
    value: z
      .union([z.tuple([z.number(), z.number()]), z.tuple([z.string(), z.string()])])
      .refine(([low, high]) => low <= high, { message: 'The lower bound must not exceed the upper bound' }),
  }),
  /** `value: false` asks for a missing field; absent or `true` for a present one. */
  z.strictObject({ ...field, op: z.literal('exists'), value: z.boolean().optional() }),
  z.strictObject({ ...field, op: z.literal('contains'), value: RuleValueSchema }),
  z.strictObject({ ...field, op: z.literal('startsWith'), value: z.string() }),
]);
export type RuleFieldCondition = z.infer<typeof RuleFieldConditionSchema>;
export type RuleOperator = RuleFieldCondition['op'];

export const RuleActivityConditionSchema = z.strictObject({
  activity: z.strictObject({
    /** One type or several; absent counts every type. */
    type: z.union([ActivityTypeSchema, z.array(ActivityTypeSchema).min(1)]).optional(),
    minCount: z.int().min(1).max(1_000_000),
    withinDays: z.number().positive().max(36_500),
  }),
});
export type RuleActivityCondition = z.infer<typeof RuleActivityConditionSchema>;

export type RuleCondition =
  | RuleFieldCondition
  | RuleActivityCondition
  | { all: RuleCondition[] }
  | { any: RuleCondition[] }
  | { not: RuleCondition };

const CONDITION_KINDS = ['field', 'activity', 'all', 'any', 'not'] as const;
type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Deep enough for any hand-written rule, shallow enough that validation never exhausts the stack. */
export const MAX_CONDITION_DEPTH = 32;

let branches: Record<ConditionKind, z.ZodType> | undefined;
function branchSchemas(): Record<ConditionKind, z.ZodType> {
  branches ??= {
    field: RuleFieldConditionSchema,
    activity: RuleActivityConditionSchema,
    all: z.strictObject({ all: z.array(RuleConditionSchema).min(1).max(200) }),
    any: z.strictObject({ any: z.array(RuleConditionSchema).min(1).max(200) }),
    not: z.strictObject({ not: RuleConditionSchema }),
  };
  return branches;
}

/**
 * A condition is told apart by its key (`field`, `activity`, `all`, `any` or `not`). Dispatching on
 * that key, rather than letting a plain union try every branch, is what keeps an error's path
 * pointing at the exact offending property (`…, 'all', 1, 'op'`).
 */
export const RuleConditionSchema: z.ZodType<RuleCondition, RuleCondition> = z
  .custom<RuleCondition>()
  .superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'Expected a condition object' });
      return;
    }
    const kinds = CONDITION_KINDS.filter((kind) => Object.hasOwn(value, kind));
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `Expected one of: ${CONDITION_KINDS.join(', ')}`
            : `A condition has exactly one of ${kinds.join(', ')}`,
      });
      return;
    }
    const result = branchSchemas()[kinds[0]!].safeParse(value);
    if (!result.success) {
      // The issues are already finalised (message, path); zod prefixes the path with ours.
      for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    }
  });

export const RuleLabelSchema = z.union([z.string().min(1).max(200), LocalizedTextSchema]);
export type RuleLabel = z.infer<typeof RuleLabelSchema>;

/** Reason ids of this form record a cap's trim, so rule ids may not take it. */
export const CAP_REASON_PREFIX = 'cap:';

/** Group names become keys of the result's `groups`, so the one key JavaScript treats specially is refused. */
const GroupNameSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((name) => name !== '__proto__', { message: 'Reserved name' });

export const ScoringRuleSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(128)
    .refine((id) => !id.startsWith(CAP_REASON_PREFIX), {
      message: `Rule ids may not start with "${CAP_REASON_PREFIX}"`,
    }),
  label: RuleLabelSchema.optional(),
  /** `fit` (who they are), `engagement` (what they did) or any group of your own. */
  group: z.union([z.enum(['fit', 'engagement']), GroupNameSchema]),
  /** May be negative (a competitor's domain, a student e-mail address). */
  points: PointsSchema,
  when: RuleConditionSchema,
  /** Engagement rules only: points × 0.5^(days since the latest matching activity ÷ halfLifeDays). */
  decay: z.strictObject({ halfLifeDays: z.number().positive().max(36_500) }).optional(),
});
export type ScoringRule = z.infer<typeof ScoringRuleSchema>;

export const GroupCapSchema = z
  .strictObject({ max: PointsSchema.optional(), min: PointsSchema.optional() })
  .refine((cap) => cap.min === undefined || cap.max === undefined || cap.min <= cap.max, {
    message: 'min must not exceed max',
  });
export type GroupCap = z.infer<typeof GroupCapSchema>;

/** Minimum totals for each grade; anything below C is D. */
export const GradeThresholdsSchema = z
  .strictObject({ A: PointsSchema, B: PointsSchema, C: PointsSchema })
  .superRefine((grades, ctx) => {
    if (grades.B > grades.A) ctx.addIssue({ code: 'custom', path: ['B'], message: 'B must not exceed A' });
    if (grades.C > grades.B) ctx.addIssue({ code: 'custom', path: ['C'], message: 'C must not exceed B' });
  });
export type GradeThresholds = z.infer<typeof GradeThresholdsSchema>;

export const ScoringDefinitionSchema = z
  .strictObject({
    rules: z.array(ScoringRuleSchema).max(10_000),
    groups: z.record(GroupNameSchema, GroupCapSchema).default({}),
    grades: GradeThresholdsSchema.optional(),
  })
  .superRefine((definition, ctx) => {
    const seen = new Set<string>();
    definition.rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'Duplicate rule id' });
      seen.add(rule.id);
      if (rule.decay && activityConditions(rule.when).length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'decay'],
          message: 'Decay needs an activity condition to measure the age of',
        });
      }
    });
  });

/** A validated definition. Build it with `defineScoring`; it is plain JSON and can be stored as is. */
export type ScoringDefinition = z.output<typeof ScoringDefinitionSchema>;
/** What an author writes: `groups` may be left out. */
export type ScoringDefinitionInput = z.input<typeof ScoringDefinitionSchema>;

export interface DefineScoringOptions {
  /** The collection whose records the rules read; field names are checked against it. Default `leads`. */
  entity?: ScoringEntity;
}

const validated = new WeakSet<object>();

/** Whether `definition` came out of `defineScoring` unchanged, so compilers may skip re-validation. */
export function isValidatedScoring(definition: unknown): definition is ScoringDefinition {
  return typeof definition === 'object' && definition !== null && validated.has(definition);
}

/**
 * Validates a scoring definition: its shape (zod) and that every field condition names a field of
 * the scored entity. Throws `VALIDATION` whose issues carry the exact path, e.g.
 * `['rules', 3, 'when', 'all', 1, 'field']`.
 */
export function defineScoring(
  input: ScoringDefinitionInput,
  options: DefineScoringOptions = {},
): ScoringDefinition {
  const entity = options.entity ?? 'leads';
  const deep = tooDeep(input);
  if (deep) {
    throw new KehuError('VALIDATION', `Invalid scoring definition: ${deep.join('.')}`, {
      issues: [
        { path: deep, code: 'too_deep', message: `Conditions nest deeper than ${MAX_CONDITION_DEPTH}` },
      ],
    });
  }
  const parsed = ScoringDefinitionSchema.safeParse(input);
  const issues: KehuIssue[] = parsed.success
    ? unknownFields(parsed.data, entity)
    : issuesFromZod(parsed.error);
  if (issues.length > 0 || !parsed.success) {
    const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new KehuError('VALIDATION', `Invalid scoring definition: ${fields.join(', ')}`, {
      issues,
      details: { entity },
    });
  }
  const definition = deepFreeze(parsed.data);
  validated.add(definition);
  return definition;
}

/** Every activity condition inside `condition`, in reading order. */
export function activityConditions(condition: RuleCondition): RuleActivityCondition[] {
  if ('activity' in condition) return [condition];
  if ('all' in condition) return condition.all.flatMap(activityConditions);
  if ('any' in condition) return condition.any.flatMap(activityConditions);
  if ('not' in condition) return activityConditions(condition.not);
  return [];
}

function unknownFields(definition: ScoringDefinition, entity: ScoringEntity): KehuIssue[] {
  const schema = collections[entity].schema;
  const issues: KehuIssue[] = [];
  const visit = (condition: RuleCondition, path: (string | number)[]): void => {
    if ('field' in condition) {
      const problem = fieldProblem(schema, condition.field.split('.'));
      if (problem)
        issues.push({ path: [...path, 'field'], code: 'unknown_field', message: `${problem} on ${entity}` });
    } else if ('not' in condition) {
      visit(condition.not, [...path, 'not']);
    } else if ('all' in condition) {
      for (const [i, child] of condition.all.entries()) visit(child, [...path, 'all', i]);
    } else if ('any' in condition) {
      for (const [i, child] of condition.any.entries()) visit(child, [...path, 'any', i]);
    }
  };
  for (const [index, rule] of definition.rules.entries()) visit(rule.when, ['rules', index, 'when']);
  return issues;
}

/** Why `path` is not a readable field of `entity`'s records (`Unknown field "x"`), or undefined. */
export function fieldPathProblem(entity: ScoringEntity, path: string): string | undefined {
  return fieldProblem(collections[entity].schema, path.split('.'));
}

/**
 * Why `segments` is not a readable path of `schema`, or undefined when it is. Object shapes are
 * followed segment by segment; records and JSON values accept any key below them.
 */
function fieldProblem(schema: z.ZodType, segments: string[]): string | undefined {
  let current: z.ZodType = schema;
  for (let i = 0; i < segments.length; i++) {
    current = unwrap(current);
    const segment = segments[i]!;
    const where = segments.slice(0, i + 1).join('.');
    if (current instanceof z.ZodObject) {
      const next = (current.shape as Record<string, z.ZodType>)[segment];
      if (!next || !Object.hasOwn(current.shape, segment)) return `Unknown field "${where}"`;
      current = next;
    } else if (current instanceof z.ZodRecord) {
      current = current.valueType as z.ZodType;
    } else if (current instanceof z.ZodArray) {
      if (!/^\d+$/.test(segment))
        return `"${segments.slice(0, i).join('.')}" is a list: use an index, not "${segment}"`;
      current = current.element as z.ZodType;
    } else if (isOpaque(current)) {
      return undefined;
    } else {
      return `"${segments.slice(0, i).join('.')}" has no field "${segment}"`;
    }
  }
  return undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodReadonly ||
      current instanceof z.ZodLazy
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

/** Schemas whose inside we cannot see (JSON values, unions): any deeper key may exist. */
function isOpaque(schema: z.ZodType): boolean {
  return schema instanceof z.ZodUnion || schema instanceof z.ZodUnknown || schema instanceof z.ZodAny;
}

/** The path of the first condition nested deeper than the limit, checked before zod recurses. */
function tooDeep(input: unknown): (string | number)[] | undefined {
  if (typeof input !== 'object' || input === null || !Array.isArray((input as { rules?: unknown }).rules))
    return;
  const rules = (input as { rules: unknown[] }).rules;
  const walk = (
    value: unknown,
    path: (string | number)[],
    depth: number,
  ): (string | number)[] | undefined => {
    if (typeof value !== 'object' || value === null) return;
    if (depth > MAX_CONDITION_DEPTH) return path;
    const node = value as Record<string, unknown>;
    for (const key of ['all', 'any'] as const) {
      const children = node[key];
      if (!Array.isArray(children)) continue;
      for (let i = 0; i < children.length; i++) {
        const found = walk(children[i], [...path, key, i], depth + 1);
        if (found) return found;
      }
    }
    return 'not' in node ? walk(node.not, [...path, 'not'], depth + 1) : undefined;
  };
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (typeof rule !== 'object' || rule === null) continue;
    const found = walk((rule as { when?: unknown }).when, ['rules', i, 'when'], 1);
    if (found) return found;
  }
  return undefined;
}

/** Compiled scorers share reason objects between results, so the definition they come from must not change. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
