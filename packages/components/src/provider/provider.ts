import type { Crm, Locale } from '@kehu/core';
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { crmContext, localeContext } from '../shared/context.ts';
import { darkTokens } from '../shared/theme.ts';

/**
 * Shares one `crm` object, a language and a theme with every Kehu element inside it, so a page
 * wires its store once. Elements may still be given their own `crm` property.
 *
 * @tagname kehu-provider
 * @summary Shares a crm, locale and theme with descendant Kehu elements.
 * @slot - The page content holding Kehu elements.
 */
export class KehuProviderElement extends LitElement {
  static override properties = {
    crm: { attribute: false },
    locale: { reflect: true },
    theme: { reflect: true },
  };

  static override styles = css`
    :host {
      display: contents;
    }
    :host([theme='dark']) {
      ${darkTokens}
    }
  `;

  /** The CRM every descendant element uses unless given its own. */
  declare crm: Crm | undefined;
  /** `zh-CN` or `en` for every descendant element that sets none. */
  declare locale: Locale | undefined;
  /** `light` or `dark`: sets the global `--kehu-*` tokens for everything inside. */
  declare theme: 'light' | 'dark' | undefined;

  private readonly crmProvider = new ContextProvider(this, { context: crmContext });
  private readonly localeProvider = new ContextProvider(this, { context: localeContext });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('crm')) this.crmProvider.setValue(this.crm);
    if (changed.has('locale')) this.localeProvider.setValue(this.locale);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
