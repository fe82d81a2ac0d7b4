/**
 * Plugs a compiled scorer into `createCrm`'s scoring seam, so `leads.capture` stores the score
 * snapshot (total, groups, grade and reasons) on every captured lead.
 */
import type { EngineContext, LeadDraft, LeadScore, ScoringEngine } from '../crm/engines.ts';
import type { Locale } from '../model/common.ts';
import type { RuleLabel } from './definition.ts';
import type { ScoreResult, Scorer } from './plan.ts';

export interface ScoringEngineOptions {
  /** The language rule labels are stored in on the snapshot. Default `zh-CN`. */
  locale?: Locale;
}

/**
 * The `CrmEngines['scoring']` engine for a scorer:
 * `createCrm({ engines: { scoring: scoringEngine(compileScoring(definition)) } })`.
 * A lead being captured has no activities yet, so only fit rules can fire at that moment.
 */
export function scoringEngine(scorer: Scorer, options: ScoringEngineOptions = {}): ScoringEngine {
  const locale = options.locale ?? 'zh-CN';
  return {
    scoreLead(lead: LeadDraft, context: EngineContext): LeadScore {
      return leadScoreOf(scorer.score(lead, { now: context.now }), locale);
    },
  };
}

/** A score result as a lead stores it, rule labels in `locale` (e.g. for leads scored in bulk). */
export function leadScoreOf(result: ScoreResult, locale: Locale): LeadScore {
  return {
    total: result.total,
    ...(result.grade === undefined ? {} : { grade: result.grade }),
    groups: { ...result.groups },
    reasons: result.reasons.map((reason) => ({
      ruleId: reason.ruleId,
      ...(reason.label === undefined ? {} : { label: labelText(reason.label, locale) }),
      group: reason.group,
      points: reason.points,
    })),
  };
}

/** The same adapter under the name the scoring issue gave it. */
export const scoreLeadEngine = scoringEngine;

export function labelText(label: RuleLabel, locale: Locale): string {
  return typeof label === 'string' ? label : label[locale];
}
