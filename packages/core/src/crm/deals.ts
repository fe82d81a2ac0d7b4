/**
 * Deals through the facade. Creating a deal places it in its stage: the status mirrors the stage's
 * outcome, the card goes to the end of its board column, and the stage history starts. Editing
 * never touches stage, position, status or history — stage moves are `deals.move`'s.
 */
import { generateKeyBetween } from 'fractional-indexing';
import { KehuError } from '../errors.ts';
import type { Deal, StageChange } from '../model/deal.ts';
import type { StoreReader } from '../storage/contract.ts';
import type { ActionScope, CrmContext } from './context.ts';
import type { MoveDeal } from './deal-move.ts';
import { createEntityRepository, type Draft, type EntityService } from './entity-service.ts';
import { crudEventNames } from './events.ts';
import { requireStage } from './pipelines.ts';
import {
  type DealCreateInput,
  DealCreateSchema,
  type DealPatch,
  DealPatchSchema,
  isPositionKey,
} from './schemas.ts';

export interface DealService extends EntityService<'deals', DealCreateInput, DealPatch> {
  /**
   * Moves a deal to `stageId` (or to another place in its column): guards, a stage-history entry,
   * won/lost with a reason, re-opening, and a fractional position — one record written, saved at
   * `expectedVersion`. See `DealMoveOptions`.
   */
  move: MoveDeal;
}

export function createDealRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'deals',
    noun: 'deal',
    create: DealCreateSchema,
    patch: DealPatchSchema,
    events: crudEventNames('deal'),
    references: [
      { field: 'accountId', collection: 'accounts' },
      { field: 'contactId', collection: 'contacts' },
      { field: 'leadId', collection: 'leads' },
    ],
    dependents: [
      { collection: 'activities', field: 'dealId' },
      { collection: 'orders', field: 'dealId' },
    ],
    reads: ['pipelines'],
    prepare: (scope, draft, previous) => (previous ? draft : enterStage(ctx, scope, draft)),
  });
}

/** A new deal's place in the funnel: derived from its pipeline stage at creation time. */
async function enterStage(
  ctx: CrmContext,
  scope: ActionScope,
  draft: Draft<'deals'>,
): Promise<Draft<'deals'>> {
  // The create schema has already required both ids.
  const pipelineId = draft.pipelineId as string;
  const stageId = draft.stageId as string;
  const { pipeline, stage } = await requireStage(scope.tx, pipelineId, stageId);
  const entry: StageChange = { from: null, to: stageId, at: scope.at };
  if (scope.actorId !== undefined) entry.by = scope.actorId;
  const closed = stage.outcome !== 'open';
  const entered: Draft<'deals'> = {
    ...draft,
    status: stage.outcome,
    position: draft.position ?? (await positionAfterLast(scope.tx, pipelineId, stageId)),
    stageEnteredAt: scope.at,
    history: [entry],
    closedAt: closed ? (draft.closedAt ?? scope.at) : undefined,
  };
  const predicted = ctx.engines.winProbability?.predict(entered as Deal, pipeline);
  if (predicted !== undefined) entered.predictedProbability = Math.round(predicted * 100) / 100;
  return entered;
}

/** A fractional-indexing key after the last card of a (pipeline, stage) column. */
export async function positionAfterLast(
  reader: StoreReader,
  pipelineId: string,
  stageId: string,
): Promise<string> {
  const { items } = await reader.query('deals', {
    where: { pipelineId, stageId },
    orderBy: { field: 'position', direction: 'desc' },
    limit: 1,
  });
  const last = items[0]?.position ?? null;
  if (last !== null && !isPositionKey(last)) {
    // Written by an import that bypassed the facade; guessing a key would put the card anywhere.
    throw new KehuError('VALIDATION', `The last deal of column ${stageId} has an invalid position`, {
      issues: [
        {
          path: ['position'],
          message: `Cannot place a card after position ${last}`,
          code: 'invalid_position',
        },
      ],
      details: { pipelineId, stageId, position: last, dealId: items[0]?.id },
    });
  }
  return generateKeyBetween(last, null);
}
