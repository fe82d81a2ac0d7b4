/**
 * The base of every Kehu element: it takes a `crm` property or finds one from an enclosing
 * `<kehu-provider>`, resolves its language the same way, and offers a `Formatter` for it.
 * Properties are declared without decorators (`static properties` + `declare`), so every build
 * tool compiles them the same way whatever its class-field settings.
 */

import type { Crm, Locale } from '@kehu/core';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { crmContext, localeContext } from './context.ts';
import { DEFAULT_LOCALE, Formatter, resolveLocale } from './localize.ts';

export class KehuElement extends LitElement {
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

  /** @internal */
  get format(): Formatter {
    return new Formatter(this.activeLocale);
  }
}
