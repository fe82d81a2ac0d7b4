/**
 * `deals.move`: the funnel's one way to change a deal's stage or its place in a board column.
 * Guards first (allowed transitions, the target stage's required fields, a reason to win or
 * lose), then one write of one record: the stage, a history entry, the derived status and close
 * fields, and a fractional-index position — so a drag never renumbers a column.
 */
import { generateKeyBetween } from 'fractional-indexing';
import { z } from 'zod';
import { KehuError, type KehuIssue, parseOrThrow } from '../errors.ts';
import { IdSchema } from '../model/common.ts';
import type { Deal, StageChange } from '../model/deal.ts';
import type { Pipeline, Stage } from '../model/pipeline.ts';
import type { StoreReader } from '../storage/contract.ts';
import { type CrmContext, runAction } from './context.ts';
import { positionAfterLast } from './deals.ts';
import type { Draft, EntityRepository } from './entity-service.ts';
import { findStage, requireStage } from './pipelines.ts';
import { type DealPatch, DealPatchSchema, isPositionKey } from './schemas.ts';
import { parseId, sentFields, VersionSchema } from './validation.ts';

const NeighboursSchema = z
  .strictObject({
    /** The card the moved one should follow; left out: the top of the column. */
    after: IdSchema.optional(),
    /** The card the moved one should precede; left out: the end of the column. */
    before: IdSchema.optional(),
  })
  .refine((n) => n.after !== undefined || n.before !== undefined, 'Name a neighbour: after, before or both');

export const DealMoveSchema = z.strictObject({
  expectedVersion: VersionSchema,
  /**
   * Where in the target column: a fractional-index key, or the neighbours to land between (read
   * inside the move, so a neighbour that moved meanwhile still yields the right place). Left out:
   * the end of the column, or the same place when only the stage is unchanged.
   */
  position: z
    .union([z.string().refine(isPositionKey, 'Expected a fractional-indexing key'), NeighboursSchema])
    .optional(),
  /** Why the deal was won or lost (required then), or any note for the history entry. */
  reason: z.string().trim().min(1).max(500).optional(),
  /** Field values to save in the same write, e.g. the fields the target stage requires. */
  fields: DealPatchSchema.optional(),
});
export type DealMoveOptions = z.input<typeof DealMoveSchema>;

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function refuse(message: string, issues: KehuIssue[], details: Record<string, unknown>): never {
  throw new KehuError('GUARD_REJECTED', message, { issues, details });
}

/** The guards a stage change must pass; every failing requirement is reported at once. */
function guardStageChange(
  deal: Draft<'deals'>,
  from: Stage | undefined,
  to: Stage,
  reason: string | undefined,
): void {
  if (from?.allowedTransitions && !from.allowedTransitions.includes(to.id)) {
    refuse(
      `A deal in ${from.id} cannot move to ${to.id}`,
      [
        {
          path: ['stageId'],
          message: `Moving from ${from.id} to ${to.id} is not allowed`,
          code: 'transition',
        },
      ],
      { from: from.id, to: to.id, allowed: from.allowedTransitions },
    );
  }
  const missing = to.requiredFields.filter((field) => isEmpty((deal as Record<string, unknown>)[field]));
  if (to.outcome !== 'open' && reason === undefined) missing.push('reason');
  if (missing.length) {
    refuse(
      `Stage ${to.id} needs ${missing.join(', ')}`,
      missing.map((field) => ({ path: [field], message: `Required to enter ${to.id}`, code: 'required' })),
      { stageId: to.id, missing },
    );
  }
}

