/**
 * The card's two inline forms as data: what each form's fields turn into (the draft handed to
 * core), and how a failed save maps back onto those fields. The forms do no validation of their
 * own — core's schemas are the one source of truth, and their issues name the fields.
 */
import {
  type ActivityCreateInput,
  type ActivityType,
  type DealCreateInput,
  isKehuError,
  type KehuErrorCode,
  type KehuIssue,
  minorUnitDigits,
} from '@kehu/core';
import type { CardMessages } from './messages.ts';

export const ACTIVITY_TYPES = [
  'call',
  'visit',
  'meeting',
  'email',
  'task',
  'note',
] as const satisfies readonly ActivityType[];

/** The fields of each form, by the name of the draft property they fill (and the error path's head). */
export const ACTIVITY_FIELDS = ['type', 'subject', 'dueAt', 'description'] as const;
export const DEAL_FIELDS = ['title', 'stageId', 'contactId', 'amount', 'expectedCloseDate'] as const;
export type FormField = (typeof ACTIVITY_FIELDS)[number] | (typeof DEAL_FIELDS)[number];

/** What a failed save shows: a message per field, and one for the form as a whole. */
export interface FormErrors {
  fields: Partial<Record<FormField, string>>;
  general?: string;
}

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/**
 * A `datetime-local` value (the user's wall-clock time) as an ISO instant. Anything the browser
 * did not understand is passed on as typed, so core's schema reports it against the field.
 */
export function localDateTimeToIso(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** A decimal amount as typed (`12,800.50`) in the currency's minor units; NaN when it is no number. */
export function parseAmount(value: string, currency: string): number {
  const cleaned = value.replace(/[\s,，]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  return Math.round(Number(cleaned) * 10 ** minorUnitDigits(currency));
}

/** A done activity is stamped `doneAt` by core, with the CRM's clock. */
export function activityDraft(form: FormData, accountId: string): ActivityCreateInput {
  const done = form.get('done') !== null;
  const draft: ActivityCreateInput = {
    type: text(form, 'type') as ActivityType,
    subject: text(form, 'subject'),
    accountId,
    done,
  };
  const description = text(form, 'description').trim();
  if (description) draft.description = description;
  const due = text(form, 'dueAt');
  if (due) draft.dueAt = localDateTimeToIso(due);
  return draft;
}

/**
 * The deal form's draft. The stage is the one chosen in the form (`stageId`), else `target.stageId`
 * (the pipeline's first open stage, while its stages are still loading); the contact is optional,
 * and the empty choice ("—") leaves `contactId` out.
 */
export function dealDraft(
  form: FormData,
  target: { accountId: string; pipelineId: string; stageId: string; ownerId: string | undefined },
): DealCreateInput {
  const currency = text(form, 'currency');
  const draft: DealCreateInput = {
    title: text(form, 'title'),
    accountId: target.accountId,
    pipelineId: target.pipelineId,
    stageId: text(form, 'stageId') || target.stageId,
    amount: { amount: parseAmount(text(form, 'amount'), currency), currency },
  };
  const contactId = text(form, 'contactId');
  if (contactId) draft.contactId = contactId;
  const close = text(form, 'expectedCloseDate');
  if (close) draft.expectedCloseDate = close;
  if (target.ownerId !== undefined) draft.ownerId = target.ownerId;
  return draft;
}

/** The localized text for one issue on a field the user filled in (or left empty). */
function issueText(issue: KehuIssue, raw: string, messages: CardMessages['fieldErrors']): string {
  if (raw.trim() === '') return messages.required;
  if (issue.code === 'too_big') return messages.tooLong;
  return messages.invalid;
}

/**
 * Maps a failed save onto the form: a `VALIDATION` issue whose path starts with one of `fields`
 * goes next to that field; anything else becomes the general message (the code's localized text).
 */
export function formErrors(
  error: unknown,
  fields: readonly FormField[],
  form: FormData,
  messages: { field: CardMessages['fieldErrors']; codes: Record<KehuErrorCode | 'UNKNOWN', string> },
): FormErrors {
  const result: FormErrors = { fields: {} };
  if (!isKehuError(error)) {
    result.general = messages.codes.UNKNOWN;
    return result;
  }
  let unplaced = error.code !== 'VALIDATION' || error.issues.length === 0;
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = fields.find((name) => name === head);
    if (field && error.code === 'VALIDATION') {
      result.fields[field] ??= issueText(issue, text(form, field), messages.field);
    } else unplaced = true;
  }
  if (unplaced) result.general = messages.codes[error.code];
  return result;
}
