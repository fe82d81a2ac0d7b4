/**
 * Customer value (客户价值): RFM scores and segments, the A/B/C/D value grade after the 2/8 rule
 * with the share of revenue each grade holds, and the health score of B2B accounts with reasons.
 */
export { type AccountValue, type AccountValueOptions, accountOrders, accountValue } from './account.ts';
export {
  DEFAULT_GRADE_CUTOFFS,
  type GradeCutoffs,
  type GradedCustomer,
  type GradeShare,
  gradeOf,
  gradeReport,
  gradeThresholds,
  type Revenue,
  type ValueGradeReport,
  type ValueGrades,
  type ValueGradeThresholds,
  valueGrades,
} from './grade.ts';
export {
  type HealthComponent,
  type HealthComponentName,
  type HealthFact,
  type HealthInput,
  type HealthOptions,
  type HealthScore,
  healthScore,
} from './health.ts';
export {
  analyzeCustomers,
  type CustomerAnalysis,
  type CustomerOf,
  type CustomerValue,
  scoreCustomer,
  type ValueModel,
  type ValueOptions,
  type ValueOptionsInput,
  ValueOptionsSchema,
} from './model.ts';
export {
  defaultCustomerOf,
  quintileBreakpoints,
  quintileOf,
  type RfmBreakpoints,
  type RfmMetrics,
  type RfmOptions,
  type RfmScore,
  type RfmSegment,
  rfmBreakpoints,
  rfmMetrics,
  rfmSegment,
  scoreOne,
  scoreRfm,
} from './rfm.ts';
