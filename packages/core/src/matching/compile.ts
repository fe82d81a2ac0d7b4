/**
 * Turns a validated entity definition into closures, once: how to read and normalise each field of
 * a record, how to compare two prepared values, the Fellegi-Sunter weights, and how to spell a
 * value for a store lookup. Records are prepared once and compared many times, so everything
 * expensive (pinyin, company-name parsing, phone metadata) happens in `prepare`.
 */
import {
  type Comparison,
  companyNameSimilarity,
  type DateParts,
  dateParts,
  dateSimilarity,
  exactSimilarity,
  jaroWinkler,
  levenshteinSimilarity,
  personNameSimilarity,
  tokenSetSimilarity,
} from './comparators.ts';
import {
  type ComparatorName,
  type EntityMatching,
  type FieldKind,
  KIND_COMPARATORS,
  type Normalization,
} from './config.ts';
import { addressTokens } from './normalize/address.ts';
import {
  type CompanyName,
  companyName,
  companyNameLookupVariants,
  DEFAULT_CITIES,
} from './normalize/company-name.ts';
import { emailLookupVariants, normalizeEmail } from './normalize/email.ts';
import { type PersonName, personName, personNameLookupVariants } from './normalize/person-name.ts';
import { normalizePhone, type PhoneRegion, phoneLookupVariants } from './normalize/phone.ts';
import { foldText, foldWords } from './normalize/text.ts';

/** One normalised value of a field. */
export interface FieldValue {
  /** The canonical text. */
  text: string;
  tokens: readonly string[];
  person?: PersonName;
  company?: CompanyName;
  date?: DateParts;
}

/** A record reduced to what matching needs: its id and each field's values (empty when missing). */
export interface PreparedRecord {
  id: string;
  values: readonly (readonly FieldValue[])[];
}

export interface CompiledField {
  name: string;
  index: number;
  kind: FieldKind;
  comparator: ComparatorName;
  paths: readonly (readonly string[])[];
  /** log2(m / u): the weight of full agreement. */
  agree: number;
  /** log2((1 − m) / (1 − u)): the weight of disagreement (negative). */
  disagree: number;
  floor: number;
  /** Index of the field whose values are often swapped with this one's, or −1. */
  swap: number;
  /** P(agree | same entity), kept for term-frequency weights. */
  m: number;
  termFrequency: boolean;
  /** Agreement weight per value, from term frequencies (`withTermFrequencies`); `agree` otherwise. */
  tf?: ReadonlyMap<string, number>;
  prepare(raw: string): FieldValue | undefined;
  similarity(a: FieldValue, b: FieldValue): number;
  /** Present when the comparator can explain itself or cap a verdict (company names). */
  inspect?: (a: FieldValue, b: FieldValue) => Comparison;
  /** Spellings of a raw value to look up in a store that keeps values as typed. */
  variants(raw: string): string[];
  /** Prefixes to look up by range (`华星科技` finds 华星科技(北京) and 华星科技有限公司). */
  prefixes(raw: string): string[];
}

export interface CompiledEntity {
  definition: EntityMatching;
  fields: readonly CompiledField[];
  priorLogOdds: number;
  prepare(record: Readonly<Record<string, unknown>>): PreparedRecord;
  /** Raw strings of one field of a record, as typed. */
  raw(record: Readonly<Record<string, unknown>>, field: CompiledField): string[];
}

// Default partial-agreement floors: below these a comparator's score is as good as a mismatch.
const FLOORS: Readonly<Record<ComparatorName, number>> = {
  exact: 0,
  jaroWinkler: 0.8,
  levenshtein: 0.5,
  tokenSet: 0.4,
  date: 0.6,
  personName: 0.8,
  companyName: 0.75,
};

function normalizeDomain(input: string): string {
  const text = foldText(input).replace(/\s+/g, '');
  const host = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text;
  return host
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\d*\./, '')
    .replace(/\.+$/, '');
}

