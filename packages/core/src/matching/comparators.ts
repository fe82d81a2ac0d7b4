/**
 * Field comparators: each takes two prepared values and returns a similarity in [0, 1], symmetric
 * in its arguments. Jaro-Winkler is our own (allocation-free, reused buffers); edit distance comes
 * from fastest-levenshtein (Myers' bit-parallel algorithm).
 */
import { distance } from 'fastest-levenshtein';
import type { CompanyName } from './normalize/company-name.ts';
import type { PersonName } from './normalize/person-name.ts';

/**
 * What a comparator found. `cap: 'possible'` puts the pair in the possible band whatever the other
 * fields say: a branch office and its parent are related records, neither one record nor strangers.
 */
export interface Comparison {
  similarity: number;
  note?: string;
  cap?: 'possible';
}

// Match flags as generation stamps: a slot is set when it holds the current call's stamp, so the
// buffers never need clearing between calls (clearing cost more than the matching on short names).
let matchedShort = new Int32Array(64);
let matchedLong = new Int32Array(64);
let stamp = 0;

function nextStamp(shortLength: number, longLength: number): number {
  if (matchedShort.length < shortLength) matchedShort = new Int32Array(shortLength * 2);
  if (matchedLong.length < longLength) matchedLong = new Int32Array(longLength * 2);
  if (stamp === 0x7fffffff) {
    matchedShort.fill(0);
    matchedLong.fill(0);
    stamp = 0;
  }
  return ++stamp;
}

/**
 * Jaro similarity. Half-transpositions are halved with integer division, as in Winkler's
 * reference `strcmp95` (and talisman). The shorter string (or, at equal length, the smaller one)
 * drives the greedy matching, so the result does not depend on argument order.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  let s = a;
  let l = b;
  if (s.length > l.length || (s.length === l.length && s > l)) {
    s = b;
    l = a;
  }
  const sl = s.length;
  const ll = l.length;
  if (sl === 0) return 0;
  const range = ll >> 1 > 1 ? (ll >> 1) - 1 : 0;
  const mark = nextStamp(sl, ll);
  const short = matchedShort;
  const long = matchedLong;
  let matches = 0;
  for (let i = 0; i < sl; i++) {
    const code = s.charCodeAt(i);
    const end = Math.min(i + range + 1, ll);
    for (let j = i > range ? i - range : 0; j < end; j++) {
      if (long[j] !== mark && l.charCodeAt(j) === code) {
        short[i] = mark;
        long[j] = mark;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < sl; i++) {
    if (short[i] !== mark) continue;
    while (long[k] !== mark) k++;
    if (s.charCodeAt(i) !== l.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions >> 1;
  return (matches / sl + matches / ll + (matches - t) / matches) / 3;
}

/**
 * Jaro-Winkler similarity: Jaro boosted by the common prefix (up to 4 characters, scale 0.1), only
 * when Jaro reaches 0.7 — Winkler's boost threshold, below which a shared prefix is coincidence.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const j = jaro(a, b);
  if (j < 0.7) return j;
  const limit = Math.min(a.length, b.length, 4);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** 1 − edit distance ÷ the longer length. */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

export function exactSimilarity(a: string, b: string): number {
  return a === b ? 1 : 0;
}

/**
 * Token-set similarity: Dice over the two sets of tokens, where a token counts as shared when it
 * has a partner with Jaro-Winkler ≥ 0.9 (credited with that score) — a typo in one word of a long
 * name still counts for most of it. Order of tokens does not matter.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  let x = [...new Set(a)];
  let y = [...new Set(b)];
  if (x.length === 0 || y.length === 0) return x.length === y.length ? 1 : 0;
  // The greedy pairing depends on which side leads; a fixed order keeps the measure symmetric.
  if (x.length > y.length || (x.length === y.length && x.join('\u0000') > y.join('\u0000'))) {
    [x, y] = [y, x];
  }
  const used = new Uint8Array(y.length);
  let shared = 0;
  for (const token of x) {
    let best = 0;
    let at = -1;
    for (let j = 0; j < y.length; j++) {
      if (used[j]) continue;
      const score = token === y[j] ? 1 : jaroWinkler(token, y[j]!);
      if (score > best) {
        best = score;
        at = j;
      }
    }
    if (at >= 0 && best >= 0.9) {
      used[at] = 1;
      shared += best;
    }
  }
  return (2 * shared) / (x.length + y.length);
}

/** A calendar date taken apart; `day` is days since the epoch, absent for impossible dates. */
export interface DateParts {
  digits: string;
  year: number;
  month: number;
  date: number;
  day?: number;
}

/** Parses `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/M/D`, `YYYY年M月D日` or an ISO timestamp. */
export function dateParts(input: string): DateParts | undefined {
  const text = input.normalize('NFKC').trim();
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  const digits = `${match[1]}${match[2]!.padStart(2, '0')}${match[3]!.padStart(2, '0')}`;
  const time = Date.UTC(year, month - 1, date);
  const valid = month >= 1 && month <= 12 && new Date(time).getUTCDate() === date;
  return valid ? { digits, year, month, date, day: time / 86_400_000 } : { digits, year, month, date };
}

