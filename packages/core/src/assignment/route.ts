/**
 * Routing: which rule a lead matches first. The rules' conditions are compiled by the scoring
 * closure compiler — one scorer whose rules are the routing rules in priority order, each worth a
 * point — so routing and scoring read a condition the same way to the last operator, and routing
 * inherits the compiler's CSP-safe closures instead of a second interpreter.
 */
import { compileScoring } from '../scoring/compile.ts';
import type { AssignmentDefinition, RoutingRule } from './definition.ts';

export type Router = (lead: object) => RoutingRule | undefined;

/** The rules by ascending priority; equal priorities keep their order in the definition. */
export function orderedRules(definition: AssignmentDefinition): RoutingRule[] {
  return definition.rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => a.rule.priority - b.rule.priority || a.index - b.index)
    .map(({ rule }) => rule);
}

export function compileRouting(definition: AssignmentDefinition): Router {
  const rules = orderedRules(definition);
  if (rules.length === 0) return () => undefined;
  const scorer = compileScoring({
    rules: rules.map((rule, index) => ({ id: String(index), group: 'route', points: 1, when: rule.when })),
  });
  // The scorer lists fired rules in definition order, which is priority order here.
  return (lead) => {
    const first = scorer.score(lead).reasons[0];
    return first === undefined ? undefined : rules[Number(first.ruleId)];
  };
}
