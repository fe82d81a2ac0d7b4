/**
 * Assigning a batch of leads (an import, a re-routing job): 20 routing rules, then least-loaded
 * inside the routed team, across the ~200 reps of the sample company, vs a plainly written
 * implementation that evaluates the rule JSON as it goes and scans every rep for every lead. Both
 * sides are pure in-memory decision functions — no store I/O is timed on either side — start from
 * the same open loads, and break ties with the same seeded random source; the owner sequences
 * must be identical or the benchmark fails.
 *
 * Two shapes: the sample organisation (25 teams of about eight), and the same reps in one
 * 200-rep team, where partitioning by team gains nothing and only the load index helps.
 */
import {
  type AssignmentDefinition,
  createAssignmentPlanner,
  createSeededRandom,
  defineAssignment,
  isOnLeave,
  type RoutingRule,
  type User,
  UserSchema,
} from '@kehu/core';
import { generateSampleData } from '@kehu/sample-data';
import { compare, type Measurement } from './harness.ts';

/** The sample data's "today": some reps are on leave then, one has left. */
const NOW = Date.parse('2026-11-01T09:00:00.000Z');
const SEED = 2026;
const OPEN_LEAD = new Set(['new', 'working', 'nurturing', 'qualified']);

type LeadFields = Record<string, unknown>;

interface Scenario {
  definition: AssignmentDefinition;
  users: User[];
  loads: Map<string, number>;
}

export async function assignmentBenchmarks(sizes: number[], time?: number): Promise<Measurement[]> {
  const { leads: allLeads, users: parsedUsers, loads, territories } = prepare(Math.max(...sizes));
  const repCount = parsedUsers.filter((user) => user.role === 'rep').length;
  const measurements: Measurement[] = [];
  for (const size of sizes) {
    const leads = allLeads.slice(0, size);
    // Capacity is checked on every pick, raised so that it binds now and then rather than always.
    const headroom = Math.ceil((2 * size) / repCount);
    const users = parsedUsers.map((user) =>
      user.capacity === undefined ? user : { ...user, capacity: user.capacity + headroom },
    );
    for (const [name, oneTeam] of [
      ['assignment/route+least-loaded', false],
      ['assignment/least-loaded-one-team', true],
    ] as const) {
      const chosen = scenario(users, loads, territories, oneTeam);
      measurements.push(
        await compare({
          name,
          size,
          peer: 'plain loop: rule JSON evaluated per lead, every rep scanned per lead',
          time,
          // Runs last up to seconds: timing the sides in turns keeps a drifting machine fair to both.
          alternate: true,
          iterations: size >= 50_000 ? 7 : 15,
          warmupIterations: 2,
          ours: () => oursAssign(chosen, leads),
          theirs: () => plainAssign(chosen, leads),
          extra: { reps: repCount, rules: chosen.definition.rules.length },
        }),
      );
    }
  }
  return measurements;
}

/**
 * The leads' routing fields, the users and their open loads, out of a sample data set that is then
 * dropped: the full set (deals, histories, contacts) would otherwise sit in the heap and tax the
 * garbage collector during timing.
 */
function prepare(largest: number) {
  // Leads are half the deal count; 100k leads come with the sample company's full 200 reps.
  const data = generateSampleData({ deals: Math.max(2 * largest, 1000), seed: 5, activitiesPerDeal: 0 });
  const leads = data.leads.map(({ id, source, region, industry, product }) => ({
    id,
    source,
    region,
    industry,
    product,
  })) as LeadFields[];
  const loads = new Map<string, number>();
  const addLoad = (ownerId: string | undefined) => {
    if (ownerId) loads.set(ownerId, (loads.get(ownerId) ?? 0) + 1);
  };
  for (const lead of data.leads) if (OPEN_LEAD.has(lead.status ?? 'new')) addLoad(lead.ownerId);
  for (const deal of data.deals) if ((deal.status ?? 'open') === 'open') addLoad(deal.ownerId);
  const users = data.users.map((user) => UserSchema.parse(user));
  const territories = data.territories.map(({ id, regions }) => ({ id, regions: regions ?? [] }));
  return { leads, users, loads, territories };
}

function oursAssign({ definition, users, loads }: Scenario, leads: readonly LeadFields[]): (string | null)[] {
  const planner = createAssignmentPlanner(definition, {
    users,
    loads,
    now: NOW,
    random: createSeededRandom(SEED),
  });
  const owners = new Array<string | null>(leads.length);
  for (let i = 0; i < leads.length; i++) owners[i] = planner.assign(leads[i]!).ownerId ?? null;
  return owners;
}

// ── The scenario: 20 rules over the sample organisation ─────────────────────────────────────────

