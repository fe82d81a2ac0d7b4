/**
 * Pipelines as the facade stores them, and the stage look-ups deals need. A stage that still holds
 * deals cannot be dropped from its pipeline, nor the pipeline removed, or those deals would point
 * at nothing.
 */
import { KehuError } from '../errors.ts';
import type { Pipeline, Stage } from '../model/pipeline.ts';
import type { StoreReader } from '../storage/contract.ts';
import type { CrmContext } from './context.ts';
import { createEntityRepository } from './entity-service.ts';
import { crudEventNames } from './events.ts';
import { requireReference } from './references.ts';
import { PipelineCreateSchema, PipelinePatchSchema } from './schemas.ts';

export function createPipelineRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'pipelines',
    noun: 'pipeline',
    create: PipelineCreateSchema,
    patch: PipelinePatchSchema,
    events: crudEventNames('pipeline'),
    dependents: [{ collection: 'deals', field: 'pipelineId' }],
    reads: ['deals'],
    async guardUpdate(scope, next, previous) {
      const kept = new Set(next.stages.map((stage) => stage.id));
      for (const stage of previous.stages) {
        if (kept.has(stage.id)) continue;
        const count = await scope.tx.count('deals', { pipelineId: previous.id, stageId: stage.id });
        if (count > 0) {
          throw new KehuError('GUARD_REJECTED', `Stage ${stage.id} still holds ${count} deals`, {
            issues: [
              { path: ['stages'], message: `Stage ${stage.id} still holds deals`, code: 'stage_in_use' },
            ],
            details: { pipelineId: previous.id, stageId: stage.id, count },
          });
        }
      }
    },
  });
}

export function findStage(pipeline: Pipeline, stageId: string): Stage | undefined {
  return pipeline.stages.find((stage) => stage.id === stageId);
}

/** The stage a new deal enters when none is chosen: the first one that is still open. */
export function firstOpenStage(pipeline: Pipeline): Stage | undefined {
  return pipeline.stages.find((stage) => stage.outcome === 'open');
}

/**
 * Reads a pipeline and one of its stages, or throws `NOT_FOUND` naming the field at fault
 * (`field` is where the pipeline id came from, e.g. `pipelineId` or `deal.pipelineId`).
 */
export async function requireStage(
  reader: StoreReader,
  pipelineId: string,
  stageId: string,
  field = 'pipelineId',
): Promise<{ pipeline: Pipeline; stage: Stage }> {
  const pipeline = await requireReference(reader, 'pipelines', pipelineId, field);
  const stage = findStage(pipeline, stageId);
  if (stage) return { pipeline, stage };
  const stageField = field.replace(/pipelineId$/, 'stageId');
  throw new KehuError('NOT_FOUND', `Pipeline ${pipelineId} has no stage ${stageId}`, {
    issues: [
      { path: stageField.split('.'), message: `No stage ${stageId} in ${pipelineId}`, code: 'not_found' },
    ],
    details: { field: stageField, collection: 'pipelines', id: stageId, pipelineId },
  });
}
