/**
 * The decision itself, as one synchronous function over a catalog of teams and reps: route the
 * lead, pick inside the team (or take the named rep, or the customer's owner), fall back when
 * nobody can take it. The capture engine fills the catalog from the store, on demand; the bulk
 * planner (`createAssignmentPlanner`) from memory. Both run this same code, so a bulk import and a
 * form capture decide alike.
 *
 * A catalog that lacks something answers with a `Need`; the caller loads it and decides again
 * from the start. A decision changes state only at its very last step (the pick), so a restarted
 * decision never counts anything twice and draws from the random source only once.
 */

import { parseOrThrow } from '../errors.ts';
import { type Team, TeamSchema, type User, UserSchema } from '../model/org.ts';
import type { RandomSource } from '../runtime.ts';
import { type Member, NEW_LEAD, type Period, periodOf, take, unavailability } from './availability.ts';
import {
  type AssignmentDefinition,
  type AssignmentDefinitionInput,
  defineAssignment,
  type RoutingRule,
  type Strategy,
} from './definition.ts';
import { cycleFrom, Pool, personOf, type Skipped } from './pool.ts';
import {
  type AssignmentExplanation,
  type AssignmentStep,
  describeAssignment,
  type TeamRef,
} from './reason.ts';
import { compileRouting, type Router } from './route.ts';
import { type AssignmentState, type AssignmentStateInput, AssignmentStateSchema, stateId } from './state.ts';

/** What a catalog could not answer yet. */
export type Need =
  | { readonly need: 'pool'; readonly teamId: string; readonly loads: boolean }
  | { readonly need: 'member'; readonly userId: string }
  | { readonly need: 'sticky'; readonly minDuplicateScore: number };

/** The customer's current owner, as sticky assignment finds it. */
export interface StickyOwner {
  readonly ownerId: string;
  /** The account's name, for the reason. */
  readonly account: string | undefined;
}

export interface Catalog {
  readonly period: Period;
  readonly random: RandomSource;
  /** The team's pool; `loads` asks for every member's open load. */
  pool(teamId: string, loads: boolean): Pool | Need;
  /** A user by id; `null` when there is none. */
  member(userId: string): Member | null | Need;
  /** The customer's current owner; duplicate links count from `minDuplicateScore` up. */
  sticky(lead: object, minDuplicateScore: number): StickyOwner | null | Need;
  /** Records that `member` takes one new lead (and updates its pool's load index). */
  take(member: Member): void;
}

/** Where the lead goes and why. No `ownerId`: it waits in a queue (the team's, or unassigned). */
export interface Decision {
  readonly ownerId: string | undefined;
  readonly teamId: string | undefined;
  readonly explanation: AssignmentExplanation;
}

export interface CompiledAssignment {
  readonly definition: AssignmentDefinition;
  readonly route: Router;
  /** Each rule's explanation step, made once. */
  readonly ruleSteps: ReadonlyMap<RoutingRule, AssignmentStep>;
}

const compiled = new WeakMap<AssignmentDefinition, CompiledAssignment>();

/** Compiles once per definition: a validated definition is frozen, so its closures never go stale. */
export function compileAssignment(
  input: AssignmentDefinitionInput | AssignmentDefinition,
): CompiledAssignment {
  const definition = defineAssignment(input);
  let plan = compiled.get(definition);
  if (!plan) {
    const ruleSteps = new Map<RoutingRule, AssignmentStep>(
      definition.rules.map((rule) => [rule, Object.freeze({ kind: 'rule', id: rule.id, name: rule.name })]),
    );
    plan = { definition, route: compileRouting(definition), ruleSteps };
    compiled.set(definition, plan);
  }
  return plan;
}

export function isNeed(value: unknown): value is Need {
  return typeof value === 'object' && value !== null && 'need' in value;
}

const NOBODY = Symbol('nobody');
type Step = Decision | Need | typeof NOBODY;

const MANUAL: Strategy = Object.freeze({ kind: 'manual' });

/** Whether picking with `strategy` reads every member's open load. */
export function needsLoads(strategy: Strategy): boolean {
  if (strategy.kind === 'sticky') return needsLoads(strategy.otherwise);
  return strategy.kind === 'least-loaded';
}

