/**
 * What both scoring compilers share: the per-definition work done once (groups, caps and points in
 * integer hundredths, frozen reason objects), the result types, and the small runtime helpers the
 * compiled code calls. Keeping these in one place is what makes the closure compiler and the
 * code-generating one agree to the last hundredth.
 */
import { KehuError } from '../errors.ts';
import type { Activity } from '../model/activity.ts';
import type { Grade } from '../model/common.ts';
import {
  activityConditions,
  type DefineScoringOptions,
  defineScoring,
  isValidatedScoring,
  type RuleCondition,
  type RuleLabel,
  type ScoringDefinition,
  type ScoringDefinitionInput,
} from './definition.ts';

/** The parts of an activity that engagement conditions read. */
export type ActivityLike = Pick<Activity, 'type' | 'createdAt'> & { doneAt?: string | undefined };

export interface ScoreContext {
  /** Epoch milliseconds that engagement windows and decay are measured from. */
  now?: number;
  /** The scored record's activities; engagement conditions count these. */
  activities?: readonly ActivityLike[];
}

/** One rule that fired, or one cap that trimmed its group (`ruleId: 'cap:<group>'`). */
export interface ScoreReason {
  readonly ruleId: string;
  readonly label?: RuleLabel;
  readonly group: string;
  /** After decay and caps, with at most two decimals. */
  readonly points: number;
}

export interface ScoreResult {
  /** The sum of `groups`, and of `reasons`' points. */
  total: number;
  /** Every group the definition names, after its cap. */
  groups: Record<string, number>;
  /** Undefined when the definition has no grade thresholds. */
  grade: Grade | undefined;
  reasons: ScoreReason[];
}

export interface Scorer {
  readonly definition: ScoringDefinition;
  score(entity: object, context?: ScoreContext): ScoreResult;
  /**
   * Scores many records. `contexts` is either one context for all (typically `{ now }`) or one per
   * record, by index.
   */
  scoreMany(
    entities: readonly object[],
    contexts?: ScoreContext | readonly (ScoreContext | undefined)[],
  ): ScoreResult[];
}

export const DAY_MS = 86_400_000;

export interface PlannedGroup {
  readonly name: string;
  /** Cap bounds in hundredths; ±Infinity when absent. */
  readonly min: number;
  readonly max: number;
  readonly capId: string;
}

export interface PlannedDecay {
  readonly halfLifeDays: number;
  /** The activity types whose latest occurrence sets the age; undefined means every type. */
  readonly types: ReadonlySet<string> | undefined;
}

export interface PlannedRule {
  readonly id: string;
  readonly label: RuleLabel | undefined;
  readonly group: number;
  readonly points: number;
  readonly when: RuleCondition;
  readonly decay: PlannedDecay | undefined;
  /** Shared by every result in which the rule fires undecayed: reasons are read-only. */
  readonly reason: ScoreReason;
}

export interface ScoringPlan {
  readonly definition: ScoringDefinition;
  readonly groups: readonly PlannedGroup[];
  readonly rules: readonly PlannedRule[];
  /** Grade thresholds in hundredths, or undefined. */
  readonly grades: { readonly A: number; readonly B: number; readonly C: number } | undefined;
  /** Whether any condition reads activities; when none does, scoring never looks at the context. */
  readonly readsActivities: boolean;
  /** The top-level fields the rules read, in order of first use; a field's index is its slot. */
  readonly fields: readonly string[];
  /** Field name → slot, for gathering a record's values in one pass (null prototype: any name is data). */
  readonly slots: Readonly<Record<string, number>>;
}

export const toHundredths = (points: number): number => Math.round(points * 100);

