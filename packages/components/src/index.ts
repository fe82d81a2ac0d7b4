/**
 * @kehu/components — Kehu's web components. Importing this entry defines nothing: import
 * `@kehu/components/define` (or a component's own `define` module) to register the elements.
 */

export * from './pipeline-board/events.ts';
export { KehuPipelineBoardElement } from './pipeline-board/pipeline-board.ts';
export { KehuProviderElement } from './provider/provider.ts';
export { crmContext, localeContext } from './shared/context.ts';
export { KehuElement } from './shared/kehu-element.ts';
export { catalogues, Formatter } from './shared/localize.ts';
export type { Messages } from './translations/messages.ts';
