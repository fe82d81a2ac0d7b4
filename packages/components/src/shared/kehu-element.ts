/**
 * The base of the CRM widgets: `KehuBaseElement` (the `crm`, `locale` and `theme` properties,
 * found from an enclosing `<kehu-provider>` when not set) plus a `Formatter` for the element's
 * language — money, numbers, dates and the shared message catalogue. Elements that must stay
 * small on a public page (the lead form) extend `KehuBaseElement` directly instead.
 */

import { KehuBaseElement } from './kehu-base.ts';
import { Formatter } from './localize.ts';

export class KehuElement extends KehuBaseElement {
  /** @internal */
  get format(): Formatter {
    return new Formatter(this.activeLocale);
  }
}
