/**
 * The selling organisation: the key-account pipeline, the five territories, teams of about eight
 * reps under a manager (all under a sales director), and the people who own every other record —
 * including reps on leave today and one who has left, because assignment and reassignment screens
 * need both.
 */
import {
  type EntityInput,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  type PipelineDefinition,
} from '@kehu/core';
import { type Rng, WeightedIndex } from '../random.ts';
import { cstDate, DAY, HOUR, iso, toSecond } from '../time.ts';
import { CAMPAIGNS, INDUSTRIES, SKILLS } from '../vocabulary/business.ts';
import { TERRITORIES, type TerritoryDef } from '../vocabulary/geo.ts';
import { type Context, makeId } from './context.ts';
import { chineseInEnglish, chinesePerson, englishPerson, mobile, type Person, text } from './people.ts';

export interface Rep {
  id: string;
  teamId: string;
  territoryIds: readonly string[];
  departed: boolean;
  onLeave: boolean;
}

export interface Org {
  pipelines: EntityInput<'pipelines'>[];
  territories: EntityInput<'territories'>[];
  teams: EntityInput<'teams'>[];
  users: EntityInput<'users'>[];
  reps: Rep[];
  /** A rep who owns customers in `territoryId` (any rep when no team covers it). */
  ownerFor(territoryId: string, rng: Rng, options?: { active?: boolean }): Rep;
  /** Another rep of the same team, for deals a colleague works on. */
  teammateOf(rep: Rep, rng: Rng): Rep;
  teamName(teamId: string): string;
  territoryName(territoryId: string): { zh: string; en: string };
}

/** When the sample company started using the CRM. */
export const orgStart = (now: number) => toSecond(now - 3 * 365 * DAY);

const TEAM_TERRITORY_CYCLE = [0, 1, 2, 0, 3, 1, 0, 2, 4, 0];

function cnNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n <= 10) return n === 10 ? '十' : digits[n]!;
  if (n < 20) return `十${digits[n - 10]}`;
  return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
}