/** Validates (unless `defineScoring` already did) and does the per-definition work once. */
export function planScoring(
  input: ScoringDefinition | ScoringDefinitionInput,
  options: DefineScoringOptions = {},
): ScoringPlan {
  const definition = isValidatedScoring(input) ? input : defineScoring(input, options);
  const names: string[] = [];
  for (const rule of definition.rules) if (!names.includes(rule.group)) names.push(rule.group);
  for (const name of Object.keys(definition.groups)) if (!names.includes(name)) names.push(name);
  const groups = names.map((name): PlannedGroup => {
    const cap = definition.groups[name];
    return Object.freeze({
      name,
      min: cap?.min === undefined ? Number.NEGATIVE_INFINITY : toHundredths(cap.min),
      max: cap?.max === undefined ? Number.POSITIVE_INFINITY : toHundredths(cap.max),
      capId: `cap:${name}`,
    });
  });
  const rules = definition.rules.map((rule): PlannedRule => {
    const points = toHundredths(rule.points);
    const reason: ScoreReason = Object.freeze(
      rule.label === undefined
        ? { ruleId: rule.id, group: rule.group, points: points / 100 }
        : { ruleId: rule.id, label: rule.label, group: rule.group, points: points / 100 },
    );
    return Object.freeze({
      id: rule.id,
      label: rule.label,
      group: names.indexOf(rule.group),
      points,
      when: rule.when,
      decay: rule.decay && { halfLifeDays: rule.decay.halfLifeDays, types: decayTypes(rule.when) },
      reason,
    });
  });
  const { grades } = definition;
  const fields = [
    ...new Set(definition.rules.flatMap((rule) => fieldPaths(rule.when).map((path) => path.split('.')[0]!))),
  ];
  const slots: Record<string, number> = Object.create(null);
  fields.forEach((field, slot) => {
    slots[field] = slot;
  });
  return Object.freeze({
    definition,
    groups,
    rules,
    grades: grades && { A: toHundredths(grades.A), B: toHundredths(grades.B), C: toHundredths(grades.C) },
    readsActivities: definition.rules.some((rule) => activityConditions(rule.when).length > 0),
    fields,
    slots: Object.freeze(slots),
  });
}

/** Every field path a condition reads, in reading order. */
function fieldPaths(condition: RuleCondition): string[] {
  if ('field' in condition) return [condition.field];
  if ('all' in condition) return condition.all.flatMap(fieldPaths);
  if ('any' in condition) return condition.any.flatMap(fieldPaths);
  if ('not' in condition) return fieldPaths(condition.not);
  return [];
}

function decayTypes(when: RuleCondition): ReadonlySet<string> | undefined {
  const types = new Set<string>();
  for (const { activity } of activityConditions(when)) {
    if (activity.type === undefined) return undefined;
    for (const type of typeof activity.type === 'string' ? [activity.type] : activity.type) types.add(type);
  }
  return types;
}

export function typeList(type: string | readonly string[] | undefined): readonly string[] | undefined {
  return type === undefined ? undefined : typeof type === 'string' ? [type] : type;
}

// ── Runtime helpers called by compiled rules ────────────────────────────────────────────────────

/** The activities of one scoring call, with their instants parsed once and only if a rule asks. */
export interface ActivityView {
  readonly now: number;
  readonly activities: readonly ActivityLike[];
  times: Float64Array | undefined;
}

export const NO_ACTIVITIES: ActivityView = Object.freeze({
  now: 0,
  activities: [],
  times: new Float64Array(0),
});

export function activityView(plan: ScoringPlan, context: ScoreContext | undefined): ActivityView {
  const activities = context?.activities;
  if (!plan.readsActivities || !activities || activities.length === 0) return NO_ACTIVITIES;
  if (context.now === undefined || !Number.isFinite(context.now)) {
    // Core never reads the wall clock: engagement windows need the caller's instant.
    throw new KehuError('VALIDATION', 'Scoring with activities needs context.now', {
      issues: [{ path: ['now'], code: 'required', message: 'Required to count activities' }],
    });
  }
  return { now: context.now, activities, times: undefined };
}

/** When an activity happened: when it was done, else when it was logged. NaN when unreadable. */
function timesOf(view: ActivityView): Float64Array {
  if (view.times) return view.times;
  const times = new Float64Array(view.activities.length);
  view.activities.forEach((activity, i) => {
    times[i] = Date.parse(activity.doneAt ?? activity.createdAt);
  });
  view.times = times;
  return times;
}

/**
 * Activities of the given types (undefined: any) that happened within `windowMs` before `now`.
 * Activities dated after `now` have not happened yet and never count.
 */
export function countActivities(
  view: ActivityView,
  types: ReadonlySet<string> | undefined,
  windowMs: number,
): number {
  const { activities, now } = view;
  if (activities.length === 0) return 0;
  const times = timesOf(view);
  const from = now - windowMs;
  let count = 0;
  for (let i = 0; i < activities.length; i++) {
    const time = times[i]!;
    if (time >= from && time <= now && (types === undefined || types.has(activities[i]!.type))) count++;
  }
  return count;
}

