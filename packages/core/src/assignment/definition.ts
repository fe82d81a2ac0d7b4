/**
 * The lead-routing rule language: plain JSON validated by zod, so an admin screen or a server can
 * store it. Rules send a lead to a team or a named rep (first match by priority wins), a strategy
 * picks the rep inside the team, and a fallback queue catches what nothing matched or nobody could
 * take. Conditions are the scoring language's (`field`/`op`/`value`, `all`, `any`, `not`), so an
 * admin learns one language. `defineAssignment` is the one door in.
 */
import { z } from 'zod';

import { KehuError, type KehuIssue, parseOrThrow } from '../errors.ts';
import { IdSchema, LocaleSchema } from '../model/common.ts';
import {
  fieldPathProblem,
  MAX_CONDITION_DEPTH,
  type RuleCondition,
  RuleConditionSchema,
  RuleLabelSchema,
} from '../scoring/definition.ts';

/** A dotted path into the lead: `industry`, `score.grade`, `raw.language`. */
const LeadFieldSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^.]+(\.[^.]+)*$/, 'Expected a field name or a dotted path such as score.grade');

/** The rep attributes skill matching compares a lead's traits with. */
export const RepAttributeSchema = z.enum(['skills', 'languages', 'industries', 'regions']);
export type RepAttribute = z.infer<typeof RepAttributeSchema>;

export const SkillMatchSchema = z.strictObject({
  /** The lead field holding the trait (a string or a list of strings). */
  field: LeadFieldSchema,
  attribute: RepAttributeSchema,
  /** What one match adds to a rep's score. */
  weight: z.number().positive().max(1000).default(1),
});
export type SkillMatch = z.output<typeof SkillMatchSchema>;

/** Industry weighs most: it is what a rep's know-how is built on; region saves travel. */
export const DEFAULT_SKILL_MATCH: readonly SkillMatch[] = Object.freeze([
  { field: 'industry', attribute: 'industries', weight: 3 },
  { field: 'region', attribute: 'regions', weight: 2 },
  { field: 'product', attribute: 'skills', weight: 1 },
  { field: 'raw.language', attribute: 'languages', weight: 1 },
]);

const RoundRobinSchema = z.strictObject({ kind: z.literal('round-robin') });
const WeightedSchema = z.strictObject({
  kind: z.literal('weighted'),
  /** Relative shares by user id; 0 takes a rep out of the rotation. */
  weights: z.record(IdSchema, z.int().min(0).max(1000)),
  /** The share of a member the weights do not name. */
  defaultWeight: z.int().min(0).max(1000).default(1),
});
const LeastLoadedSchema = z.strictObject({ kind: z.literal('least-loaded') });
const SkillsSchema = z.strictObject({
  kind: z.literal('skills'),
  match: z
    .array(SkillMatchSchema)
    .min(1)
    .max(50)
    .default(() => DEFAULT_SKILL_MATCH.map((m) => ({ ...m }))),
  /** Reps scoring below this are not considered; with no one left the lead falls back. */
  minScore: z.number().min(0).max(1_000_000).default(0),
});
/** Parks the lead in the team's queue, unowned, for a supervisor to pick a rep (`assignManually`). */
const ManualSchema = z.strictObject({ kind: z.literal('manual') });

/** The strategies that pick one rep out of a pool; `crm.users.reassign` takes these. */
export const PickStrategySchema = z.discriminatedUnion('kind', [
  RoundRobinSchema,
  WeightedSchema,
  LeastLoadedSchema,
  SkillsSchema,
]);
export type PickStrategy = z.output<typeof PickStrategySchema>;

const FallbackStrategySchema = z.discriminatedUnion('kind', [
  RoundRobinSchema,
  WeightedSchema,
  LeastLoadedSchema,
  SkillsSchema,
  ManualSchema,
]);

const StickySchema = z.strictObject({
  kind: z.literal('sticky'),
  /** How the team picks when the customer has no owner, or the owner cannot take the lead now. */
  otherwise: FallbackStrategySchema.default({ kind: 'round-robin' }),
  /** A duplicate link to an account or contact counts from this match score up. */
  minDuplicateScore: z.number().min(0).max(1).default(0.8),
});

export const StrategySchema = z.discriminatedUnion('kind', [
  RoundRobinSchema,
  WeightedSchema,
  LeastLoadedSchema,
  SkillsSchema,
  ManualSchema,
  StickySchema,
]);
export type Strategy = z.output<typeof StrategySchema>;
export type StrategyInput = z.input<typeof StrategySchema>;
export type StrategyKind = Strategy['kind'];

/** Exactly one of `teamId` and `userId`. */
const TargetSchema = z
  .strictObject({ teamId: IdSchema.optional(), userId: IdSchema.optional() })
  .refine((to) => (to.teamId === undefined) !== (to.userId === undefined), {
    message: 'Name exactly one of teamId, userId',
  });
export type Target = z.output<typeof TargetSchema>;

export const RoutingRuleSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: RuleLabelSchema,
  /** Lower runs first; rules of equal priority run in list order. */
  priority: z.int().min(-1_000_000).max(1_000_000),
  when: RuleConditionSchema,
  to: TargetSchema,
  /** How to pick inside the team; default: the definition's `defaultStrategy`. */
  strategy: StrategySchema.optional(),
});
export type RoutingRule = z.output<typeof RoutingRuleSchema>;