export function generateOrg(ctx: Context, repCount: number, expectedOpenLoad: number): Org {
  const rng = ctx.stream('org');
  const start = orgStart(ctx.now);
  const stamp = (ms: number) => ({ version: 0, createdAt: iso(ms), updatedAt: iso(ms) });
  const teamLocale = ctx.locale === 'en' ? 'en' : 'zh-CN';

  // A copy: callers may edit the sample pipeline without changing core's exported definition.
  const definition = JSON.parse(JSON.stringify(keyAccountPipeline)) as PipelineDefinition;
  const pipelines: EntityInput<'pipelines'>[] = [
    { id: KEY_ACCOUNT_PIPELINE_ID, ...stamp(start), ...definition },
  ];

  const territories: EntityInput<'territories'>[] = TERRITORIES.map((t) => ({
    id: t.id,
    ...stamp(start),
    name: { 'zh-CN': t.zh, en: t.en },
    regions: [...t.provinces.map((p) => p.region), ...t.overseas.map((o) => o.region)],
  }));

  // Small companies split the five territories between their few teams; larger ones give each
  // team one territory, more teams where there are more customers.
  const teamCount = Math.max(1, Math.round(repCount / 8));
  const teamTerritories: TerritoryDef[][] = [];
  for (let t = 0; t < teamCount; t++) {
    teamTerritories.push(
      teamCount <= TERRITORIES.length
        ? TERRITORIES.filter((_, i) => i % teamCount === t)
        : [TERRITORIES[TEAM_TERRITORY_CYCLE[t % TEAM_TERRITORY_CYCLE.length]!]!],
    );
  }

  const users: EntityInput<'users'>[] = [];
  const emails = new Set<string>();
  const userIndex = () => users.length + 1;
  const personFor = (overseas: boolean): Person => {
    const locale = overseas && ctx.locale === 'mixed' ? 'en' : ctx.pickLocale(rng);
    if (locale === 'zh-CN') return chinesePerson(ctx, rng);
    return overseas && rng.chance(0.6) ? englishPerson(ctx, rng) : chineseInEnglish(ctx, rng);
  };
  const addUser = (person: Person, fields: Partial<EntityInput<'users'>>) => {
    let email = `${person.mailbox}@qingyuan.example`;
    for (let n = 2; emails.has(email); n++) email = `${person.mailbox}${n}@qingyuan.example`;
    emails.add(email);
    const hired = toSecond(start + rng.float(0, 90) * DAY);
    const user: EntityInput<'users'> = {
      id: makeId('usr', userIndex()),
      ...stamp(hired),
      name: person.name,
      email,
      phone: mobile(rng),
      languages: /[a-z]/i.test(person.name) ? ['en', 'zh-CN'] : ['zh-CN'],
      ...fields,
    };
    users.push(user);
    return user;
  };

  addUser(personFor(false), { role: 'admin', skills: ['crm_admin'] });
  const director = addUser(personFor(false), { role: 'manager', skills: ['key_account', 'negotiation'] });

  const rootTeamId = makeId('team', 1);
  const teams: EntityInput<'teams'>[] = [
    {
      id: rootTeamId,
      ...stamp(start),
      name: teamLocale === 'en' ? 'Sales HQ' : '销售中心',
      leaderId: director.id,
    },
  ];
  director.teamId = rootTeamId;
  director.territoryIds = TERRITORIES.map((t) => t.id);

  const reps: Rep[] = [];
  const perTerritory = new Map<string, number>();
  const teamNames = new Map<string, string>([[rootTeamId, teams[0]!.name]]);
  for (let t = 0; t < teamCount; t++) {
    const covers = teamTerritories[t]!;
    const primary = covers[0]!;
    const teamId = makeId('team', t + 2);
    const number = (perTerritory.get(primary.id) ?? 0) + 1;
    perTerritory.set(primary.id, number);
    const name =
      teamCount === 1
        ? text(['大客户销售部', 'Key Account Sales'], teamLocale)
        : teamLocale === 'en'
          ? `${primary.en} Key Accounts ${number}`
          : `${primary.zh}大客户${cnNumber(number)}组`;
    const overseas = primary.overseas.length > 0;
    const manager = addUser(personFor(overseas), {
      role: 'manager',
      teamId,
      managerId: director.id,
      territoryIds: covers.map((c) => c.id),
      skills: ['key_account', 'negotiation'],
    });
    const team: EntityInput<'teams'> = {
      id: teamId,
      ...stamp(start),
      name,
      parentId: rootTeamId,
      leaderId: manager.id,
    };
    if (teamCount > 1) team.territoryId = primary.id;
    teams.push(team);
    teamNames.set(teamId, name);

    const size = Math.floor(repCount / teamCount) + (t < repCount % teamCount ? 1 : 0);
    const regions = covers.flatMap((c) => [
      ...c.provinces.map((p) => p.region),
      ...c.overseas.map((o) => o.region),
    ]);
    for (let r = 0; r < size; r++) {
      // Every region of the team has a rep; each rep has at least one region.
      const mine = regions.filter((_, i) => i % size === r);
      if (mine.length === 0) mine.push(regions[r % regions.length]!);
      const person = personFor(overseas);
      const english = overseas || /[a-z]/i.test(person.name) || rng.chance(0.2);
      const skills: string[] = rng.shuffle(SKILLS.filter((s) => s !== 'english')).slice(0, rng.int(1, 3));
      if (english) skills.push('english');
      const fields: Partial<EntityInput<'users'>> = {
        role: 'rep',
        teamId,
        managerId: manager.id,
        territoryIds: covers.map((c) => c.id),
        skills,
        languages: english ? ['zh-CN', 'en'] : ['zh-CN'],
        industries: rng.chance(0.7) ? rng.shuffle(INDUSTRIES.map((i) => i.code)).slice(0, rng.int(1, 2)) : [],
        regions: mine,
        capacity: Math.max(20, Math.round(expectedOpenLoad * rng.float(0.9, 1.6))),
      };
      const user = addUser(person, fields);
      reps.push({ id: user.id, teamId, territoryIds: fields.territoryIds!, departed: false, onLeave: false });
    }
  }

  // One rep has left (their customers wait to be reassigned); a few are on leave today; some had
  // a leave earlier this year or have one booked.
  const byId = new Map(users.map((u) => [u.id, u]));
  const order = rng.shuffle(reps.map((_, i) => i));
  const departed = reps[order[0]!]!;
  departed.departed = true;
  byId.get(departed.id)!.status = 'departed';
  byId.get(departed.id)!.updatedAt = iso(toSecond(ctx.now - rng.float(20, 60) * DAY));
  const onLeaveCount = Math.max(1, Math.round(reps.length * 0.08));
  for (let k = 1; k < order.length; k++) {
    const rep = reps[order[k]!]!;
    const user = byId.get(rep.id)!;
    const leaves: { from: string; to: string }[] = [];
    if (rng.chance(0.2)) {
      const from = ctx.now - rng.int(40, 250) * DAY;
      leaves.push({ from: cstDate(from), to: cstDate(from + rng.int(2, 10) * DAY) });
    }
    if (k <= onLeaveCount) {
      rep.onLeave = true;
      leaves.push({
        from: cstDate(ctx.now - rng.int(1, 5) * DAY),
        to: cstDate(ctx.now + rng.int(2, 12) * DAY),
      });
    } else if (rng.chance(0.1)) {
      const from = ctx.now + rng.int(10, 60) * DAY;
      leaves.push({ from: cstDate(from), to: cstDate(from + rng.int(2, 7) * DAY) });
    }
    if (leaves.length) {
      user.leaves = leaves;
      user.updatedAt = iso(toSecond(ctx.now - rng.float(6, 30) * DAY));
    }
  }

  const territoryReps = new Map<string, { all: Rep[]; active: Rep[] }>();
  for (const t of TERRITORIES) {
    const covering = reps.filter((r) => r.territoryIds.includes(t.id));
    const all = covering.length ? covering : reps;
    territoryReps.set(t.id, {
      all,
      active: all.filter((r) => !r.departed).length ? all.filter((r) => !r.departed) : all,
    });
  }
  // The departed rep keeps a smaller book than the others: some of it was handed over already.
  const indexes = new Map<Rep[], WeightedIndex>();
  const indexFor = (pool: Rep[]) => {
    let index = indexes.get(pool);
    if (!index) {
      index = new WeightedIndex(pool.map((r) => (r.departed ? 0.3 : 1)));
      indexes.set(pool, index);
    }
    return index;
  };
  const teamReps = new Map<string, Rep[]>();
  for (const rep of reps) teamReps.set(rep.teamId, [...(teamReps.get(rep.teamId) ?? []), rep]);

  return {
    pipelines,
    territories,
    teams,
    users,
    reps,
    ownerFor(territoryId, pickRng, options) {
      const pools = territoryReps.get(territoryId)!;
      const pool = options?.active ? pools.active : pools.all;
      return pool[indexFor(pool).pick(pickRng)]!;
    },
    teammateOf(rep, pickRng) {
      return pickRng.pick(teamReps.get(rep.teamId)!);
    },
    teamName: (teamId) => teamNames.get(teamId)!,
    territoryName(territoryId) {
      const t = TERRITORIES.find((x) => x.id === territoryId)!;
      return { zh: t.zh, en: t.en };
    },
  };
}

