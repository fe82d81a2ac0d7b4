// How well the win-probability model ranks deals it has not seen: trained on 80 % of a history,
// measured (AUC, log-loss) on the other 20 %. The figures printed here are the ones quoted in
// docs/rules/scoring.md.
import { describe, expect, it } from 'vitest';
// @kehu/sample-data depends on @kehu/core, so core cannot list it as a dependency; this test (never
// shipped) reads its source directly.
import { generateSampleData } from '../../../sample-data/src/index.ts';
import {
  createSeededRandom,
  DEFAULT_MIN_EXAMPLES,
  type DealLike,
  evaluateWinProbability,
  keyAccountPipeline,
  logLoss,
  type RandomSource,
  rocAuc,
  trainWinProbability,
  type WinFeature,
  type WinModelQuality,
} from '../index.ts';

const round = (value: number) => Math.round(value * 1000) / 1000;
const report = (name: string, quality: WinModelQuality, baseRate: number) =>
  console.log(
    `[win-probability] ${name}: n=${quality.count} (won ${quality.won}), AUC ${round(quality.auc)}, ` +
      `log-loss ${round(quality.logLoss)} (base rate ${round(baseRate)})`,
  );

/** A seeded 80/20 split of the closed deals. */
function split<T>(items: readonly T[], random: RandomSource): { train: T[]; test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  for (const item of items) (random() < 0.8 ? train : test).push(item);
  return { train, test };
}

/** The log-loss of always answering the training win rate: what a model must beat. */
function baseRateLogLoss(train: readonly DealLike[], test: readonly DealLike[]): number {
  const rate = train.filter((deal) => deal.status === 'won').length / train.length;
  const losses = test.map((deal) => -Math.log(deal.status === 'won' ? rate : 1 - rate));
  return losses.reduce((a, b) => a + b, 0) / losses.length;
}

describe('win-probability quality on generated history (@kehu/sample-data)', () => {
  // The generator draws each deal's outcome independently of its account, owner, amount and
  // products; only the stage path differs (won deals mostly closed from Contract, lost ones from
  // anywhere). So the stage carries signal and the other fields must carry none.
  const deals = generateSampleData({ deals: 5000, seed: 11 }).deals as DealLike[];
  const closed = deals.filter((deal) => deal.status === 'won' || deal.status === 'lost');
  const { train, test } = split(closed, createSeededRandom(42));
  const fields: WinFeature[] = [
    'territoryId',
    'ownerId',
    'products',
    'amount.currency',
    { field: 'amount.amount', bins: [10_000_000, 100_000_000, 1_000_000_000] },
  ];

  it('learns the stage: a deal is judged as it stood just before it closed', () => {
    const model = trainWinProbability(train, {
      fields: ['stageId', ...fields],
      pipeline: keyAccountPipeline,
    });
    const quality = evaluateWinProbability(model, test);
    report('generated history, stage + fields', quality, baseRateLogLoss(train, test));
    expect(quality.auc).toBeGreaterThan(0.6);
    expect(quality.logLoss).toBeLessThan(baseRateLogLoss(train, test));
  });

  it('finds nothing in fields that carry no signal, and does not pretend to', () => {
    const model = trainWinProbability(train, { fields, pipeline: keyAccountPipeline });
    const quality = evaluateWinProbability(model, test);
    report('generated history, fields only', quality, baseRateLogLoss(train, test));
    expect(quality.auc).toBeGreaterThan(0.4);
    expect(quality.auc).toBeLessThan(0.6);
    // Within a few percent of the base rate: the minimum count keeps noise from costing much.
    expect(quality.logLoss).toBeLessThan(baseRateLogLoss(train, test) * 1.05);
  });
});

