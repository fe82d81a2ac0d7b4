/**
 * Matching configuration as JSON, validated with zod: per entity (contacts, accounts, leads) the
 * fields to compare and how, the blocking keys, the store lookups used by `findDuplicates`, the
 * thresholds, and the survivorship rules of a merge. Anything left out takes the default below, so
 * tuning one threshold does not mean restating every field. A malformed definition is a
 * `VALIDATION` error whose issues carry the path (`['contacts', 'fields', 2, 'm']`).
 */
import { z } from 'zod';
import { KehuError, parseOrThrow } from '../errors.ts';

export const FIELD_KINDS = [
  'text',
  'id',
  'personName',
  'companyName',
  'email',
  'phone',
  'domain',
  'address',
  'date',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const COMPARATORS = [
  'exact',
  'jaroWinkler',
  'levenshtein',
  'tokenSet',
  'date',
  'personName',
  'companyName',
] as const;
export type ComparatorName = (typeof COMPARATORS)[number];

/** Ways to turn a field into a blocking-key part. */
export const TRANSFORMS = [
  'value',
  'prefix',
  'soundex',
  'anagram',
  'tokens',
  'digits',
  'year',
  'domain',
] as const;
export type Transform = (typeof TRANSFORMS)[number];

export const MATCHABLE = ['contacts', 'accounts', 'leads'] as const;
export type MatchableCollection = (typeof MATCHABLE)[number];

/** Which comparators make sense for each kind of field; the first is the default. */
export const KIND_COMPARATORS: Readonly<Record<FieldKind, readonly ComparatorName[]>> = {
  text: ['jaroWinkler', 'exact', 'levenshtein', 'tokenSet'],
  id: ['exact', 'levenshtein', 'jaroWinkler'],
  personName: ['personName', 'exact', 'jaroWinkler', 'levenshtein', 'tokenSet'],
  companyName: ['companyName', 'exact', 'jaroWinkler', 'levenshtein', 'tokenSet'],
  email: ['exact', 'jaroWinkler', 'levenshtein'],
  phone: ['exact', 'levenshtein'],
  domain: ['exact', 'jaroWinkler'],
  address: ['tokenSet', 'exact', 'jaroWinkler', 'levenshtein'],
  date: ['date', 'exact', 'levenshtein'],
};

const PathSchema = z
  .string()
  .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'Expected a field path such as name or address.city');
const Probability = z.number().gt(0).lt(1);
const FieldNameSchema = z.string().min(1).max(64);

const FieldSchema = z
  .strictObject({
    /** How reasons and blocking keys refer to this field. */
    name: FieldNameSchema,
    /** Where the value is; several paths (or an array field) make a multi-valued field: best pair wins. */
    path: z.union([PathSchema, z.array(PathSchema).min(1).max(8)]),
    kind: z.enum(FIELD_KINDS),
    comparator: z.enum(COMPARATORS).optional(),
    /** P(the field agrees | same entity): how reliable the field is. */
    m: Probability,
    /** P(the field agrees | different entities): how common agreement by chance is. */
    u: Probability,
    /** Similarity at or below which the field counts as fully disagreeing (partial agreement above). */
    floor: z.number().min(0).lt(1).optional(),
    /** For `date`: the distance in days at which closeness reaches 0. */
    maxDays: z.int().positive().max(36_500).optional(),
    /** A field whose value is often typed into this one (given name ↔ surname); the better pairing wins. */
    swapWith: FieldNameSchema.optional(),
    /**
     * In a scan, weigh exact agreement by how common the value is in the data (term frequency):
     * two records named 王芳 say less than two named 欧阳明华.
     */
    termFrequency: z.boolean().optional(),
  })
  .refine((field) => field.m > field.u, {
    message: 'm must exceed u, or agreement would count against a match',
    path: ['m'],
  });

const BlockingPartSchema = z.union([
  FieldNameSchema,
  z.strictObject({
    field: FieldNameSchema,
    transform: z.enum(TRANSFORMS).default('value'),
    /** For `prefix`: how many characters. */
    length: z.int().min(1).max(32).optional(),
  }),
]);

