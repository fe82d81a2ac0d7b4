/** Validation of a host's exchange-rate table. */
import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';
import { CurrencyCodeSchema } from '../model/common.ts';
import type { CurrencyRates } from './money.ts';

export const CurrencyRatesSchema = z.strictObject({
  base: CurrencyCodeSchema,
  rates: z.record(CurrencyCodeSchema, z.number().positive()),
});

export function validateRates(rates: unknown): CurrencyRates {
  return parseOrThrow(CurrencyRatesSchema, rates, 'currency rates', ['rates']);
}