const INDUSTRIES = [
  'manufacturing',
  'it',
  'retail',
  'healthcare',
  'logistics',
  'education',
  'hospitality',
  'finance',
];
const SOURCES = ['web_form', 'exhibition', 'referral', 'phone', 'social', 'advertising'];

function scenario(
  parsed: readonly User[],
  loads: Map<string, number>,
  territories: readonly { id: string; regions?: string[] }[],
  oneTeam: boolean,
): Scenario {
  const users = oneTeam
    ? parsed.map((user) => (user.role === 'rep' ? { ...user, teamId: 'team-all' } : user))
    : [...parsed];
  const regionsOf = new Map(territories.map((territory) => [territory.id, territory.regions ?? []]));
  const teams = [...new Set(parsed.filter((user) => user.role === 'rep').map((user) => user.teamId!))].sort();
  const territoryOf = new Map(
    parsed.filter((user) => user.role === 'rep').map((user) => [user.teamId!, user.territoryIds[0]]),
  );
  const rules = Array.from({ length: 20 }, (_, i) => {
    const team = teams[i % teams.length]!;
    const regions = regionsOf.get(territoryOf.get(team) ?? '') ?? [];
    const industry = INDUSTRIES[i % INDUSTRIES.length]!;
    const kinds = [
      { field: 'industry', op: 'in', value: [industry, INDUSTRIES[(i + 3) % INDUSTRIES.length]!] },
      {
        field: 'source',
        op: 'in',
        value: [SOURCES[i % SOURCES.length]!, SOURCES[(i + 2) % SOURCES.length]!],
      },
      {
        all: [
          { field: 'industry', op: 'exists', value: false },
          { field: 'product', op: 'exists' },
        ],
      },
      {
        any: [
          { field: 'industry', op: 'eq', value: industry },
          { not: { field: 'source', op: 'in', value: SOURCES } },
        ],
      },
    ];
    return {
      id: `r${i}`,
      name: `Rule ${i}`,
      priority: i,
      when: { all: [{ field: 'region', op: 'in', value: regions }, kinds[i % kinds.length]] },
      to: { teamId: oneTeam ? 'team-all' : team },
      strategy: { kind: 'least-loaded' },
    };
  });
  const fallbackTeam = oneTeam ? 'team-all' : teams[teams.length - 1]!;
  const definition = defineAssignment({
    rules: rules as never,
    fallback: { teamId: fallbackTeam, strategy: { kind: 'least-loaded' } },
  });
  return { definition, users, loads };
}

// ── The plain implementation ───────────────────────────────────────────────────────────────────

type Condition = Record<string, unknown>;

/** The rule JSON, read as it stands, for every lead. */
function holds(condition: Condition, lead: LeadFields): boolean {
  if ('all' in condition) return (condition.all as Condition[]).every((c) => holds(c, lead));
  if ('any' in condition) return (condition.any as Condition[]).some((c) => holds(c, lead));
  if ('not' in condition) return !holds(condition.not as Condition, lead);
  const value = lead[condition.field as string];
  switch (condition.op) {
    case 'eq':
      return value === condition.value;
    case 'in':
      return (condition.value as unknown[]).includes(value);
    case 'exists': {
      const present = value !== undefined && value !== null && value !== '';
      return condition.value === false ? !present : present;
    }
    default:
      throw new Error(`The plain implementation does not know ${String(condition.op)}`);
  }
}

function plainAssign(
  { definition, users, loads }: Scenario,
  leads: readonly LeadFields[],
): (string | null)[] {
  const random = createSeededRandom(SEED);
  const day = new Date(NOW + definition.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const reps = [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const load = new Map(loads);
  const rules: RoutingRule[] = [...definition.rules].sort((a, b) => a.priority - b.priority);
  const fallbackTeam = definition.fallback.teamId!;

  const leastLoaded = (teamId: string): User | undefined => {
    let lowest = Number.POSITIVE_INFINITY;
    let tied: User[] = [];
    for (const rep of reps) {
      if (rep.teamId !== teamId || !definition.roles.includes(rep.role)) continue;
      if (rep.status === 'departed' || isOnLeave(rep, day)) continue;
      const current = load.get(rep.id) ?? 0;
      if (rep.capacity !== undefined && current + 1 > rep.capacity) continue;
      if (current < lowest) {
        lowest = current;
        tied = [rep];
      } else if (current === lowest) tied.push(rep);
    }
    if (tied.length <= 1) return tied[0];
    return tied[Math.floor(random() * tied.length)];
  };

  const owners = new Array<string | null>(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i]!;
    const rule = rules.find((candidate) => holds(candidate.when as Condition, lead));
    const owner = (rule && leastLoaded(rule.to.teamId!)) ?? leastLoaded(fallbackTeam);
    if (owner) load.set(owner.id, (load.get(owner.id) ?? 0) + 1);
    owners[i] = owner?.id ?? null;
  }
  return owners;
}