export function decide(lead: object, plan: CompiledAssignment, catalog: Catalog): Decision | Need {
  const steps: AssignmentStep[] = [];
  const rule = plan.route(lead);
  if (rule) {
    steps.push(plan.ruleSteps.get(rule)!);
    const routed =
      rule.to.userId !== undefined
        ? toUser(rule.to.userId, steps, plan, catalog)
        : inTeam(
            rule.to.teamId!,
            rule.strategy ?? plan.definition.defaultStrategy,
            lead,
            steps,
            plan,
            catalog,
            false,
          );
    if (routed !== NOBODY) return routed;
  } else {
    steps.push({ kind: 'no-rule' });
  }
  return fallback(lead, steps, plan, catalog);
}

function fallback(
  lead: object,
  steps: AssignmentStep[],
  plan: CompiledAssignment,
  catalog: Catalog,
): Decision | Need {
  const { fallback } = plan.definition;
  if (fallback.teamId === undefined) return queued(steps, undefined);
  const outcome = inTeam(fallback.teamId, fallback.strategy ?? MANUAL, lead, steps, plan, catalog, true);
  if (outcome !== NOBODY) return outcome;
  const pool = catalog.pool(fallback.teamId, false);
  if (isNeed(pool)) return pool;
  return queued(steps, exists(pool) ? pool.ref : undefined);
}

function queued(steps: AssignmentStep[], team: TeamRef | undefined): Decision {
  steps.push({ kind: 'queue', team });
  return { ownerId: undefined, teamId: team?.id, explanation: steps };
}

const exists = (pool: Pool) => pool.team !== undefined || pool.members.length > 0;

function toUser(userId: string, steps: AssignmentStep[], plan: CompiledAssignment, catalog: Catalog): Step {
  const member = catalog.member(userId);
  if (isNeed(member)) return member;
  if (member === null) {
    steps.push(
      { kind: 'user', user: { id: userId, name: userId } },
      { kind: 'nobody', why: 'user-not-found' },
    );
    return NOBODY;
  }
  steps.push({ kind: 'user', user: personOf(member) });
  const why = unavailability(member, catalog.period, plan.definition.limits);
  if (why) {
    steps.push(
      { kind: 'nobody', why: 'nobody-available' },
      skippedStep({ reps: [{ person: personOf(member), why }], more: 0 }),
    );
    return NOBODY;
  }
  catalog.take(member);
  steps.push({ kind: 'picked', owner: personOf(member), detail: { strategy: 'direct' }, ties: 1 });
  return { ownerId: member.user.id, teamId: member.user.teamId, explanation: steps };
}

function inTeam(
  teamId: string,
  strategy: Strategy,
  lead: object,
  steps: AssignmentStep[],
  plan: CompiledAssignment,
  catalog: Catalog,
  isFallback: boolean,
): Step {
  const pool = catalog.pool(teamId, needsLoads(strategy));
  if (isNeed(pool)) return pool;
  steps.push(pool.step(isFallback));
  if (!exists(pool)) {
    steps.push({ kind: 'nobody', why: 'team-not-found' });
    return NOBODY;
  }
  if (strategy.kind === 'sticky') {
    const stuck = stickyPick(lead, strategy.minDuplicateScore, pool, steps, plan, catalog);
    if (stuck !== NOBODY) return stuck;
  }
  const pickWith = strategy.kind === 'sticky' ? strategy.otherwise : strategy;
  if (pickWith.kind === 'manual') return queued(steps, pool.ref);
  const { pick, skipped } = pool.pick(pickWith, lead, catalog.random);
  if (!pick) {
    steps.push({ kind: 'nobody', why: 'nobody-available' });
    if (skipped.reps.length > 0) steps.push(skippedStep(skipped));
    return NOBODY;
  }
  catalog.take(pick.member);
  steps.push({ kind: 'picked', owner: personOf(pick.member), detail: pick.detail, ties: pick.ties });
  if (skipped.reps.length > 0) steps.push(skippedStep(skipped));
  return { ownerId: pick.member.user.id, teamId: pool.teamId, explanation: steps };
}

/** The customer's owner, when there is one and they can take the lead now. */
function stickyPick(
  lead: object,
  minDuplicateScore: number,
  pool: Pool,
  steps: AssignmentStep[],
  plan: CompiledAssignment,
  catalog: Catalog,
): Step {
  const found = catalog.sticky(lead, minDuplicateScore);
  if (isNeed(found)) return found;
  if (found === null) return NOBODY;
  const owner = catalog.member(found.ownerId);
  if (isNeed(owner)) return owner;
  if (owner === null) return NOBODY;
  const why = unavailability(owner, catalog.period, plan.definition.limits);
  if (why) {
    steps.push(skippedStep({ reps: [{ person: personOf(owner), why }], more: 0 }));
    return NOBODY;
  }
  catalog.take(owner);
  steps.push({
    kind: 'picked',
    owner: personOf(owner),
    detail: { strategy: 'sticky', account: found.account },
    ties: 1,
  });
  return { ownerId: owner.user.id, teamId: owner.user.teamId ?? pool.teamId, explanation: steps };
}

