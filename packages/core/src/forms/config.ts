/**
 * A lead form's configuration: JSON a host stores, edits and ships to a web page. Written with
 * zod/mini so that the public form carries a few kilobytes of validator, not the full zod API;
 * the limits are the lead schema's own (`LEAD_LIMITS`), so a form never accepts what capture
 * would refuse.
 */
import * as z from 'zod/mini';
import { validationError } from '../errors.ts';
import { LEAD_LIMITS, LEAD_SOURCES } from '../model/lead-fields.ts';

export const FORM_LOCALES = ['zh-CN', 'en'] as const;
export type FormLocale = (typeof FORM_LOCALES)[number];

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A text in both first-class languages. */
export const FormTextSchema = z.strictObject({ 'zh-CN': text(2000), en: text(2000) });
export type FormText = z.infer<typeof FormTextSchema>;

/** The name under which a field's value is submitted (`values[name]`) and posted in a `<form>`. */
const FieldNameSchema = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/));

const fieldBase = {
  name: FieldNameSchema,
  /** Overrides the built-in label of the type. */
  label: z.optional(FormTextSchema),
  help: z.optional(FormTextSchema),
  placeholder: z.optional(FormTextSchema),
  required: z.optional(z.boolean()),
};

/** Lead fields a select, text or textarea field may fill; without `maps` the value goes to `raw`. */
export const MAPPABLE_FIELDS = ['title', 'region', 'industry', 'product', 'message'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** ISO 3166 country → international calling code, for the phone field's country list. */
export const CALLING_CODES: Readonly<Record<string, string>> = Object.freeze({
  CN: '86',
  HK: '852',
  MO: '853',
  TW: '886',
  SG: '65',
  MY: '60',
  JP: '81',
  KR: '82',
  US: '1',
  CA: '1',
  GB: '44',
  DE: '49',
  FR: '33',
  AU: '61',
});
const CountrySchema = z.enum(Object.keys(CALLING_CODES) as [string, ...string[]]);

const OptionSchema = z.strictObject({
  value: z.string().check(z.minLength(1), z.maxLength(64)),
  label: FormTextSchema,
});

export const FormFieldSchema = z.discriminatedUnion('type', [
  /** The person's name: always required, it names the lead. */
  z.strictObject({ ...fieldBase, type: z.literal('name') }),
  z.strictObject({ ...fieldBase, type: z.literal('company') }),
  z.strictObject({ ...fieldBase, type: z.literal('email') }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('phone'),
    /** Countries offered, first is the default. Default: China. */
    countries: z.optional(z.array(CountrySchema).check(z.minLength(1), z.maxLength(20))),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('text'),
    maps: z.optional(z.enum(MAPPABLE_FIELDS)),
    maxLength: z.optional(z.int().check(z.minimum(1), z.maximum(LEAD_LIMITS.message))),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('select'),
    options: z.array(OptionSchema).check(z.minLength(1), z.maxLength(200)),
    maps: z.optional(z.enum(MAPPABLE_FIELDS)),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('textarea'),
    maps: z.optional(z.enum(MAPPABLE_FIELDS)),
    maxLength: z.optional(z.int().check(z.minimum(1), z.maximum(LEAD_LIMITS.message))),
  }),
  /** Marketing consent: the text shown is recorded with the lead, the time in `consentAt`. */
  z.strictObject({ ...fieldBase, type: z.literal('consent'), text: FormTextSchema }),
]);
export type FormField = z.infer<typeof FormFieldSchema>;
export type FormFieldType = FormField['type'];

/** Field types that may appear once: each fills one lead field. */
const SINGLE_TYPES: readonly FormFieldType[] = ['name', 'company', 'email', 'phone', 'consent'];

export const FormConfigSchema = z
  .strictObject({
    /** Stable id; submissions name it, the endpoint looks the form up by it. */
    id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)),
    /** Bumped when the fields change; recorded with each lead. */
    version: z._default(z.int().check(z.minimum(1)), 1),
    title: z.optional(FormTextSchema),
    description: z.optional(FormTextSchema),
    submitLabel: z.optional(FormTextSchema),
    successMessage: z.optional(FormTextSchema),
    source: z._default(z.enum(LEAD_SOURCES), 'web_form'),
    campaignId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    fields: z.array(FormFieldSchema).check(z.minLength(1), z.maxLength(30)),
    /** Bot defences; see docs/lead-form.md. */
    spam: z._default(
      z.strictObject({
        /** A hidden field people never fill. */
        honeypot: z._default(z.boolean(), true),
        /** Submissions sooner than this after the form appeared are refused. */
        minFillMs: z._default(z.int().check(z.minimum(0), z.maximum(600_000)), 3000),
      }),
      { honeypot: true, minFillMs: 3000 },
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      const names = new Set<string>();
      const types = new Set<FormFieldType>();
      config.fields.forEach((field, index) => {
        if (names.has(field.name)) {
          ctx.addIssue({
            code: 'custom',
            message: `Duplicate field name ${field.name}`,
            path: ['fields', index, 'name'],
            input: field.name,
          });
        }
        if (SINGLE_TYPES.includes(field.type) && types.has(field.type)) {
          ctx.addIssue({
            code: 'custom',
            message: `Only one ${field.type} field`,
            path: ['fields', index, 'type'],
            input: field.type,
          });
        }
        names.add(field.name);
        types.add(field.type);
      });
      if (!types.has('name')) {
        ctx.addIssue({
          code: 'custom',
          message: 'A form needs a name field',
          path: ['fields'],
          input: config.fields,
        });
      }
    }),
  );
export type FormConfigInput = z.input<typeof FormConfigSchema>;
export type FormConfig = z.output<typeof FormConfigSchema>;

/**
 * Turns off zod's compiled (new Function) parsers for the schemas of this bundle. The public
 * embed calls it first: under a strict Content-Security-Policy even the probe for `eval` is
 * reported as a violation. Process-wide for this copy of zod; parsing stays correct, a little slower.
 */
export function useJitlessValidation(): void {
  z.config({ jitless: true });
}

/** Parses a form configuration; `VALIDATION` naming each bad path (`fields.2.options`). */
export function parseFormConfig(input: unknown): FormConfig {
  const result = FormConfigSchema.safeParse(input);
  if (!result.success) throw validationError('form configuration', result.error);
  return result.data;
}

/** Whether the field must be filled: a name always, a consent only when the config says so. */
export function isRequired(field: FormField): boolean {
  if (field.type === 'name') return true;
  return field.required ?? false;
}

/** The most characters a field's value may have. */
export function maxLengthOf(field: FormField): number {
  switch (field.type) {
    case 'name':
      return LEAD_LIMITS.name;
    case 'company':
      return LEAD_LIMITS.company;
    case 'email':
      return 254;
    case 'phone':
      return LEAD_LIMITS.phone;
    case 'consent':
      return 5;
    case 'select':
      return 64;
    case 'text':
    case 'textarea':
      return Math.min(
        field.maxLength ?? LEAD_LIMITS.message,
        field.maps ? LEAD_LIMITS[field.maps] : LEAD_LIMITS.message,
      );
  }
}

/** The countries a phone field offers, default first. */
export function phoneCountries(field: FormField): string[] {
  return field.type === 'phone' ? (field.countries ?? ['CN']) : [];
}
