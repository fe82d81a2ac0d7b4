/** Events `<kehu-lead-form>` dispatches. All bubble and cross shadow roots. */
import type { Lead } from '@kehu/core';
import type { LeadSubmission } from '@kehu/core/forms';
import type { LeadFailureCode } from './delivery.ts';

/**
 * Announced before a submission is sent, with exactly what will be sent. Call
 * `preventDefault()` to stop it: nothing is sent and the entries stay.
 */
export class LeadSubmitEvent extends Event {
  static readonly type = 'kehu-lead-submit';
  constructor(readonly detail: LeadSubmission) {
    super(LeadSubmitEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

export interface LeadCapturedDetail {
  leadId: string;
  /** The submission had been received before (a resend after a lost answer): no new lead. */
  duplicate: boolean;
  /** In-app only: the lead as saved, with its score and owner. Endpoints never send it. */
  lead?: Lead;
}

/** The CRM has the lead; the form shows its success message and starts afresh. */
export class LeadCapturedEvent extends Event {
  static readonly type = 'kehu-lead-captured';
  constructor(readonly detail: LeadCapturedDetail) {
    super(LeadCapturedEvent.type, { bubbles: true, composed: true });
  }
}

export interface LeadFailedDetail {
  /** `NETWORK`, or the receipt's error code (`STORAGE`, `RATE_LIMITED`, `VALIDATION`…). */
  code: LeadFailureCode;
  /** Sending the same submission again may succeed; the form offers (or schedules) a retry. */
  retryable: boolean;
  submissionId: string;
  /** The HTTP status (or the in-app receipt's), when there was an answer. */
  status?: number;
}

/** A send failed or was refused; the entries stay on the form. */
export class LeadFailedEvent extends Event {
  static readonly type = 'kehu-lead-failed';
  constructor(readonly detail: LeadFailedDetail) {
    super(LeadFailedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'kehu-lead-submit': LeadSubmitEvent;
    'kehu-lead-captured': LeadCapturedEvent;
    'kehu-lead-failed': LeadFailedEvent;
  }
}
