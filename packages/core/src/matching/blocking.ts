/**
 * Blocking: instead of comparing every record with every other (n²/2 pairs), records are grouped by
 * several cheap keys — an e-mail, a phone, a phonetic name plus a birth year — and only records
 * sharing a key are compared. Several keys keep recall: a pair missed by one key (a typo in the
 * e-mail) is caught by another. A key shared by more than `maxBlockSize` records (a company's
 * switchboard number, the surname Wang) says little and would bring back the quadratic cost, so it
 * is skipped and counted. The pairs therefore grow close to linearly with the number of records.
 */
import type { CompiledEntity, FieldValue, PreparedRecord } from './compile.ts';
import type { Transform } from './config.ts';
import { emailDomain, FREE_EMAIL_DOMAINS } from './normalize/email.ts';
import { soundex } from './normalize/text.ts';

interface KeyPart {
  field: number;
  transform: Transform;
  length: number;
}

export interface CompiledKey {
  name: string;
  parts: KeyPart[];
  sorted: boolean;
  /** Blocks of this key larger than this are skipped as too generic. */
  maxBlockSize: number;
}

const SEPARATOR = '\u001f';
const MAX_COMBINATIONS = 16;

export function compileKeys(entity: CompiledEntity): CompiledKey[] {
  const index = new Map(entity.fields.map((field) => [field.name, field.index]));
  return entity.definition.blocking.keys.map((key, k) => {
    const parts = key.parts.map((part) =>
      typeof part === 'string'
        ? { field: index.get(part)!, transform: 'value' as const, length: 0 }
        : { field: index.get(part.field)!, transform: part.transform, length: part.length ?? 0 },
    );
    const name =
      key.name ??
      key.parts
        .map((part) => (typeof part === 'string' ? part : `${part.field}:${part.transform}`))
        .join('+');
    return {
      name: name || `key${k}`,
      parts,
      sorted: key.sorted === true,
      maxBlockSize: key.maxBlockSize ?? entity.definition.blocking.maxBlockSize,
    };
  });
}

/** The base text a transform works on: order-free for names, the romanised brand for companies. */
function base(value: FieldValue): string {
  if (value.person) return [...value.person.parts].sort().join(' ');
  if (value.company) return value.company.roman;
  return value.text;
}

/** One field value through one transform: zero, one or several key parts. */
export function transform(value: FieldValue, part: Pick<KeyPart, 'transform' | 'length'>): string[] {
  switch (part.transform) {
    case 'value': {
      const text = base(value);
      return text ? [text] : [];
    }
    case 'prefix': {
      const text = base(value);
      return text ? [text.slice(0, part.length)] : [];
    }
    case 'soundex': {
      const tokens = value.person ? value.person.parts : value.tokens;
      const codes = [...new Set(tokens.map((token) => soundex(token)))].sort();
      return codes.length ? [codes.join(' ')] : [];
    }
    case 'anagram': {
      const letters = (value.person ? value.person.parts.join('') : base(value)).replace(/\s+/g, '');
      return letters ? [[...letters].sort().join('')] : [];
    }
    case 'tokens':
      return [...new Set(value.tokens)].filter(Boolean);
    case 'digits': {
      const digits = value.text.replace(/\D/g, '');
      return digits ? [digits] : [];
    }
    case 'year': {
      const year = value.date ? String(value.date.year) : value.text.replace(/\D/g, '').slice(0, 4);
      return year.length === 4 ? [year] : [];
    }
    case 'domain': {
      const domain = value.text.includes('@') ? emailDomain(value.text) : value.text;
      return domain && !FREE_EMAIL_DOMAINS.has(domain) ? [domain] : [];
    }
  }
}

/** Every key of a record; a record without a value for some part gets no key from that definition. */
export function recordKeys(keys: readonly CompiledKey[], record: PreparedRecord): string[] {
  const out = new Set<string>();
  keys.forEach((key, k) => {
    const prefix = k + SEPARATOR;
    if (key.parts.length === 1) {
      // The common case, without building combinations.
      const part = key.parts[0]!;
      for (const value of record.values[part.field]!)
        for (const text of transform(value, part)) out.add(prefix + text);
      return;
    }
    let combos: string[][] = [[]];
    for (const part of key.parts) {
      const texts = new Set<string>();
      for (const value of record.values[part.field]!)
        for (const text of transform(value, part)) texts.add(text);
      if (texts.size === 0) return;
      const next: string[][] = [];
      for (const combo of combos) {
        for (const text of texts) if (next.length < MAX_COMBINATIONS) next.push([...combo, text]);
      }
      combos = next;
    }
    for (const combo of combos) out.add(prefix + (key.sorted ? [...combo].sort() : combo).join(SEPARATOR));
  });
  return [...out];
}

export interface BlockingStats {
  /** Distinct keys shared by at least two records and small enough to use. */
  blocks: number;
  /** Keys skipped because more than `maxBlockSize` records shared them. */
  skippedKeys: number;
  /** Distinct candidate pairs. */
  pairs: number;
}

/**
 * Candidate pairs as indexes into `records`, each pair once (`[i, j]` with i < j, flattened).
 * Pairs are deduplicated across keys, so `pairs` is exactly the number of comparisons to make.
 */
export function candidatePairs(
  keys: readonly CompiledKey[],
  records: readonly PreparedRecord[],
): { pairs: Uint32Array; stats: BlockingStats } {
  const blocks = new Map<string, number[]>();
  const limitOf = (key: string) => keys[Number(key.slice(0, key.indexOf(SEPARATOR)))]!.maxBlockSize;
  records.forEach((record, index) => {
    for (const key of recordKeys(keys, record)) {
      const block = blocks.get(key);
      if (block) {
        // Stop growing a block once it is too generic; it is skipped anyway.
        if (block.length <= limitOf(key)) block.push(index);
      } else blocks.set(key, [index]);
    }
  });
  const n = records.length;
  // Pair codes (lo·n + hi) in a plain number array, then sorted and deduplicated: far less garbage
  // than a Set of numbers beyond the small-integer range.
  const codes: number[] = [];
  let used = 0;
  let skipped = 0;
  for (const [key, block] of blocks) {
    if (block.length < 2) continue;
    if (block.length > limitOf(key)) {
      skipped++;
      continue;
    }
    used++;
    for (let x = 0; x < block.length; x++) {
      for (let y = x + 1; y < block.length; y++) {
        const i = block[x]!;
        const j = block[y]!;
        codes.push(i < j ? i * n + j : j * n + i);
      }
    }
  }
  const sorted = Float64Array.from(codes).sort();
  const pairs = new Uint32Array(sorted.length * 2);
  let count = 0;
  for (let k = 0; k < sorted.length; k++) {
    const code = sorted[k]!;
    if (k > 0 && code === sorted[k - 1]) continue;
    const lo = Math.floor(code / n);
    pairs[count * 2] = lo;
    pairs[count * 2 + 1] = code - lo * n;
    count++;
  }
  return { pairs: pairs.subarray(0, count * 2), stats: { blocks: used, skippedKeys: skipped, pairs: count } };
}
