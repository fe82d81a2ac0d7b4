/**
 * The opt-in code-generating scoring compiler, for bulk scoring on a server: it writes one
 * JavaScript function per definition (each field read once, conditions inlined) and builds it with
 * `new Function`. That needs `unsafe-eval`, which a strict Content-Security-Policy forbids, so
 * browsers should use `compileScoring` (closures). Results are identical to it, to the hundredth.
 *
 * Nothing in the package imports this module except the public entry, so bundlers drop it from
 * applications that never call it.
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
  countActivities,
  DAY_MS,
  decayedPoints,
  decayedReason,
  firstOf,
  NO_ACTIVITIES,
  type PlannedRule,
  planScoring,
  readTail,
  type ScoreContext,
  type ScoreResult,
  type Scorer,
  type ScoringPlan,
  scoreEach,
  typeList,
} from './plan.ts';

/** Lists longer than this become a Set lookup; shorter ones an inlined chain of `===`. */
const INLINE_IN_LIMIT = 8;

type Generated = (entity: Record<string, unknown>, view: ActivityView) => ScoreResult;

/** Runtime pieces the generated source receives as arguments rather than text. */
interface Constants {
  sets: ReadonlySet<unknown>[];
  paths: string[][];
  types: (ReadonlySet<string> | undefined)[];
  rules: readonly PlannedRule[];
}

/**
 * Compiles a scoring definition to generated code. Server-side only: requires `unsafe-eval`
 * (`new Function`). Same API and same results as `compileScoring`.
 */
export function compileScoringCodegen(
  definition: ScoringDefinition | ScoringDefinitionInput,
  options: DefineScoringOptions = {},
): Scorer {
  const plan = planScoring(definition, options);
  const { source, constants } = generate(plan);
  const factory = new Function('K', 'H', source) as (
    constants: Constants,
    helpers: typeof HELPERS,
  ) => Generated;
  const run = factory(constants, HELPERS);
  const score = (entity: object, context?: ScoreContext): ScoreResult =>
    run(entity as Record<string, unknown>, activityView(plan, context));
  // Without engagement rules no context matters, so bulk scoring is a bare loop over `run`.
  const scoreMany: Scorer['scoreMany'] = plan.readsActivities
    ? (entities, contexts) => scoreEach(score, entities, contexts)
    : (entities) => {
        const results = new Array<ScoreResult>(entities.length);
        for (let i = 0; i < entities.length; i++)
          results[i] = run(entities[i] as Record<string, unknown>, NO_ACTIVITIES);
        return results;
      };
  return { definition: plan.definition, score, scoreMany };
}

const HELPERS = { countActivities, decayedPoints, decayedReason, firstOf, readTail };

/** The generated source, exposed for review and debugging of what runs on the server. */
export function generateScoringSource(
  definition: ScoringDefinition | ScoringDefinitionInput,
  options: DefineScoringOptions = {},
): string {
  return generate(planScoring(definition, options)).source;
}

function generate(plan: ScoringPlan): { source: string; constants: Constants } {
  const constants: Constants = { sets: [], paths: [], types: [], rules: plan.rules };
  // Slot i of the closure compiler is local f<i> here: the record's values, gathered in one pass.
  // Each distinct dotted path is read once too, into p<j>.
  const dotted = new Map<string, string>();
  const value = (path: string): string => {
    const segments = path.split('.');
    const local = `f${plan.slots[segments[0]!]}`;
    if (segments.length === 1) return local;
    let name = dotted.get(path);
    if (!name) {
      constants.paths.push(segments);
      name = `p${constants.paths.length - 1}`;
      dotted.set(path, name);
    }
    return name;
  };

  const condition = (node: RuleCondition): string => {
    if ('field' in node) return fieldTest(value(node.field), node, constants);
    if ('activity' in node) {
      const { type, minCount, withinDays } = node.activity;
      const list = typeList(type);
      constants.types.push(list && new Set<string>(list));
      const types = `K.types[${constants.types.length - 1}]`;
      return `(countActivities(v, ${types}, ${literal(withinDays * DAY_MS)}) >= ${minCount})`;
    }
    if ('not' in node) return `!${condition(node.not)}`;
    const isAll = 'all' in node;
    const parts = (isAll ? node.all : node.any).map(condition);
    return `(${parts.join(isAll ? ' && ' : ' || ')})`;
  };

  const rules = plan.rules.map((rule, index) => {
    const sum = `s${rule.group}`;
    const fired = rule.decay
      ? `{ const p = decayedPoints(${rule.points}, K.rules[${index}].decay, v); ${sum} += p; ` +
        `F[n++] = decayedReason(K.rules[${index}], p); }`
      : `{ ${sum} += ${rule.points}; F[n++] = R${index}; }`;
    return `  if (${condition(rule.when)}) ${fired}`;
  });

  const gather =
    plan.fields.length === 0
      ? []
      : [
          `  let ${plan.fields.map((_, slot) => `f${slot}`).join(', ')};`,
          '  for (const k in e) {',
          '    switch (k) {',
          ...plan.fields.map((field, slot) => `      case ${literal(field)}: f${slot} = e[k]; break;`),
          '    }',
          '  }',
        ];
  const sums = plan.groups.map((_, g) => `s${g}`);
  const source = [
    "'use strict';",
    'const { countActivities, decayedPoints, decayedReason, firstOf, readTail } = H;',
    ...plan.rules.map((_, i) => `const R${i} = K.rules[${i}].reason;`),
    '// Fired reasons, reused from call to call; each result gets an exact-size copy (see compile.ts).',
    'const F = [];',
    'return function score(e, v) {',
    ...gather,
    ...[...dotted.values()].map(
      (name, j) => `  const ${name} = readTail(f${plan.slots[constants.paths[j]![0]!]}, K.paths[${j}]);`,
    ),
    ...(sums.length > 0 ? [`  let ${sums.map((sum) => `${sum} = 0`).join(', ')};`] : []),
    '  let n = 0;',
    ...rules,
    ...finish(plan),
    '};',
  ].join('\n');
  return { source, constants };
}

