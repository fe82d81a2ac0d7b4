/**
 * Training the win-probability model: count, per table (all deals, and each team), how many won
 * and lost deals had each field value and reached each stage. Training is a fold of the same
 * one-deal step that `updateWinProbability` applies when a deal closes, so the two always agree.
 */
import { z } from 'zod';
import { KehuError, type KehuIssue, parseOrThrow } from '../errors.ts';
import { fieldPathProblem } from '../scoring/definition.ts';
import {
  bump,
  type DealLike,
  emptyTable,
  featureKey,
  featureValues,
  STAGE_FEATURE,
  stageIndex,
  type WinFeature,
  WinFeatureSchema,
  type WinProbabilityModel,
  type WinTable,
} from './model.ts';

/**
 * Default minimum of closed deals a value needs before it counts as evidence. With 0.1 smoothing a
 * value seen in one won deal already multiplies the odds tenfold, so rare values are mostly noise.
 * On held-out synthetic histories of 300, 1,000 and 4,000 deals (docs/rules/scoring.md), 10 is
 * within 0.005 log-loss of the best minimum at every size, where 5 loses up to 0.03 and 1 up to
 * 0.14 on small histories; higher minimums gain little and silence more of a small CRM's data.
 */
export const DEFAULT_MIN_EXAMPLES = 10;

/**
 * Default minimum of closed deals (won and lost both present) before a team's own table replaces
 * the global one: below about 30 deals a team's win rate is uncertain by ±9 points or more, so the
 * pooled history of every team predicts it better.
 */
export const DEFAULT_MIN_TEAM_EXAMPLES = 30;

/** The part of a pipeline the model needs: its stages in order, with their outcomes. */
export interface PipelineStages {
  stages: readonly { id: string; outcome?: 'open' | 'won' | 'lost' | undefined }[];
}

export interface WinTrainingOptions {
  /** Deal fields to learn from; include `stageId` (with `pipeline`) for the ordered stage feature. */
  fields: readonly WinFeature[];
  /** Gives the stage order; required when `fields` includes `stageId`. */
  pipeline?: PipelineStages;
  minExamples?: number;
  minTeamExamples?: number;
}

const OptionsSchema = z.object({
  fields: z.array(WinFeatureSchema).min(1).max(100),
  minExamples: z.int().min(1).default(DEFAULT_MIN_EXAMPLES),
  minTeamExamples: z.int().min(1).default(DEFAULT_MIN_TEAM_EXAMPLES),
  pipeline: z
    .object({
      stages: z
        .array(z.object({ id: z.string().min(1), outcome: z.enum(['open', 'won', 'lost']).optional() }))
        .min(1),
    })
    .optional(),
});

/** Trains a model on the won and lost deals among `deals` (open ones are skipped). */
export function trainWinProbability(
  deals: readonly DealLike[],
  options: WinTrainingOptions,
): WinProbabilityModel {
  const model = emptyModel(options);
  for (const deal of deals) if (isClosed(deal)) count(model, deal, 1);
  return model;
}

/** The model with one more closed deal counted: equal to retraining with it. */
export function updateWinProbability(model: WinProbabilityModel, deal: DealLike): WinProbabilityModel {
  requireClosed(deal);
  const next = structuredClone(model);
  count(next, deal, 1);
  return next;
}

/**
 * The model without a deal counted earlier (a won or lost deal re-opened, or closed by mistake),
 * given the deal as it was counted. Equal to retraining without it.
 */
export function retractWinProbability(model: WinProbabilityModel, deal: DealLike): WinProbabilityModel {
  requireClosed(deal);
  const next = structuredClone(model);
  try {
    count(next, deal, -1);
  } catch (error) {
    throw new KehuError('VALIDATION', 'The deal was not counted in this model', { cause: error });
  }
  return next;
}

