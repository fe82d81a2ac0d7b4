/**
 * One team as assignment sees it — its members in a fixed order and its persisted cycle state —
 * and the strategies that pick one member: round robin, smooth weighted round robin, least-loaded
 * and skill matching. Every tie goes to the injected random source; the fixed order (by user id)
 * only decides which draw picks whom, never who wins.
 */
import type { Team } from '../model/org.ts';
import type { RandomSource } from '../runtime.ts';
import { type Ask, type Member, NEW_LEAD, type Period, take, unavailability } from './availability.ts';
import type { AssignmentLimits, PickStrategy, SkillMatch } from './definition.ts';
import {
  type AssignmentStep,
  MAX_NAMED_SKIPPED,
  type PersonRef,
  type PickDetail,
  type SkippedRep,
  type TeamRef,
} from './reason.ts';
import type { AssignmentState } from './state.ts';

/** The cycle state a pool keeps between picks (see `AssignmentState`). */
export interface PoolCycle {
  sequence: number;
  lastServed: Map<string, number>;
  currentWeights: Map<string, number>;
}

export function cycleFrom(
  state: Pick<AssignmentState, 'sequence' | 'lastServed' | 'currentWeights'> | undefined,
): PoolCycle {
  return {
    sequence: state?.sequence ?? 0,
    lastServed: new Map(Object.entries(state?.lastServed ?? {})),
    currentWeights: new Map(Object.entries(state?.currentWeights ?? {})),
  };
}

export interface PoolPick {
  readonly member: Member;
  readonly detail: PickDetail;
  /** How many members tied for the pick (1: no draw). */
  readonly ties: number;
}

/** Who could not take it: the first few by name, the rest counted. */
export interface Skipped {
  readonly reps: readonly SkippedRep[];
  readonly more: number;
}

export interface PickOutcome {
  readonly pick: PoolPick | undefined;
  readonly skipped: Skipped;
}

export const NOBODY_SKIPPED: Skipped = Object.freeze({ reps: [], more: 0 });

function skippedOf(reps: readonly SkippedRep[]): Skipped {
  if (reps.length === 0) return NOBODY_SKIPPED;
  if (reps.length <= MAX_NAMED_SKIPPED) return { reps, more: 0 };
  return { reps: reps.slice(0, MAX_NAMED_SKIPPED), more: reps.length - MAX_NAMED_SKIPPED };
}

export const personOf = (member: Member): PersonRef => member.person;

/** Picks one of `items` with the random source; a single item costs no draw. */
export function draw<T>(items: readonly T[], random: RandomSource): T {
  if (items.length === 1) return items[0]!;
  const index = Math.floor(random() * items.length);
  return items[Math.min(index, items.length - 1)]!;
}

export class Pool {
  readonly teamId: string;
  readonly team: Team | undefined;
  /** Eligible-role members, sorted by user id. */
  readonly members: readonly Member[];
  readonly cycle: PoolCycle;
  /** Set when `cycle` changed and must be saved. */
  cycleChanged = false;
  private readonly period: Period;
  private readonly limits: AssignmentLimits;
  private readonly memberSet: ReadonlySet<Member>;
  private buckets: LoadBuckets | undefined;

  constructor(options: {
    teamId: string;
    team: Team | undefined;
    members: readonly Member[];
    cycle: PoolCycle;
    period: Period;
    limits: AssignmentLimits;
  }) {
    this.teamId = options.teamId;
    this.team = options.team;
    this.members = [...options.members].sort((a, b) => compareIds(a.user.id, b.user.id));
    this.memberSet = new Set(this.members);
    this.cycle = options.cycle;
    this.period = options.period;
    this.limits = options.limits;
    this.ref = Object.freeze({ id: this.teamId, name: this.team?.name });
    this.steps = {
      routed: Object.freeze({ kind: 'team', team: this.ref, fallback: false }),
      fallback: Object.freeze({ kind: 'team', team: this.ref, fallback: true }),
    };
  }

  /** The explanation step naming this team, shared by every decision that reaches it. */
  step(fallback: boolean): AssignmentStep {
    return fallback ? this.steps.fallback : this.steps.routed;
  }

  /** The team as reasons name it. */
  readonly ref: TeamRef;
  private readonly steps: Record<'routed' | 'fallback', AssignmentStep>;

  has(member: Member): boolean {
    return this.memberSet.has(member);
  }

