/** Building blocks shared by every entity schema. */
import { z } from 'zod';

export const IdSchema = z.string().min(1).max(128);

/**
 * An instant as an ISO 8601 string. Any offset is accepted on input and stored in UTC
 * (`2026-11-23T08:00:00.000Z`), so timestamps sort as text in every store.
 */
export const TimestampSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString());

/** A calendar date without time (`2026-12-31`), e.g. an expected close date. */
export const DateSchema = z.iso.date();

export const CurrencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code');

/**
 * Money is an integer count of the currency's minor unit (分, cents) and its ISO code, so sums are
 * exact and two currencies are never added by accident.
 */
export const MoneySchema = z.object({
  amount: z.int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  currency: CurrencyCodeSchema,
});
export type Money = z.infer<typeof MoneySchema>;

export const LocaleSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

/** Text in both first-class languages. */
export const LocalizedTextSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const TagsSchema = z.array(z.string().min(1).max(64)).max(100);

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);

/** Host-defined fields (an ERP's customer code, credit limit…), JSON only. */
export const CustomFieldsSchema = z.record(z.string().min(1).max(64), JsonValueSchema);

export const AddressSchema = z.object({
  country: z.string().max(64).optional(),
  province: z.string().max(64).optional(),
  city: z.string().max(64).optional(),
  district: z.string().max(64).optional(),
  street: z.string().max(256).optional(),
  postcode: z.string().max(16).optional(),
});
export type Address = z.infer<typeof AddressSchema>;

/** Fields every stored entity carries; `version` is owned by the store and bumped on each write. */
export const entityBase = {
  id: IdSchema,
  version: z.int().nonnegative(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

export type EntityBase = { id: string; version: number; createdAt: string; updatedAt: string };

export const GradeSchema = z.enum(['A', 'B', 'C', 'D']);
export type Grade = z.infer<typeof GradeSchema>;

/** A score as it stood when computed, with the reasons that make it up. */
export const ScoreSnapshotSchema = z.object({
  total: z.number(),
  grade: GradeSchema.optional(),
  groups: z.record(z.string(), z.number()).default({}),
  reasons: z
    .array(
      z.object({
        ruleId: z.string(),
        label: z.string().optional(),
        group: z.string().optional(),
        points: z.number(),
      }),
    )
    .default([]),
  at: TimestampSchema,
});
export type ScoreSnapshot = z.infer<typeof ScoreSnapshotSchema>;
