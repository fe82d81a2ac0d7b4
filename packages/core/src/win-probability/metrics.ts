/**
 * How good a win-probability model is on deals whose outcome is known: the area under the ROC
 * curve (0.5 is a coin, 1 is perfect ranking) and the log-loss (lower is better; always answering
 * the base rate scores its entropy, about 0.69 at a 50 % win rate).
 */
import type { DealLike, WinProbabilityModel } from './model.ts';
import { predictWinProbability } from './predict.ts';
import { stageBeforeClose } from './train.ts';

export interface WinModelQuality {
  /** Closed deals evaluated. */
  count: number;
  won: number;
  lost: number;
  auc: number;
  logLoss: number;
}

/**
 * Scores the model on closed deals it was not trained on. Each deal is predicted as it stood just
 * before it closed — open, in the stage it was won or lost from — since that is the moment the
 * prediction is for.
 */
export function evaluateWinProbability(
  model: WinProbabilityModel,
  deals: readonly DealLike[],
): WinModelQuality {
  const labels: boolean[] = [];
  const probabilities: number[] = [];
  for (const deal of deals) {
    if (deal.status !== 'won' && deal.status !== 'lost') continue;
    labels.push(deal.status === 'won');
    probabilities.push(predictWinProbability(model, beforeClose(model, deal)) / 100);
  }
  const won = labels.filter(Boolean).length;
  return {
    count: labels.length,
    won,
    lost: labels.length - won,
    auc: rocAuc(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
  };
}

function beforeClose(model: WinProbabilityModel, deal: DealLike): DealLike {
  const stageId = model.stages ? stageBeforeClose(model, deal) : undefined;
  const { stageId: _closedStage, ...rest } = deal;
  return stageId === undefined ? { ...rest, status: 'open' } : { ...rest, stageId, status: 'open' };
}

/**
 * The probability that a random positive is ranked above a random negative (ties count half),
 * from the ranks — the Mann-Whitney statistic. NaN when either class is missing.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((score, i) => ({ score, positive: labels[i]! })).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.score === order[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]!.positive) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood of the outcomes, probabilities in 0–1. NaN for no examples. */
export function logLoss(probabilities: readonly number[], labels: readonly boolean[]): number {
  if (probabilities.length === 0) return Number.NaN;
  let sum = 0;
  probabilities.forEach((p, i) => {
    sum -= Math.log(labels[i] ? p : 1 - p);
  });
  return sum / probabilities.length;
}