/** The latest instant ≤ now of an activity of the given types, or undefined. */
export function latestActivity(
  view: ActivityView,
  types: ReadonlySet<string> | undefined,
): number | undefined {
  const { activities, now } = view;
  if (activities.length === 0) return undefined;
  const times = timesOf(view);
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < activities.length; i++) {
    const time = times[i]!;
    if (time <= now && time > latest && (types === undefined || types.has(activities[i]!.type)))
      latest = time;
  }
  return latest === Number.NEGATIVE_INFINITY ? undefined : latest;
}

/**
 * A decayed rule's points in hundredths. The age is that of the latest activity of the rule's
 * types, whether or not it is still inside a window, so points only ever shrink as time passes;
 * a rule that fires with no such activity at all keeps its full points.
 */
export function decayedPoints(points: number, decay: PlannedDecay, view: ActivityView): number {
  const latest = latestActivity(view, decay.types);
  if (latest === undefined) return points;
  const ageDays = (view.now - latest) / DAY_MS;
  // `+ 0` turns Math.round's -0 into 0, so JSON and equality see one zero.
  return Math.round(points * 0.5 ** (ageDays / decay.halfLifeDays)) + 0;
}

/** The reason for a decayed rule, whose points differ from call to call. */
export function decayedReason(rule: PlannedRule, points: number): ScoreReason {
  return rule.label === undefined
    ? { ruleId: rule.id, group: rule.reason.group, points: points / 100 }
    : { ruleId: rule.id, label: rule.label, group: rule.reason.group, points: points / 100 };
}

/** A present value: not undefined, null, an empty string or an empty list. */
export function isPresent(value: unknown): boolean {
  if (typeof value === 'object') return value !== null && !(Array.isArray(value) && value.length === 0);
  return value !== undefined && value !== '';
}

/** String contains substring, or list includes element. */
export function contains(value: unknown, needle: unknown): boolean {
  if (typeof value === 'string') return typeof needle === 'string' && value.includes(needle);
  return Array.isArray(value) && value.includes(needle);
}

/**
 * Reads the rest of a dotted path (`segments[1…]`) from the first segment's value, through own
 * properties only, so a record's data can never reach into a prototype.
 */
export function readTail(value: unknown, segments: readonly string[]): unknown {
  for (let i = 1; i < segments.length; i++) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = segments[i]!;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/**
 * Turns per-group sums (hundredths) into the result: applies each cap and records its trim as a
 * reason, so the reasons always add up to the total. `fired[0…count)` are the fired rules' reasons.
 */
export function finishScore(
  plan: ScoringPlan,
  sums: number[],
  fired: ScoreReason[],
  count: number,
): ScoreResult {
  const groups: Record<string, number> = {};
  let total = 0;
  let reasonCount = count;
  for (let g = 0; g < plan.groups.length; g++) {
    const group = plan.groups[g]!;
    let sum = sums[g]!;
    if (sum > group.max || sum < group.min) {
      const capped = sum > group.max ? group.max : group.min;
      fired[reasonCount++] = { ruleId: group.capId, group: group.name, points: (capped - sum) / 100 };
      sum = capped;
    }
    groups[group.name] = sum / 100;
    total += sum;
  }
  return { total: total / 100, groups, grade: gradeOf(plan, total), reasons: firstOf(fired, reasonCount) };
}

/** `list.slice(0, count)`, which costs several times more for the few elements a score has. */
export function firstOf<T>(list: readonly T[], count: number): T[] {
  const copy = new Array<T>(count);
  for (let i = 0; i < count; i++) copy[i] = list[i]!;
  return copy;
}

function gradeOf(plan: ScoringPlan, total: number): Grade | undefined {
  const { grades } = plan;
  if (!grades) return undefined;
  return total >= grades.A ? 'A' : total >= grades.B ? 'B' : total >= grades.C ? 'C' : 'D';
}

/** `scoreMany` for either compiler: one context for all, or one per record. */
export function scoreEach(
  score: (entity: object, context: ScoreContext | undefined) => ScoreResult,
  entities: readonly object[],
  contexts: ScoreContext | readonly (ScoreContext | undefined)[] | undefined,
): ScoreResult[] {
  const results = new Array<ScoreResult>(entities.length);
  if (Array.isArray(contexts)) {
    const perRecord = contexts as readonly (ScoreContext | undefined)[];
    for (let i = 0; i < entities.length; i++) results[i] = score(entities[i]!, perRecord[i]);
  } else {
    const shared = contexts as ScoreContext | undefined;
    for (let i = 0; i < entities.length; i++) results[i] = score(entities[i]!, shared);
  }
  return results;
}
