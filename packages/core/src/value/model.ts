/**
 * Customer value over a whole customer base in one call: RFM scores and segments, the 2/8 value
 * grade with its report, and the small `ValueModel` (quintile cut values, grade thresholds) that
 * scores one more customer later — e.g. in the 360 view — without ranking the base again.
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';
import { CurrencyRatesSchema } from '../funnel/rates.ts';
import { CurrencyCodeSchema, type Grade, TimestampSchema } from '../model/common.ts';
import type { Order } from '../model/order.ts';
import {
  DEFAULT_GRADE_CUTOFFS,
  gradeOf,
  gradeReport,
  gradeThresholds,
  type ValueGradeReport,
  type ValueGradeThresholds,
} from './grade.ts';
import {
  type RfmBreakpoints,
  type RfmMetrics,
  type RfmScore,
  type RfmSegment,
  rfmBreakpoints,
  rfmMetrics,
  scoreOne,
} from './rfm.ts';

export const ValueOptionsSchema = z.strictObject({
  asOf: TimestampSchema,
  frequencyDays: z.int().min(1).max(36_500).default(365),
  monetaryDays: z.int().min(1).max(36_500).default(365),
  currency: CurrencyCodeSchema.default('CNY'),
  rates: CurrencyRatesSchema.optional(),
  cutoffs: z
    .strictObject({ A: z.number().gt(0).max(1), B: z.number().gt(0).max(1) })
    .refine((cutoffs) => cutoffs.B >= cutoffs.A, { message: 'B must not be below A', path: ['B'] })
    .default({ ...DEFAULT_GRADE_CUTOFFS }),
});
export type ValueOptionsInput = z.input<typeof ValueOptionsSchema>;
export type ValueOptions = z.output<typeof ValueOptionsSchema>;

export interface ValueModel extends ValueOptions {
  breakpoints: RfmBreakpoints;
  thresholds: ValueGradeThresholds;
  report: ValueGradeReport;
  /** How many customers fall in each segment. */
  segments: Record<RfmSegment, number>;
}

export interface CustomerValue extends RfmScore {
  grade: Grade;
}

export interface CustomerAnalysis {
  model: ValueModel;
  /** Every customer with a paid order up to `asOf`, ordered by id. */
  customers: CustomerValue[];
}

/** Whose order it is; default: the account, else the member card (`member:<id>`). */
export type CustomerOf = (order: Order) => string | undefined;

/** Scores one customer's figures against a model built from the whole base. */
export function scoreCustomer(metrics: RfmMetrics, model: ValueModel): CustomerValue {
  return { ...scoreOne(metrics, model.breakpoints), grade: gradeOf(metrics.monetary, model.thresholds) };
}

/**
 * RFM, segments and the value grade for every customer of `orders`. Bad options are
 * `VALIDATION` naming the option (`['cutoffs', 'B']`).
 */
export function analyzeCustomers(
  orders: readonly Order[],
  input: ValueOptionsInput,
  customerOf?: CustomerOf,
): CustomerAnalysis {
  const options = parseOrThrow(ValueOptionsSchema, input, 'value options');
  const metrics = rfmMetrics(orders, { ...options, ...(customerOf ? { customerOf } : {}) });
  const thresholds = gradeThresholds(
    metrics.map((row) => row.monetary),
    options.cutoffs,
  );
  const model: ValueModel = {
    ...options,
    breakpoints: rfmBreakpoints(metrics),
    thresholds,
    report: { customers: 0, revenue: 0, grades: [], summary: '' },
    segments: { champions: 0, loyal: 0, potential: 0, 'at-risk': 0, hibernating: 0, lost: 0 },
  };
  const customers = metrics.map((row) => scoreCustomer(row, model));
  for (const customer of customers) model.segments[customer.segment]++;
  model.report = gradeReport(customers);
  return { model, customers };
}