export interface CampaignInfo {
  id: string;
  channel: string;
  startMs: number;
  endMs: number;
  /** Leads can come from it (it has started and was not cancelled). */
  live: boolean;
}

/** 6–20 campaigns over the last eighteen months: one running now, one planned, one cancelled. */
export function generateCampaigns(ctx: Context, deals: number) {
  const rng = ctx.stream('campaigns');
  const count = Math.min(20, Math.max(6, 6 + 2 * Math.floor(Math.log2(Math.max(1, deals / 100)))));
  const templates = rng.shuffle([...CAMPAIGNS]).slice(0, count);
  // Keep a long-running campaign for the "active now" slot.
  const longIndex = templates.findIndex((t) => t.days >= 30);
  if (longIndex >= 0 && longIndex !== count - 2) {
    const [long] = templates.splice(longIndex, 1);
    templates.splice(count - 2, 0, long!);
  }
  const campaigns: EntityInput<'campaigns'>[] = [];
  const info: CampaignInfo[] = [];
  const cancelledAt = rng.int(1, count - 3);
  templates.forEach((template, i) => {
    let startMs: number;
    if (i === count - 1) startMs = ctx.now + rng.int(15, 45) * DAY;
    else if (i === count - 2) startMs = ctx.now - Math.floor(template.days * rng.float(0.3, 0.7)) * DAY;
    else startMs = ctx.now - (540 - (i * 500) / (count - 2) - rng.float(0, 20)) * DAY;
    startMs = Math.floor(startMs / DAY) * DAY + HOUR; // 09:00 in China
    const endMs = startMs + template.days * DAY - 2 * HOUR;
    const status =
      i === cancelledAt
        ? 'cancelled'
        : startMs > ctx.now
          ? 'planned'
          : endMs < ctx.now
            ? 'completed'
            : 'active';
    const created = Math.min(startMs - rng.int(20, 60) * DAY, ctx.now - DAY);
    const id = makeId('cmp', i + 1);
    const locale = ctx.pickLocale(rng);
    campaigns.push({
      id,
      version: 0,
      createdAt: iso(created),
      updatedAt: iso(status === 'completed' ? Math.min(endMs + DAY, ctx.now - HOUR) : created),
      name: text(template.name, locale),
      channel: template.channel,
      cost: {
        amount: Math.round(rng.int(template.cost[0], template.cost[1]) / 100) * 10_000,
        currency: 'CNY',
      },
      startsAt: iso(startMs),
      endsAt: iso(endMs),
      status,
    });
    info.push({
      id,
      channel: template.channel,
      startMs,
      endMs,
      live: status === 'active' || status === 'completed',
    });
  });
  return { campaigns, info };
}
