/** Activities through the facade: the generic service plus completing one. */
import { KehuError, parseOrThrow } from '../errors.ts';
import type { Activity } from '../model/activity.ts';
import { type CrmContext, runAction } from './context.ts';
import { createEntityRepository, type Draft, type EntityService } from './entity-service.ts';
import { crudEventNames } from './events.ts';
import {
  type ActivityCompleteOptions,
  ActivityCompleteSchema,
  type ActivityCreateInput,
  ActivityCreateSchema,
  type ActivityPatch,
  ActivityPatchSchema,
} from './schemas.ts';
import { parseId } from './validation.ts';

export interface ActivityService extends EntityService<'activities', ActivityCreateInput, ActivityPatch> {
  /** Marks the activity done now, with an optional outcome. `GUARD_REJECTED` if it is already done. */
  complete(id: string, options: ActivityCompleteOptions): Promise<Activity>;
}

export function createActivityRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'activities',
    noun: 'activity',
    create: ActivityCreateSchema,
    patch: ActivityPatchSchema,
    events: crudEventNames('activity'),
    references: [
      { field: 'accountId', collection: 'accounts' },
      { field: 'contactId', collection: 'contacts' },
      { field: 'dealId', collection: 'deals' },
      { field: 'leadId', collection: 'leads' },
    ],
    prepare: (scope, draft) => stampDone(draft, scope.at),
  });
}

/** `doneAt` follows `done`: stamped when an activity is done without one, cleared when reopened. */
function stampDone(draft: Draft<'activities'>, at: string): Draft<'activities'> {
  if (!draft.done) return { ...draft, doneAt: undefined };
  return draft.doneAt ? draft : { ...draft, doneAt: at };
}

export function createActivityService(
  ctx: CrmContext,
  activities: ReturnType<typeof createActivityRepository>,
): ActivityService {
  return {
    ...activities.service,
    async complete(id, options) {
      parseId(id);
      const { outcome, expectedVersion } = parseOrThrow(ActivityCompleteSchema, options, 'options');
      return runAction(ctx, activities.scope, async (scope) => {
        const previous = await activities.load(scope, id, expectedVersion);
        if (previous.done) {
          throw new KehuError('GUARD_REJECTED', `Activity ${id} is already done`, {
            details: { id, doneAt: previous.doneAt },
          });
        }
        const changes = { done: true, doneAt: scope.at, ...(outcome === undefined ? {} : { outcome }) };
        return activities.change(scope, previous, changes, { event: 'activity.completed' });
      });
    },
  };
}
