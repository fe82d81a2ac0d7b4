/**
 * Win probability: a naive-Bayes model learned from won and lost deals (Odoo's predictive lead
 * scoring, in our own words) — train, predict, update as deals close, explain, evaluate.
 */
export { evaluateWinProbability, logLoss, rocAuc, type WinModelQuality } from './metrics.ts';
export {
  type DealLike,
  MAX_PROBABILITY,
  MIN_PROBABILITY,
  type OutcomeCounts,
  SMOOTHING,
  STAGE_FEATURE,
  type WinFeature,
  WinFeatureSchema,
  type WinProbabilityModel,
  WinProbabilityModelSchema,
  type WinTable,
} from './model.ts';
export {
  explainWinProbability,
  predictWinProbability,
  type WinContribution,
  type WinExplanation,
} from './predict.ts';
export {
  DEFAULT_MIN_EXAMPLES,
  DEFAULT_MIN_TEAM_EXAMPLES,
  type PipelineStages,
  retractWinProbability,
  stageBeforeClose,
  trainWinProbability,
  updateWinProbability,
  type WinTrainingOptions,
} from './train.ts';

import { evaluateWinProbability } from './metrics.ts';
import { explainWinProbability, predictWinProbability } from './predict.ts';
import { retractWinProbability, trainWinProbability, updateWinProbability } from './train.ts';

/** The same functions under short names: `winProbability.train(deals, options)`, `.predict(model, deal)`… */
export const winProbability = {
  train: trainWinProbability,
  predict: predictWinProbability,
  update: updateWinProbability,
  retract: retractWinProbability,
  explain: explainWinProbability,
  evaluate: evaluateWinProbability,
} as const;
export { type WinProbabilityEngineHandle, winProbabilityEngine } from './engine.ts';
