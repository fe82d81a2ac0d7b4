/**
 * The default scoring compiler: turns a definition, once, into closures over prepared field tests.
 * No `eval`, no `new Function`, so it runs under a strict Content-Security-Policy in any browser.
 * For bulk work on a server, `compileScoringCodegen` (codegen.ts) gives the same results faster.
 */
import type {
  DefineScoringOptions,
  RuleCondition,
  RuleFieldCondition,
  ScoringDefinition,
  ScoringDefinitionInput,
} from './definition.ts';
import {
  type ActivityView,
  activityView,
  contains,
  countActivities,
  DAY_MS,
  decayedPoints,
  decayedReason,
  finishScore,
  isPresent,
  NO_ACTIVITIES,
  planScoring,
  readTail,
  type ScoreContext,
  type ScoreReason,
  type ScoreResult,
  type Scorer,
  scoreEach,
  typeList,
} from './plan.ts';

/** Tests read the record's values gathered into slots (see `gather`), never the record itself. */
type Test = (values: unknown[], view: ActivityView) => boolean;

/** Above this many values an `in` test looks values up in a Set instead of scanning the list. */
const SET_THRESHOLD = 8;

/** Compiles a scoring definition (validating it first unless `defineScoring` made it). */
export function compileScoring(
  definition: ScoringDefinition | ScoringDefinitionInput,
  options: DefineScoringOptions = {},
): Scorer {
  const plan = planScoring(definition, options);
  const { slots } = plan;
  const rules = plan.rules.map((rule) => compileRule(rule.when, slots));
  const groupCount = plan.groups.length;
  const fieldCount = plan.fields.length;

  // Working arrays reused from call to call (results get exact-size copies): a batch of 100k
  // results is all live at once, so every byte allocated per record is garbage-collector work.
  // `sums` and `fired` are filled only after `gather`, the one step that can run a caller's code
  // (a getter); a getter that scores another record re-enters while `depth` > 0 and gets its own
  // `values`.
  const sums = new Array<number>(groupCount).fill(0);
  const fired: ScoreReason[] = [];
  const shared = new Array<unknown>(fieldCount).fill(undefined);
  let depth = 0;

  const run = (entity: object, view: ActivityView): ScoreResult => {
    const values = depth === 0 ? shared.fill(undefined) : new Array<unknown>(fieldCount).fill(undefined);
    depth++;
    try {
      if (fieldCount > 0) gather(entity as Record<string, unknown>, slots, values);
    } finally {
      depth--;
    }
    sums.fill(0);
    let count = 0;
    for (let i = 0; i < rules.length; i++) {
      const { leaves, mode, test } = rules[i]!;
      // Rules of field tests only are decided here, without a call through a closure.
      if (
        mode === ALL
          ? !allLeaves(leaves, values)
          : mode === ANY
            ? !anyLeaf(leaves, values)
            : !test(values, view)
      ) {
        continue;
      }
      const rule = plan.rules[i]!;
      if (rule.decay === undefined) {
        sums[rule.group]! += rule.points;
        fired[count++] = rule.reason;
      } else {
        const points = decayedPoints(rule.points, rule.decay, view);
        sums[rule.group]! += points;
        fired[count++] = decayedReason(rule, points);
      }
    }
    return finishScore(plan, sums, fired, count);
  };

  const score = (entity: object, context?: ScoreContext): ScoreResult =>
    run(entity, activityView(plan, context));
  // Without engagement rules no context matters, so bulk scoring is a bare loop over `run`.
  const scoreMany: Scorer['scoreMany'] = plan.readsActivities
    ? (entities, contexts) => scoreEach(score, entities, contexts)
    : (entities) => {
        const results = new Array<ScoreResult>(entities.length);
        for (let i = 0; i < entities.length; i++) results[i] = run(entities[i]!, NO_ACTIVITIES);
        return results;
      };
  return { definition: plan.definition, score, scoreMany };
}

/**
 * Copies the fields the rules read into their slots, in one pass over the record's enumerable
 * properties. Reading each field by name instead would be a megamorphic lookup per field — records
 * come in hundreds of shapes (whichever optional fields are set) — and costs several times more.
 */
function gather(
  entity: Record<string, unknown>,
  slots: Readonly<Record<string, number>>,
  values: unknown[],
): void {
  for (const key in entity) {
    const slot = slots[key];
    if (slot !== undefined) values[slot] = entity[key];
  }
}

const ALL = 0;
const ANY = 1;
const CLOSURE = 2;

/** A rule's condition: in the common shapes (field tests, all or any of them) its leaves, else a closure. */
interface CompiledRule {
  mode: typeof ALL | typeof ANY | typeof CLOSURE;
  leaves: readonly Leaf[];
  test: Test;
}

function compileRule(when: RuleCondition, slots: Readonly<Record<string, number>>): CompiledRule {
  const children = 'field' in when ? [when] : 'all' in when ? when.all : 'any' in when ? when.any : undefined;
  if (children?.every((child) => 'field' in child)) {
    const leaves = children.map((child) => new Leaf(child as RuleFieldCondition, slots));
    return { mode: 'any' in when ? ANY : ALL, leaves, test: NEVER };
  }
  return { mode: CLOSURE, leaves: [], test: compileCondition(when, slots) };
}

const NEVER: Test = () => false;

