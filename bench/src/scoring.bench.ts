/**
 * Lead scoring vs json-rules-engine: the same leads, the same 20 rules of 3 conditions each,
 * totals checked identical before anything is timed. Two comparisons: our closure compiler (the
 * CSP-safe default) and our code-generating compiler (servers), each against the peer.
 *
 * The peer gets the rules translated mechanically from our definition; operators it lacks
 * (exists, string contains, startsWith, between) are registered on it with our semantics. The
 * definition has no caps and no decay, so the peer's total is simply the sum of its fired events.
 */
import {
  compileScoring,
  compileScoringCodegen,
  defineScoring,
  type RuleCondition,
  type ScoringDefinition,
  type ScoringDefinitionInput,
} from '@kehu/core';
import { generateSampleData } from '@kehu/sample-data';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { compare, type Measurement } from './harness.ts';

const EAST = ['上海市', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省'];

/** 20 rules over captured-lead fields, 3 conditions each, every operator of the language used. */
export const benchmarkRules: ScoringDefinitionInput = {
  rules: [
    rule('mfg-east', 20, { all: [eq('industry', 'manufacturing'), isIn('region', EAST), has('phone')] }),
    rule('decision-maker', 15, {
      all: [
        isIn('title', ['总经理', '采购总监', '财务总监', 'General Manager', 'Procurement Director']),
        has('company'),
        has('email'),
      ],
    }),
    rule('referral', 12, {
      all: [isIn('source', ['referral', 'partner']), neq('status', 'disqualified'), has('company')],
    }),
    rule('web-consent', 8, { all: [eq('source', 'web_form'), has('consentAt'), has('message')] }),
    rule('exhibition-recent', 10, {
      all: [
        eq('source', 'exhibition'),
        { field: 'createdAt', op: 'gte', value: '2026-06-01' },
        has('campaignId'),
      ],
    }),
    rule('free-mail', -5, {
      all: [has('email'), { any: [contains('email', '@qq.com'), contains('email', '@163.com')] }],
    }),
    rule('healthcare-south', 10, {
      all: [
        eq('industry', 'healthcare'),
        isIn('region', ['广东省', '广西壮族自治区', '海南省']),
        has('product'),
      ],
    }),
    rule('commercial-product', 8, {
      all: [{ field: 'product', op: 'startsWith', value: '商用' }, has('industry'), has('phone')],
    }),
    rule('central-system', 12, {
      all: [
        isIn('product', ['中央净水系统', 'Central purification system']),
        has('company'),
        isIn('status', ['working', 'qualified']),
      ],
    }),
    rule('stale-disqualified', -20, {
      all: [
        eq('status', 'disqualified'),
        has('disqualifiedReason'),
        { field: 'createdAt', op: 'lt', value: '2026-09-01' },
      ],
    }),
    rule('overseas', 5, {
      all: [
        { field: 'phone', op: 'startsWith', value: '+' },
        { not: { field: 'phone', op: 'startsWith', value: '+86' } },
        has('company'),
      ],
    }),
    rule('consumer', -3, {
      all: [
        { field: 'industry', op: 'exists', value: false },
        has('product'),
        isIn('source', ['social', 'advertising']),
      ],
    }),
    rule('it-tier1', 9, { all: [eq('industry', 'it'), isIn('region', ['北京市', '上海市']), has('title')] }),
    rule('education-2026', 6.5, {
      all: [
        eq('industry', 'education'),
        { field: 'createdAt', op: 'between', value: ['2026-01-01', '2026-08-31'] },
        neq('source', 'import'),
      ],
    }),
    rule('campaign', 7, {
      all: [
        isIn('campaignId', ['cmp-000004', 'cmp-000008']),
        { field: 'source', op: 'notIn', value: ['import', 'other'] },
        has('phone'),
      ],
    }),
    rule('import-no-email', -8, {
      all: [
        eq('source', 'import'),
        { field: 'status', op: 'notIn', value: ['qualified', 'converted'] },
        { field: 'email', op: 'exists', value: false },
      ],
    }),
    rule('logistics-exhibition', 6, {
      all: [
        isIn('industry', ['logistics', 'food', 'hospitality']),
        eq('source', 'exhibition'),
        has('region'),
      ],
    }),
    rule('converted', 25, {
      all: [
        has('accountId'),
        eq('status', 'converted'),
        { field: 'convertedAt', op: 'lte', value: '2026-10-15' },
      ],
    }),
    rule('unassigned-new', 4, {
      all: [
        { field: 'ownerId', op: 'exists', value: false },
        eq('status', 'new'),
        { field: 'createdAt', op: 'gt', value: '2026-10-01' },
      ],
    }),
    rule('manager-company', 3.25, {
      all: [contains('title', 'Manager'), contains('company', 'Co.'), has('email')],
    }),
  ],
};

function rule(id: string, points: number, when: RuleCondition) {
  return { id, group: points >= 0 ? 'fit' : 'penalty', points, when };
}
function eq(field: string, value: string): RuleCondition {
  return { field, op: 'eq', value };
}
function neq(field: string, value: string): RuleCondition {
  return { field, op: 'neq', value };
}
function isIn(field: string, value: string[]): RuleCondition {
  return { field, op: 'in', value };
}
function has(field: string): RuleCondition {
  return { field, op: 'exists' };
}
function contains(field: string, value: string): RuleCondition {
  return { field, op: 'contains', value };
}

// ── The peer ────────────────────────────────────────────────────────────────────────────────────

const isPresent = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/** json-rules-engine with the four operators it lacks, defined as ours are. */
export function peerEngine(definition: ScoringDefinition): Engine {
  const engine = new Engine(definition.rules.map(toPeerRule), { allowUndefinedFacts: true });
  engine.addOperator<unknown, boolean>('kehuExists', (value, wanted) => isPresent(value) === wanted);
  engine.addOperator<unknown, unknown>('kehuContains', (value, needle) =>
    typeof value === 'string'
      ? typeof needle === 'string' && value.includes(needle)
      : Array.isArray(value) && value.includes(needle),
  );
  engine.addOperator<unknown, string>(
    'kehuStartsWith',
    (value, prefix) => typeof value === 'string' && value.startsWith(prefix),
  );
  engine.addOperator<unknown, [number, number]>(
    'kehuBetween',
    (value, [low, high]) =>
      typeof value === typeof low && (value as number) >= low && (value as number) <= high,
  );
  return engine;
}

const PEER_OPERATORS = {
  eq: 'equal',
  neq: 'notEqual',
  in: 'in',
  notIn: 'notIn',
  gt: 'greaterThan',
  gte: 'greaterThanInclusive',
  lt: 'lessThan',
  lte: 'lessThanInclusive',
  between: 'kehuBetween',
  exists: 'kehuExists',
  contains: 'kehuContains',
  startsWith: 'kehuStartsWith',
} as const;

function toPeerRule(scoringRule: ScoringDefinition['rules'][number]): RuleProperties {
  const when = toPeerCondition(scoringRule.when);
  const conditions = ('fact' in when ? { all: [when] } : when) as TopLevelCondition;
  return {
    name: scoringRule.id,
    conditions,
    event: { type: 'score', params: { points: scoringRule.points } },
  };
}

/** A peer condition: a combinator, or a fact compared by an operator (its type is not exported). */
type PeerCondition = TopLevelCondition | { fact: string; operator: string; value: unknown };

function toPeerCondition(condition: RuleCondition): PeerCondition {
  if ('all' in condition) return { all: condition.all.map(toPeerCondition) } as TopLevelCondition;
  if ('any' in condition) return { any: condition.any.map(toPeerCondition) } as TopLevelCondition;
  if ('not' in condition) return { not: toPeerCondition(condition.not) } as TopLevelCondition;
  if ('activity' in condition) throw new Error('The peer comparison uses fit rules only');
  if (condition.field.includes('.')) throw new Error('The peer comparison uses top-level fields only');
  const value = condition.op === 'exists' ? condition.value !== false : condition.value;
  return { fact: condition.field, operator: PEER_OPERATORS[condition.op], value };
}

/** The peer's totals: its fired events' points, summed in hundredths as ours are. */
export async function peerTotals(engine: Engine, leads: readonly object[]): Promise<number[]> {
  const totals = new Array<number>(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const { events } = await engine.run(leads[i] as Record<string, unknown>);
    let hundredths = 0;
    for (const event of events) hundredths += Math.round((event.params?.points as number) * 100);
    totals[i] = hundredths / 100;
  }
  return totals;
}

/** Above this many leads the peer is timed once (each run takes seconds). */
const PEER_SINGLE_RUN_FROM = 50_000;

export async function scoringBenchmarks(sizes: readonly number[], time?: number): Promise<Measurement[]> {
  const largest = Math.max(...sizes);
  const all = generateSampleData({ deals: 2 * largest, seed: 7 }).leads as object[];
  const definition = defineScoring(benchmarkRules);
  const closures = compileScoring(definition);
  const codegen = compileScoringCodegen(definition);
  const engine = peerEngine(definition);
  const measurements: Measurement[] = [];
  for (const size of sizes) {
    const leads = all.slice(0, size);
    const iterations = size >= PEER_SINGLE_RUN_FROM ? 1 : undefined;
    const extra = {
      rules: definition.rules.length,
      conditionsPerRule: 3,
      peerIterations: iterations ?? 'default',
    };
    const totals = (results: { total: number }[]) => results.map((result) => result.total);
    measurements.push(
      await compare({
        name: 'scoring/closures',
        size,
        peer: 'json-rules-engine 7',
        time,
        iterations,
        ours: () => totals(closures.scoreMany(leads)),
        theirs: () => peerTotals(engine, leads),
        extra,
      }),
    );
    measurements.push(
      await compare({
        name: 'scoring/codegen',
        size,
        peer: 'json-rules-engine 7',
        time,
        iterations,
        ours: () => totals(codegen.scoreMany(leads)),
        theirs: () => peerTotals(engine, leads),
        extra,
      }),
    );
  }
  return measurements;
}
