/**
 * A form submission — what a public page posts to the endpoint, and what the in-app form hands to
 * `crm.forms.receive` — and how it becomes a lead: spam checks, the rate-limit hook, field
 * validation, then `crm.leads.capture` exactly once per submission id, however often it is sent.
 */
import * as z from 'zod/mini';
import type { LeadCaptureInput } from '../crm/schemas.ts';
import { isKehuError, type KehuErrorCode, type KehuIssue, validationError } from '../errors.ts';
import type { Lead } from '../model/lead.ts';
import { FORM_LOCALES, type FormConfig, type FormLocale, type MappableField } from './config.ts';
import { validateValues } from './validate.ts';

/** The endpoint's request body (JSON). See docs/lead-form.md for the HTTP contract. */
export const LeadSubmissionSchema = z.strictObject({
  formId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Chosen by the browser once per filled form and kept across retries: the idempotency key. */
  submissionId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/)),
  values: z.record(
    z.string().check(z.maxLength(40)),
    z.union([z.string().check(z.maxLength(5000)), z.boolean()]),
  ),
  locale: z.optional(z.enum(FORM_LOCALES)),
  /** Milliseconds between the form appearing and the submit. */
  elapsedMs: z.int().check(z.minimum(0)),
  /** The hidden field; anything in it marks a bot. */
  honeypot: z.optional(z.string().check(z.maxLength(1000))),
  /** The page the form was on. */
  page: z.optional(z.string().check(z.maxLength(2000))),
});
export type LeadSubmission = z.infer<typeof LeadSubmissionSchema>;

/** The lead id a submission is saved under: a resent submission finds its lead instead of a twin. */
export function leadIdOf(submissionId: string): string {
  return `form-${submissionId}`;
}

/** The lead a valid submission captures. Values must have passed `validateValues`. */
export function toLeadCapture(config: FormConfig, submission: LeadSubmission): LeadCaptureInput {
  const locale: FormLocale = submission.locale ?? 'zh-CN';
  const lead: LeadCaptureInput & Partial<Record<MappableField, string>> = {
    id: leadIdOf(submission.submissionId),
    source: config.source,
    name: '',
    raw: {
      formId: config.id,
      formVersion: config.version,
      submissionId: submission.submissionId,
      locale,
      values: submission.values,
      ...(submission.page ? { page: submission.page } : {}),
    },
  };
  if (config.campaignId) lead.campaignId = config.campaignId;
  for (const field of config.fields) {
    const value = submission.values[field.name];
    if (field.type === 'consent') {
      if (value === true) {
        lead.consent = true;
        // What the visitor agreed to, in the words they read.
        (lead.raw as Record<string, unknown>).consentText = field.text[locale];
      }
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    if (
      field.type === 'name' ||
      field.type === 'company' ||
      field.type === 'email' ||
      field.type === 'phone'
    ) {
      lead[field.type] = text;
    } else if (field.maps) {
      lead[field.maps] = text;
    }
  }
  return lead;
}

/** What the endpoint answers; `lead` only for in-process callers, never sent to a web page. */
export type Receipt =
  | { status: 200 | 201; body: { ok: true; leadId: string; duplicate: boolean }; lead: Lead }
  | {
      status: 400 | 404 | 422 | 429 | 500 | 503;
      body: {
        ok: false;
        error: {
          code: KehuErrorCode;
          message: string;
          issues: KehuIssue[];
          details: Record<string, unknown>;
        };
      };
    };

export interface ReceiveOptions {
  /**
   * Asked before anything is saved, with the form and the caller's key (an IP address, a
   * session); `false` refuses with `RATE_LIMITED` (HTTP 429).
   */
  rateLimit?: (request: { formId: string; clientKey: string | undefined }) => boolean | Promise<boolean>;
  clientKey?: string;
}

/** The parts of the facade a submission needs. */
export interface LeadSink {
  leads: { capture(input: LeadCaptureInput): Promise<Lead>; get(id: string): Promise<Lead | undefined> };
}

function refusal(
  status: 400 | 404 | 422 | 429 | 500 | 503,
  code: KehuErrorCode,
  message: string,
  issues: KehuIssue[] = [],
  details: Record<string, unknown> = {},
): Receipt {
  return { status, body: { ok: false, error: { code, message, issues, details } } };
}

const accepted = (lead: Lead, duplicate: boolean): Receipt => ({
  status: duplicate ? 200 : 201,
  body: { ok: true, leadId: lead.id, duplicate },
  lead,
});

/**
 * Takes one submission of `config`: parse → honeypot → minimum fill time → rate limit → values →
 * capture once. Never throws for bad input or a failing store: every outcome is a `Receipt`.
 */
export async function receiveSubmission(
  sink: LeadSink,
  config: FormConfig,
  body: unknown,
  options: ReceiveOptions = {},
): Promise<Receipt> {
  const parsed = LeadSubmissionSchema.safeParse(body);
  if (!parsed.success) {
    const error = validationError('submission', parsed.error);
    return refusal(400, 'VALIDATION', error.message, error.issues);
  }
  const submission = parsed.data;
  if (submission.formId !== config.id) {
    return refusal(404, 'NOT_FOUND', `No form ${submission.formId}`, [], { formId: submission.formId });
  }
  // Bots learn nothing from these answers that a person could not see on the page.
  if (config.spam.honeypot && submission.honeypot) {
    return refusal(422, 'GUARD_REJECTED', 'Submission refused', [], { rule: 'honeypot' });
  }
  if (submission.elapsedMs < config.spam.minFillMs) {
    return refusal(422, 'GUARD_REJECTED', 'Submission refused: sent too soon', [], { rule: 'min-fill-time' });
  }
  if (options.rateLimit && !(await options.rateLimit({ formId: config.id, clientKey: options.clientKey }))) {
    return refusal(429, 'RATE_LIMITED', 'Too many submissions; try again later');
  }
  const problems = validateValues(config, submission.values);
  if (problems.length > 0) {
    const issues = problems.map((problem) => ({
      path: ['values', problem.field],
      code: problem.code,
      message: `${problem.field}: ${problem.code}`,
    }));
    return refusal(400, 'VALIDATION', `Invalid values: ${problems.map((p) => p.field).join(', ')}`, issues);
  }
  const id = leadIdOf(submission.submissionId);
  try {
    const existing = await sink.leads.get(id);
    if (existing) return accepted(existing, true);
    return accepted(await sink.leads.capture(toLeadCapture(config, submission)), false);
  } catch (error) {
    return afterCaptureFailed(sink, id, error);
  }
}

async function afterCaptureFailed(sink: LeadSink, id: string, error: unknown): Promise<Receipt> {
  if (isKehuError(error, 'CONFLICT')) {
    // The same submission, sent twice at once: the other copy won; answer with its lead.
    const winner = await sink.leads.get(id).catch(() => undefined);
    if (winner) return accepted(winner, true);
  }
  if (isKehuError(error, 'VALIDATION')) return refusal(400, 'VALIDATION', error.message, error.issues);
  if (isKehuError(error, 'STORAGE')) return refusal(503, 'STORAGE', 'The CRM is unavailable; try again');
  if (isKehuError(error, 'RATE_LIMITED')) return refusal(429, 'RATE_LIMITED', error.message);
  return refusal(500, 'STORAGE', 'The lead could not be saved; try again');
}