const BlockingKeySchema = z.strictObject({
  name: z.string().max(64).optional(),
  parts: z.array(BlockingPartSchema).min(1).max(4),
  /** Sort the parts' values before joining, so swapped fields (given ↔ surname) share the key. */
  sorted: z.boolean().optional(),
  /** This key's own limit, for a key weaker than the others (a name alone); default: the entity's. */
  maxBlockSize: z.int().min(2).max(100_000).optional(),
});

const RuleSchema = z.union([
  z.enum(['survivor', 'mostRecent', 'mostComplete', 'trusted']),
  z.strictObject({ rule: z.literal('ranked'), order: z.array(z.string()).min(1).max(50) }),
]);
export type SurvivorshipRule = z.infer<typeof RuleSchema>;

const SurvivorshipSchema = z.strictObject({
  /** Rule for every field not listed in `fields`. */
  default: RuleSchema.default('mostRecent'),
  fields: z.record(z.string(), RuleSchema).default({}),
  /** Array fields whose values are unioned without duplicates instead of chosen. */
  multiValued: z.array(z.string()).default([]),
  /** Sources for the `trusted` rule, most trusted first. */
  trustedSources: z.array(z.string()).default([]),
  /** The record field naming its source (`source` on accounts and leads). */
  sourceField: z.string().default('source'),
});
export type Survivorship = z.output<typeof SurvivorshipSchema>;

const ThresholdsSchema = z
  .strictObject({ same: z.number().min(0).max(1), possible: z.number().min(0).max(1) })
  .refine((t) => t.possible <= t.same, { message: 'possible must not exceed same', path: ['possible'] });

const EntityShape = z.strictObject({
  fields: z.array(FieldSchema).min(1).max(32),
  blocking: z.strictObject({
    keys: z.array(BlockingKeySchema).min(1).max(16),
    /** A key shared by more records than this is too generic to block on and is skipped. */
    maxBlockSize: z.int().min(2).max(100_000).default(50),
  }),
  /** Fields `findDuplicates` looks up in the store (top-level, preferably indexed). */
  lookups: z.array(FieldNameSchema).max(16).default([]),
  thresholds: ThresholdsSchema,
  /** Prior probability that two compared records are the same entity. */
  prior: Probability.default(0.001),
  survivorship: SurvivorshipSchema.optional(),
});

/** One entity's matching definition. */
export const EntityMatchingSchema = EntityShape.superRefine((entity, ctx) => {
  const names = new Map<string, number>();
  entity.fields.forEach((field, index) => {
    if (names.has(field.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', index, 'name'],
        message: `Duplicate field ${field.name}`,
      });
    }
    names.set(field.name, index);
    const allowed = KIND_COMPARATORS[field.kind];
    if (field.comparator && !allowed.includes(field.comparator)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', index, 'comparator'],
        message: `${field.comparator} does not compare ${field.kind} values (use ${allowed.join(', ')})`,
      });
    }
  });
  entity.fields.forEach((field, index) => {
    if (field.swapWith !== undefined && (!names.has(field.swapWith) || field.swapWith === field.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['fields', index, 'swapWith'],
        message: `Unknown field ${field.swapWith}`,
      });
    }
  });
  entity.blocking.keys.forEach((key, k) => {
    key.parts.forEach((part, p) => {
      const field = typeof part === 'string' ? part : part.field;
      const path = ['blocking', 'keys', k, 'parts', p, ...(typeof part === 'string' ? [] : ['field'])];
      if (!names.has(field)) ctx.addIssue({ code: 'custom', path, message: `Unknown field ${field}` });
      if (typeof part !== 'string' && part.transform === 'prefix' && part.length === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [...path.slice(0, -1), 'length'],
          message: 'prefix needs a length',
        });
      }
    });
  });
  entity.lookups.forEach((name, index) => {
    const at = names.get(name);
    const field = at === undefined ? undefined : entity.fields[at];
    const paths = field ? (Array.isArray(field.path) ? field.path : [field.path]) : [];
    if (!field) ctx.addIssue({ code: 'custom', path: ['lookups', index], message: `Unknown field ${name}` });
    else if (paths.some((path) => path.includes('.'))) {
      ctx.addIssue({
        code: 'custom',
        path: ['lookups', index],
        message: `${name} is nested; a store can only be queried by top-level fields`,
      });
    }
  });
  if (entity.survivorship) {
    const rules = [entity.survivorship.default, ...Object.values(entity.survivorship.fields)];
    if (rules.includes('trusted') && entity.survivorship.trustedSources.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['survivorship', 'trustedSources'],
        message: 'The trusted rule needs trustedSources',
      });
    }
  }
});
export type EntityMatching = z.output<typeof EntityMatchingSchema>;
export type EntityMatchingInput = z.input<typeof EntityMatchingSchema>;

