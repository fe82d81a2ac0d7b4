/**
 * Money sums that never add two currencies by accident: totals are kept per currency, or
 * converted into one base currency through a rate table the host provides. Free of zod, so
 * widgets can use it without carrying the schema library.
 */
import { KehuError } from '../errors.ts';
import type { Money } from '../model/common.ts';

/** Minor-unit totals keyed by ISO currency code, e.g. `{ CNY: 1250000, USD: 9900 }`. */
export type MoneyTotals = Record<string, number>;

/** A host's exchange-rate table; validated by `validateRates` (rates.ts) where it enters. */
export interface CurrencyRates {
  /** The currency every amount is converted into. */
  base: string;
  /** Units of `base` one unit of the keyed currency buys: `{ USD: 7.12 }` with base CNY. */
  rates: Record<string, number>;
}

const exponents = new Map<string, number>();

/** Digits after the decimal point in a currency's minor unit (CNY 2, JPY 0), from Intl. */
export function minorUnitDigits(currency: string): number {
  let digits = exponents.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    exponents.set(currency, digits);
  }
  return digits;
}

/**
 * Converts an amount (minor units, possibly fractional after weighting) into the rate table's
 * base currency. A currency without a rate is an error naming it, never a silent zero.
 */
export function convertMinor(amount: number, currency: string, rates: CurrencyRates): number {
  if (currency === rates.base) return amount;
  const rate = rates.rates[currency];
  if (rate === undefined) {
    throw new KehuError('VALIDATION', `No exchange rate from ${currency} to ${rates.base}`, {
      issues: [
        { path: ['rates', 'rates', currency], message: `Missing rate for ${currency}`, code: 'missing_rate' },
      ],
    });
  }
  return (amount / 10 ** minorUnitDigits(currency)) * rate * 10 ** minorUnitDigits(rates.base);
}

/** Accumulates amounts per currency (or in the base currency when rates are given). */
export class MoneyAccumulator {
  private readonly totals = new Map<string, number>();

  constructor(private readonly rates?: CurrencyRates) {}

  add(money: Money, factor = 1): void {
    const currency = this.rates ? this.rates.base : money.currency;
    const amount = this.rates ? convertMinor(money.amount, money.currency, this.rates) : money.amount;
    this.totals.set(currency, (this.totals.get(currency) ?? 0) + amount * factor);
  }

  /** Totals rounded to whole minor units, currencies in alphabetical order. */
  result(): MoneyTotals {
    const out: MoneyTotals = {};
    for (const currency of [...this.totals.keys()].sort())
      out[currency] = Math.round(this.totals.get(currency)!);
    return out;
  }

  raw(): ReadonlyMap<string, number> {
    return this.totals;
  }
}
