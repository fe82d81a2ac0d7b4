/**
 * The business actions that must run on the server, where core's engines enforce the rules on the
 * tenant's own store: recording an order (account lifecycle, loyalty) and the public lead capture.
 */
import type { Order } from '@kehu/core';
import { readRecord } from './responses.ts';
import { createTransport, fieldResult, type TransportOptions } from './transport.ts';

const RECORD_ORDER = /* GraphQL */ `mutation KehuRecordOrder($input: JSON!) { recordOrder(input: $input) }`;
const CAPTURE_LEAD = /* GraphQL */ `mutation KehuCaptureLead($submission: JSON!) {
  captureLead(submission: $submission) { ok leadId duplicate }
}`;

export interface LeadCaptured {
  ok: true;
  leadId: string;
  duplicate: boolean;
}

export function createKehuActions(options: Pick<TransportOptions, 'url' | 'headers' | 'fetch'>) {
  const transport = createTransport(options);
  return {
    /** `crm.orders.record` on the server; CONFLICT when the order id was already recorded. */
    async recordOrder(input: Record<string, unknown>): Promise<Order> {
      const response = await transport.request(RECORD_ORDER, { input }, { idempotent: false });
      return readRecord('orders', fieldResult(response, 'recordOrder'), true) as Order;
    },
    /**
     * One lead-form submission (docs/lead-form.md). Public: no token needed. Refusals are
     * `KehuError`s (VALIDATION with `['values', field]` paths, NOT_FOUND, GUARD_REJECTED, RATE_LIMITED).
     */
    async captureLead(submission: Record<string, unknown>): Promise<LeadCaptured> {
      const response = await transport.request(CAPTURE_LEAD, { submission }, { idempotent: false });
      return fieldResult(response, 'captureLead') as LeadCaptured;
    },
  };
}
