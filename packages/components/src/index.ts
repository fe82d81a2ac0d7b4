/**
 * @kehu/components — Kehu's web components. Importing this entry defines nothing: import
 * `@kehu/components/define` (or a component's own `define` module) to register the elements.
 */

export { KehuCustomerCardElement } from './customer-card/customer-card.ts';
export * from './customer-card/events.ts';
export type { Delivery, FieldIssue, LeadFailureCode } from './lead-form/delivery.ts';
export * from './lead-form/events.ts';
export { KehuLeadFormElement, type LeadRateLimit } from './lead-form/lead-form.ts';
export { type LeadFormMessages, leadFormMessages } from './lead-form/messages.ts';
export * from './pipeline-board/events.ts';
export { KehuPipelineBoardElement } from './pipeline-board/pipeline-board.ts';
export { KehuProviderElement } from './provider/provider.ts';
export { crmContext, localeContext } from './shared/context.ts';
export { KehuBaseElement } from './shared/kehu-base.ts';
export { KehuElement } from './shared/kehu-element.ts';
export { catalogues, Formatter } from './shared/localize.ts';
export type { Messages } from './translations/messages.ts';
