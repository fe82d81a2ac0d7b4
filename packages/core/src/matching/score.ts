/**
 * The match score, in the Fellegi-Sunter way: each field adds log2(m/u) when it agrees and
 * log2((1−m)/(1−u)) when it disagrees, with partial agreement interpolated between the two
 * (Winkler); a missing value adds nothing. The sum plus the prior log-odds is turned into a
 * probability in [0, 1], which the thresholds split into same / possible / different. Every field's
 * contribution is kept as a reason, so a reviewer sees why two records were linked.
 */
import type { CompiledEntity, CompiledField, FieldValue, PreparedRecord } from './compile.ts';

export type Verdict = 'same' | 'possible' | 'different';

export interface FieldReason {
  field: string;
  outcome: 'agree' | 'partial' | 'disagree' | 'missing';
  /** Best similarity between the two records' values, 0–1; absent when a value is missing. */
  similarity?: number;
  /** Contribution to the total weight, in bits. */
  weight: number;
  /** Why the comparator capped or adjusted the field (`branch office of`, `swapped with surname`). */
  note?: string;
}

export interface MatchScore {
  /** Probability that the two records are one entity, 0–1. */
  score: number;
  /** Total weight in bits (log2 likelihood ratio), before the prior. */
  weight: number;
  verdict: Verdict;
  reasons: FieldReason[];
}

interface FieldResult {
  similarity: number;
  weight: number;
  missing: boolean;
  note?: string;
  cap: boolean;
}

function weightOf(field: CompiledField, similarity: number): number {
  if (similarity >= 1) return field.agree;
  if (similarity <= field.floor) return field.disagree;
  return field.disagree + ((field.agree - field.disagree) * (similarity - field.floor)) / (1 - field.floor);
}

const MISSING: FieldResult = { similarity: 0, weight: 0, missing: true, cap: false };

/** The best-agreeing pair of values of one field (several values: e-mails, phones, both name scripts). */
function compareValues(
  field: CompiledField,
  a: readonly FieldValue[],
  b: readonly FieldValue[],
): FieldResult {
  if (a.length === 0 || b.length === 0) return MISSING;
  let best = -1;
  let note: string | undefined;
  let cap = false;
  for (const x of a) {
    for (const y of b) {
      if (field.inspect) {
        const result = field.inspect(x, y);
        // Prefer an uncapped reading at equal similarity: the parent's own record beats its branch.
        if (result.similarity > best || (result.similarity === best && cap && !result.cap)) {
          best = result.similarity;
          note = result.note;
          cap = result.cap === 'possible';
        }
      } else {
        const similarity = field.similarity(x, y);
        if (similarity > best) best = similarity;
      }
      if (best >= 1 && !cap) break;
    }
  }
  const weight = best >= 1 && field.tf ? agreement(field, a, b) : weightOf(field, best);
  return { similarity: best, weight, missing: false, note, cap };
}

function toReason(field: CompiledField, result: FieldResult, note?: string): FieldReason {
  if (result.missing) return { field: field.name, outcome: 'missing', weight: 0 };
  const outcome =
    result.similarity >= 1 ? 'agree' : result.similarity <= field.floor ? 'disagree' : 'partial';
  const reason: FieldReason = {
    field: field.name,
    outcome,
    similarity: Math.round(result.similarity * 1e4) / 1e4,
    weight: Math.round(result.weight * 1e3) / 1e3,
  };
  const notes = [result.note, note].filter(Boolean);
  if (notes.length) reason.note = notes.join('; ');
  return reason;
}

/** The best similarity between two value lists, −1 when either is empty. Allocation-free. */
function bestSimilarity(field: CompiledField, a: readonly FieldValue[], b: readonly FieldValue[]): number {
  if (a.length === 0 || b.length === 0) return -1;
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const similarity = field.similarity(a[i]!, b[j]!);
      if (similarity > best) {
        best = similarity;
        if (best >= 1) return best;
      }
    }
  }
  return best;
}

function quickWeight(field: CompiledField, a: readonly FieldValue[], b: readonly FieldValue[]): number {
  const similarity = bestSimilarity(field, a, b);
  if (similarity < 0) return 0;
  return similarity >= 1 && field.tf ? agreement(field, a, b) : weightOf(field, similarity);
}

