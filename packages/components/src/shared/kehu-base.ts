/**
 * The smallest base of a Kehu element: the `crm`, `locale` and `theme` properties, with the crm
 * and language taken from an enclosing `<kehu-provider>` when not set. It imports nothing of
 * `@kehu/core` at runtime and no message catalogue, so an element built on it alone (the lead
 * form) can ship standalone to a public page. `KehuElement` adds the shared formatter on top.
 * Properties are declared without decorators (`static properties` + `declare`), so every build
 * tool compiles them the same way whatever its class-field settings.
 */

import type { Crm, Locale } from '@kehu/core';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { crmContext, localeContext } from './context.ts';
import { DEFAULT_LOCALE, resolveLocale } from './locale.ts';

export class KehuBaseElement extends LitElement {
  static override properties = {
    crm: { attribute: false },
    locale: { reflect: true },
    theme: { reflect: true },
  };

  /** The CRM this element works on; without it, the nearest `<kehu-provider>`'s. */
  declare crm: Crm | undefined;
  /** `zh-CN` or `en`; without it, the provider's, then the nearest `lang` attribute, then zh-CN. */
  declare locale: Locale | undefined;
  /** `light` (default) or `dark`. */
  declare theme: 'light' | 'dark' | undefined;

  private readonly crmConsumer = new ContextConsumer(this, { context: crmContext, subscribe: true });
  private readonly localeConsumer = new ContextConsumer(this, { context: localeContext, subscribe: true });

  /** @internal The CRM in effect: the property, else the provider's. */
  get activeCrm(): Crm | undefined {
    return this.crm ?? this.crmConsumer.value;
  }

  /** @internal */
  get activeLocale(): Locale {
    return (
      this.locale ??
      this.localeConsumer.value ??
      resolveLocale(this.closest('[lang]')?.getAttribute('lang')) ??
      DEFAULT_LOCALE
    );
  }
}
