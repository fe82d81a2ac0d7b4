/**
 * Field-by-field validation of a form's values, the same in the browser (messages next to each
 * field, before anything is sent) and on the endpoint (which never trusts the browser).
 */
import * as z from 'zod/mini';
import {
  CALLING_CODES,
  type FormConfig,
  type FormField,
  isRequired,
  maxLengthOf,
  phoneCountries,
} from './config.ts';

/** What is wrong with one field; the component turns `code` into a localized message. */
export interface FormIssue {
  field: string;
  code: FormIssueCode;
}
export type FormIssueCode = 'required' | 'too_long' | 'email' | 'phone' | 'option' | 'type' | 'unknown';

/** A form's values by field name: text for text-like fields, `true`/`false` for consent. */
export type FormValues = Record<string, string | boolean | undefined>;

const email = z.email();

/** CN mobile 1[3-9]x (11 digits), or a landline: area code (10, 2x, 3–9xx) and 7–8 digits, trunk 0 optional. */
const CN_NUMBER = /^(?:1[3-9]\d{9}|0?(?:10|2\d|[3-9]\d{2})\d{7,8})$/;
const OTHER_NUMBER = /^\d{4,14}$/;

/** `+<calling code><number>` — the phone field's value — for one of the field's countries. */
export function isValidPhone(field: FormField, value: string): boolean {
  if (!/^\+\d{5,17}$/.test(value)) return false;
  const digits = value.slice(1);
  return phoneCountries(field).some((country) => {
    const code = CALLING_CODES[country]!;
    if (!digits.startsWith(code)) return false;
    const national = digits.slice(code.length);
    return country === 'CN' ? CN_NUMBER.test(national) : OTHER_NUMBER.test(national);
  });
}

/** The problem with one field's value, if any. */
export function validateField(
  field: FormField,
  raw: string | boolean | undefined,
): FormIssueCode | undefined {
  if (field.type === 'consent') {
    if (raw !== undefined && typeof raw !== 'boolean') return 'type';
    return isRequired(field) && raw !== true ? 'required' : undefined;
  }
  if (raw !== undefined && typeof raw !== 'string') return 'type';
  const value = (raw ?? '').trim();
  if (value === '') return isRequired(field) ? 'required' : undefined;
  if (value.length > maxLengthOf(field)) return 'too_long';
  switch (field.type) {
    case 'email':
      return email.safeParse(value).success ? undefined : 'email';
    case 'phone':
      return isValidPhone(field, value) ? undefined : 'phone';
    case 'select':
      return field.options.some((option) => option.value === value) ? undefined : 'option';
    default:
      return undefined;
  }
}

/** Every problem with `values`, in field order; unknown names are problems too. */
export function validateValues(config: FormConfig, values: FormValues): FormIssue[] {
  const issues: FormIssue[] = [];
  for (const field of config.fields) {
    const code = validateField(field, values[field.name]);
    if (code) issues.push({ field: field.name, code });
  }
  const known = new Set(config.fields.map((field) => field.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) issues.push({ field: name, code: 'unknown' });
  }
  return issues;
}
