/**
 * Whether a rep can take one more lead now: not departed, not on leave today, under their own
 * capacity (open leads + open deals) and under the definition's per-day and per-week intake
 * limits. Days and weeks are read in the definition's UTC offset, so "today" is the sales team's
 * today, not the server's.
 */
import type { User } from '../model/org.ts';
import type { AssignmentLimits } from './definition.ts';
import type { PersonRef, Unavailability } from './reason.ts';

const DAY_MS = 86_400_000;

/** The calendar day and ISO week an instant falls in. */
export interface Period {
  /** `2026-11-23` */
  readonly day: string;
  /** `2026-W48` */
  readonly week: string;
}

export function periodOf(now: number, utcOffsetMinutes: number): Period {
  const local = now + utcOffsetMinutes * 60_000;
  const day = new Date(local).toISOString().slice(0, 10);
  // ISO 8601: a week belongs to the year its Thursday is in; weeks start on Monday.
  const midnight = Math.floor(local / DAY_MS) * DAY_MS;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7;
  const thursday = midnight + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { day, week: `${year}-W${String(week).padStart(2, '0')}` };
}

/** Leave spans are inclusive calendar dates; an inverted span is ignored rather than guessed at. */
export function isOnLeave(user: Pick<User, 'leaves'>, day: string): boolean {
  for (const leave of user.leaves)
    if (leave.from <= day && day <= leave.to && leave.from <= leave.to) return true;
  return false;
}

/** What is known of one rep while deciding: the user and the figures capacity checks read. */
export interface Member {
  readonly user: User;
  /** The rep as reasons name them, made once: a bulk run names reps millions of times. */
  readonly person: PersonRef;
  /** Open leads + open deals; undefined when nothing needed it (no capacity, no least-loaded). */
  load: number | undefined;
  /** Leads taken in the current day and week. */
  dayCount: number;
  weekCount: number;
  /** Set when the counts changed and must be saved. */
  countsChanged: boolean;
}

/** What the rep is asked to take: its open load, and whether it counts against intake limits. */
export interface Ask {
  readonly load: number;
  readonly limited: boolean;
}

/** One new lead: one more open record, one more against the day's and the week's limits. */
export const NEW_LEAD: Ask = Object.freeze({ load: 1, limited: true });

/** Why `member` cannot take `ask` on `period`'s day, or undefined when they can. */
export function unavailability(
  member: Member,
  period: Period,
  limits: AssignmentLimits,
  ask: Ask = NEW_LEAD,
): Unavailability | undefined {
  const { user } = member;
  if (user.status === 'departed') return 'departed';
  if (isOnLeave(user, period.day)) return 'on-leave';
  if (user.capacity !== undefined && (member.load ?? 0) + ask.load > user.capacity) return 'over-capacity';
  if (!ask.limited) return undefined;
  if (limits.leadsPerDay !== undefined && member.dayCount >= limits.leadsPerDay) return 'daily-limit';
  if (limits.leadsPerWeek !== undefined && member.weekCount >= limits.leadsPerWeek) return 'weekly-limit';
  return undefined;
}

/** Counts a taken ask against the member's load and intake figures. */
export function take(member: Member, ask: Ask): void {
  if (member.load !== undefined) member.load += ask.load;
  if (ask.limited) {
    member.dayCount += 1;
    member.weekCount += 1;
    member.countsChanged = true;
  }
}