  /** Picks a member for `ask` with `strategy`; `exclude` leaves someone out (a departing owner). */
  pick(
    strategy: PickStrategy,
    subject: object,
    random: RandomSource,
    ask: Ask = NEW_LEAD,
    exclude?: Member,
  ): PickOutcome {
    if (strategy.kind === 'least-loaded' && ask === NEW_LEAD && exclude === undefined) {
      return this.leastLoadedIndexed(random);
    }
    const { eligible, skipped: all } = this.split(ask, exclude);
    const skipped = skippedOf(all);
    if (eligible.length === 0) return { pick: undefined, skipped };
    switch (strategy.kind) {
      case 'round-robin':
        return { pick: this.roundRobin(eligible, random), skipped };
      case 'weighted':
        return { pick: this.weighted(eligible, strategy.weights, strategy.defaultWeight, random), skipped };
      case 'least-loaded':
        return { pick: leastLoaded(eligible, random), skipped };
      case 'skills':
        return { pick: bySkills(eligible, subject, strategy.match, strategy.minScore, random), skipped };
    }
  }

  /** Records that `member` took `ask`: counts, load, and its place in the load index. */
  take(member: Member, ask: Ask = NEW_LEAD): void {
    const before = member.load;
    take(member, ask);
    if (this.buckets && this.has(member)) this.buckets.move(member, before, this.whyNot(member, NEW_LEAD));
  }

  private whyNot(member: Member, ask: Ask) {
    return unavailability(member, this.period, this.limits, ask);
  }

  private split(ask: Ask, exclude: Member | undefined): { eligible: Member[]; skipped: SkippedRep[] } {
    const eligible: Member[] = [];
    const skipped: SkippedRep[] = [];
    for (const member of this.members) {
      if (member === exclude) continue;
      const why = this.whyNot(member, ask);
      if (why) skipped.push({ person: personOf(member), why });
      else eligible.push(member);
    }
    return { eligible, skipped };
  }

  /**
   * Round robin as "longest since last served": in a fixed team this is the plain cycle, a rep
   * back from leave is served next instead of losing their turn, and a newcomer joins at once.
   */
  private roundRobin(eligible: readonly Member[], random: RandomSource): PoolPick {
    const { lastServed } = this.cycle;
    let oldest = Number.POSITIVE_INFINITY;
    let tied: Member[] = [];
    for (const member of eligible) {
      const served = lastServed.get(member.user.id) ?? 0;
      if (served < oldest) {
        oldest = served;
        tied = [member];
      } else if (served === oldest) tied.push(member);
    }
    const member = draw(tied, random);
    this.cycle.sequence += 1;
    lastServed.set(member.user.id, this.cycle.sequence);
    this.cycleChanged = true;
    return { member, detail: { strategy: 'round-robin' }, ties: tied.length };
  }

  /**
   * Smooth weighted round robin (nginx): every available member gains its weight, the highest
   * current weight wins and pays back the total. Shares follow the weights closely at any length
   * of run, without bursts; absent members keep their current weight for when they return.
   */
  private weighted(
    eligible: readonly Member[],
    weights: Readonly<Record<string, number>>,
    defaultWeight: number,
    random: RandomSource,
  ): PoolPick | undefined {
    const { currentWeights } = this.cycle;
    let total = 0;
    let best = Number.NEGATIVE_INFINITY;
    let tied: Member[] = [];
    const weightOf = (member: Member) => weights[member.user.id] ?? defaultWeight;
    for (const member of eligible) {
      const weight = weightOf(member);
      if (weight <= 0) continue;
      total += weight;
      const current = (currentWeights.get(member.user.id) ?? 0) + weight;
      currentWeights.set(member.user.id, current);
      if (current > best) {
        best = current;
        tied = [member];
      } else if (current === best) tied.push(member);
    }
    if (tied.length === 0) return undefined;
    const member = draw(tied, random);
    currentWeights.set(member.user.id, best - total);
    this.cycleChanged = true;
    return { member, detail: { strategy: 'weighted', weight: weightOf(member), total }, ties: tied.length };
  }

  /** Least-loaded for the common case (one new lead) through a load index kept across picks. */
  private leastLoadedIndexed(random: RandomSource): PickOutcome {
    if (!this.buckets) {
      this.buckets = new LoadBuckets();
      for (const member of this.members) this.buckets.add(member, this.whyNot(member, NEW_LEAD));
    }
    const tied = this.buckets.lowest();
    const skipped = this.buckets.skipped();
    if (tied.length === 0) return { pick: undefined, skipped };
    const member = draw(tied, random);
    return { pick: loadPick(member, tied.length), skipped };
  }
}

function loadPick(member: Member, ties: number): PoolPick {
  const detail: PickDetail = {
    strategy: 'least-loaded',
    load: member.load ?? 0,
    capacity: member.user.capacity,
  };
  return { member, detail, ties };
}

/** The plain least-loaded pick: the lowest open load wins. Members arrive in the pool's order. */
export function leastLoaded(eligible: readonly Member[], random: RandomSource): PoolPick {
  let lowest = Number.POSITIVE_INFINITY;
  let tied: Member[] = [];
  for (const member of eligible) {
    const load = member.load ?? 0;
    if (load < lowest) {
      lowest = load;
      tied = [member];
    } else if (load === lowest) tied.push(member);
  }
  return loadPick(draw(tied, random), tied.length);
}

