/**
 * Predicting with the win-probability model: naive Bayes in log-odds. Start from the table's won:lost
 * odds, add each field's evidence log(P(value | won) / P(value | lost)), turn the sum back into a
 * percentage, clamp it to 0.01–99.99. `explainWinProbability` returns the same sum term by term.
 */
import {
  countsAt,
  type DealLike,
  featureField,
  featureKey,
  featureValues,
  MAX_PROBABILITY,
  MIN_PROBABILITY,
  type OutcomeCounts,
  SMOOTHING,
  STAGE_FEATURE,
  stageIndex,
  type WinFeature,
  type WinProbabilityModel,
  type WinTable,
} from './model.ts';

export interface WinContribution {
  /** The deal field (`stageId` for the stage). */
  field: string;
  /** The deal's values that counted. */
  values: string[];
  /** Their summed evidence: above 0 raises the probability, below 0 lowers it. */
  logOdds: number;
  /** The deal's values that were seen in fewer than `minExamples` closed deals, so did not count. */
  ignored: string[];
}

export interface WinExplanation {
  /** In percent, as `predictWinProbability` returns it. */
  probability: number;
  /** Whose history decided: the deal's team's, or every team's when the team has too little. */
  scope: 'team' | 'global';
  teamId?: string;
  /** Log-odds of the table's won:lost ratio, before any field. */
  prior: number;
  /** `prior` plus every contribution, before clamping. */
  logOdds: number;
  /** Every feature that had something to say, the strongest (either way) first. */
  contributions: WinContribution[];
}

/** The predicted chance, in percent with two decimals within 0.01–99.99, that the deal is won. */
export function predictWinProbability(model: WinProbabilityModel, deal: DealLike): number {
  const table = tableFor(model, deal);
  let logOdds = priorOf(table);
  for (const feature of model.features) logOdds += evidence(model, table, deal, feature, undefined);
  return toPercent(logOdds);
}

/** The prediction, with each field's contribution to it, strongest first. */
export function explainWinProbability(model: WinProbabilityModel, deal: DealLike): WinExplanation {
  const table = tableFor(model, deal);
  const prior = priorOf(table);
  let logOdds = prior;
  const contributions: WinContribution[] = [];
  for (const feature of model.features) {
    const contribution: WinContribution = {
      field: featureField(feature),
      values: [],
      logOdds: 0,
      ignored: [],
    };
    contribution.logOdds = evidence(model, table, deal, feature, contribution);
    logOdds += contribution.logOdds;
    if (contribution.values.length > 0 || contribution.ignored.length > 0) contributions.push(contribution);
  }
  contributions.sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds));
  const team = table !== model.global && typeof deal.teamId === 'string';
  return {
    probability: toPercent(logOdds),
    scope: team ? 'team' : 'global',
    ...(team ? { teamId: deal.teamId } : {}),
    prior,
    logOdds,
    contributions,
  };
}

/** The deal's team's table when it has enough history of both outcomes, else the global one. */
function tableFor(model: WinProbabilityModel, deal: DealLike): WinTable {
  const teamId = deal.teamId;
  if (typeof teamId !== 'string' || !Object.hasOwn(model.teams, teamId)) return model.global;
  const team = model.teams[teamId]!;
  const enough = team.won > 0 && team.lost > 0 && team.won + team.lost >= model.minTeamExamples;
  return enough ? team : model.global;
}

/** Smoothed like every count, so a table with no history says 50 % rather than nothing. */
function priorOf(table: WinTable): number {
  return Math.log((table.won + SMOOTHING) / (table.lost + SMOOTHING));
}

function evidence(
  model: WinProbabilityModel,
  table: WinTable,
  deal: DealLike,
  feature: WinFeature,
  into: WinContribution | undefined,
): number {
  if (feature === STAGE_FEATURE) return stageEvidence(model, table, deal, into);
  const counts = table.values[featureKey(feature)];
  if (!counts) return 0;
  const totals = reliableTotals(counts, model.minExamples);
  let sum = 0;
  for (const value of featureValues(deal, feature)) {
    const seen = countsAt(counts, value);
    if (!seen || seen.won + seen.lost < model.minExamples) {
      into?.ignored.push(value);
      continue;
    }
    sum += Math.log((seen.won + SMOOTHING) / totals.won) - Math.log((seen.lost + SMOOTHING) / totals.lost);
    into?.values.push(value);
  }
  return sum;
}

/**
 * The stage is "reached at least stage k": every won deal reached every stage, a lost deal the
 * stages up to where it was lost, so the evidence grows with each later stage. A stage with too
 * few deals borrows the evidence of the latest earlier stage that has enough, which keeps the
 * growth monotone.
 */
function stageEvidence(
  model: WinProbabilityModel,
  table: WinTable,
  deal: DealLike,
  into: WinContribution | undefined,
): number {
  const index = stageIndex(model, deal.stageId);
  if (index < 0) return 0;
  for (let k = index; k >= 0; k--) {
    const passed = countsAt(table.stages, model.stages![k]!);
    if (!passed || passed.won + passed.lost < model.minExamples) continue;
    into?.values.push(deal.stageId!);
    return (
      Math.log((passed.won + SMOOTHING) / (table.won + SMOOTHING)) -
      Math.log((passed.lost + SMOOTHING) / (table.lost + SMOOTHING))
    );
  }
  into?.ignored.push(deal.stageId!);
  return 0;
}

const totalsCache = new WeakMap<
  Record<string, OutcomeCounts>,
  { minExamples: number; totals: OutcomeCounts }
>();

/**
 * Won and lost totals over the values that count (with their smoothing), so P(value | outcome)
 * is a share among them — as Odoo leaves out the tags it ignores. Cached per table: a model is
 * never changed in place (updates copy it).
 */
function reliableTotals(counts: Record<string, OutcomeCounts>, minExamples: number): OutcomeCounts {
  const cached = totalsCache.get(counts);
  if (cached?.minExamples === minExamples) return cached.totals;
  let won = 0;
  let lost = 0;
  let reliable = 0;
  for (const key in counts) {
    const value = counts[key]!;
    if (value.won + value.lost < minExamples) continue;
    won += value.won;
    lost += value.lost;
    reliable++;
  }
  // Whole counts summed first, smoothing added once: the same totals whatever the key order.
  const totals = { won: won + SMOOTHING * reliable, lost: lost + SMOOTHING * reliable };
  totalsCache.set(counts, { minExamples, totals });
  return totals;
}

function toPercent(logOdds: number): number {
  const percent = Math.round(10_000 / (1 + Math.exp(-logOdds))) / 100;
  return Math.min(MAX_PROBABILITY, Math.max(MIN_PROBABILITY, percent));
}
