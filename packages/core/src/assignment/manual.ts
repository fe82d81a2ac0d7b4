/**
 * A supervisor's pick: the rep a lead waiting in a queue (or any open lead) goes to. The pick is
 * checked exactly as the engine checks its own — the user exists, has not left, is not on leave
 * today, and has room under their capacity and the intake limits — and counted like one, with an
 * audit entry, in one transaction. `lead.updated` is announced after the commit.
 */
import { z } from 'zod';
import type { Crm } from '../crm/create-crm.ts';
import { missingRecord } from '../crm/references.ts';
import { parseId, VersionSchema } from '../crm/validation.ts';
import { KehuError, parseOrThrow } from '../errors.ts';
import { IdSchema } from '../model/common.ts';
import type { Lead } from '../model/lead.ts';
import { conflict } from '../storage/validate.ts';
import { NEW_LEAD, unavailability } from './availability.ts';
import { type AssignmentDefinition, type AssignmentDefinitionInput, defineAssignment } from './definition.ts';
import { StoreCatalog } from './engine.ts';
import { isNeed } from './planner.ts';
import { personOf } from './pool.ts';
import { describePick, MAX_REASON_LENGTH } from './reason.ts';

export const AssignManuallySchema = z.strictObject({
  /** The rep the supervisor picked. */
  userId: IdSchema,
  /** The lead's version as the supervisor saw it. */
  expectedVersion: VersionSchema,
  /** Why, for the lead's reason and the audit trail ("客户点名要李伟"). */
  reason: z.string().trim().min(1).max(300).optional(),
  /** The supervisor, for the audit entry and the event. */
  actorId: IdSchema.optional(),
});
export type AssignManuallyOptions = z.input<typeof AssignManuallySchema>;

const SCOPE = ['leads', 'users', 'teams', 'deals', 'assignmentStates', 'auditEntries'] as const;

/**
 * Gives lead `leadId` to `options.userId`. `definition` supplies the intake limits, time zone and
 * language — pass the one the capture engine runs. `NOT_FOUND` for a missing lead or user,
 * `CONFLICT` for a stale version, `GUARD_REJECTED` for a closed lead or a rep who cannot take it.
 */
export async function assignManually(
  crm: Crm,
  leadId: string,
  options: AssignManuallyOptions,
  definition: AssignmentDefinition | AssignmentDefinitionInput = {},
): Promise<Lead> {
  parseId(leadId);
  const { userId, expectedVersion, reason, actorId } = parseOrThrow(
    AssignManuallySchema,
    options,
    'manual assignment',
  );
  const settings = defineAssignment(definition);
  const now = crm.clock.now();
  const at = new Date(now).toISOString();
  let previous: Lead | undefined;
  const saved = await crm.store.transaction(SCOPE, async (tx) => {
    const lead = await tx.get('leads', leadId);
    if (!lead) throw missingRecord('leads', leadId);
    if (lead.version !== expectedVersion) throw conflict('leads', leadId, expectedVersion, lead.version);
    if (lead.status === 'converted' || lead.status === 'disqualified') {
      throw new KehuError('GUARD_REJECTED', `Cannot assign lead ${leadId}: it is ${lead.status}`, {
        details: { id: leadId, status: lead.status },
      });
    }
    const catalog = new StoreCatalog(tx, settings, { now, random: crm.random });
    const need = catalog.member(userId);
    if (isNeed(need)) await catalog.load(need);
    const member = catalog.member(userId);
    if (member === null || isNeed(member)) {
      throw new KehuError('NOT_FOUND', `userId refers to users/${userId}, which does not exist`, {
        issues: [{ path: ['userId'], message: `No users record ${userId}`, code: 'not_found' }],
        details: { field: 'userId', collection: 'users', id: userId },
      });
    }
    if (lead.ownerId === userId) {
      throw new KehuError('VALIDATION', 'Invalid manual assignment: userId', {
        issues: [
          { path: ['userId'], code: 'invalid_value', message: 'The lead already belongs to this user' },
        ],
      });
    }
    const why = unavailability(member, catalog.period, settings.limits, NEW_LEAD);
    if (why) {
      throw new KehuError('GUARD_REJECTED', `${member.user.name} cannot take lead ${leadId} now: ${why}`, {
        details: { id: leadId, userId, why },
      });
    }
    catalog.take(member);
    await catalog.save();
    const picked = describePick(personOf(member), { strategy: 'manual' }, 1, settings.locale);
    const text = reason === undefined ? picked : `${picked}: ${reason}`;
    previous = lead;
    const next = {
      ...lead,
      ownerId: userId,
      teamId: member.user.teamId ?? lead.teamId,
      assignmentReason: text.slice(0, MAX_REASON_LENGTH),
      version: lead.version + 1,
      updatedAt: at,
    };
    const stored = await tx.put('leads', next, { expectedVersion });
    const audit = {
      id: crm.ids(),
      version: 1,
      createdAt: at,
      updatedAt: at,
      at,
      ...(actorId === undefined ? {} : { actorId }),
      action: 'assign',
      collection: 'leads',
      recordId: leadId,
      ...(lead.ownerId === undefined ? {} : { fromOwnerId: lead.ownerId }),
      toOwnerId: userId,
      reason: reason ?? picked,
      detail: picked,
    };
    await tx.put('auditEntries', audit, { expectedVersion: 0 });
    return stored;
  });
  crm.events.emit('lead.updated', { entity: saved, previous: previous!, actorId });
  return saved;
}