/**
 * Members by open load, so the least-loaded pick costs one map lookup however large the team: a
 * bucket per load value (members in pool order) plus the sorted list of loads in use. Members
 * who cannot take a lead sit outside the buckets, with the reason, until a change lets them in.
 */
class LoadBuckets {
  private readonly byLoad = new Map<number, Member[]>();
  private readonly loads: number[] = [];
  private readonly out = new Map<Member, SkippedRep>();
  private readonly order = new Map<Member, number>();
  private cachedSkipped: Skipped | undefined;

  add(member: Member, why: SkippedRep['why'] | undefined): void {
    this.order.set(member, this.order.size);
    this.place(member, why);
  }

  lowest(): readonly Member[] {
    const load = this.loads[0];
    return load === undefined ? [] : this.byLoad.get(load)!;
  }

  /** Who is out, kept until someone moves in or out: most picks change no one's availability. */
  skipped(): Skipped {
    if (this.cachedSkipped) return this.cachedSkipped;
    let skipped = NOBODY_SKIPPED;
    if (this.out.size > 0) {
      const reps: SkippedRep[] = [];
      for (const rep of this.out.values()) {
        if (reps.length === MAX_NAMED_SKIPPED) break;
        reps.push(rep);
      }
      skipped = { reps, more: this.out.size - reps.length };
    }
    this.cachedSkipped = skipped;
    return skipped;
  }

  /** Moves a member whose load was `before` to where its new figures put it. */
  move(member: Member, before: number | undefined, why: SkippedRep['why'] | undefined): void {
    const wasOut = this.out.get(member);
    if (wasOut) this.out.delete(member);
    else this.remove(member, before ?? 0);
    this.place(member, why);
    if (wasOut?.why !== this.out.get(member)?.why) this.cachedSkipped = undefined;
  }

  private place(member: Member, why: SkippedRep['why'] | undefined): void {
    if (why) {
      this.out.set(member, { person: personOf(member), why });
      this.cachedSkipped = undefined;
      return;
    }
    const load = member.load ?? 0;
    let bucket = this.byLoad.get(load);
    if (!bucket) {
      bucket = [];
      this.byLoad.set(load, bucket);
      this.loads.splice(
        lowerBound(this.loads, load, (a, b) => a - b),
        0,
        load,
      );
    }
    const rank = this.order.get(member)!;
    bucket.splice(
      lowerBound(bucket, member, (a) => this.order.get(a)! - rank),
      0,
      member,
    );
  }

  private remove(member: Member, load: number): void {
    const bucket = this.byLoad.get(load);
    if (!bucket) return;
    const at = bucket.indexOf(member);
    if (at >= 0) bucket.splice(at, 1);
    if (bucket.length === 0) {
      this.byLoad.delete(load);
      this.loads.splice(this.loads.indexOf(load), 1);
    }
  }
}

/** The first index whose element does not compare below `value`. */
function lowerBound<T>(items: readonly T[], value: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(items[mid]!, value) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Trait matching: each (lead field, rep attribute) pair that shares a value adds its weight. */
function bySkills(
  eligible: readonly Member[],
  subject: object,
  match: readonly SkillMatch[],
  minScore: number,
  random: RandomSource,
): PoolPick | undefined {
  const wanted = match.map((m) => traitValues(readPath(subject, m.field.split('.'))));
  let best = Number.NEGATIVE_INFINITY;
  let tied: { member: Member; matched: string[] }[] = [];
  for (const member of eligible) {
    let score = 0;
    const matched: string[] = [];
    match.forEach((m, i) => {
      const values = wanted[i]!;
      if (values.length === 0) return;
      const has = member.user[m.attribute].some((value) => values.includes(normalise(value)));
      if (has) {
        score += m.weight;
        matched.push(m.field);
      }
    });
    if (score < minScore) continue;
    if (score > best) {
      best = score;
      tied = [{ member, matched }];
    } else if (score === best) tied.push({ member, matched });
  }
  if (tied.length === 0) return undefined;
  const { member, matched } = draw(tied, random);
  return { member, detail: { strategy: 'skills', score: best, matched }, ties: tied.length };
}

function traitValues(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [normalise(value)] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map(normalise);
  return [];
}

/** Traits compare without case or surrounding space: `Manufacturing ` is `manufacturing`. */
function normalise(value: string): string {
  return value.trim().toLowerCase();
}

/** Reads a dotted path through own properties only (`raw.language`). */
export function readPath(record: object, segments: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of segments) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** UTF-16 code-unit order, the order the store sorts ids in. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