export const FallbackSchema = z
  .strictObject({
    /** The queue no team owns: leads wait there for a supervisor. */
    queue: z.literal('unassigned').optional(),
    teamId: IdSchema.optional(),
    /** Without one, leads wait unowned in the team's queue. */
    strategy: FallbackStrategySchema.optional(),
  })
  .superRefine((fallback, ctx) => {
    if ((fallback.queue === undefined) === (fallback.teamId === undefined)) {
      ctx.addIssue({ code: 'custom', message: "Name exactly one of queue: 'unassigned', teamId" });
    } else if (fallback.queue !== undefined && fallback.strategy !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['strategy'], message: 'Only a team fallback has a strategy' });
    }
  });
export type Fallback = z.output<typeof FallbackSchema>;

export const AssignmentLimitsSchema = z.strictObject({
  /** New leads one rep may receive per calendar day. */
  leadsPerDay: z.int().positive().max(100_000).optional(),
  /** New leads one rep may receive per ISO week (Monday to Sunday). */
  leadsPerWeek: z.int().positive().max(1_000_000).optional(),
});
export type AssignmentLimits = z.output<typeof AssignmentLimitsSchema>;

export const AssignmentDefinitionSchema = z
  .strictObject({
    rules: z.array(RoutingRuleSchema).max(1000).default([]),
    fallback: FallbackSchema.default({ queue: 'unassigned' }),
    defaultStrategy: StrategySchema.default({ kind: 'round-robin' }),
    /** Per-period intake caps per rep, on top of each user's own `capacity` (max open load). */
    limits: AssignmentLimitsSchema.default({}),
    /** Which team members take leads from a pool; a rule naming a user reaches any role. */
    roles: z
      .array(z.enum(['rep', 'manager', 'admin']))
      .min(1)
      .default(['rep']),
    /** The offset days, weeks and leave dates are read in: China Standard Time by default. */
    utcOffsetMinutes: z.int().min(-720).max(840).default(480),
    /** The language of the stored `assignmentReason`. */
    locale: LocaleSchema.default('zh-CN'),
  })
  .superRefine((definition, ctx) => {
    const seen = new Set<string>();
    definition.rules.forEach((rule, index) => {
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'Duplicate rule id' });
      seen.add(rule.id);
      if (rule.to.userId !== undefined && rule.strategy !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'strategy'],
          message: 'A strategy picks inside a team; this rule names a user',
        });
      }
    });
  });

/** A validated definition: plain JSON, storable as is. Build it with `defineAssignment`. */
export type AssignmentDefinition = z.output<typeof AssignmentDefinitionSchema>;
/** What an author writes: everything but `rules` may be left out. */
export type AssignmentDefinitionInput = z.input<typeof AssignmentDefinitionSchema>;

const validated = new WeakSet<object>();

export function isValidatedAssignment(definition: unknown): definition is AssignmentDefinition {
  return typeof definition === 'object' && definition !== null && validated.has(definition);
}

/**
 * Validates an assignment definition: its shape, and that every condition reads an existing lead
 * field and no activities (a lead being captured has none yet). Throws `VALIDATION` whose issues
 * carry the exact path, e.g. `['rules', 2, 'when', 'any', 0, 'field']`.
 */
export function defineAssignment(
  input: AssignmentDefinitionInput | AssignmentDefinition,
): AssignmentDefinition {
  if (isValidatedAssignment(input)) return input;
  const deep = tooDeep(input);
  if (deep) {
    const message = `Conditions nest deeper than ${MAX_CONDITION_DEPTH}`;
    throw invalid([{ path: deep, code: 'too_deep', message }]);
  }
  const definition = parseOrThrow(AssignmentDefinitionSchema, input, 'assignment definition');
  const issues = definition.rules.flatMap((rule, index) =>
    conditionIssues(rule.when, ['rules', index, 'when']),
  );
  if (issues.length > 0) throw invalid(issues);
  const frozen = deepFreeze(definition);
  validated.add(frozen);
  return frozen;
}

function invalid(issues: KehuIssue[]): KehuError {
  const fields = [...new Set(issues.map((issue) => issue.path.join('.') || '(root)'))];
  return new KehuError('VALIDATION', `Invalid assignment definition: ${fields.join(', ')}`, { issues });
}

/** Field conditions naming no lead field, and activity conditions, which routing cannot answer. */
function conditionIssues(condition: RuleCondition, path: (string | number)[]): KehuIssue[] {
  if ('field' in condition) {
    const problem = fieldPathProblem('leads', condition.field);
    return problem
      ? [{ path: [...path, 'field'], code: 'unknown_field', message: `${problem} on leads` }]
      : [];
  }
  if ('activity' in condition) {
    const message = 'Routing reads lead fields only: a lead being captured has no activities yet';
    return [{ path: [...path, 'activity'], code: 'unsupported', message }];
  }
  if ('all' in condition)
    return condition.all.flatMap((child, i) => conditionIssues(child, [...path, 'all', i]));
  if ('any' in condition)
    return condition.any.flatMap((child, i) => conditionIssues(child, [...path, 'any', i]));
  return conditionIssues(condition.not, [...path, 'not']);
}

/** The path of the first condition nested deeper than the limit, found before zod recurses into it. */
function tooDeep(input: unknown): (string | number)[] | undefined {
  const rules = (input as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return undefined;
  const walk = (
    value: unknown,
    path: (string | number)[],
    depth: number,
  ): (string | number)[] | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
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
    const found = walk((rules[i] as { when?: unknown } | null)?.when, ['rules', i, 'when'], 1);
    if (found) return found;
  }
  return undefined;
}

/** Compiled routers keep references into the definition, so it must not change under them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