/** Full agreement weighed by how common the agreeing value is (term frequency). */
function agreement(field: CompiledField, a: readonly FieldValue[], b: readonly FieldValue[]): number {
  for (const x of a) {
    for (const y of b) {
      if (field.similarity(x, y) >= 1) return field.tf!.get(x.text) ?? field.tf!.get(y.text) ?? field.agree;
    }
  }
  return field.agree;
}

/**
 * The match probability alone, with the same result as `scorePair(…).score` but no reasons and no
 * allocation for plain fields: the inner loop of a scan, run once per candidate pair.
 */
export function pairScore(entity: CompiledEntity, a: PreparedRecord, b: PreparedRecord): number {
  const { fields } = entity;
  let weight = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const swap = field.swap;
    if (swap >= 0 && swap < i) continue;
    // Comparators that can cap a verdict (company names) take the full path.
    if (field.inspect || (swap > i && fields[swap]!.inspect)) return scorePair(entity, a, b, false).score;
    if (swap > i) {
      const other = fields[swap]!;
      const direct =
        quickWeight(field, a.values[i]!, b.values[i]!) + quickWeight(other, a.values[swap]!, b.values[swap]!);
      const crossed =
        quickWeight(field, a.values[i]!, b.values[swap]!) + quickWeight(other, a.values[swap]!, b.values[i]!);
      weight += Math.max(crossed, direct);
      continue;
    }
    weight += quickWeight(field, a.values[i]!, b.values[i]!);
  }
  return probability(weight, entity.priorLogOdds);
}

function capScore(entity: CompiledEntity, score: number, capped: boolean): number {
  if (!capped) return score;
  const { same, possible } = entity.definition.thresholds;
  // A branch office and its parent are a pair for a person to look at, whatever else agrees or
  // disagrees (a branch has its own phone and address): never `same`, never dismissed.
  return Math.min(Math.max(score, possible), Math.max(possible, same - 1e-4));
}

export function probability(weight: number, priorLogOdds: number): number {
  return 1 / (1 + 2 ** -(weight + priorLogOdds));
}

/**
 * Scores a pair of prepared records. `explain: false` skips building reasons — the hot path of a
 * scan, where most pairs are thrown away.
 */
export function scorePair(
  entity: CompiledEntity,
  a: PreparedRecord,
  b: PreparedRecord,
  explain = true,
): MatchScore {
  const { fields } = entity;
  const reasons: FieldReason[] = [];
  let weight = 0;
  let capped = false;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.swap >= 0 && field.swap < i) continue;
    if (field.swap > i) {
      const other = fields[field.swap]!;
      const f1 = compareValues(field, a.values[i]!, b.values[i]!);
      const g1 = compareValues(other, a.values[other.index]!, b.values[other.index]!);
      const f2 = compareValues(field, a.values[i]!, b.values[other.index]!);
      const g2 = compareValues(other, a.values[other.index]!, b.values[i]!);
      const swapped = f2.weight + g2.weight > f1.weight + g1.weight;
      const [f, g] = swapped ? [f2, g2] : [f1, g1];
      weight += f.weight + g.weight;
      capped ||= f.cap || g.cap;
      if (explain) {
        const note = swapped ? `swapped with ${other.name}` : undefined;
        reasons.push(toReason(field, f, note), toReason(other, g, note));
      }
      continue;
    }
    const result = compareValues(field, a.values[i]!, b.values[i]!);
    weight += result.weight;
    capped ||= result.cap;
    if (explain) reasons.push(toReason(field, result));
  }
  const { same, possible } = entity.definition.thresholds;
  const score = capScore(entity, probability(weight, entity.priorLogOdds), capped);
  const verdict: Verdict = score >= same ? 'same' : score >= possible ? 'possible' : 'different';
  return { score, weight, verdict, reasons: explain ? reasons.sort(byOrder(fields)) : reasons };
}

function byOrder(fields: readonly CompiledField[]) {
  const order = new Map(fields.map((field) => [field.name, field.index]));
  return (x: FieldReason, y: FieldReason) => order.get(x.field)! - order.get(y.field)!;
}
