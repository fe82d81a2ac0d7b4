/**
 * The win-probability model as data: frequency tables of won and lost deals per field value, one
 * for all deals and one per team, in the manner of Odoo's predictive lead scoring. It is plain
 * JSON (store it, ship it to a browser) and holds whole counts only, so adding deals one by one
 * gives exactly the model that training on all of them at once gives.
 */
import { z } from 'zod';
import type { Deal } from '../model/deal.ts';

/** Added to every count, as Odoo does: keeps a value never seen lost from meaning "certain". */
export const SMOOTHING = 0.1;
/** Probabilities are clamped to this range in percent: no deal is ever certain either way. */
export const MIN_PROBABILITY = 0.01;
export const MAX_PROBABILITY = 99.99;

/** The stage feature's name in `fields`: ordered by the pipeline, not compared value by value. */
export const STAGE_FEATURE = 'stageId';

/**
 * A feature: a deal field (a dotted path such as `amount.currency`, a list field such as
 * `products` counting each element), or a numeric field cut into bins at the given edges.
 */
export const WinFeatureSchema = z.union([
  z.string().min(1).max(200),
  z.strictObject({
    field: z.string().min(1).max(200),
    bins: z
      .array(z.number())
      .min(1)
      .max(100)
      .refine((edges) => edges.every((edge, i) => i === 0 || edge > edges[i - 1]!), {
        message: 'Bin edges must increase',
      }),
  }),
]);
export type WinFeature = z.infer<typeof WinFeatureSchema>;

const CountSchema = z.int().nonnegative();
export const OutcomeCountsSchema = z.strictObject({ won: CountSchema, lost: CountSchema });
export type OutcomeCounts = z.infer<typeof OutcomeCountsSchema>;

export const WinTableSchema = z.strictObject({
  /** Closed deals in this table. */
  won: CountSchema,
  lost: CountSchema,
  /** Per feature key, per value: won and lost deals that had it. */
  values: z.record(z.string(), z.record(z.string(), OutcomeCountsSchema)),
  /** Per open stage: won and lost deals that reached at least that stage. */
  stages: z.record(z.string(), OutcomeCountsSchema),
});
export type WinTable = z.infer<typeof WinTableSchema>;

/**
 * For checking a stored model. Note that zod drops record keys named `__proto__` when parsing, so
 * a value, stage or team id of that name (which training itself handles) does not survive it.
 */
export const WinProbabilityModelSchema = z.strictObject({
  kind: z.literal('kehu.win-probability'),
  version: z.literal(1),
  features: z.array(WinFeatureSchema),
  /** Open stage ids in pipeline order, when `stageId` is a feature. */
  stages: z.array(z.string()).optional(),
  /** A value's (or stage's) evidence counts only once this many closed deals had it. */
  minExamples: z.int().min(1),
  /** A team's own table is used only once it has this many closed deals, won and lost both present. */
  minTeamExamples: z.int().min(1),
  global: WinTableSchema,
  teams: z.record(z.string(), WinTableSchema),
});
export type WinProbabilityModel = z.infer<typeof WinProbabilityModelSchema>;

/** The deal fields the model reads; anything else on the object is ignored. */
export type DealLike = Partial<Deal> & object;

/** A feature's key in the tables: its field, plus its bin edges when binned. */
export function featureKey(feature: WinFeature): string {
  return typeof feature === 'string' ? feature : `${feature.field}#${feature.bins.join(',')}`;
}

export function featureField(feature: WinFeature): string {
  return typeof feature === 'string' ? feature : feature.field;
}

/**
 * The values a deal has for a feature, as table keys. Unset values (undefined, null, empty) give
 * none — they are no evidence either way, as in Odoo. A list gives each distinct element.
 */
export function featureValues(deal: DealLike, feature: WinFeature): string[] {
  const value = readPath(deal, featureField(feature).split('.'));
  if (typeof feature !== 'string') return typeof value === 'number' ? [binLabel(value, feature.bins)] : [];
  if (Array.isArray(value)) return [...new Set(value.flatMap(valueKey))];
  return valueKey(value);
}

/** Follows a dotted path; below the top level only through own properties, never a prototype. */
function readPath(deal: DealLike, segments: readonly string[]): unknown {
  let value: unknown = (deal as Record<string, unknown>)[segments[0]!];
  for (let i = 1; i < segments.length; i++) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segments[i]!)) return undefined;
    value = (value as Record<string, unknown>)[segments[i]!];
  }
  return value;
}

function valueKey(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return [typeof value === 'object' ? JSON.stringify(value) : String(value)];
}

/** `<10`, `10–50`, `≥50`: readable in an explanation, stable as a key. */
export function binLabel(value: number, edges: readonly number[]): string {
  if (value < edges[0]!) return `<${edges[0]}`;
  for (let i = 1; i < edges.length; i++) if (value < edges[i]!) return `${edges[i - 1]}–${edges[i]}`;
  return `≥${edges[edges.length - 1]}`;
}

/** Reads a count record safely: keys come from data, and `__proto__` is a valid stage or value. */
export function countsAt(
  record: Record<string, OutcomeCounts> | undefined,
  key: string,
): OutcomeCounts | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Adds (or with sign -1 removes) one outcome at `key`, dropping entries that fall to zero. */
export function bump(record: Record<string, OutcomeCounts>, key: string, won: boolean, sign: 1 | -1): void {
  const existing = countsAt(record, key);
  const counts = existing ?? { won: 0, lost: 0 };
  if (won) counts.won += sign;
  else counts.lost += sign;
  if (counts.won < 0 || counts.lost < 0)
    throw new RangeError(`No ${won ? 'won' : 'lost'} deal counted at ${key}`);
  if (counts.won === 0 && counts.lost === 0) {
    if (existing) delete record[key];
  } else if (!existing) {
    // defineProperty, not assignment: a value named "__proto__" must be stored, not set the prototype.
    Object.defineProperty(record, key, {
      value: counts,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

export function emptyTable(): WinTable {
  return { won: 0, lost: 0, values: {}, stages: {} };
}

/** Where the deal's stage sits among the model's open stages, or -1 (closed, unknown, no stage feature). */
export function stageIndex(model: WinProbabilityModel, stageId: unknown): number {
  return model.stages && typeof stageId === 'string' ? model.stages.indexOf(stageId) : -1;
}
