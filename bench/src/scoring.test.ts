// Keeps the scoring benchmark honest in CI: at a tiny size it must run, both compilers must agree
// with json-rules-engine lead by lead, and the rules must actually discriminate between leads.
import { compileScoring, defineScoring, type RuleCondition } from '@kehu/core';
import { generateSampleData } from '@kehu/sample-data';
import { describe, expect, it } from 'vitest';
import { benchmarkRules, peerEngine, peerTotals, scoringBenchmarks } from './scoring.bench.ts';

const leaves = (node: RuleCondition): RuleCondition[] =>
  'all' in node
    ? node.all.flatMap(leaves)
    : 'any' in node
      ? node.any.flatMap(leaves)
      : 'not' in node
        ? leaves(node.not)
        : [node];

describe('scoring benchmark', () => {
  it('uses 20 rules of 3 conditions each, covering every field operator', () => {
    const definition = defineScoring(benchmarkRules);
    expect(definition.rules).toHaveLength(20);
    const conditions = definition.rules.map((rule) => leaves(rule.when));
    for (const list of conditions) expect(list).toHaveLength(3);
    const ops = new Set(conditions.flat().map((leaf) => ('op' in leaf ? leaf.op : 'activity')));
    expect([...ops].sort()).toEqual(
      [
        'between',
        'contains',
        'eq',
        'exists',
        'gt',
        'gte',
        'in',
        'lt',
        'lte',
        'neq',
        'notIn',
        'startsWith',
      ].sort(),
    );
  });

  it('gives the same total as json-rules-engine for every lead, and totals that differ', async () => {
    const leads = generateSampleData({ deals: 400, seed: 7 }).leads as object[];
    const definition = defineScoring(benchmarkRules);
    const ours = compileScoring(definition)
      .scoreMany(leads)
      .map((result) => result.total);
    expect(await peerTotals(peerEngine(definition), leads)).toEqual(ours);
    expect(new Set(ours).size).toBeGreaterThan(5);
  });

  it('runs, agrees with its peer and reports the JSON fields', async () => {
    const measurements = await scoringBenchmarks([200], 5);
    expect(measurements.map((m) => m.name)).toEqual(['scoring/closures', 'scoring/codegen']);
    for (const m of measurements) {
      expect(m).toMatchObject({ size: 200, peer: 'json-rules-engine 7', rules: 20, conditionsPerRule: 3 });
      expect(m.ratio).toBeGreaterThan(0);
    }
  });
});