/**
 * Remembers prepared values of the costly kinds (pinyin look-ups, company-name parsing): names
 * repeat across a collection (王芳 thousands of times), and prepared values are never mutated.
 * Bounded, and simply emptied when full.
 */
function memo(prepare: (raw: string) => FieldValue | undefined): (raw: string) => FieldValue | undefined {
  const cache = new Map<string, FieldValue | undefined>();
  return (raw) => {
    if (cache.has(raw)) return cache.get(raw);
    if (cache.size >= 20_000) cache.clear();
    const value = prepare(raw);
    cache.set(raw, value);
    return value;
  };
}

function preparer(kind: FieldKind, options: Normalization): (raw: string) => FieldValue | undefined {
  const region = options.region as PhoneRegion;
  const cities = options.cities ?? DEFAULT_CITIES;
  const plain = (text: string, tokens: readonly string[] = text ? [text] : []) =>
    text ? { text, tokens } : undefined;
  switch (kind) {
    case 'text': {
      return (raw) => {
        const text = foldWords(raw);
        return plain(text, text.split(' '));
      };
    }
    case 'id':
      return (raw) => plain(foldText(raw).replace(/\s+/g, ''));
    case 'email':
      return (raw) => plain(normalizeEmail(raw));
    case 'phone':
      return (raw) => plain(normalizePhone(raw, region));
    case 'domain':
      return (raw) => plain(normalizeDomain(raw));
    case 'address':
      return (raw) => {
        const tokens = addressTokens(raw);
        return plain(tokens.join(' '), tokens);
      };
    case 'personName':
      return memo((raw) => {
        const person = personName(raw);
        return person.text ? { text: person.text, tokens: person.parts, person } : undefined;
      });
    case 'companyName':
      return memo((raw) => {
        const company = companyName(raw, { cities });
        return company.core ? { text: company.core, tokens: company.tokens, company } : undefined;
      });
    case 'date':
      return (raw) => {
        const date = dateParts(raw);
        if (date) return { text: date.digits, tokens: [date.digits], date };
        return plain(raw.replace(/\D/g, ''));
      };
  }
}

function similarityOf(comparator: ComparatorName, maxDays: number): (a: FieldValue, b: FieldValue) => number {
  switch (comparator) {
    case 'exact':
      return (a, b) => exactSimilarity(a.text, b.text);
    case 'jaroWinkler':
      return (a, b) => jaroWinkler(a.text, b.text);
    case 'levenshtein':
      return (a, b) => levenshteinSimilarity(a.text, b.text);
    case 'tokenSet':
      return (a, b) => tokenSetSimilarity(a.tokens, b.tokens);
    case 'date':
      return (a, b) =>
        a.date && b.date ? dateSimilarity(a.date, b.date, maxDays) : levenshteinSimilarity(a.text, b.text);
    case 'personName':
      return (a, b) =>
        a.person && b.person ? personNameSimilarity(a.person, b.person) : jaroWinkler(a.text, b.text);
    case 'companyName':
      return (a, b) =>
        a.company && b.company
          ? companyNameSimilarity(a.company, b.company).similarity
          : jaroWinkler(a.text, b.text);
  }
}

function variantsOf(kind: FieldKind, options: Normalization): (raw: string) => string[] {
  const region = options.region as PhoneRegion;
  const cities = options.cities ?? DEFAULT_CITIES;
  switch (kind) {
    case 'email':
      return emailLookupVariants;
    case 'phone':
      return (raw) => phoneLookupVariants(raw, region);
    case 'personName':
      return personNameLookupVariants;
    case 'companyName':
      return (raw) => companyNameLookupVariants(raw, { cities });
    default:
      return (raw) => [...new Set([raw, raw.trim()].filter(Boolean))];
  }
}

function prefixesOf(kind: FieldKind, options: Normalization): (raw: string) => string[] {
  if (kind !== 'companyName') return () => [];
  const cities = options.cities ?? DEFAULT_CITIES;
  return (raw) => {
    const name = companyName(raw, { cities });
    // Too short a prefix would match half the collection; the block-size limit would drop it anyway.
    if (name.core.length < 2 || !/\p{Script=Han}/u.test(name.core)) return [];
    const place = name.cityName;
    return [name.core, ...(place ? [place + name.core, `${place}市${name.core}`] : [])];
  };
}