/** `finishScore` written out for this definition's groups, caps and grades. */
function finish(plan: ScoringPlan): string[] {
  const lines: string[] = [];
  plan.groups.forEach((group, g) => {
    const trim = (bound: number) =>
      `{ F[n++] = { ruleId: ${literal(group.capId)}, group: ${literal(group.name)}, points: (${bound} - s${g}) / 100 }; ` +
      `s${g} = ${bound}; }`;
    if (group.max !== Number.POSITIVE_INFINITY) lines.push(`  if (s${g} > ${group.max}) ${trim(group.max)}`);
    if (group.min !== Number.NEGATIVE_INFINITY) {
      lines.push(
        `  ${group.max !== Number.POSITIVE_INFINITY ? 'else ' : ''}if (s${g} < ${group.min}) ${trim(group.min)}`,
      );
    }
  });
  const total = plan.groups.length === 0 ? '0' : plan.groups.map((_, g) => `s${g}`).join(' + ');
  lines.push(`  const t = ${total};`);
  const { grades } = plan;
  const grade = grades
    ? `t >= ${grades.A} ? 'A' : t >= ${grades.B} ? 'B' : t >= ${grades.C} ? 'C' : 'D'`
    : 'undefined';
  // Group names are never "__proto__" (refused by the schema), so a literal key is always data.
  const groups = plan.groups.map((group, g) => `${literal(group.name)}: s${g} / 100`).join(', ');
  lines.push(`  return { total: t / 100, groups: { ${groups} }, grade: ${grade}, reasons: firstOf(F, n) };`);
  return lines;
}

function fieldTest(value: string, node: RuleFieldCondition, constants: Constants): string {
  switch (node.op) {
    case 'eq':
      return `(${value} === ${literal(node.value)})`;
    case 'neq':
      return `(${value} !== ${literal(node.value)})`;
    case 'in':
    case 'notIn': {
      const found = membership(value, node.value, constants);
      return node.op === 'in' ? found : `!${found}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const operator = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[node.op];
      return `(typeof ${value} === ${literal(typeof node.value)} && ${value} ${operator} ${literal(node.value)})`;
    }
    case 'between': {
      const [low, high] = node.value;
      return (
        `(typeof ${value} === ${literal(typeof low)} && ${value} >= ${literal(low)} && ` +
        `${value} <= ${literal(high)})`
      );
    }
    case 'exists': {
      // isPresent, inlined.
      const present =
        `(${value} !== undefined && ${value} !== null && ${value} !== '' && ` +
        `!(Array.isArray(${value}) && ${value}.length === 0))`;
      return node.value === false ? `!${present}` : present;
    }
    case 'contains': {
      // contains, inlined: only a string needle can be a substring.
      const needle = literal(node.value);
      const inList = `(Array.isArray(${value}) && ${value}.includes(${needle}))`;
      return typeof node.value === 'string'
        ? `(typeof ${value} === 'string' ? ${value}.includes(${needle}) : ${inList})`
        : `(typeof ${value} !== 'string' && ${inList})`;
    }
    case 'startsWith':
      return `(typeof ${value} === 'string' && ${value}.startsWith(${literal(node.value)}))`;
  }
}

function membership(value: string, values: readonly unknown[], constants: Constants): string {
  if (values.length > INLINE_IN_LIMIT) {
    constants.sets.push(new Set(values));
    return `K.sets[${constants.sets.length - 1}].has(${value})`;
  }
  return `(${values.map((candidate) => `${value} === ${literal(candidate)}`).join(' || ')})`;
}

/**
 * Values enter the source only as JSON literals, which are valid JavaScript expressions (since
 * ES2019 also for U+2028/U+2029), so no rule text can break out of its expression.
 */
function literal(value: unknown): string {
  if (typeof value === 'number') {
    // JSON has no -0; keep it so `=== -0` and comparisons behave as in the closure compiler.
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return JSON.stringify(value);
}
