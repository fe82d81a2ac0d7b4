/**
 * How a submission reaches the CRM, in the two places a lead form lives: inside the app
 * (`crm.forms.receive`, same process) or on a public page (`POST` to an endpoint). Both answer
 * with the same receipt, so both come back as one `Delivery` the element acts on — captured, or
 * refused with a code, whether trying again can help, and the fields the server objected to.
 */
import type { Crm, Lead } from '@kehu/core';
import type { FormConfig, LeadSubmission } from '@kehu/core/forms';

/** Why a submission did not go through: the receipt's error code, or the network. */
export type LeadFailureCode =
  | 'NETWORK'
  | 'STORAGE'
  | 'RATE_LIMITED'
  | 'VALIDATION'
  | 'GUARD_REJECTED'
  | 'NOT_FOUND'
  | 'UNKNOWN';

/** One field the server refused: `issues[].path` is `['values', fieldName]`. */
export interface FieldIssue {
  field: string;
  code: string;
}

export type Delivery =
  | { ok: true; leadId: string; duplicate: boolean; lead?: Lead }
  | {
      ok: false;
      code: LeadFailureCode;
      /** Sending the same submission again may succeed (network, 5xx, 429). */
      retryable: boolean;
      /** HTTP status, when there was an answer. */
      status?: number;
      /** From `Retry-After`, when the server said how long to wait. */
      retryAfterMs?: number;
      /** Set when the refusal was the spam check on the fill time. */
      tooSoon?: boolean;
      issues: FieldIssue[];
    };

/** A refused receipt's body, as the endpoint sends it and `crm.forms.receive` returns it. */
interface RefusalBody {
  ok: false;
  error?: {
    code?: unknown;
    issues?: { path?: unknown; code?: unknown }[];
    details?: Record<string, unknown>;
  };
}

const KNOWN_CODES: readonly LeadFailureCode[] = [
  'STORAGE',
  'RATE_LIMITED',
  'VALIDATION',
  'GUARD_REJECTED',
  'NOT_FOUND',
];

/** Turns a receipt (status + body) into a delivery. */
export function fromReceipt(status: number, body: unknown, lead?: Lead): Delivery {
  const accepted = body as { ok?: unknown; leadId?: unknown; duplicate?: unknown } | null;
  if ((status === 200 || status === 201) && accepted?.ok === true && typeof accepted.leadId === 'string') {
    return {
      ok: true,
      leadId: accepted.leadId,
      duplicate: accepted.duplicate === true,
      ...(lead ? { lead } : {}),
    };
  }
  const error = (body as RefusalBody | null)?.error;
  const issues: FieldIssue[] = [];
  for (const issue of Array.isArray(error?.issues) ? error.issues : []) {
    const path = Array.isArray(issue?.path) ? issue.path : [];
    if (path[0] === 'values' && typeof path[1] === 'string') {
      issues.push({ field: path[1], code: typeof issue.code === 'string' ? issue.code : 'type' });
    }
  }
  const named = KNOWN_CODES.find((code) => code === error?.code);
  const code: LeadFailureCode =
    status >= 500 ? 'STORAGE' : status === 429 ? 'RATE_LIMITED' : (named ?? 'UNKNOWN');
  return {
    ok: false,
    code,
    // Anything that is not a clear refusal may pass next time; the submission id keeps a
    // resend from creating a second lead.
    retryable: status >= 500 || status === 429 || (status >= 200 && status < 300),
    status,
    tooSoon: error?.details?.rule === 'min-fill-time',
    issues,
  };
}

/** In-app: straight into `crm.forms.receive`. A throw (a broken store) counts as a 5xx. */
export async function deliverInApp(
  crm: Crm,
  config: FormConfig,
  submission: LeadSubmission,
): Promise<Delivery> {
  try {
    const receipt = await crm.forms.receive(config, submission);
    return fromReceipt(receipt.status, receipt.body, 'lead' in receipt ? receipt.lead : undefined);
  } catch {
    return { ok: false, code: 'STORAGE', retryable: true, issues: [] };
  }
}

/** A request that has not answered in this time is given up and retried like a network error. */
const REQUEST_TIMEOUT_MS = 20_000;

/** Public page: `POST` the submission as JSON; no cookies travel with it. */
export async function deliverToEndpoint(endpoint: string, submission: LeadSubmission): Promise<Delivery> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(submission),
      credentials: 'omit',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, code: 'NETWORK', retryable: true, issues: [] };
  }
  const body: unknown = await response.json().catch(() => null);
  const delivery = fromReceipt(response.status, body);
  if (!delivery.ok) {
    const retryAfterMs = retryAfter(response.headers.get('Retry-After'));
    if (retryAfterMs !== undefined) delivery.retryAfterMs = retryAfterMs;
  }
  return delivery;
}

/** `Retry-After` in seconds or as an HTTP date. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
