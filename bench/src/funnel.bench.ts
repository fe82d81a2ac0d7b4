/**
 * The full funnel report over deals with their histories vs a plainly written reference that
 * computes each figure with its own pass over the data (filter / map / reduce per stage). Both
 * must give the same numbers; the bench fails otherwise.
 */
import {
  type Deal,
  funnelReport,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  type Pipeline,
  PipelineSchema,
} from '@kehu/core';
import { generateSampleData } from '@kehu/sample-data';
import { compare, type Measurement } from './harness.ts';

const DAY = 86_400_000;
const t = (iso: string) => Date.parse(iso);

function sumByCurrency(deals: Deal[], weight: (deal: Deal) => number = () => 1): Record<string, number> {
  const currencies = [...new Set(deals.map((deal) => deal.amount.currency))].sort();
  const out: Record<string, number> = {};
  for (const currency of currencies) {
    out[currency] = Math.round(
      deals
        .filter((deal) => deal.amount.currency === currency)
        .reduce((total, deal) => total + deal.amount.amount * weight(deal), 0),
    );
  }
  return out;
}

/** The same report as `funnelReport`, written the obvious way. */
export function referenceFunnel(all: Deal[], pipeline: Pipeline, now: number) {
  const deals = all.filter((deal) => deal.pipelineId === pipeline.id);
  const stageOf = (id: string) => pipeline.stages.find((stage) => stage.id === id);
  const known = deals.filter((deal) => stageOf(deal.stageId));
  const openStages = pipeline.stages.filter((stage) => stage.outcome === 'open');
  const isOpen = (deal: Deal) => stageOf(deal.stageId)!.outcome === 'open';
  const prob = (deal: Deal) => {
    const stage = stageOf(deal.stageId)!;
    return stage.outcome === 'won'
      ? 1
      : stage.outcome === 'lost'
        ? 0
        : (deal.probability ?? stage.probability) / 100;
  };
  const openDeals = known.filter(isOpen);
  const won = known.filter((deal) => stageOf(deal.stageId)!.outcome === 'won');
  const lost = known.filter((deal) => stageOf(deal.stageId)!.outcome === 'lost');
  const ordinal = (stageId: string) => {
    const stage = stageOf(stageId);
    if (!stage) return -1;
    return stage.outcome === 'won' ? openStages.length : openStages.indexOf(stage);
  };
  const furthest = (deal: Deal) => Math.max(ordinal(deal.stageId), ...deal.history.map((h) => ordinal(h.to)));
  const reached = (i: number) => known.filter((deal) => furthest(deal) >= i).length;
  const winRate = won.length + lost.length ? won.length / (won.length + lost.length) : null;
  const cycles = won.map((deal) => (t(deal.stageEnteredAt) - t(deal.history[0]?.at ?? deal.createdAt)) / DAY);
  const salesCycleDays = cycles.length ? cycles.reduce((a, b) => a + b, 0) / cycles.length : null;
  const velocity: Record<string, number> = {};
  if (winRate !== null && salesCycleDays) {
    for (const currency of [...new Set(openDeals.map((deal) => deal.amount.currency))].sort()) {
      const wonIn = won.filter((deal) => deal.amount.currency === currency);
      if (!wonIn.length) continue;
      const average = wonIn.reduce((total, deal) => total + deal.amount.amount, 0) / wonIn.length;
      const count = openDeals.filter((deal) => deal.amount.currency === currency).length;
      velocity[currency] = Math.round((count * average * winRate) / salesCycleDays);
    }
  }
  return {
    stages: pipeline.stages.map((stage) => {
      const inStage = known.filter((deal) => deal.stageId === stage.id);
      return {
        stageId: stage.id,
        count: inStage.length,
        amount: sumByCurrency(inStage),
        weighted: sumByCurrency(inStage, prob),
      };
    }),
    open: {
      count: openDeals.length,
      amount: sumByCurrency(openDeals),
      weighted: sumByCurrency(openDeals, prob),
    },
    conversion: openStages.map((stage, i) => ({
      from: stage.id,
      reached: reached(i),
      advanced: reached(i + 1),
    })),
    timeInStage: pipeline.stages.map((stage) => {
      const stays = known.flatMap((deal) =>
        deal.history.flatMap((h, i) =>
          h.to === stage.id && deal.history[i + 1] ? [t(deal.history[i + 1]!.at) - t(h.at)] : [],
        ),
      );
      return {
        stageId: stage.id,
        averageDays: stays.length ? stays.reduce((a, b) => a + b, 0) / stays.length / DAY : null,
      };
    }),
    winRate: { won: won.length, lost: lost.length, rate: winRate },
    salesCycleDays,
    velocity,
    rotting: openDeals
      .filter((deal) => {
        const limit = stageOf(deal.stageId)!.rotAfterDays;
        return limit !== undefined && (now - t(deal.stageEnteredAt)) / DAY > limit;
      })
      .map((deal) => deal.id)
      .sort(),
  };
}

/** Rounds floating figures so both sides compare on meaning, not on summation order. */
function fingerprint(report: ReturnType<typeof referenceFunnel>) {
  const r = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6);
  return {
    ...report,
    timeInStage: report.timeInStage.map((s) => ({ ...s, averageDays: r(s.averageDays) })),
    winRate: { ...report.winRate, rate: r(report.winRate.rate) },
    salesCycleDays: r(report.salesCycleDays),
  };
}

function ours(deals: Deal[], pipeline: Pipeline, now: number): ReturnType<typeof referenceFunnel> {
  const report = funnelReport(deals, { pipeline, now });
  return {
    stages: report.stages.map(({ stageId, count, amount, weighted }) => ({
      stageId,
      count,
      amount,
      weighted,
    })),
    open: report.open,
    conversion: report.conversion.map(({ from, reached, advanced }) => ({ from, reached, advanced })),
    timeInStage: report.timeInStage.map(({ stageId, averageDays }) => ({ stageId, averageDays })),
    winRate: report.winRate,
    salesCycleDays: report.salesCycleDays,
    velocity: report.velocity,
    rotting: report.rotting.map((deal) => deal.dealId).sort(),
  };
}

export async function funnelBenchmarks(sizes: readonly number[], time?: number): Promise<Measurement[]> {
  const pipeline = PipelineSchema.parse({
    ...keyAccountPipeline,
    id: KEY_ACCOUNT_PIPELINE_ID,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const now = Date.parse('2026-11-01T09:00:00.000Z');
  const all = generateSampleData({ deals: Math.max(...sizes), seed: 11 }).deals as Deal[];
  const measurements: Measurement[] = [];
  for (const size of sizes) {
    const deals = all.slice(0, size);
    measurements.push(
      await compare({
        name: 'funnel/report',
        size,
        peer: 'plain reference implementation',
        time,
        iterations: 3,
        ours: () => ours(deals, pipeline, now),
        theirs: () => referenceFunnel(deals, pipeline, now),
        fingerprint,
        extra: { history_entries: deals.reduce((n, deal) => n + deal.history.length, 0) },
      }),
    );
  }
  return measurements;
}