function skippedStep(skipped: Skipped): AssignmentStep {
  return { kind: 'skipped', reps: skipped.reps, more: skipped.more };
}

// ── Building catalogs ──────────────────────────────────────────────────────────────────────────

/** A member from a user, its open load (if known) and its stored intake counts. */
export function memberOf(
  user: User,
  load: number | undefined,
  counts: AssignmentState | undefined,
  period: Period,
): Member {
  return {
    user,
    person: { id: user.id, name: user.name },
    load,
    dayCount: counts?.day === period.day ? counts.dayCount : 0,
    weekCount: counts?.week === period.week ? counts.weekCount : 0,
    countsChanged: false,
  };
}

/** Intake counts are kept only while a limit reads them. */
export function hasLimits(definition: AssignmentDefinition): boolean {
  return definition.limits.leadsPerDay !== undefined || definition.limits.leadsPerWeek !== undefined;
}

/** Whether a team member takes leads from the pool (a rule naming a user reaches any role). */
export function inRotation(user: User, definition: AssignmentDefinition): boolean {
  return definition.roles.includes(user.role);
}

export function poolOf(
  teamId: string,
  team: Team | undefined,
  members: readonly Member[],
  cycle: AssignmentState | undefined,
  period: Period,
  definition: AssignmentDefinition,
): Pool {
  return new Pool({ teamId, team, members, cycle: cycleFrom(cycle), period, limits: definition.limits });
}

/** A pool's cycle as a state record to save; members who left the team are forgotten. */
export function poolRecord(
  pool: Pool,
  previous: AssignmentState | undefined,
  at: string,
): AssignmentStateInput {
  const keep = <V>(map: Map<string, V>) => {
    const out: Record<string, V> = {};
    for (const member of pool.members) {
      const value = map.get(member.user.id);
      if (value !== undefined) out[member.user.id] = value;
    }
    return out;
  };
  return {
    id: stateId('pool', pool.teamId),
    version: (previous?.version ?? 0) + 1,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    kind: 'pool',
    subjectId: pool.teamId,
    sequence: pool.cycle.sequence,
    lastServed: keep(pool.cycle.lastServed),
    currentWeights: keep(pool.cycle.currentWeights),
  };
}

/** A rep's intake counts as a state record to save. */
export function repRecord(
  member: Member,
  period: Period,
  previous: AssignmentState | undefined,
  at: string,
): AssignmentStateInput {
  return {
    id: stateId('rep', member.user.id),
    version: (previous?.version ?? 0) + 1,
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    kind: 'rep',
    subjectId: member.user.id,
    day: period.day,
    dayCount: member.dayCount,
    week: period.week,
    weekCount: member.weekCount,
  };
}

// ── The bulk planner ───────────────────────────────────────────────────────────────────────────

export interface AssignmentSnapshot {
  /** Every user who may receive leads (other users are harmless). */
  users: readonly unknown[];
  /** Teams, for their names in reasons; a team missing here is still routed to by its members. */
  teams?: readonly unknown[];
  /** Open leads + open deals per user id at the start; missing ids count 0. */
  loads?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /** Stored assignment state to continue from (cycles and intake counts). */
  states?: readonly AssignmentStateInput[];
  /** The instant the leads are assigned at (days, weeks and leaves are read from it). */
  now: number;
  random: RandomSource;
  /** The customer's current owner, for sticky strategies; absent: no lead is a returning one. */
  stickyOwner?: (lead: object) => StickyOwner | undefined;
}

export interface AssignmentPlanner {
  /** Decides for one lead and counts it: the next lead sees this one's load and cycle step. */
  assign(lead: object): Decision;
  /** The decision's reason in the definition's language, as capture stores it. */
  reason(decision: Decision): string;
  /** The cycles and counts after every `assign`, as state records to save (version = stored + 1). */
  states(): AssignmentStateInput[];
}

/**
 * Assigns many leads in memory — an import, a re-routing job, a benchmark — with exactly the
 * decisions capture would make one by one from the same starting state: the same routing, the
 * same pools and the same draws from `random`. Least-loaded keeps a load index per team, so a
 * lead costs a routing pass and a map lookup, not a scan of every rep.
 */
