/**
 * `crm.users.reassign`: hands a rep's book — all of it, or the part a filter selects — to a named
 * colleague or through a strategy, when the rep goes on leave or leaves. One transaction moves
 * every record and writes an audit entry for each, or nothing moves at all: a half-moved book
 * would lose customers in exactly the situation this exists for.
 *
 * Through a strategy, an account travels with its selected deals and leads as one unit, so a
 * customer keeps one owner; the unit's open leads and deals must fit the new owner's capacity.
 * Daily and weekly intake limits are not applied: they pace fresh enquiries, and applying them to
 * a handover would strand the departing rep's customers.
 */
import { z } from 'zod';
import type { ActionScope, CrmContext } from '../crm/context.ts';
import { engineContext, runAction } from '../crm/context.ts';
import type { createDealRepository } from '../crm/deals.ts';
import type { createAccountRepository } from '../crm/directory.ts';
import type { createLeadRepository } from '../crm/leads.ts';
import { missingRecord } from '../crm/references.ts';
import { parseId } from '../crm/validation.ts';
import { KehuError, parseOrThrow } from '../errors.ts';
import type { Account } from '../model/account.ts';
import type { CollectionName } from '../model/collections.ts';
import { IdSchema } from '../model/common.ts';
import type { Deal } from '../model/deal.ts';
import type { Lead } from '../model/lead.ts';
import type { User } from '../model/org.ts';
import type { StoreReader } from '../storage/contract.ts';
import { type Ask, type Member, unavailability } from './availability.ts';
import { type AssignmentDefinition, defineAssignment, PickStrategySchema } from './definition.ts';
import { definitionOfEngine, OPEN_LEAD_STATUSES, StoreCatalog } from './engine.ts';
import { isNeed } from './planner.ts';
import { personOf } from './pool.ts';
import { describePick, type SkippedRep } from './reason.ts';

export const ReassignCollectionSchema = z.enum(['accounts', 'leads', 'deals']);
export type ReassignCollection = z.infer<typeof ReassignCollectionSchema>;

/** `open` and `closed` cover both leads and deals; the others are the collections' own statuses. */
const ReassignStatusSchema = z.enum([
  'open',
  'closed',
  'new',
  'working',
  'nurturing',
  'qualified',
  'disqualified',
  'converted',
  'won',
  'lost',
]);

export const ReassignFilterSchema = z.strictObject({
  /** Default: all three. */
  collections: z.array(ReassignCollectionSchema).min(1).optional(),
  /** Only these records (of the rep's). */
  ids: z.array(IdSchema).min(1).max(100_000).optional(),
  /** Leads and deals in these statuses; accounts have none and are not narrowed by it. */
  status: z.array(ReassignStatusSchema).min(1).optional(),
  /** Leads and accounts in these regions; a deal by its account's. */
  region: z.array(z.string().min(1).max(64)).min(1).optional(),
  /** Leads and accounts in these industries; a deal by its account's. */
  industry: z.array(z.string().min(1).max(64)).min(1).optional(),
});
export type ReassignFilter = z.input<typeof ReassignFilterSchema>;

export const ReassignOptionsSchema = z
  .strictObject({
    /** The colleague who takes everything selected. */
    to: IdSchema.optional(),
    /** Or: a strategy spreading the records over a team. */
    strategy: PickStrategySchema.optional(),
    /** The team the strategy picks in; default the rep's own team. */
    teamId: IdSchema.optional(),
    filter: ReassignFilterSchema.default({}),
    /** Why, for the audit trail ("离职交接", "maternity leave"). */
    reason: z.string().trim().min(1).max(500),
  })
  .superRefine((options, ctx) => {
    if ((options.to === undefined) === (options.strategy === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'Name exactly one of to, strategy' });
    }
    if (options.teamId !== undefined && options.strategy === undefined) {
      ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'teamId goes with a strategy' });
    }
  });
export type ReassignOptions = z.input<typeof ReassignOptionsSchema>;
type ParsedOptions = z.output<typeof ReassignOptionsSchema>;

export interface ReassignMove {
  collection: ReassignCollection;
  id: string;
  from: string;
  to: string;
  /** How the strategy chose, when one did. */
  detail?: string;
}