describe('win-probability quality on a synthetic history with a planted signal', () => {
  // Generated here because the sample data's outcomes do not depend on deal fields: each deal's
  // true chance is a logistic function of its territory, owner, products and amount; the model
  // must recover the ranking from outcomes alone.
  const TERRITORIES = { east: 1.0, south: 0.3, north: -0.2, west: -0.8 } as const;
  const PRODUCTS = { 'PUR-C1000': 0.7, 'SVC-ANNUAL': 0.4, 'FLT-PP': -0.3, 'DSP-10': 0 } as const;

  /** Deals with their true chance of winning kept in `custom.truth`, for the ceiling figures. */
  function history(count: number, random: RandomSource): { deals: DealLike[] } {
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const owners = Array.from({ length: 150 }, (_, i) => ({ id: `usr-${i}`, skill: (random() - 0.5) * 1.6 }));
    const deals: DealLike[] = [];
    for (let i = 0; i < count; i++) {
      const territory = pick(Object.keys(TERRITORIES)) as keyof typeof TERRITORIES;
      const products = Object.keys(PRODUCTS).filter(() => random() < 0.35) as (keyof typeof PRODUCTS)[];
      // A skewed owner mix: a few reps carry most deals, many have only a handful.
      const owner = owners[Math.floor(random() ** 3 * owners.length)]!;
      const yuan = Math.round(10 ** (4 + random() * 3));
      let logit = -0.6 + TERRITORIES[territory] + owner.skill + (yuan > 1_000_000 ? -0.7 : 0);
      for (const product of products) logit += PRODUCTS[product];
      const p = 1 / (1 + Math.exp(-logit));
      const won = random() < p;
      deals.push({
        custom: { truth: p },
        status: won ? 'won' : 'lost',
        territoryId: territory,
        ownerId: owner.id,
        products,
        amount: { amount: yuan * 100, currency: 'CNY' },
      });
    }
    return { deals };
  }

  const random = createSeededRandom(7);
  const { deals } = history(4000, random);
  const { train, test } = split(deals, createSeededRandom(8));
  const fields: WinFeature[] = [
    'territoryId',
    'ownerId',
    'products',
    { field: 'amount.amount', bins: [100_000_000] },
  ];

  it('recovers the planted signal on held-out deals', () => {
    const model = trainWinProbability(train, { fields });
    const quality = evaluateWinProbability(model, test);
    report('synthetic planted signal', quality, baseRateLogLoss(train, test));
    // The ceiling: the true chances themselves, which no model of these outcomes can beat on average.
    const truth = test.map((deal) => deal.custom!.truth as number);
    const won = test.map((deal) => deal.status === 'won');
    console.log(
      `[win-probability] synthetic, true chances: AUC ${round(rocAuc(truth, won))}, log-loss ${round(logLoss(truth, won))}`,
    );
    expect(quality.auc).toBeGreaterThan(0.6);
    expect(quality.logLoss).toBeLessThan(baseRateLogLoss(train, test));
  });

  it('reports how the minimum count per value trades noise against evidence', () => {
    // Averaged over 8 seeds per history size; the default (10) should be near the best everywhere.
    const minimums = [1, 3, 5, 10, 20, 50];
    for (const size of [300, 1000, 4000]) {
      const logLoss = minimums.map(() => 0);
      const auc = minimums.map(() => 0);
      for (let seed = 1; seed <= 8; seed++) {
        const sample = split(history(size, createSeededRandom(seed * 101)).deals, createSeededRandom(seed));
        minimums.forEach((minExamples, i) => {
          const quality = evaluateWinProbability(
            trainWinProbability(sample.train, { fields, minExamples }),
            sample.test,
          );
          logLoss[i] = logLoss[i]! + quality.logLoss / 8;
          auc[i] = auc[i]! + quality.auc / 8;
        });
      }
      const row = minimums.map((m, i) => `${m}: ${round(auc[i]!)} / ${round(logLoss[i]!)}`).join(', ');
      console.log(`[win-probability] synthetic ${size} deals, minExamples → AUC / log-loss: ${row}`);
      expect(logLoss[minimums.indexOf(DEFAULT_MIN_EXAMPLES)]!).toBeLessThan(Math.min(...logLoss) + 0.01);
    }
  });
});
