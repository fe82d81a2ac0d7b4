/**
 * RFM (最近一次消费 Recency, 消费频率 Frequency, 消费金额 Monetary): each customer's figures from
 * their orders, a 1–5 quintile score per figure relative to the whole customer base, and a named
 * segment from the R and F scores. Pure functions over plain arrays.
 *
 * Quintiles are rank-based and order-independent: a value scores `1 + ⌊5 × below / n⌋`, where
 * `below` counts customers with a strictly worse value. Equal values therefore always share a
 * score, whatever order the customers come in, and a customer base where most bought once puts
 * all of them in 1 rather than splitting identical customers across scores.
 */
import { type CurrencyRates, convertMinor } from '../funnel/money.ts';
import type { Order } from '../model/order.ts';

const DAY_MS = 86_400_000;

export interface RfmOptions {
  /** The instant the figures are taken at (ISO); orders after it are ignored. */
  asOf: string;
  /** Orders counted for F: those in the last `frequencyDays` days. Default 365. */
  frequencyDays?: number;
  /** Amounts summed for M: orders in the last `monetaryDays` days. Default 365. */
  monetaryDays?: number;
  /** M in this currency; other currencies' orders count for R and F only. Default `CNY`. */
  currency?: string;
  /** Converts every order into `rates.base` for M instead (overrides `currency`). */
  rates?: CurrencyRates;
  /** Whose order it is. Default: the account, else the member card (`member:<id>`). */
  customerOf?: (order: Order) => string | undefined;
}

export interface RfmMetrics {
  customerId: string;
  /** The latest paid order at or before `asOf`. */
  lastOrderAt: string;
  /** Whole days from `lastOrderAt` to `asOf`. */
  recencyDays: number;
  /** Paid orders in the frequency window. */
  frequency: number;
  /** Paid amounts in the monetary window, minor units of the M currency. */
  monetary: number;
}

export function defaultCustomerOf(order: Pick<Order, 'accountId' | 'memberId'>): string | undefined {
  if (order.accountId !== undefined) return order.accountId;
  return order.memberId === undefined ? undefined : `member:${order.memberId}`;
}

/** Each customer's R, F and M figures from paid orders; customers ordered by id. */
export function rfmMetrics(orders: readonly Order[], options: RfmOptions): RfmMetrics[] {
  const asOf = options.asOf;
  const asOfMs = Date.parse(asOf);
  const frequencyFrom = new Date(asOfMs - (options.frequencyDays ?? 365) * DAY_MS).toISOString();
  const monetaryFrom = new Date(asOfMs - (options.monetaryDays ?? 365) * DAY_MS).toISOString();
  const currency = options.rates?.base ?? options.currency ?? 'CNY';
  const customerOf = options.customerOf ?? defaultCustomerOf;
  const byCustomer = new Map<string, { last: string; frequency: number; monetary: number }>();
  for (const order of orders) {
    if (order.status !== 'paid' || order.orderedAt > asOf) continue;
    const customerId = customerOf(order);
    if (customerId === undefined) continue;
    let row = byCustomer.get(customerId);
    if (!row) {
      row = { last: order.orderedAt, frequency: 0, monetary: 0 };
      byCustomer.set(customerId, row);
    }
    if (order.orderedAt > row.last) row.last = order.orderedAt;
    if (order.orderedAt > frequencyFrom) row.frequency++;
    if (order.orderedAt > monetaryFrom) {
      const { amount, currency: from } = order.amount;
      if (options.rates) row.monetary += convertMinor(amount, from, options.rates);
      else if (from === currency) row.monetary += amount;
    }
  }
  return [...byCustomer]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([customerId, row]) => ({
      customerId,
      lastOrderAt: row.last,
      recencyDays: Math.floor((asOfMs - Date.parse(row.last)) / DAY_MS),
      frequency: row.frequency,
      monetary: Math.round(row.monetary),
    }));
}

/**
 * The four cut values of a quintile score over `values` (higher is better): a value scores one
 * more than the number of cut values it exceeds. Kept so one new customer can be scored against
 * the base without re-ranking it.
 */
export function quintileBreakpoints(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return [];
  const sorted = Float64Array.from(values).sort();
  // v scores ≥ k + 1 exactly when at least ⌈k·n/5⌉ values are below it.
  return [1, 2, 3, 4].map((k) => sorted[Math.ceil((k * n) / 5) - 1]!);
}

export function quintileOf(value: number, breakpoints: readonly number[]): 1 | 2 | 3 | 4 | 5 {
  let score = 1;
  for (const cut of breakpoints) if (value > cut) score++;
  return score as 1 | 2 | 3 | 4 | 5;
}

/** The cut values of the three scores; recency is ranked on `-recencyDays` (recent is better). */
export interface RfmBreakpoints {
  recency: number[];
  frequency: number[];
  monetary: number[];
}

export function rfmBreakpoints(metrics: readonly RfmMetrics[]): RfmBreakpoints {
  return {
    recency: quintileBreakpoints(metrics.map((row) => -row.recencyDays)),
    frequency: quintileBreakpoints(metrics.map((row) => row.frequency)),
    monetary: quintileBreakpoints(metrics.map((row) => row.monetary)),
  };
}

export type RfmSegment = 'champions' | 'loyal' | 'potential' | 'at-risk' | 'hibernating' | 'lost';

/**
 * The segment map, by R (rows) and F (columns):
 *
 * | R \ F | 1–2         | 3       | 4–5       |
 * | ----- | ----------- | ------- | --------- |
 * | 4–5   | potential   | loyal   | champions |
 * | 3     | potential   | loyal   | loyal     |
 * | 2     | hibernating | at-risk | at-risk   |
 * | 1     | lost        | at-risk | at-risk   |
 *
 * Recent buyers who buy often are champions; recent but infrequent ones are potential loyalists;
 * frequent buyers gone quiet are at risk (the ones worth a call); infrequent and quiet ones are
 * hibernating, then lost.
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 3) {
    if (f <= 2) return 'potential';
    return r >= 4 && f >= 4 ? 'champions' : 'loyal';
  }
  if (f >= 3) return 'at-risk';
  return r === 2 ? 'hibernating' : 'lost';
}

export interface RfmScore extends RfmMetrics {
  r: 1 | 2 | 3 | 4 | 5;
  f: 1 | 2 | 3 | 4 | 5;
  m: 1 | 2 | 3 | 4 | 5;
  /** `${r}${f}${m}`, e.g. `545`. */
  code: string;
  segment: RfmSegment;
}

export function scoreOne(metrics: RfmMetrics, breakpoints: RfmBreakpoints): RfmScore {
  const r = quintileOf(-metrics.recencyDays, breakpoints.recency);
  const f = quintileOf(metrics.frequency, breakpoints.frequency);
  const m = quintileOf(metrics.monetary, breakpoints.monetary);
  return { ...metrics, r, f, m, code: `${r}${f}${m}`, segment: rfmSegment(r, f) };
}

/** Scores every customer against the base they belong to (or against given breakpoints). */
export function scoreRfm(
  metrics: readonly RfmMetrics[],
  breakpoints: RfmBreakpoints = rfmBreakpoints(metrics),
): RfmScore[] {
  return metrics.map((row) => scoreOne(row, breakpoints));
}