export interface ReassignResult {
  /** The rep whose records were moved. */
  from: User;
  /** Every record that changed owner, accounts first, each with its audit entry written. */
  moves: ReassignMove[];
}

/** Moves a rep's accounts, leads and deals (`VALIDATION`, `NOT_FOUND`, `GUARD_REJECTED`). */
export type ReassignUser = (fromUserId: string, options: ReassignOptions) => Promise<ReassignResult>;

export interface ReassignRepositories {
  accounts: ReturnType<typeof createAccountRepository>;
  leads: ReturnType<typeof createLeadRepository>;
  deals: ReturnType<typeof createDealRepository>;
}

type Book = { accounts: Account[]; leads: Lead[]; deals: Deal[] };
type AnyRecord =
  | { collection: 'accounts'; record: Account }
  | { collection: 'leads'; record: Lead }
  | { collection: 'deals'; record: Deal };

/** A customer's records that move together, and what they add to a rep's open load. */
interface Unit {
  records: AnyRecord[];
  subject: object;
  load: number;
}

export function createReassign(ctx: CrmContext, repositories: ReassignRepositories): ReassignUser {
  return async (fromUserId, options) => {
    parseId(fromUserId, ['fromUserId']);
    const parsed = parseOrThrow(ReassignOptionsSchema, options, 'reassignment');
    // The capture engine's settings (roles in rotation, time zone, language) apply when there is one.
    const definition = definitionOfEngine(ctx.engines.assignment) ?? defineAssignment({});
    const scope: CollectionName[] = [
      ...repositories.accounts.scope,
      ...repositories.leads.scope,
      ...repositories.deals.scope,
      'users',
      'teams',
      'assignmentStates',
      'auditEntries',
    ];
    return runAction(ctx, scope, (action) =>
      reassign(ctx, repositories, action, fromUserId, parsed, definition),
    );
  };
}

async function reassign(
  ctx: CrmContext,
  repositories: ReassignRepositories,
  action: ActionScope,
  fromUserId: string,
  options: ParsedOptions,
  definition: AssignmentDefinition,
): Promise<ReassignResult> {
  const from = await action.tx.get('users', fromUserId);
  if (!from) throw missingRecord('users', fromUserId);
  const book = await selectBook(action.tx, fromUserId, options.filter);
  const catalog = new StoreCatalog(action.tx, definition, engineContext(ctx, action));
  const plan =
    options.to !== undefined
      ? await toColleague(catalog, book, from, options.to)
      : await throughStrategy(catalog, book, from, options, definition);
  await catalog.save();

  const moves: ReassignMove[] = [];
  for (const { unit, owner, detail } of plan) {
    for (const item of unit.records) {
      await moveRecord(repositories, action, item, owner);
      const move: ReassignMove = {
        collection: item.collection,
        id: item.record.id,
        from: fromUserId,
        to: owner.id,
      };
      if (detail !== undefined) move.detail = detail;
      await action.tx.put('auditEntries', auditEntry(ctx, action, move, options.reason), {
        expectedVersion: 0,
      });
      moves.push(move);
    }
  }
  if (moves.length > 0) {
    action.emit('users.reassigned', { entity: from, moves, reason: options.reason, actorId: action.actorId });
  }
  return { from, moves };
}

async function moveRecord(
  repositories: ReassignRepositories,
  action: ActionScope,
  item: AnyRecord,
  owner: User,
) {
  const changes = { ownerId: owner.id, teamId: owner.teamId ?? item.record.teamId };
  if (item.collection === 'accounts') await repositories.accounts.change(action, item.record, changes);
  else if (item.collection === 'leads') await repositories.leads.change(action, item.record, changes);
  else await repositories.deals.change(action, item.record, changes);
}

function auditEntry(ctx: CrmContext, action: ActionScope, move: ReassignMove, reason: string) {
  return {
    id: ctx.ids(),
    version: 1,
    createdAt: action.at,
    updatedAt: action.at,
    at: action.at,
    ...(action.actorId === undefined ? {} : { actorId: action.actorId }),
    action: 'reassign',
    collection: move.collection,
    recordId: move.id,
    fromOwnerId: move.from,
    toOwnerId: move.to,
    reason,
    ...(move.detail === undefined ? {} : { detail: move.detail }),
  };
}

