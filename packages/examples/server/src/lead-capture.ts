/**
 * The public lead capture, shared by `POST /forms/leads` (docs/lead-form.md, the endpoint the
 * embed snippet posts to) and the `captureLead` mutation: look the form up on the server (never
 * trust a configuration from the browser), rate-limit per client IP + form and per form, and let
 * core's `crm.forms.receive` validate (only the form's own fields are accepted) and capture once
 * per `submissionId` on the form's tenant.
 */
import { type Crm, KehuError, type Receipt } from '@kehu/core';
import { type FormConfig, type FormConfigInput, parseFormConfig } from '@kehu/core/forms';
import { type RateLimitOptions, SlidingWindowLimiter } from './limits.ts';

export interface PublicForm {
  /** The tenant whose CRM receives the leads. */
  tenantId: string;
  config: FormConfigInput;
}

export interface CaptureRateLimits {
  /** Per client IP and form. Default 10 a minute. */
  perClient: RateLimitOptions;
  /** Per form, all clients together. Default 600 a minute. */
  perForm: RateLimitOptions;
}

export const defaultCaptureRateLimits: CaptureRateLimits = {
  perClient: { max: 10, windowMs: 60_000 },
  perForm: { max: 600, windowMs: 60_000 },
};

export interface CaptureOutcome {
  receipt: Omit<Receipt, 'lead'>;
  /** Seconds, for `Retry-After` on a 429. */
  retryAfter?: number;
}

export function createLeadCapture(options: {
  forms: readonly PublicForm[];
  crmFor: (tenantId: string) => Promise<Crm>;
  rateLimits?: Partial<CaptureRateLimits>;
  now?: () => number;
}) {
  const forms = new Map<string, { tenantId: string; config: FormConfig }>();
  for (const form of options.forms) {
    const config = parseFormConfig(form.config);
    if (forms.has(config.id)) {
      throw new KehuError('VALIDATION', `Two public forms share the id ${config.id}`, {
        issues: [{ path: ['forms'], message: `Duplicate form id ${config.id}`, code: 'duplicate' }],
      });
    }
    forms.set(config.id, { tenantId: form.tenantId, config });
  }
  const limits = { ...defaultCaptureRateLimits, ...options.rateLimits };
  const perClient = new SlidingWindowLimiter(limits.perClient, options.now);
  const perForm = new SlidingWindowLimiter(limits.perForm, options.now);

  return async function capture(body: unknown, clientIp: string | undefined): Promise<CaptureOutcome> {
    const formId =
      body && typeof body === 'object' && 'formId' in body
        ? String((body as { formId: unknown }).formId)
        : '';
    const form = forms.get(formId);
    if (!form) {
      return {
        receipt: {
          status: 404,
          body: {
            ok: false,
            error: { code: 'NOT_FOUND', message: 'No such form', issues: [], details: { formId } },
          },
        },
      };
    }
    let retryAfterMs = 0;
    const crm = await options.crmFor(form.tenantId);
    const full = await crm.forms.receive(form.config, body, {
      clientKey: clientIp ?? 'unknown',
      rateLimit: ({ formId: id, clientKey }) => {
        // Both windows must allow it; a refused request still counts against the client.
        const client = perClient.take(`${clientKey}\u0000${id}`);
        if (!client.allowed) {
          retryAfterMs = client.retryAfterMs;
          return false;
        }
        const whole = perForm.take(id);
        retryAfterMs = whole.retryAfterMs;
        return whole.allowed;
      },
    });
    // Never the lead itself: a visitor learns nothing about the CRM's records.
    const receipt = { status: full.status, body: full.body } as Omit<Receipt, 'lead'>;
    return receipt.status === 429
      ? { receipt, retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
      : { receipt };
  };
}

export type LeadCapture = ReturnType<typeof createLeadCapture>;