export function createAssignmentPlanner(
  input: AssignmentDefinitionInput | AssignmentDefinition,
  snapshot: AssignmentSnapshot,
): AssignmentPlanner {
  const plan = compileAssignment(input);
  const catalog = new MemoryCatalog(plan.definition, snapshot);
  return {
    assign(lead) {
      const decision = decide(lead, plan, catalog);
      // The memory catalog holds everything up front, so it never needs anything loaded.
      if (isNeed(decision)) throw new Error(`Unexpected need: ${decision.need}`);
      return decision;
    },
    reason: (decision) => describeAssignment(decision.explanation, plan.definition.locale),
    states: () => catalog.states(),
  };
}

class MemoryCatalog implements Catalog {
  readonly period: Period;
  readonly random: RandomSource;
  private readonly definition: AssignmentDefinition;
  private readonly users = new Map<string, User>();
  private readonly byTeam = new Map<string, User[]>();
  private readonly teams = new Map<string, Team>();
  private readonly loads: (id: string) => number;
  private readonly stored = new Map<string, AssignmentState>();
  private readonly members = new Map<string, Member>();
  private readonly pools = new Map<string, Pool>();
  private readonly stickyOwner: AssignmentSnapshot['stickyOwner'];
  private readonly at: string;

  constructor(definition: AssignmentDefinition, snapshot: AssignmentSnapshot) {
    this.definition = definition;
    this.period = periodOf(snapshot.now, definition.utcOffsetMinutes);
    this.random = snapshot.random;
    this.at = new Date(snapshot.now).toISOString();
    this.stickyOwner = snapshot.stickyOwner;
    snapshot.users.forEach((raw, index) => {
      const user = parseOrThrow(UserSchema, raw, 'user', ['users', index]);
      this.users.set(user.id, user);
      if (user.teamId === undefined || !inRotation(user, definition)) return;
      const list = this.byTeam.get(user.teamId);
      if (list) list.push(user);
      else this.byTeam.set(user.teamId, [user]);
    });
    (snapshot.teams ?? []).forEach((raw, index) => {
      const team = parseOrThrow(TeamSchema, raw, 'team', ['teams', index]);
      this.teams.set(team.id, team);
    });
    const loads = snapshot.loads;
    this.loads =
      loads instanceof Map
        ? (id) => loads.get(id) ?? 0
        : (id) => (loads as Readonly<Record<string, number>> | undefined)?.[id] ?? 0;
    for (const state of snapshot.states ?? []) {
      this.stored.set(state.id, parseOrThrow(AssignmentStateSchema, state, 'assignment state', ['states']));
    }
  }

  pool(teamId: string): Pool {
    let pool = this.pools.get(teamId);
    if (!pool) {
      const members = (this.byTeam.get(teamId) ?? []).map((user) => this.memberFor(user));
      const cycle = this.stored.get(stateId('pool', teamId));
      pool = poolOf(teamId, this.teams.get(teamId), members, cycle, this.period, this.definition);
      this.pools.set(teamId, pool);
    }
    return pool;
  }

  member(userId: string): Member | null {
    const user = this.users.get(userId);
    return user ? this.memberFor(user) : null;
  }

  sticky(lead: object): StickyOwner | null {
    return this.stickyOwner?.(lead) ?? null;
  }

  take(member: Member): void {
    const pool = member.user.teamId === undefined ? undefined : this.pools.get(member.user.teamId);
    if (pool?.has(member)) pool.take(member);
    else take(member, NEW_LEAD);
  }

  states(): AssignmentStateInput[] {
    const records: AssignmentStateInput[] = [];
    for (const pool of this.pools.values()) {
      if (pool.cycleChanged)
        records.push(poolRecord(pool, this.stored.get(stateId('pool', pool.teamId)), this.at));
    }
    for (const member of this.members.values()) {
      if (!member.countsChanged || !hasLimits(this.definition)) continue;
      records.push(repRecord(member, this.period, this.stored.get(stateId('rep', member.user.id)), this.at));
    }
    return records;
  }

  private memberFor(user: User): Member {
    let member = this.members.get(user.id);
    if (!member) {
      member = memberOf(user, this.loads(user.id), this.stored.get(stateId('rep', user.id)), this.period);
      this.members.set(user.id, member);
    }
    return member;
  }
}
