/**
 * Funnel analytics over deals and their stage history: what is in each stage (count, sum,
 * weighted sum), how deals convert from stage to stage, how long they stay, win rate, cycle length,
 * sales velocity and rotting deals — now or as the funnel stood on a past date — optionally per
 * owner, team, territory or any field. Pure functions; the caller passes `now`.
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';
import type { Deal, StageChange } from '../model/deal.ts';
import type { Pipeline, Stage } from '../model/pipeline.ts';
import { type CurrencyRates, MoneyAccumulator, type MoneyTotals } from './money.ts';
import { dealProbability } from './probability.ts';
import { validateRates } from './rates.ts';

const DAY = 86_400_000;

export type DealGrouping = string | ((deal: Deal) => string | undefined);

export interface FunnelOptions {
  pipeline: Pipeline;
  /** Epoch ms; rotting and ages are measured against it (or against `asOf`). */
  now: number;
  /** Rebuild the funnel as it stood at this instant, from stage history. */
  asOf?: number | string;
  /** Count wins, losses, cycle lengths only for deals closed in [from, to). */
  closedWithin?: { from?: number | string; to?: number | string };
  /** Convert every amount into one currency; without it totals stay per currency. */
  rates?: CurrencyRates;
  /** Also report per owner / team / territory / any field, or by a function. */
  groupBy?: DealGrouping;
  /** When a deal was last worked on (e.g. its latest activity), for rotting; default: entering its stage. */
  lastTouched?: (deal: Deal) => number | undefined;
}

export interface StageFigures {
  stageId: string;
  outcome: Stage['outcome'];
  count: number;
  amount: MoneyTotals;
  weighted: MoneyTotals;
}

export interface StageConversion {
  from: string;
  to: string;
  /** Deals that reached `from`. */
  reached: number;
  /** Of those, deals that reached `to` or any later stage, or were won. */
  advanced: number;
  rate: number | null;
}

export interface StageDuration {
  stageId: string;
  /** Mean length of completed stays in days; `null` without any. */
  averageDays: number | null;
  stays: number;
}

export interface RottingDeal {
  dealId: string;
  stageId: string;
  idleDays: number;
  rotAfterDays: number;
}

export interface FunnelFigures {
  stages: StageFigures[];
  open: { count: number; amount: MoneyTotals; weighted: MoneyTotals };
  conversion: StageConversion[];
  timeInStage: StageDuration[];
  winRate: { won: number; lost: number; rate: number | null };
  /** Mean days from a won deal's first stage entry to its close. */
  salesCycleDays: number | null;
  /** Expected revenue per day: open deals × average won amount × win rate ÷ cycle days. */
  velocity: MoneyTotals;
  rotting: RottingDeal[];
  /** Deals whose stage is not in this pipeline (data drift); not counted anywhere else. */
  unknownStage: number;
}

export interface FunnelReport extends FunnelFigures {
  pipelineId: string;
  asOf: string;
  groups?: Record<string, FunnelFigures>;
}

const InstantSchema = z.union([z.number().finite(), z.iso.datetime({ offset: true }), z.iso.date()]);
const FunnelOptionsSchema = z.object({
  pipeline: z.object({ id: z.string(), stages: z.array(z.object({ id: z.string() })).min(1) }),
  now: z.number().finite(),
  asOf: InstantSchema.optional(),
  closedWithin: z.strictObject({ from: InstantSchema.optional(), to: InstantSchema.optional() }).optional(),
  rates: z.unknown().optional(),
  groupBy: z.union([z.string().min(1), z.function()]).optional(),
  lastTouched: z.function().optional(),
});

