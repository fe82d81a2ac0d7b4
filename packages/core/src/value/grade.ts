/**
 * The customer value grade (客户价值等级) after the 2/8 rule: a few customers bring most of the
 * revenue, and the grade says who they are — and the report shows how true the rule is for this
 * business.
 *
 * The rule, precisely: rank customers by revenue, highest first. A customer's grade depends on the
 * revenue of the customers strictly above it, as a share of the total:
 * - **A** while that share is below `cutoffs.A` (default 0.8): the customers that make up the first
 *   80 % of revenue, including the one that crosses 80 %;
 * - **B** while it is below `cutoffs.B` (default 0.95);
 * - **C** for everyone else with revenue;
 * - **D** for customers without revenue in the window.
 *
 * Customers with equal revenue always share a grade, whatever order they come in.
 */
import type { Grade } from '../model/common.ts';

export interface GradeCutoffs {
  /** Cumulative revenue share reached by the A customers. Default 0.8. */
  A: number;
  /** Cumulative revenue share reached by A and B together. Default 0.95. */
  B: number;
}

export const DEFAULT_GRADE_CUTOFFS: Readonly<GradeCutoffs> = Object.freeze({ A: 0.8, B: 0.95 });

/** The least revenue that is an A, and a B: enough to grade one more customer later. */
export interface ValueGradeThresholds {
  A: number;
  B: number;
}

export interface GradeShare {
  grade: Grade;
  customers: number;
  /** Of all customers graded, 0–1. */
  customerShare: number;
  /** Minor units. */
  revenue: number;
  /** Of all revenue, 0–1. */
  revenueShare: number;
}

export interface ValueGradeReport {
  customers: number;
  revenue: number;
  /** A, B, C, D in that order, every grade present even when empty. */
  grades: GradeShare[];
  /** E.g. `A: 21.0% of customers hold 80.4% of revenue`. */
  summary: string;
}

export interface GradedCustomer {
  customerId: string;
  monetary: number;
  grade: Grade;
}

export interface ValueGrades {
  customers: GradedCustomer[];
  thresholds: ValueGradeThresholds;
  report: ValueGradeReport;
}

/** Grades are ranked from these; anything carrying an id and a revenue will do (e.g. `RfmMetrics`). */
export interface Revenue {
  customerId: string;
  monetary: number;
}

export function gradeThresholds(
  revenues: readonly number[],
  cutoffs: GradeCutoffs = DEFAULT_GRADE_CUTOFFS,
): ValueGradeThresholds {
  const sorted = Float64Array.from(revenues.filter((value) => value > 0))
    .sort()
    .reverse();
  let total = 0;
  for (const value of sorted) total += value;
  const thresholds = { A: Infinity, B: Infinity };
  let above = 0;
  for (let i = 0; i < sorted.length; ) {
    const value = sorted[i]!;
    // Everyone with this revenue shares the grade decided by the revenue strictly above them.
    if (above < cutoffs.A * total) thresholds.A = value;
    if (above < cutoffs.B * total) thresholds.B = value;
    while (i < sorted.length && sorted[i] === value) above += sorted[i++]!;
  }
  return thresholds;
}

export function gradeOf(monetary: number, thresholds: ValueGradeThresholds): Grade {
  if (monetary <= 0) return 'D';
  if (monetary >= thresholds.A) return 'A';
  if (monetary >= thresholds.B) return 'B';
  return 'C';
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function gradeReport(graded: readonly GradedCustomer[]): ValueGradeReport {
  const grades: GradeShare[] = (['A', 'B', 'C', 'D'] as const).map((grade) => ({
    grade,
    customers: 0,
    customerShare: 0,
    revenue: 0,
    revenueShare: 0,
  }));
  let revenue = 0;
  for (const customer of graded) {
    const share = grades['ABCD'.indexOf(customer.grade)]!;
    share.customers++;
    share.revenue += Math.max(0, customer.monetary);
    revenue += Math.max(0, customer.monetary);
  }
  for (const share of grades) {
    share.customerShare = graded.length ? share.customers / graded.length : 0;
    share.revenueShare = revenue ? share.revenue / revenue : 0;
  }
  const a = grades[0]!;
  return {
    customers: graded.length,
    revenue,
    grades,
    summary: `A: ${percent(a.customerShare)} of customers hold ${percent(a.revenueShare)} of revenue`,
  };
}

/** Grades every customer and reports the share of customers and of revenue in each grade. */
export function valueGrades(
  revenues: readonly Revenue[],
  cutoffs: GradeCutoffs = DEFAULT_GRADE_CUTOFFS,
): ValueGrades {
  const thresholds = gradeThresholds(
    revenues.map((row) => row.monetary),
    cutoffs,
  );
  const customers = revenues.map((row) => ({
    customerId: row.customerId,
    monetary: row.monetary,
    grade: gradeOf(row.monetary, thresholds),
  }));
  return { customers, thresholds, report: gradeReport(customers) };
}
