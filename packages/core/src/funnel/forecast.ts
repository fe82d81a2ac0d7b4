/**
 * Forecast by period (month or quarter) and forecast category, weighted and unweighted. Open deals
 * count in the period of their expected close date under their stage's category; won deals count
 * as `closed` in the period they were won; lost deals and `omitted` stages never count.
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';
import type { Deal } from '../model/deal.ts';
import type { ForecastCategory, Pipeline, Stage } from '../model/pipeline.ts';
import { toEpoch } from './analytics.ts';
import { type CurrencyRates, MoneyAccumulator, type MoneyTotals } from './money.ts';
import { dealProbability } from './probability.ts';
import { validateRates } from './rates.ts';

export type ForecastPeriod = 'month' | 'quarter';

export interface ForecastOptions {
  pipelines: readonly Pipeline[];
  period: ForecastPeriod;
  /** Only periods from / before these calendar dates (`YYYY-MM-DD`, inclusive / exclusive). */
  from?: string;
  to?: string;
  /** IANA time zone for turning close instants into calendar dates; default UTC. */
  timeZone?: string;
  rates?: CurrencyRates;
}

export interface ForecastRow {
  /** `2026-11` or `2026-Q4`. */
  period: string;
  category: Exclude<ForecastCategory, 'omitted'>;
  count: number;
  amount: MoneyTotals;
  weighted: MoneyTotals;
}

export interface Forecast {
  rows: ForecastRow[];
  /** Open deals without an expected close date: they cannot be placed in a period. */
  unscheduled: { count: number; amount: MoneyTotals };
}

const ForecastOptionsSchema = z.object({
  pipelines: z.array(z.object({ id: z.string() })).min(1),
  period: z.enum(['month', 'quarter']),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  timeZone: z.string().optional(),
  rates: z.unknown().optional(),
});

const CATEGORY_ORDER: ForecastRow['category'][] = ['closed', 'commit', 'best_case', 'pipeline'];

function calendarDate(instant: string, timeZone: string | undefined): string {
  if (!timeZone || timeZone === 'UTC') return new Date(toEpoch(instant)).toISOString().slice(0, 10);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(new Date(toEpoch(instant)))
    .reduce<Record<string, string>>((acc, part) => {
      acc[part.type] = part.value;
      return acc;
    }, {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function periodOf(date: string, period: ForecastPeriod): string {
  const month = date.slice(0, 7);
  if (period === 'month') return month;
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function forecast(deals: readonly Deal[], options: ForecastOptions): Forecast {
  parseOrThrow(ForecastOptionsSchema, options, 'forecast options');
  const rates = options.rates === undefined ? undefined : validateRates(options.rates);
  const stages = new Map<string, Stage>();
  for (const pipeline of options.pipelines) {
    for (const stage of pipeline.stages) stages.set(`${pipeline.id}\u0000${stage.id}`, stage);
  }
  const buckets = new Map<string, { count: number; amount: MoneyAccumulator; weighted: MoneyAccumulator }>();
  const unscheduled = { count: 0, amount: new MoneyAccumulator(rates) };

  for (const deal of deals) {
    const stage = stages.get(`${deal.pipelineId}\u0000${deal.stageId}`);
    if (!stage || stage.outcome === 'lost') continue;
    const category: ForecastCategory = stage.outcome === 'won' ? 'closed' : stage.forecastCategory;
    if (category === 'omitted') continue;
    let date: string | undefined;
    if (stage.outcome === 'won') date = calendarDate(deal.closedAt ?? deal.stageEnteredAt, options.timeZone);
    else date = deal.expectedCloseDate;
    if (date === undefined) {
      unscheduled.count++;
      unscheduled.amount.add(deal.amount);
      continue;
    }
    if ((options.from && date < options.from) || (options.to && date >= options.to)) continue;
    const key = `${periodOf(date, options.period)}\u0000${category}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { count: 0, amount: new MoneyAccumulator(rates), weighted: new MoneyAccumulator(rates) };
      buckets.set(key, bucket);
    }
    bucket.count++;
    bucket.amount.add(deal.amount);
    bucket.weighted.add(deal.amount, dealProbability(deal, stage) / 100);
  }

  const rows: ForecastRow[] = [...buckets].map(([key, bucket]) => {
    const [period, category] = key.split('\u0000') as [string, ForecastRow['category']];
    return {
      period,
      category,
      count: bucket.count,
      amount: bucket.amount.result(),
      weighted: bucket.weighted.result(),
    };
  });
  rows.sort((a, b) =>
    a.period !== b.period
      ? a.period < b.period
        ? -1
        : 1
      : CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category),
  );
  return { rows, unscheduled: { count: unscheduled.count, amount: unscheduled.amount.result() } };
}