const NormalizationSchema = z.strictObject({
  /** Region for numbers written without a country code (ISO 3166 alpha-2). */
  region: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('CN'),
  /** Places stripped from company names; absent: Chinese provinces and large cities; `[]`: none. */
  cities: z.array(z.string().min(1).max(32)).max(2000).optional(),
});
export type Normalization = z.output<typeof NormalizationSchema>;

const PartialEntity = EntityShape.partial();

/** What a host passes: every part optional, each entity's keys replacing the default's. */
export const MatchingConfigSchema = z.strictObject({
  contacts: PartialEntity.optional(),
  accounts: PartialEntity.optional(),
  leads: PartialEntity.optional(),
  normalization: NormalizationSchema.optional(),
});
export type MatchingConfigInput = z.input<typeof MatchingConfigSchema>;

export interface MatchingConfig {
  contacts: EntityMatching;
  accounts: EntityMatching;
  leads: EntityMatching;
  normalization: Normalization;
}

const SURE = { same: 0.9, possible: 0.5 };

/** The defaults: tuned on the project's Chinese data set (bench/src/matching/chinese-dataset.ts). */
export const DEFAULT_MATCHING: { readonly [C in MatchableCollection]: EntityMatchingInput } = {
  contacts: {
    fields: [
      {
        name: 'name',
        path: ['name', 'nameLatin'],
        kind: 'personName',
        m: 0.98,
        u: 0.002,
        termFrequency: true,
      },
      { name: 'email', path: 'emails', kind: 'email', m: 0.6, u: 0.00001 },
      // Edit distance with a high floor: one mistyped digit of a mobile number still counts.
      {
        name: 'phone',
        path: 'phones',
        kind: 'phone',
        comparator: 'levenshtein',
        floor: 0.85,
        m: 0.6,
        u: 0.00001,
      },
      // Days between two birthdays mean nothing: only typos (a digit, day and month swapped) count.
      { name: 'birthday', path: 'birthday', kind: 'date', m: 0.9, u: 0.0002, maxDays: 1 },
    ],
    blocking: {
      keys: [
        { parts: ['email'] },
        { parts: ['phone'] },
        // The number without its last four digits: catches a typo there.
        { parts: [{ field: 'phone', transform: 'prefix', length: 10 }] },
        // A name alone is weak (王芳 is thousands of people): only small blocks are worth comparing.
        { parts: [{ field: 'name', transform: 'anagram' }], maxBlockSize: 8 },
        // The birthday's digits sorted: day and month typed the wrong way round still meet.
        {
          parts: [
            { field: 'name', transform: 'anagram' },
            { field: 'birthday', transform: 'anagram' },
          ],
        },
      ],
      maxBlockSize: 50,
    },
    lookups: ['email', 'phone', 'name'],
    thresholds: SURE,
    prior: 0.001,
    survivorship: {
      default: 'mostRecent',
      fields: { ownerId: 'survivor', accountId: 'survivor' },
      multiValued: ['emails', 'phones', 'tags'],
    },
  },
  accounts: {
    fields: [
      { name: 'name', path: 'name', kind: 'companyName', m: 0.9, u: 0.0001 },
      { name: 'kind', path: 'kind', kind: 'id', m: 0.99, u: 0.5 },
      { name: 'phone', path: 'phone', kind: 'phone', m: 0.6, u: 0.00001 },
      { name: 'email', path: 'email', kind: 'email', m: 0.5, u: 0.00001 },
      { name: 'website', path: 'website', kind: 'domain', m: 0.7, u: 0.00001 },
      { name: 'address', path: 'address.street', kind: 'address', m: 0.7, u: 0.001 },
      { name: 'city', path: 'address.city', kind: 'text', comparator: 'exact', m: 0.9, u: 0.05 },
    ],
    blocking: {
      keys: [{ parts: ['name'] }, { parts: ['phone'] }, { parts: ['website'] }, { parts: ['email'] }],
      maxBlockSize: 50,
    },
    lookups: ['name', 'phone', 'email', 'website'],
    thresholds: SURE,
    prior: 0.001,
    survivorship: {
      default: 'mostRecent',
      fields: {
        name: 'mostComplete',
        address: 'mostComplete',
        ownerId: 'survivor',
        teamId: 'survivor',
        lifecycle: {
          rule: 'ranked',
          order: ['loyal', 'customer', 'opportunity', 'lead', 'prospect', 'churned'],
        },
        grade: { rule: 'ranked', order: ['A', 'B', 'C', 'D'] },
      },
      multiValued: ['tags'],
    },
  },
  leads: {
    fields: [
      { name: 'name', path: 'name', kind: 'personName', m: 0.98, u: 0.002, termFrequency: true },
      { name: 'email', path: 'email', kind: 'email', m: 0.8, u: 0.00001 },
      { name: 'phone', path: 'phone', kind: 'phone', m: 0.8, u: 0.00001 },
      { name: 'company', path: 'company', kind: 'companyName', m: 0.8, u: 0.001 },
    ],
    blocking: {
      keys: [
        { parts: ['email'] },
        { parts: ['phone'] },
        { parts: [{ field: 'name', transform: 'anagram' }] },
        { parts: ['company', { field: 'name', transform: 'soundex' }] },
      ],
      maxBlockSize: 50,
    },
    lookups: ['email', 'phone'],
    thresholds: SURE,
    prior: 0.001,
    survivorship: {
      default: 'mostRecent',
      fields: {
        ownerId: 'survivor',
        status: {
          rule: 'ranked',
          order: ['converted', 'qualified', 'working', 'nurturing', 'new', 'disqualified'],
        },
      },
      multiValued: ['duplicates'],
    },
  },
};