// ── Selection ──────────────────────────────────────────────────────────────────────────────────

type Filter = ParsedOptions['filter'];

/** The rep's records the filter selects, each collection in id order. */
async function selectBook(reader: StoreReader, ownerId: string, filter: Filter): Promise<Book> {
  const wanted = new Set(filter.collections ?? ReassignCollectionSchema.options);
  const ids = filter.ids && new Set(filter.ids);
  const [accounts, leads, deals] = await Promise.all([
    wanted.has('accounts') ? reader.query('accounts', { where: { ownerId } }) : undefined,
    wanted.has('leads') ? reader.query('leads', { where: { ownerId } }) : undefined,
    wanted.has('deals') ? reader.query('deals', { where: { ownerId } }) : undefined,
  ]);
  const dealAccounts = new Map<string, Account>();
  if (deals && (filter.region || filter.industry)) {
    const accountIds = [...new Set(deals.items.map((deal) => deal.accountId))];
    for (const account of await reader.getMany('accounts', accountIds)) {
      if (account) dealAccounts.set(account.id, account);
    }
  }
  const byId = <T extends { id: string }>(record: T) => !ids || ids.has(record.id);
  return {
    accounts: (accounts?.items ?? []).filter((a) => byId(a) && matchesPlace(a, filter)),
    leads: (leads?.items ?? []).filter(
      (l) => byId(l) && leadStatusMatches(l, filter) && matchesPlace(l, filter),
    ),
    deals: (deals?.items ?? []).filter(
      (d) =>
        byId(d) && dealStatusMatches(d, filter) && matchesPlace(dealAccounts.get(d.accountId) ?? {}, filter),
    ),
  };
}

function matchesPlace(record: { region?: string; industry?: string }, filter: Filter): boolean {
  if (filter.region && (record.region === undefined || !filter.region.includes(record.region))) return false;
  if (filter.industry && (record.industry === undefined || !filter.industry.includes(record.industry)))
    return false;
  return true;
}

const isOpenLead = (lead: Lead) => (OPEN_LEAD_STATUSES as readonly string[]).includes(lead.status);

function leadStatusMatches(lead: Lead, filter: Filter): boolean {
  const wanted = filter.status;
  if (!wanted) return true;
  return wanted.includes(lead.status) || wanted.includes(isOpenLead(lead) ? 'open' : 'closed');
}

function dealStatusMatches(deal: Deal, filter: Filter): boolean {
  const wanted = filter.status;
  if (!wanted) return true;
  return wanted.includes(deal.status) || (deal.status !== 'open' && wanted.includes('closed'));
}

const openLoadOf = (item: AnyRecord) =>
  (item.collection === 'leads' && isOpenLead(item.record)) ||
  (item.collection === 'deals' && item.record.status === 'open')
    ? 1
    : 0;

// ── Choosing the new owners ────────────────────────────────────────────────────────────────────

interface Placement {
  unit: Unit;
  owner: User;
  detail: string | undefined;
}

const asItems = (book: Book): AnyRecord[] => [
  ...book.accounts.map((record) => ({ collection: 'accounts' as const, record })),
  ...book.deals.map((record) => ({ collection: 'deals' as const, record })),
  ...book.leads.map((record) => ({ collection: 'leads' as const, record })),
];

/** Everything to one colleague, who must be able to take the whole open load. */
async function toColleague(
  catalog: StoreCatalog,
  book: Book,
  from: User,
  toId: string,
): Promise<Placement[]> {
  if (toId === from.id) {
    throw new KehuError('VALIDATION', 'Invalid reassignment: to', {
      issues: [{ path: ['to'], code: 'invalid_value', message: 'The records already belong to this user' }],
    });
  }
  const member = await loadMember(catalog, toId);
  if (!member) {
    throw new KehuError('NOT_FOUND', `to refers to users/${toId}, which does not exist`, {
      issues: [{ path: ['to'], message: `No users record ${toId}`, code: 'not_found' }],
      details: { field: 'to', collection: 'users', id: toId },
    });
  }
  const records = asItems(book);
  const ask: Ask = { load: records.reduce((sum, item) => sum + openLoadOf(item), 0), limited: false };
  const why = unavailability(member, catalog.period, {}, ask);
  if (why) throw refused([{ person: personOf(member), why }], records.length, from);
  if (records.length === 0) return [];
  return [{ unit: { records, subject: {}, load: ask.load }, owner: member.user, detail: undefined }];
}

