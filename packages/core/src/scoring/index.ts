/**
 * Lead scoring: the JSON rule language, the closure compiler (CSP-safe, the default), the opt-in
 * code-generating compiler for servers, and the adapter for `createCrm`'s scoring seam.
 */
export { compileScoringCodegen, generateScoringSource } from './codegen.ts';
export { compileScoring } from './compile.ts';
export {
  type DefineScoringOptions,
  defineScoring,
  type GradeThresholds,
  GradeThresholdsSchema,
  type GroupCap,
  GroupCapSchema,
  MAX_CONDITION_DEPTH,
  type RuleActivityCondition,
  RuleActivityConditionSchema,
  type RuleCondition,
  RuleConditionSchema,
  type RuleFieldCondition,
  RuleFieldConditionSchema,
  type RuleLabel,
  RuleLabelSchema,
  type RuleOperator,
  type RuleValue,
  type ScoringDefinition,
  type ScoringDefinitionInput,
  ScoringDefinitionSchema,
  type ScoringEntity,
  ScoringEntitySchema,
  type ScoringRule,
  ScoringRuleSchema,
} from './definition.ts';
export {
  labelText,
  leadScoreOf,
  type ScoringEngineOptions,
  scoreLeadEngine,
  scoringEngine,
} from './engine.ts';
export type { ActivityLike, ScoreContext, ScoreReason, ScoreResult, Scorer } from './plan.ts';
