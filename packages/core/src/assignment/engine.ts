/**
 * The assignment engine for `createCrm`'s seam: inside the capture transaction it reads what the
 * decision needs (the routed team, its members' loads, the cycle and intake counts, the
 * customer's owner), decides, and writes the changed state with `expectedVersion` — in the same
 * transaction as the lead, so state is saved if and only if the lead is.
 *
 * Why two racing captures neither repeat a round-robin turn nor overfill a rep: the state is read
 * and written inside the capture transaction, whose scope names `assignmentStates`, `leads` and
 * `deals`. The memory store and IndexedDB run such read-write transactions one after the other
 * (the memory store's write lock; IndexedDB's overlapping-scope rule, across tabs too), so the
 * second capture reads what the first wrote. `CONFLICT` is then only possible with a store that
 * does not serialise (an optimistic remote adapter); see `retryOnConflict` for that case.
 */
import type { AssignmentEngine, EngineContext, LeadDraft } from '../crm/engines.ts';
import type { CollectionName } from '../model/collections.ts';
import type { Lead } from '../model/lead.ts';
import type { User } from '../model/org.ts';
import type { RandomSource } from '../runtime.ts';
import type { StoreReader, StoreTransaction } from '../storage/contract.ts';
import { type Member, NEW_LEAD, type Period, periodOf, take } from './availability.ts';
import type { AssignmentDefinition, AssignmentDefinitionInput, Strategy } from './definition.ts';
import {
  type Catalog,
  type CompiledAssignment,
  compileAssignment,
  type Decision,
  decide,
  hasLimits,
  inRotation,
  isNeed,
  memberOf,
  type Need,
  poolOf,
  poolRecord,
  repRecord,
  type StickyOwner,
} from './planner.ts';
import type { Pool } from './pool.ts';
import { describeAssignment } from './reason.ts';
import { type AssignmentState, stateId } from './state.ts';

export interface KehuAssignmentEngine extends AssignmentEngine {
  /** The validated definition the engine runs. */
  readonly definition: AssignmentDefinition;
}

const definitions = new WeakMap<object, AssignmentDefinition>();

/** The definition behind an engine made by `assignmentEngine`, so reassignment uses its settings. */
export function definitionOfEngine(engine: unknown): AssignmentDefinition | undefined {
  return typeof engine === 'object' && engine !== null ? definitions.get(engine) : undefined;
}

/**
 * The `CrmEngines['assignment']` engine for a definition:
 * `createCrm({ store, engines: { assignment: assignmentEngine(definition) } })`.
 * Throws `VALIDATION` (with the path) for a malformed definition, before any lead arrives.
 */
export function assignmentEngine(
  input: AssignmentDefinitionInput | AssignmentDefinition,
): KehuAssignmentEngine {
  const plan = compileAssignment(input);
  const { definition } = plan;
  const engine: KehuAssignmentEngine = {
    definition,
    collections: engineCollections(definition),
    async assignLead(tx, lead, context) {
      const catalog = new StoreCatalog(tx, definition, context);
      const decision = await decideLoading(lead, plan, catalog);
      await catalog.save();
      return {
        ...(decision.ownerId === undefined ? {} : { ownerId: decision.ownerId }),
        ...(decision.teamId === undefined ? {} : { teamId: decision.teamId }),
        reason: describeAssignment(decision.explanation, definition.locale),
      };
    },
  };
  definitions.set(engine, definition);
  return Object.freeze(engine);
}

function engineCollections(definition: AssignmentDefinition): CollectionName[] {
  const strategies: Strategy[] = [
    definition.defaultStrategy,
    ...definition.rules.flatMap((rule) => (rule.strategy ? [rule.strategy] : [])),
  ];
  const sticky = strategies.some((strategy) => strategy.kind === 'sticky');
  const base: CollectionName[] = ['assignmentStates', 'users', 'teams', 'leads', 'deals'];
  return sticky ? [...base, 'accounts', 'contacts'] : base;
}