async function loadMember(catalog: StoreCatalog, userId: string): Promise<Member | null> {
  const need = catalog.member(userId);
  if (isNeed(need)) await catalog.load(need);
  const member = catalog.member(userId);
  return isNeed(member) ? null : member;
}

async function poolFor(catalog: StoreCatalog, teamId: string | undefined) {
  if (teamId === undefined) return undefined;
  let pool = catalog.pool(teamId, true);
  if (isNeed(pool)) {
    await catalog.load(pool);
    pool = catalog.pool(teamId, true);
  }
  return isNeed(pool) ? undefined : pool;
}

/** Unit by unit through the strategy, in the rep's team (or the one named), never back to the rep. */
async function throughStrategy(
  catalog: StoreCatalog,
  book: Book,
  from: User,
  options: ParsedOptions,
  definition: AssignmentDefinition,
): Promise<Placement[]> {
  const teamId = options.teamId ?? from.teamId;
  if (teamId === undefined) {
    throw new KehuError('VALIDATION', 'Invalid reassignment: teamId', {
      issues: [
        {
          path: ['teamId'],
          code: 'required',
          message: `User ${from.id} has no team: name the team to pick in`,
        },
      ],
    });
  }
  const pool = await poolFor(catalog, teamId);
  if (!pool || (pool.team === undefined && pool.members.length === 0)) {
    throw new KehuError('NOT_FOUND', `teamId refers to teams/${teamId}, which does not exist`, {
      issues: [{ path: ['teamId'], message: `No teams record ${teamId}`, code: 'not_found' }],
      details: { field: 'teamId', collection: 'teams', id: teamId },
    });
  }
  const strategy = options.strategy!;
  const excluded = pool.members.find((member) => member.user.id === from.id);
  const placements: Placement[] = [];
  let unplaced = 0;
  let skipped: readonly SkippedRep[] = [];
  for (const unit of unitsOf(book)) {
    const ask: Ask = { load: unit.load, limited: false };
    const outcome = pool.pick(strategy, unit.subject, catalog.random, ask, excluded);
    if (!outcome.pick) {
      unplaced += unit.records.length;
      skipped = outcome.skipped.reps;
      continue;
    }
    const { member, detail, ties } = outcome.pick;
    pool.take(member, ask);
    const text = describePick(personOf(member), detail, ties, definition.locale);
    placements.push({ unit, owner: member.user, detail: text });
  }
  if (unplaced > 0) throw refused(skipped, unplaced, from, pool.ref.name ?? teamId);
  return placements;
}

/** An account with its selected deals and leads; every other deal or lead on its own. */
function unitsOf(book: Book): Unit[] {
  const units: Unit[] = [];
  const byAccount = new Map<string, Unit>();
  for (const account of book.accounts) {
    const unit: Unit = { records: [{ collection: 'accounts', record: account }], subject: account, load: 0 };
    byAccount.set(account.id, unit);
    units.push(unit);
  }
  const join = (item: AnyRecord, accountId: string | undefined, subject: object) => {
    const unit = accountId === undefined ? undefined : byAccount.get(accountId);
    if (unit) {
      unit.records.push(item);
      unit.load += openLoadOf(item);
    } else {
      units.push({ records: [item], subject, load: openLoadOf(item) });
    }
  };
  for (const deal of book.deals) join({ collection: 'deals', record: deal }, deal.accountId, deal);
  for (const lead of book.leads) join({ collection: 'leads', record: lead }, lead.accountId, lead);
  return units;
}

function refused(skipped: readonly SkippedRep[], count: number, from: User, team?: string): KehuError {
  const who = skipped.map((rep) => `${rep.person.name} (${rep.why})`).join(', ');
  const where = team === undefined ? '' : ` in ${team}`;
  return new KehuError(
    'GUARD_REJECTED',
    `Nobody${where} can take ${count} of ${from.name}'s records${who ? `: ${who}` : ''}`,
    {
      details: {
        fromUserId: from.id,
        unplaced: count,
        skipped: skipped.map((rep) => ({ userId: rep.person.id, why: rep.why })),
      },
    },
  );
}
