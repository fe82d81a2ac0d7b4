/**
 * Localisation for Kehu elements: the typed catalogue of the element's language and cached Intl
 * formatters for money (integer minor units), numbers, compact numbers (1.2万 / 12K) and dates.
 * The language comes from the element's `locale`, else its provider, else the nearest `lang`.
 */
import { type Locale, type Money, minorUnitDigits } from '@kehu/core';
import { en } from '../translations/en.ts';
import type { Messages } from '../translations/messages.ts';
import { zhCN } from '../translations/zh-CN.ts';

export { DEFAULT_LOCALE, resolveLocale } from './locale.ts';

export const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** Formatting bound to one language. */
export class Formatter {
  constructor(readonly locale: Locale) {}

  get messages(): Messages {
    return catalogues[this.locale];
  }

  money(money: Money): string {
    return numberFormat(this.locale, { style: 'currency', currency: money.currency }).format(
      money.amount / 10 ** minorUnitDigits(money.currency),
    );
  }

  /** Short money for column headers: ¥128万 / CN¥1.3M. */
  compactMoney(money: Money): string {
    return numberFormat(this.locale, {
      style: 'currency',
      currency: money.currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(money.amount / 10 ** minorUnitDigits(money.currency));
  }

  number(value: number): string {
    return numberFormat(this.locale, {}).format(value);
  }

  /** 12,000 → 1.2万 in Chinese, 12K in English. */
  compact(value: number): string {
    return numberFormat(this.locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  }

  date(iso: string): string {
    return dateFormat(this.locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
  }
}