/** Decides, loading whatever the catalog lacks and starting over, until nothing is lacking. */
export async function decideLoading(
  lead: LeadDraft,
  plan: CompiledAssignment,
  catalog: StoreCatalog,
): Promise<Decision> {
  for (;;) {
    const outcome = decide(lead, plan, catalog);
    if (!isNeed(outcome)) return outcome;
    // Each load fills a cache the next pass reads, so the loop ends after a few passes.
    await catalog.load(outcome, lead);
  }
}

/** The lead statuses still being worked: they count towards a rep's open load. */
export const OPEN_LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified'] as const;

/** Open leads + open deals owned by a user, through the `[ownerId+status]` indexes. */
export async function openLoad(reader: StoreReader, userId: string): Promise<number> {
  const [leads, deals] = await Promise.all([
    reader.count('leads', { ownerId: userId, status: { in: OPEN_LEAD_STATUSES } }),
    reader.count('deals', { ownerId: userId, status: 'open' }),
  ]);
  return leads + deals;
}

/**
 * Loads are counted from the records rather than kept as counters: a lead converted, a deal won,
 * an owner edited by hand or in another tab would each need a hook to keep a counter true, and
 * one missed hook would skew every later pick. Two indexed counts per rep considered are cheap.
 */
export class StoreCatalog implements Catalog {
  readonly period: Period;
  readonly random: RandomSource;
  private readonly pools = new Map<string, Pool>();
  private readonly loadedPools = new Set<string>();
  private readonly members = new Map<string, Member | null>();
  private readonly stored = new Map<string, AssignmentState | undefined>();
  private stickyOwner: StickyOwner | null | undefined;
  private readonly at: string;

  constructor(
    private readonly tx: StoreTransaction,
    private readonly definition: AssignmentDefinition,
    context: Pick<EngineContext, 'now' | 'random'>,
  ) {
    this.period = periodOf(context.now, definition.utcOffsetMinutes);
    this.random = context.random;
    this.at = new Date(context.now).toISOString();
  }

  pool(teamId: string, loads: boolean): Pool | Need {
    const pool = this.pools.get(teamId);
    if (!pool || (loads && !this.loadedPools.has(teamId))) return { need: 'pool', teamId, loads };
    return pool;
  }

  member(userId: string): Member | null | Need {
    const member = this.members.get(userId);
    return member === undefined ? { need: 'member', userId } : member;
  }

  sticky(_lead: object, minDuplicateScore: number): StickyOwner | null | Need {
    return this.stickyOwner === undefined ? { need: 'sticky', minDuplicateScore } : this.stickyOwner;
  }

  take(member: Member): void {
    const pool = member.user.teamId === undefined ? undefined : this.pools.get(member.user.teamId);
    if (pool?.has(member)) pool.take(member);
    else take(member, NEW_LEAD);
  }

  /** Loads what `need` names; a sticky need reads `lead`'s account, e-mail and phone. */
  async load(need: Need, lead?: LeadDraft): Promise<void> {
    if (need.need === 'pool') await this.loadPool(need.teamId, need.loads);
    else if (need.need === 'member') await this.loadMember(need.userId);
    else
      this.stickyOwner = (lead && (await findCustomerOwner(this.tx, lead, need.minDuplicateScore))) ?? null;
  }

  /** Writes every changed cycle and intake count at the version it was read at. */
  async save(): Promise<void> {
    for (const pool of this.pools.values()) {
      if (!pool.cycleChanged) continue;
      const previous = this.stored.get(stateId('pool', pool.teamId));
      await this.tx.put('assignmentStates', poolRecord(pool, previous, this.at), {
        expectedVersion: previous?.version ?? 0,
      });
    }
    if (!hasLimits(this.definition)) return;
    for (const member of this.members.values()) {
      if (!member?.countsChanged) continue;
      const previous = this.stored.get(stateId('rep', member.user.id));
      await this.tx.put('assignmentStates', repRecord(member, this.period, previous, this.at), {
        expectedVersion: previous?.version ?? 0,
      });
    }
  }