async function resolvePosition(
  reader: StoreReader,
  deal: Deal,
  stageId: string,
  requested: z.output<typeof DealMoveSchema>['position'],
): Promise<string> {
  if (typeof requested === 'string') return requested;
  if (requested === undefined) {
    return deal.stageId === stageId ? deal.position : positionAfterLast(reader, deal.pipelineId, stageId);
  }
  const keys = { after: null as string | null, before: null as string | null };
  for (const side of ['after', 'before'] as const) {
    const neighbourId = requested[side];
    if (neighbourId === undefined) continue;
    const neighbour = await reader.get('deals', neighbourId);
    const path = ['position', side];
    if (!neighbour) {
      throw new KehuError('NOT_FOUND', `No deal ${neighbourId} to move ${side}`, {
        issues: [{ path, message: `No deal ${neighbourId}`, code: 'not_found' }],
        details: { field: path.join('.'), collection: 'deals', id: neighbourId },
      });
    }
    if (
      neighbour.id === deal.id ||
      neighbour.pipelineId !== deal.pipelineId ||
      neighbour.stageId !== stageId
    ) {
      throw new KehuError('VALIDATION', `Deal ${neighbourId} is not another card of column ${stageId}`, {
        issues: [{ path, message: 'Not a neighbour in the target column', code: 'invalid_neighbour' }],
      });
    }
    keys[side] = neighbour.position;
  }
  // Equal or crossed neighbour keys (two cards created at once can share one): settle after `after`.
  if (keys.after !== null && keys.before !== null && keys.after >= keys.before) keys.before = null;
  return generateKeyBetween(keys.after, keys.before);
}

/** The fields a stage change sets: status, stage entry, history, close fields, probability. */
function stageChanges(
  previous: Deal,
  to: Stage,
  at: string,
  actorId: string | undefined,
  reason: string | undefined,
  fields: Partial<DealPatch>,
): Draft<'deals'> {
  const entry: StageChange = { from: previous.stageId, to: to.id, at };
  if (actorId !== undefined) entry.by = actorId;
  if (reason !== undefined) entry.reason = reason;
  return {
    stageId: to.id,
    status: to.outcome,
    stageEnteredAt: at,
    history: [...previous.history, entry],
    closedAt: to.outcome === 'open' ? undefined : at,
    wonReason: to.outcome === 'won' ? reason : undefined,
    lostReason: to.outcome === 'lost' ? reason : undefined,
    // A rep's estimate was about the stage being left; the new stage's probability applies again
    // (re-opening a won or lost deal included) unless the move sets a new estimate.
    probability: 'probability' in fields ? fields.probability : undefined,
  };
}

export type MoveDeal = (id: string, stageId: string, options: DealMoveOptions) => Promise<Deal>;

export function createDealMove(
  ctx: CrmContext,
  deals: EntityRepository<'deals', z.ZodType, z.ZodType>,
): MoveDeal {
  return async (id, stageId, options) => {
    parseId(id);
    parseId(stageId, ['stageId']);
    const input = parseOrThrow(DealMoveSchema, options, 'move options');
    const raw = (options as { fields?: unknown } | undefined)?.fields;
    const fields = input.fields ? (sentFields(input.fields, raw) as Partial<DealPatch>) : {};
    let closedIn: Pipeline | undefined;

    const saved = await runAction(ctx, [...deals.scope, 'pipelines'], async (scope) => {
      const previous = await deals.load(scope, id, input.expectedVersion);
      const { pipeline, stage: to } = await requireStage(scope.tx, previous.pipelineId, stageId);
      const changes: Draft<'deals'> = { ...(fields as Draft<'deals'>) };
      if (previous.stageId !== stageId) {
        guardStageChange(
          { ...previous, ...changes },
          findStage(pipeline, previous.stageId),
          to,
          input.reason,
        );
        Object.assign(changes, stageChanges(previous, to, scope.at, scope.actorId, input.reason, fields));
        if (to.outcome !== 'open') closedIn = pipeline;
      }
      changes.position = await resolvePosition(scope.tx, previous, stageId, input.position);
      const predicted = ctx.engines.winProbability?.predict({ ...previous, ...changes } as Deal, pipeline);
      if (predicted !== undefined) changes.predictedProbability = Math.round(predicted * 100) / 100;
      const next = await deals.change(scope, previous, changes, { event: false });
      scope.emit('deal.moved', {
        entity: next,
        previous,
        from: previous.stageId,
        to: stageId,
        actorId: scope.actorId,
      });
      return next;
    });
    if (closedIn) ctx.engines.winProbability?.observe?.(saved, closedIn);
    return saved;
  };
}
