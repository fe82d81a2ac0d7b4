/**
 * Activities: visits, calls, e-mails, meetings, tasks and notes on deals (and some on leads). Work
 * on closed deals is all done; on open ones some is done, some due in the coming weeks and some
 * overdue, so agendas, reminders and "overdue" badges all have something to show. Due times fall in
 * China business hours.
 */
import type { EntityInput } from '@kehu/core';
import { type Rng, WeightedIndex } from '../random.ts';
import { clamp, DAY, HOUR, iso, MINUTE, toSecond, workingSlot } from '../time.ts';
import { ACTIVITY_OUTCOMES, ACTIVITY_SUBJECTS, ACTIVITY_TYPES } from '../vocabulary/business.ts';
import { type Context, makeId, type RecordLocale } from './context.ts';
import type { DealInfo } from './deals.ts';
import type { LeadInfo } from './leads.ts';
import { text } from './people.ts';

/** What happens to work on something still open. */
const OPEN_WORK = [
  ['done', 55],
  ['upcoming', 30],
  ['overdue', 15],
] as const;

interface Target {
  startMs: number;
  endMs: number;
  closed: boolean;
  locale: RecordLocale;
  ownerId?: string;
  accountId?: string;
  contactId?: string;
  dealId?: string;
  leadId?: string;
}

export function generateActivities(
  ctx: Context,
  deals: readonly DealInfo[],
  leads: readonly LeadInfo[],
  total: number,
): EntityInput<'activities'>[] {
  const rng = ctx.stream('activities');
  const now = ctx.now;
  const workedLeads = leads.filter((l) => l.ownerId);
  const leadCount = workedLeads.length ? (deals.length ? Math.round(total * 0.1) : total) : 0;
  const dealCount = deals.length ? total - leadCount : 0;
  // Deals that lived longer collected more activity.
  const dealIndex = new WeightedIndex(
    deals.map((d) => 1 + Math.min(6, (d.lastMs - d.createdMs) / (20 * DAY))),
  );

  const activities: EntityInput<'activities'>[] = [];
  for (let i = 0; i < dealCount + leadCount; i++) {
    let target: Target;
    if (i < dealCount) {
      const deal = deals[dealIndex.pick(rng)]!;
      const contacts = deal.account.contacts;
      target = {
        startMs: deal.createdMs,
        endMs: deal.closed ? deal.lastMs : now - MINUTE,
        closed: deal.closed,
        locale: deal.locale,
        ownerId: deal.owner.id,
        accountId: deal.account.id,
        dealId: deal.id,
      };
      const contactId =
        deal.contactId ?? (contacts.length && rng.chance(0.5) ? rng.pick(contacts).id : undefined);
      if (contactId) target.contactId = contactId;
    } else {
      const lead = rng.pick(workedLeads);
      target = {
        startMs: lead.createdMs,
        endMs: lead.open ? now - MINUTE : lead.endMs,
        closed: !lead.open,
        locale: lead.locale,
        ownerId: lead.ownerId!,
        leadId: lead.id,
      };
      if (lead.accountId) target.accountId = lead.accountId;
    }
    activities.push(makeActivity(rng, now, makeId('act', i + 1), target));
  }
  return activities;
}

function makeActivity(rng: Rng, now: number, id: string, target: Target): EntityInput<'activities'> {
  const type = rng.weighted(ACTIVITY_TYPES);
  const { startMs, endMs, locale } = target;
  let mode: 'done' | 'upcoming' | 'overdue' =
    target.closed || type === 'note' ? 'done' : rng.weighted(OPEN_WORK);
  const overdueFrom = Math.max(startMs + HOUR, now - 14 * DAY);
  if (mode === 'overdue' && overdueFrom >= now - HOUR) mode = 'upcoming';

  let dueMs: number | undefined;
  let doneMs: number | undefined;
  let createdMs: number;
  if (mode === 'done') {
    const at = startMs + rng.next() * Math.max(0, endMs - startMs);
    if (type === 'note') {
      createdMs = toSecond(at);
      doneMs = createdMs;
    } else {
      dueMs = toSecond(clamp(workingSlot(at, rng), startMs, endMs));
      doneMs = toSecond(clamp(dueMs + rng.int(0, 120) * MINUTE, dueMs, endMs));
      createdMs = toSecond(Math.max(startMs, dueMs - rng.float(0, 5) * DAY));
    }
  } else if (mode === 'upcoming') {
    dueMs = workingSlot(now + rng.float(0.05, 21) * DAY, rng);
    if (dueMs <= now) dueMs += DAY;
    createdMs = toSecond(clamp(now - rng.float(0, 14) * DAY, startMs, now - MINUTE));
  } else {
    const at = overdueFrom + rng.next() * (now - HOUR - overdueFrom);
    dueMs = toSecond(clamp(workingSlot(at, rng), overdueFrom, now - HOUR));
    createdMs = toSecond(Math.max(startMs, dueMs - rng.float(0, 5) * DAY));
  }
  if (dueMs !== undefined && createdMs > dueMs) createdMs = toSecond(dueMs);

  const createdAt = iso(createdMs);
  const doneAt = doneMs === undefined ? undefined : doneMs === createdMs ? createdAt : iso(doneMs);
  const activity: EntityInput<'activities'> = {
    id,
    version: 0,
    createdAt,
    updatedAt: doneAt ?? createdAt,
    type,
    subject: text(rng.pick(ACTIVITY_SUBJECTS[type]), locale),
    done: mode === 'done',
  };
  if (dueMs !== undefined) activity.dueAt = iso(dueMs);
  if (mode !== 'done' && dueMs !== undefined && (type === 'visit' || type === 'meeting' || type === 'call')) {
    const remindMs = dueMs - (rng.chance(0.5) ? 30 * MINUTE : DAY);
    if (remindMs > createdMs && rng.chance(0.6)) activity.remindAt = iso(remindMs);
  }
  if (doneAt !== undefined) activity.doneAt = doneAt;
  if (mode === 'done' && type !== 'note' && rng.chance(0.8)) {
    activity.outcome = text(rng.pick(ACTIVITY_OUTCOMES[type]), locale);
  }
  if (target.accountId) activity.accountId = target.accountId;
  if (target.contactId) activity.contactId = target.contactId;
  if (target.dealId) activity.dealId = target.dealId;
  if (target.leadId) activity.leadId = target.leadId;
  if (target.ownerId) activity.ownerId = target.ownerId;
  return activity;
}