function compileCondition(condition: RuleCondition, slots: Readonly<Record<string, number>>): Test {
  if ('field' in condition) {
    const leaf = new Leaf(condition, slots);
    return (values) => testLeaf(leaf, values);
  }
  if ('activity' in condition) {
    const { type, minCount, withinDays } = condition.activity;
    const list = typeList(type);
    const types = list && new Set<string>(list);
    const windowMs = withinDays * DAY_MS;
    return (_values, view) => countActivities(view, types, windowMs) >= minCount;
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, slots);
    return (values, view) => !inner(values, view);
  }
  const isAll = 'all' in condition;
  const children = isAll ? condition.all : condition.any;
  if (children.every((child) => 'field' in child)) {
    // The common rule shape — all (or any) of field tests — runs as one loop over leaves: calls
    // from closure to closure differ per rule, so the engine cannot inline them; testLeaf it can.
    const leaves = children.map((child) => new Leaf(child as RuleFieldCondition, slots));
    return isAll ? (values) => allLeaves(leaves, values) : (values) => anyLeaf(leaves, values);
  }
  const tests = children.map((child) => compileCondition(child, slots));
  return isAll ? every(tests) : some(tests);
}

function allLeaves(leaves: readonly Leaf[], values: unknown[]): boolean {
  for (let i = 0; i < leaves.length; i++) if (!testLeaf(leaves[i]!, values)) return false;
  return true;
}

function anyLeaf(leaves: readonly Leaf[], values: unknown[]): boolean {
  for (let i = 0; i < leaves.length; i++) if (testLeaf(leaves[i]!, values)) return true;
  return false;
}

function every(tests: Test[]): Test {
  return (values, view) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(values, view)) return false;
    return true;
  };
}

function some(tests: Test[]): Test {
  return (values, view) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(values, view)) return true;
    return false;
  };
}

const Op = {
  Eq: 0,
  Neq: 1,
  InList: 2,
  InSet: 3,
  NotInList: 4,
  NotInSet: 5,
  Gt: 6,
  Gte: 7,
  Lt: 8,
  Lte: 9,
  Between: 10,
  Exists: 11,
  Absent: 12,
  Contains: 13,
  StartsWith: 14,
} as const;
type Op = (typeof Op)[keyof typeof Op];

/**
 * A field condition prepared for `testLeaf`: every leaf has the same shape, so reading one is
 * always the same (fast) property access.
 */
class Leaf {
  readonly op: Op;
  readonly slot: number;
  /** The dotted path's segments when the field is nested, else undefined. */
  readonly tail: readonly string[] | undefined;
  readonly value: unknown;
  readonly high: unknown;
  /** `typeof value` for comparisons: a mixed pair never matches. */
  readonly kind: string;
  readonly list: readonly unknown[];
  readonly set: ReadonlySet<unknown> | undefined;

  constructor(condition: RuleFieldCondition, slots: Readonly<Record<string, number>>) {
    const segments = condition.field.split('.');
    this.slot = slots[segments[0]!]!;
    this.tail = segments.length > 1 ? segments : undefined;
    this.value = condition.value;
    this.high = undefined;
    this.kind = typeof condition.value;
    this.list = [];
    this.set = undefined;
    switch (condition.op) {
      case 'in':
      case 'notIn': {
        const big = condition.value.length > SET_THRESHOLD;
        this.list = condition.value;
        this.set = big ? new Set(condition.value) : undefined;
        this.op = condition.op === 'in' ? (big ? Op.InSet : Op.InList) : big ? Op.NotInSet : Op.NotInList;
        break;
      }
      case 'between': {
        const [low, high] = condition.value;
        this.value = low;
        this.high = high;
        this.kind = typeof low;
        this.op = Op.Between;
        break;
      }
      case 'exists':
        this.op = condition.value === false ? Op.Absent : Op.Exists;
        break;
      default:
        this.op = OPS[condition.op];
    }
  }
}

const OPS = {
  eq: Op.Eq,
  neq: Op.Neq,
  gt: Op.Gt,
  gte: Op.Gte,
  lt: Op.Lt,
  lte: Op.Lte,
  contains: Op.Contains,
  startsWith: Op.StartsWith,
} as const;

/** One field condition. Numbers compare with numbers and strings with strings only. */
function testLeaf(leaf: Leaf, values: unknown[]): boolean {
  const value = leaf.tail === undefined ? values[leaf.slot] : readTail(values[leaf.slot], leaf.tail);
  switch (leaf.op) {
    case Op.Eq:
      return value === leaf.value;
    case Op.Neq:
      return value !== leaf.value;
    case Op.InList:
      return leaf.list.includes(value);
    case Op.InSet:
      return leaf.set!.has(value);
    case Op.NotInList:
      return !leaf.list.includes(value);
    case Op.NotInSet:
      return !leaf.set!.has(value);
    case Op.Gt:
      return typeof value === leaf.kind && (value as number) > (leaf.value as number);
    case Op.Gte:
      return typeof value === leaf.kind && (value as number) >= (leaf.value as number);
    case Op.Lt:
      return typeof value === leaf.kind && (value as number) < (leaf.value as number);
    case Op.Lte:
      return typeof value === leaf.kind && (value as number) <= (leaf.value as number);
    case Op.Between:
      return (
        typeof value === leaf.kind &&
        (value as number) >= (leaf.value as number) &&
        (value as number) <= (leaf.high as number)
      );
    case Op.Exists:
      return isPresent(value);
    case Op.Absent:
      return !isPresent(value);
    case Op.Contains:
      return contains(value, leaf.value);
    case Op.StartsWith:
      return typeof value === 'string' && value.startsWith(leaf.value as string);
  }
}