function emptyModel(options: WinTrainingOptions): WinProbabilityModel {
  const parsed = parseOrThrow(OptionsSchema, options, 'win-probability options');
  const issues: KehuIssue[] = [];
  const keys = new Set<string>();
  parsed.fields.forEach((feature, index) => {
    const field = typeof feature === 'string' ? feature : feature.field;
    const problem = fieldPathProblem('deals', field);
    const path = typeof feature === 'string' ? ['fields', index] : ['fields', index, 'field'];
    if (problem) issues.push({ path, code: 'unknown_field', message: `${problem} on deals` });
    if (keys.has(featureKey(feature))) issues.push({ path, code: 'custom', message: 'Duplicate feature' });
    keys.add(featureKey(feature));
    if (field === STAGE_FEATURE && typeof feature !== 'string') {
      issues.push({ path, code: 'custom', message: 'The stage is ordered by the pipeline, not binned' });
    }
  });
  const usesStage = parsed.fields.includes(STAGE_FEATURE);
  if (usesStage && !parsed.pipeline) {
    issues.push({
      path: ['pipeline'],
      code: 'required',
      message: 'The stage feature needs the pipeline for its order',
    });
  }
  if (issues.length > 0) {
    throw new KehuError(
      'VALIDATION',
      `Invalid win-probability options: ${issues.map((i) => i.path.join('.')).join(', ')}`,
      {
        issues,
      },
    );
  }
  const stages = usesStage
    ? parsed.pipeline!.stages.filter((stage) => (stage.outcome ?? 'open') === 'open').map((stage) => stage.id)
    : undefined;
  const features = parsed.fields;
  return {
    kind: 'kehu.win-probability',
    version: 1,
    features,
    ...(stages ? { stages } : {}),
    minExamples: parsed.minExamples,
    minTeamExamples: parsed.minTeamExamples,
    global: tableFor(features),
    teams: {},
  };
}

function tableFor(features: readonly WinFeature[]): WinTable {
  const table = emptyTable();
  for (const feature of features) if (feature !== STAGE_FEATURE) table.values[featureKey(feature)] = {};
  return table;
}

function isClosed(deal: DealLike): boolean {
  return deal.status === 'won' || deal.status === 'lost';
}

function requireClosed(deal: DealLike): void {
  if (!isClosed(deal)) {
    throw new KehuError('VALIDATION', 'Only a won or lost deal changes the win-probability model', {
      issues: [{ path: ['status'], code: 'invalid_value', message: 'Expected won or lost' }],
    });
  }
}

/** Counts (sign 1) or un-counts (sign -1) one closed deal in the global table and its team's. */
function count(model: WinProbabilityModel, deal: DealLike, sign: 1 | -1): void {
  const won = deal.status === 'won';
  const tables = [model.global];
  const teamId = deal.teamId;
  if (typeof teamId === 'string' && teamId !== '') {
    if (!Object.hasOwn(model.teams, teamId)) {
      Object.defineProperty(model.teams, teamId, {
        value: tableFor(model.features),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    tables.push(model.teams[teamId]!);
  }
  const reached = model.stages ? reachedStage(model, deal, won) : -1;
  for (const table of tables) {
    if (won) table.won += sign;
    else table.lost += sign;
    if (table.won < 0 || table.lost < 0) throw new RangeError('Outcome count below zero');
    for (const feature of model.features) {
      if (feature === STAGE_FEATURE) continue;
      const values = table.values[featureKey(feature)]!;
      for (const value of featureValues(deal, feature)) bump(values, value, won, sign);
    }
    for (let i = 0; i <= reached; i++) bump(table.stages, model.stages![i]!, won, sign);
  }
  if (typeof teamId === 'string' && Object.hasOwn(model.teams, teamId)) {
    const team = model.teams[teamId]!;
    if (team.won === 0 && team.lost === 0) delete model.teams[teamId];
  }
}

/**
 * The last open stage a closed deal reached, as an index into the model's stages. A won deal has
 * passed them all (as in Odoo); a lost one counts up to the stage it was lost from.
 */
function reachedStage(model: WinProbabilityModel, deal: DealLike, won: boolean): number {
  const last = model.stages!.length - 1;
  if (won) return last;
  const from = stageBeforeClose(model, deal);
  return from === undefined ? 0 : stageIndex(model, from);
}

/**
 * The open stage a deal was in when it closed: its current stage if that is open (a lost deal left
 * where it was), else the stage it moved from into its closing stage, else the furthest open stage
 * in its history. Undefined when the history says nothing.
 */
export function stageBeforeClose(model: WinProbabilityModel, deal: DealLike): string | undefined {
  if (stageIndex(model, deal.stageId) >= 0) return deal.stageId;
  const history = deal.history ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    const move = history[i]!;
    if (stageIndex(model, move.to) < 0 && stageIndex(model, move.from) >= 0) return move.from!;
  }
  let furthest = -1;
  for (const move of history)
    furthest = Math.max(furthest, stageIndex(model, move.to), stageIndex(model, move.from));
  return furthest >= 0 ? model.stages![furthest] : undefined;
}