/**
 * Date closeness: 1 for the same day; 0.9 for day and month swapped (the most common date typo);
 * otherwise the better of the distance in days (linear to 0 at `maxDays`) and the digit-level
 * edit similarity (one mistyped digit of eight is 0.875).
 */
export function dateSimilarity(a: DateParts, b: DateParts, maxDays = 365): number {
  if (a.digits === b.digits) return 1;
  if (a.year === b.year && a.month === b.date && a.date === b.month) return 0.9;
  const digits = levenshteinSimilarity(a.digits, b.digits);
  if (a.day === undefined || b.day === undefined) return digits;
  const days = Math.abs(a.day - b.day);
  return Math.max(digits, days >= maxDays ? 0 : 1 - days / maxDays);
}

// Same pinyin, different characters: an IME picked the wrong homophone (王芳 / 汪芳) — or two people.
const HOMOPHONE = 0.9;
// A romanised name cannot tell homophones apart, so it never proves the characters.
const CROSS_SCRIPT = 0.95;
// Given name first is normal in English, but an exact match in the written order says more.
const REVERSED = 0.98;

/** Surname against surname and given name against given name: the weaker of the two decides. */
function partwise(a: readonly string[], b: readonly string[], swapped: boolean): number {
  const [b0, b1] = swapped ? [b[1]!, b[0]!] : [b[0]!, b[1]!];
  return Math.min(jaroWinkler(a[0]!, b0), jaroWinkler(a[1]!, b1)) * (swapped ? REVERSED : 1);
}

/**
 * Person names in any script and either order; see `personName`. Two-part names are compared part
 * by part — relatives share a surname and often a sound (戴明 / 戴颖), so agreeing on one part must
 * not carry the other; other names are compared run together, in both orders.
 */
export function personNameSimilarity(a: PersonName, b: PersonName): number {
  if (a.text === b.text) return 1;
  let best = 0;
  const bothHan = a.hanzi !== '' && b.hanzi !== '';
  if (bothHan) {
    if (a.hanzi === b.hanzi) return 1;
    best = levenshteinSimilarity(a.hanzi, b.hanzi);
    if (a.orders[0] === b.orders[0]) best = Math.max(best, HOMOPHONE);
  }
  let roman = 0;
  if (a.parts.length === 2 && b.parts.length === 2) {
    roman = Math.max(partwise(a.parts, b.parts, false), partwise(a.parts, b.parts, true));
  } else {
    for (let i = 0; i < a.orders.length; i++) {
      for (let j = 0; j < b.orders.length; j++) {
        // Plain Jaro: Winkler's prefix bonus would reward a shared surname, which says little.
        const score = jaro(a.orders[i]!, b.orders[j]!) * (i === 0 && j === 0 ? 1 : REVERSED);
        if (score > roman) roman = score;
      }
    }
  }
  if (bothHan) roman *= 0.85;
  else if (a.hanzi !== '' || b.hanzi !== '') roman *= CROSS_SCRIPT;
  return Math.max(best, roman);
}

/**
 * Company names: the same core (brand + industry) is 1, else the better of Jaro-Winkler over the
 * cores and token-set similarity over brand and industry words; across scripts the brand's pinyin
 * and the industry's English are compared. A branch office against its parent (or another branch),
 * a group against a member company, or one brand in two different cities is at most `possible`.
 */
export function companyNameSimilarity(a: CompanyName, b: CompanyName): Comparison {
  if (!a.core || !b.core) return { similarity: 0 };
  let similarity: number;
  const hanA = /\p{Script=Han}/u.test(a.core);
  const hanB = /\p{Script=Han}/u.test(b.core);
  if (a.core === b.core) similarity = 1;
  else if (hanA === hanB) {
    similarity = Math.max(jaroWinkler(a.core, b.core), tokenSetSimilarity(a.tokens, b.tokens));
    if (hanA && a.roman === b.roman && a.industry.join() === b.industry.join()) {
      similarity = Math.max(similarity, HOMOPHONE);
    }
  } else {
    const brand = jaroWinkler(a.roman, b.roman);
    const industry =
      a.industryEn.length || b.industryEn.length ? tokenSetSimilarity(a.industryEn, b.industryEn) : 1;
    similarity = CROSS_SCRIPT * (0.75 * brand + 0.25 * industry);
  }
  if (similarity < 0.85) return { similarity };
  if ((a.branch ?? '') !== (b.branch ?? '')) {
    const note = a.branch && b.branch ? 'different branch offices' : 'branch office of';
    return { similarity, note, cap: 'possible' };
  }
  if (Boolean(a.group) !== Boolean(b.group))
    return { similarity, note: 'group and member company', cap: 'possible' };
  if (a.city && b.city && a.city !== b.city) {
    return { similarity: similarity * 0.9, note: 'same name in another city', cap: 'possible' };
  }
  return { similarity };
}