/** Validates a host's configuration and fills in the defaults. `VALIDATION` names each bad path. */
export function parseMatchingConfig(input: unknown = {}): MatchingConfig {
  const partial = parseOrThrow(MatchingConfigSchema, input ?? {}, 'matching configuration');
  // Merge what the host wrote, not its parsed form: parsing would fill in defaults (`lookups: []`)
  // that must not replace ours.
  const raw = (input ?? {}) as Partial<Record<MatchableCollection, Record<string, unknown>>>;
  const entity = (collection: MatchableCollection): EntityMatching =>
    parseOrThrow(
      EntityMatchingSchema,
      { ...DEFAULT_MATCHING[collection], ...stripUndefined(raw[collection] ?? {}) },
      'matching configuration',
      [collection],
    );
  return {
    contacts: entity('contacts'),
    accounts: entity('accounts'),
    leads: entity('leads'),
    normalization: partial.normalization ?? { region: 'CN' },
  };
}

/** Validates one entity definition on its own (a FEBRL person set, a host's own collection). */
export function parseEntityMatching(input: unknown, path: (string | number)[] = []): EntityMatching {
  return parseOrThrow(EntityMatchingSchema, input, 'matching configuration', path);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function assertMatchable(
  collection: unknown,
  path: (string | number)[] = ['collection'],
): MatchableCollection {
  if (typeof collection === 'string' && (MATCHABLE as readonly string[]).includes(collection)) {
    return collection as MatchableCollection;
  }
  throw new KehuError('VALIDATION', `Matching works on ${MATCHABLE.join(', ')}, not ${String(collection)}`, {
    issues: [{ path, message: `Expected one of ${MATCHABLE.join(', ')}`, code: 'invalid_value' }],
  });
}
