import { z } from 'zod';
import { CurrencyCodeSchema, entityBase, IdSchema, LocalizedTextSchema } from './common.ts';

/** Forecast categories, from least to most certain; `omitted` never counts. */
export const ForecastCategorySchema = z.enum(['pipeline', 'best_case', 'commit', 'closed', 'omitted']);
export type ForecastCategory = z.infer<typeof ForecastCategorySchema>;

export const StageSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  /** Chance of winning a deal in this stage, in percent. */
  probability: z.number().min(0).max(100),
  forecastCategory: ForecastCategorySchema,
  /** `won` and `lost` close the deal; every other stage is `open`. */
  outcome: z.enum(['open', 'won', 'lost']).default('open'),
  /** Deal fields that must be filled before a deal may enter this stage (e.g. `amount`, `expectedCloseDate`). */
  requiredFields: z.array(z.string().min(1)).default([]),
  /** Stage ids a deal in this stage may move to; absent means any. */
  allowedTransitions: z.array(IdSchema).optional(),
  /** A deal untouched in this stage for longer than this is rotting. */
  rotAfterDays: z.int().positive().optional(),
  /** The stage's key actions — the organisation's knowledge of how to win. */
  guidance: z.array(LocalizedTextSchema).default([]),
});
export type Stage = z.infer<typeof StageSchema>;

/**
 * The pipeline's fields without its cross-stage checks: zod 4 refuses `.omit()`/`.partial()` on a
 * refined object, so input schemas are derived from this one.
 */
export const PipelineBaseSchema = z.object({
  ...entityBase,
  name: LocalizedTextSchema,
  stages: z.array(StageSchema).min(1).max(50),
  defaultCurrency: CurrencyCodeSchema.default('CNY'),
});

/** A sales process: ordered stages a deal moves through. */
export const PipelineSchema = PipelineBaseSchema.superRefine((pipeline, ctx) => {
  const ids = new Set<string>();
  pipeline.stages.forEach((stage, index) => {
    if (ids.has(stage.id))
      ctx.addIssue({ code: 'custom', path: ['stages', index, 'id'], message: 'Duplicate stage id' });
    ids.add(stage.id);
  });
  pipeline.stages.forEach((stage, index) => {
    stage.allowedTransitions?.forEach((target, t) => {
      if (!ids.has(target))
        ctx.addIssue({
          code: 'custom',
          path: ['stages', index, 'allowedTransitions', t],
          message: `Unknown stage ${target}`,
        });
    });
  });
});
export type Pipeline = z.infer<typeof PipelineSchema>;