export function toEpoch(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/** A deal as it stood at one instant: its stage then, and when it entered it. */
interface DealAt {
  deal: Deal;
  stageId: string;
  enteredAt: number;
  /** History entries up to the instant, in order. */
  history: readonly StageChange[];
}

/** Where a deal was at `at`, or `undefined` if it did not exist yet. */
export function dealAsOf(deal: Deal, at: number): DealAt | undefined {
  const history = deal.history;
  if (history.length === 0) {
    return toEpoch(deal.createdAt) <= at
      ? { deal, stageId: deal.stageId, enteredAt: toEpoch(deal.stageEnteredAt), history }
      : undefined;
  }
  let last = -1;
  for (let i = 0; i < history.length; i++) {
    if (toEpoch(history[i]!.at) <= at) last = i;
    else break;
  }
  if (last < 0) return undefined;
  const entry = history[last]!;
  return {
    deal,
    stageId: entry.to,
    enteredAt: toEpoch(entry.at),
    history: last === history.length - 1 ? history : history.slice(0, last + 1),
  };
}

interface Context {
  stages: Map<string, { stage: Stage; index: number; openIndex: number }>;
  openStages: Stage[];
  pipeline: Pipeline;
  at: number;
  from: number;
  to: number;
  rates: CurrencyRates | undefined;
  lastTouched: FunnelOptions['lastTouched'];
}

function figures(deals: readonly DealAt[], ctx: Context): FunnelFigures {
  const stageTotals = ctx.pipeline.stages.map(() => ({
    count: 0,
    amount: new MoneyAccumulator(ctx.rates),
    weighted: new MoneyAccumulator(ctx.rates),
  }));
  const openAmount = new MoneyAccumulator(ctx.rates);
  const openWeighted = new MoneyAccumulator(ctx.rates);
  const openByCurrency = new Map<string, number>();
  const wonAmount = new MoneyAccumulator(ctx.rates);
  const wonByCurrency = new Map<string, number>();
  const reachedAtLeast = new Array<number>(ctx.openStages.length + 2).fill(0);
  const stay = ctx.pipeline.stages.map(() => ({ total: 0, count: 0 }));
  const rotting: RottingDeal[] = [];
  let openCount = 0;
  let won = 0;
  let lost = 0;
  let cycleTotal = 0;
  let cycleCount = 0;
  let unknownStage = 0;

  for (const item of deals) {
    const entry = ctx.stages.get(item.stageId);
    if (!entry) {
      unknownStage++;
      continue;
    }
    const { deal } = item;
    const { stage, index } = entry;
    const totals = stageTotals[index]!;
    const probability = dealProbability(deal, stage);
    const currency = ctx.rates ? ctx.rates.base : deal.amount.currency;

    // Furthest stage reached, counting won as beyond the last open stage.
    let furthest = -1;
    for (let h = 0; h < item.history.length; h++) {
      const change = item.history[h]!;
      const reached = ctx.stages.get(change.to);
      if (reached) {
        const ordinal = reached.stage.outcome === 'won' ? ctx.openStages.length : reached.openIndex;
        if (ordinal > furthest) furthest = ordinal;
        const next = item.history[h + 1];
        if (next) {
          const target = stay[reached.index]!;
          target.total += toEpoch(next.at) - toEpoch(change.at);
          target.count++;
        }
      }
    }
    const current = stage.outcome === 'won' ? ctx.openStages.length : entry.openIndex;
    if (current > furthest) furthest = current;
    if (furthest >= 0) reachedAtLeast[furthest]!++;

    if (stage.outcome === 'open') {
      totals.count++;
      totals.amount.add(deal.amount);
      totals.weighted.add(deal.amount, probability / 100);
      openCount++;
      openByCurrency.set(currency, (openByCurrency.get(currency) ?? 0) + 1);
      openAmount.add(deal.amount);
      openWeighted.add(deal.amount, probability / 100);
      if (stage.rotAfterDays !== undefined) {
        const touched = Math.max(item.enteredAt, ctx.lastTouched?.(deal) ?? Number.NEGATIVE_INFINITY);
        const idleDays = (ctx.at - touched) / DAY;
        if (idleDays > stage.rotAfterDays) {
          rotting.push({ dealId: deal.id, stageId: stage.id, idleDays, rotAfterDays: stage.rotAfterDays });
        }
      }
      continue;
    }
    // Closed deals count in the period their stage change to won/lost happened.
    const closedAt = item.enteredAt;
    if (closedAt < ctx.from || closedAt >= ctx.to) continue;
    totals.count++;
    totals.amount.add(deal.amount);
    totals.weighted.add(deal.amount, probability / 100);
    if (stage.outcome === 'won') {
      won++;
      wonAmount.add(deal.amount);
      wonByCurrency.set(currency, (wonByCurrency.get(currency) ?? 0) + 1);
      const started = item.history.length ? toEpoch(item.history[0]!.at) : toEpoch(deal.createdAt);
      cycleTotal += closedAt - started;
      cycleCount++;
    } else {
      lost++;
    }
  }

  // Cumulate: reaching stage k means having reached every stage before it.
  for (let i = reachedAtLeast.length - 2; i >= 0; i--) reachedAtLeast[i]! += reachedAtLeast[i + 1]!;
  const conversion = ctx.openStages.map((stage, i) => {
    const reached = reachedAtLeast[i]!;
    const advanced = reachedAtLeast[i + 1]!;
    const next = ctx.openStages[i + 1] ?? ctx.pipeline.stages.find((s) => s.outcome === 'won');
    return {
      from: stage.id,
      to: next?.id ?? 'won',
      reached,
      advanced,
      rate: reached ? advanced / reached : null,
    };
  });

  const winRate = won + lost ? won / (won + lost) : null;
  const salesCycleDays = cycleCount ? cycleTotal / cycleCount / DAY : null;
  const velocity: MoneyTotals = {};
  const wonTotals = wonAmount.raw();
  if (winRate !== null && salesCycleDays) {
    for (const [currency, count] of [...openByCurrency].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const wonCount = wonByCurrency.get(currency);
      if (!wonCount) continue;
      const averageWon = wonTotals.get(currency)! / wonCount;
      velocity[currency] = Math.round((count * averageWon * winRate) / salesCycleDays);
    }
  }

  return {
    stages: ctx.pipeline.stages.map((stage, i) => ({
      stageId: stage.id,
      outcome: stage.outcome,
      count: stageTotals[i]!.count,
      amount: stageTotals[i]!.amount.result(),
      weighted: stageTotals[i]!.weighted.result(),
    })),
    open: { count: openCount, amount: openAmount.result(), weighted: openWeighted.result() },
    conversion,
    timeInStage: ctx.pipeline.stages.map((stage, i) => ({
      stageId: stage.id,
      averageDays: stay[i]!.count ? stay[i]!.total / stay[i]!.count / DAY : null,
      stays: stay[i]!.count,
    })),
    winRate: { won, lost, rate: winRate },
    salesCycleDays,
    velocity,
    rotting: rotting.sort((a, b) => b.idleDays - a.idleDays || (a.dealId < b.dealId ? -1 : 1)),
    unknownStage,
  };
}

export function groupKey(deal: Deal, groupBy: DealGrouping): string {
  const value = typeof groupBy === 'function' ? groupBy(deal) : (deal as Record<string, unknown>)[groupBy];
  return value === undefined || value === null || value === '' ? '(none)' : String(value);
}

/** The funnel of one pipeline, now or as of a past instant, optionally grouped. */
export function funnelReport(deals: readonly Deal[], options: FunnelOptions): FunnelReport {
  parseOrThrow(FunnelOptionsSchema, options, 'funnel options');
  const rates = options.rates === undefined ? undefined : validateRates(options.rates);
  const { pipeline } = options;
  const at = options.asOf === undefined ? options.now : toEpoch(options.asOf);
  const stages = new Map<string, { stage: Stage; index: number; openIndex: number }>();
  const openStages = pipeline.stages.filter((stage) => stage.outcome === 'open');
  pipeline.stages.forEach((stage, index) => {
    stages.set(stage.id, { stage, index, openIndex: openStages.indexOf(stage) });
  });
  const ctx: Context = {
    stages,
    openStages,
    pipeline,
    at,
    from:
      options.closedWithin?.from === undefined
        ? Number.NEGATIVE_INFINITY
        : toEpoch(options.closedWithin.from),
    to: options.closedWithin?.to === undefined ? Number.POSITIVE_INFINITY : toEpoch(options.closedWithin.to),
    rates,
    lastTouched: options.lastTouched,
  };

  const present: DealAt[] = [];
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id) continue;
    const item =
      options.asOf === undefined
        ? { deal, stageId: deal.stageId, enteredAt: toEpoch(deal.stageEnteredAt), history: deal.history }
        : dealAsOf(deal, at);
    if (item) present.push(item);
  }

  const report: FunnelReport = {
    pipelineId: pipeline.id,
    asOf: new Date(at).toISOString(),
    ...figures(present, ctx),
  };
  if (options.groupBy !== undefined) {
    const buckets = new Map<string, DealAt[]>();
    for (const item of present) {
      const key = groupKey(item.deal, options.groupBy);
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = [];
        buckets.set(key, bucket);
      }
      bucket.push(item);
    }
    report.groups = {};
    for (const key of [...buckets.keys()].sort()) report.groups[key] = figures(buckets.get(key)!, ctx);
  }
  return report;
}
