/**
 * Lead assignment: the routing rule language, the strategies that pick a rep inside a team, the
 * capture engine for `createCrm`, the in-memory bulk planner, a supervisor's manual pick, bulk
 * reassignment, and the state and audit records they persist.
 */
export { type AuditEntry, AuditEntrySchema } from './audit.ts';
export { isOnLeave } from './availability.ts';
export {
  type AssignmentDefinition,
  type AssignmentDefinitionInput,
  AssignmentDefinitionSchema,
  type AssignmentLimits,
  AssignmentLimitsSchema,
  DEFAULT_SKILL_MATCH,
  defineAssignment,
  type Fallback,
  FallbackSchema,
  type PickStrategy,
  PickStrategySchema,
  type RepAttribute,
  RepAttributeSchema,
  type RoutingRule,
  RoutingRuleSchema,
  type SkillMatch,
  SkillMatchSchema,
  type Strategy,
  type StrategyInput,
  type StrategyKind,
  StrategySchema,
  type Target,
} from './definition.ts';
export { assignmentEngine, type KehuAssignmentEngine, OPEN_LEAD_STATUSES } from './engine.ts';
export { type AssignManuallyOptions, AssignManuallySchema, assignManually } from './manual.ts';
export {
  type AssignmentPlanner,
  type AssignmentSnapshot,
  createAssignmentPlanner,
  type Decision as PlannedAssignment,
  type StickyOwner,
} from './planner.ts';
export {
  type AssignmentExplanation,
  type AssignmentStep,
  describeAssignment,
  type PersonRef,
  type PickDetail,
  type SkippedRep,
  type TeamRef,
  type Unavailability,
} from './reason.ts';
export {
  type ReassignFilter,
  type ReassignMove,
  type ReassignOptions,
  ReassignOptionsSchema,
  type ReassignResult,
  type ReassignUser,
} from './reassign.ts';
export { type RetryOptions, retryOnConflict } from './retry.ts';
export { type AssignmentState, type AssignmentStateInput, AssignmentStateSchema } from './state.ts';