/** The value at a dotted path, flattened to strings (arrays give one string per element). */
export function valuesAt(record: Readonly<Record<string, unknown>>, path: readonly string[]): string[] {
  let current: unknown = record;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return [];
    current = (current as Record<string, unknown>)[key];
  }
  const out: string[] = [];
  const push = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.trim()) out.push(value);
    } else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  };
  if (Array.isArray(current)) current.forEach(push);
  else push(current);
  return out;
}

/** Compiles a validated entity definition. */
export function compileEntity(definition: EntityMatching, normalization: Normalization): CompiledEntity {
  const byName = new Map(definition.fields.map((field, index) => [field.name, index]));
  const fields: CompiledField[] = definition.fields.map((field, index) => {
    const comparator = field.comparator ?? KIND_COMPARATORS[field.kind][0]!;
    const compiled: CompiledField = {
      name: field.name,
      index,
      kind: field.kind,
      comparator,
      paths: (Array.isArray(field.path) ? field.path : [field.path]).map((path) => path.split('.')),
      agree: Math.log2(field.m / field.u),
      disagree: Math.log2((1 - field.m) / (1 - field.u)),
      floor: field.floor ?? FLOORS[comparator],
      swap: -1,
      m: field.m,
      termFrequency: field.termFrequency === true,
      prepare: preparer(field.kind, normalization),
      similarity: similarityOf(comparator, field.maxDays ?? 365),
      variants: variantsOf(field.kind, normalization),
      prefixes: prefixesOf(field.kind, normalization),
    };
    if (comparator === 'companyName') {
      compiled.inspect = (a, b) =>
        a.company && b.company
          ? companyNameSimilarity(a.company, b.company)
          : { similarity: compiled.similarity(a, b) };
    }
    return compiled;
  });
  for (const field of definition.fields) {
    if (field.swapWith === undefined) continue;
    const a = byName.get(field.name)!;
    const b = byName.get(field.swapWith)!;
    fields[a]!.swap = b;
    fields[b]!.swap = a;
  }
  const raw = (record: Readonly<Record<string, unknown>>, field: CompiledField) =>
    field.paths.flatMap((path) => valuesAt(record, path));
  return {
    definition,
    fields,
    priorLogOdds: Math.log2(definition.prior / (1 - definition.prior)),
    raw,
    prepare(record) {
      const values = fields.map((field) => {
        const out: FieldValue[] = [];
        const seen = new Set<string>();
        for (const text of raw(record, field)) {
          const value = field.prepare(text);
          if (value && !seen.has(value.text)) {
            seen.add(value.text);
            out.push(value);
          }
        }
        return out;
      });
      return { id: String(record.id ?? ''), values };
    },
  };
}

/**
 * The entity with term-frequency agreement weights for the fields that ask for them, counted over
 * `records`: agreeing on a value held by k of n records weighs log2(m ÷ (k/n)) instead of log2(m/u),
 * never below 0. A common name (王芳, smith) then proves less than a rare one.
 */
export function withTermFrequencies(
  entity: CompiledEntity,
  records: readonly PreparedRecord[],
): CompiledEntity {
  if (!entity.fields.some((field) => field.termFrequency) || records.length === 0) return entity;
  const n = records.length;
  const fields = entity.fields.map((field) => {
    if (!field.termFrequency) return field;
    const counts = new Map<string, number>();
    for (const record of records) {
      for (const value of record.values[field.index]!)
        counts.set(value.text, (counts.get(value.text) ?? 0) + 1);
    }
    const tf = new Map<string, number>();
    for (const [text, count] of counts) {
      if (count > 1) tf.set(text, Math.max(0, Math.log2(field.m / (count / n))));
    }
    return { ...field, tf };
  });
  return { ...entity, fields };
}