  private async loadPool(teamId: string, loads: boolean): Promise<void> {
    let pool = this.pools.get(teamId);
    if (!pool) {
      const [team, page, cycle] = await Promise.all([
        this.tx.get('teams', teamId),
        this.tx.query('users', { where: { teamId } }),
        this.state(stateId('pool', teamId)),
      ]);
      const users = page.items.filter((user) => inRotation(user, this.definition));
      const members = await Promise.all(users.map((user) => this.memberFor(user, loads)));
      pool = poolOf(teamId, team, members, cycle, this.period, this.definition);
      this.pools.set(teamId, pool);
    } else if (loads) {
      await Promise.all(pool.members.map((member) => this.fillLoad(member)));
    }
    if (loads) this.loadedPools.add(teamId);
  }

  private async loadMember(userId: string): Promise<void> {
    const user = await this.tx.get('users', userId);
    if (user) await this.memberFor(user, false);
    else this.members.set(userId, null);
  }

  /** The one `Member` per user, so a rep reached twice (as owner and in a pool) counts once. */
  private async memberFor(user: User, withLoad: boolean): Promise<Member> {
    let member = this.members.get(user.id);
    if (!member) {
      const counts = hasLimits(this.definition) ? await this.state(stateId('rep', user.id)) : undefined;
      member = memberOf(user, undefined, counts, this.period);
      this.members.set(user.id, member);
    }
    // Capacity is checked against the open load, so a rep with one always has it read.
    if (withLoad || user.capacity !== undefined) await this.fillLoad(member);
    return member;
  }

  private async fillLoad(member: Member): Promise<void> {
    if (member.load === undefined) member.load = await openLoad(this.tx, member.user.id);
  }

  private async state(id: string): Promise<AssignmentState | undefined> {
    if (!this.stored.has(id)) this.stored.set(id, await this.tx.get('assignmentStates', id));
    return this.stored.get(id);
  }
}

/**
 * The owner of the account a lead belongs to, strongest evidence first: the lead's own account,
 * then duplicate links to accounts and to contacts (best match first), then an account or a
 * contact with the same e-mail address or phone number (the most recently updated first).
 */
export async function findCustomerOwner(
  reader: StoreReader,
  lead: Pick<Lead, 'accountId' | 'duplicates' | 'email' | 'phone'>,
  minDuplicateScore: number,
): Promise<StickyOwner | undefined> {
  const links = [...lead.duplicates]
    .filter((link) => link.score >= minDuplicateScore)
    .sort((a, b) => b.score - a.score);
  const accountIds: string[] = lead.accountId ? [lead.accountId] : [];
  for (const link of links) if (link.collection === 'accounts') accountIds.push(link.id);
  const contactIds = links.filter((link) => link.collection === 'contacts').map((link) => link.id);
  for (const contact of await reader.getMany('contacts', contactIds)) {
    if (contact?.accountId) accountIds.push(contact.accountId);
  }
  accountIds.push(...(await accountsByContactDetails(reader, lead)));
  for (const account of await reader.getMany('accounts', [...new Set(accountIds)])) {
    if (account?.ownerId) return { ownerId: account.ownerId, account: account.name };
  }
  return undefined;
}

/** Accounts whose own e-mail or phone is the lead's, then those of contacts who have them. */
async function accountsByContactDetails(
  reader: StoreReader,
  lead: Pick<Lead, 'email' | 'phone'>,
): Promise<string[]> {
  const accounts = [];
  const contacts = [];
  if (lead.email) {
    // Addresses are stored as typed; the lower-cased form catches `Li.Lei@…` against `li.lei@…`.
    const emails = [...new Set([lead.email, lead.email.trim().toLowerCase()])];
    accounts.push(...(await reader.query('accounts', { where: { email: { in: emails } } })).items);
    contacts.push(...(await reader.query('contacts', { where: { emails: { in: emails } } })).items);
  }
  if (lead.phone) {
    accounts.push(...(await reader.query('accounts', { where: { phone: lead.phone } })).items);
    contacts.push(...(await reader.query('contacts', { where: { phones: lead.phone } })).items);
  }
  const latest = <T extends { updatedAt: string }>(a: T, b: T) =>
    a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
  return [
    ...accounts.sort(latest).map((account) => account.id),
    ...contacts
      .filter((contact) => contact.accountId !== undefined)
      .sort(latest)
      .map((contact) => contact.accountId!),
  ];
}
