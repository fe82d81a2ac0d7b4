/** Assignment through `crm.leads.capture`: routing, each strategy, availability, state and reasons. */
import { describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  type AssignmentDefinitionInput,
  assignManually,
  assignmentEngine,
  type Crm,
  type CrmEngines,
  type CrmEvents,
  compileScoring,
  createCrm,
  createManualClock,
  createSeededRandom,
  createSequentialIds,
  type EntityInput,
  type LeadCaptureInput,
  scoringEngine,
  type UserCreateInput,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

// Monday 23 November 2026, 10:00 in Shanghai.
const NOW = '2026-11-23T02:00:00.000Z';

interface World {
  crm: Crm;
  store: MemoryStore;
  clock: ReturnType<typeof createManualClock>;
  events: AnyEvent<CrmEvents>[];
}

async function world(
  definition: AssignmentDefinitionInput,
  users: UserCreateInput[],
  options: { seed?: number; engines?: CrmEngines; store?: MemoryStore; ids?: string } = {},
): Promise<World> {
  const store = options.store ?? createMemoryStore();
  const clock = createManualClock(NOW);
  const crm = createCrm({
    store,
    clock,
    ids: createSequentialIds(options.ids ?? 'id'),
    random: createSeededRandom(options.seed ?? 1),
    actor: () => 'u-boss',
    engines: { assignment: assignmentEngine(definition), ...options.engines },
  });
  if (!options.store) {
    await crm.teams.create({ id: 'east', name: 'East' });
    await crm.teams.create({ id: 'hub', name: 'Hub' });
    for (const user of users) await crm.users.create(user);
  }
  const events: AnyEvent<CrmEvents>[] = [];
  crm.events.subscribeAll((event) => events.push(event));
  return { crm, store, clock, events };
}

const rep = (id: string, name: string, extra: Partial<UserCreateInput> = {}): UserCreateInput => ({
  id,
  name,
  teamId: 'east',
  ...extra,
});

const enquiry = (extra: Partial<LeadCaptureInput> = {}): LeadCaptureInput => ({
  source: 'web_form',
  name: '李雷',
  company: '苏州精工机械有限公司',
  region: '江苏',
  industry: 'manufacturing',
  ...extra,
});

/** An open lead already owned by `ownerId`, to give a rep some load. */
function ownedLead(id: string, ownerId: string, status = 'working'): EntityInput<'leads'> {
  return {
    id,
    version: 0,
    createdAt: NOW,
    updatedAt: NOW,
    source: 'phone',
    name: `客户 ${id}`,
    status: status as 'working',
    ownerId,
  };
}

const eastRule = (strategy: AssignmentDefinitionInput['defaultStrategy']) => ({
  id: 'east-mfg',
  name: '华东制造业',
  priority: 1,
  when: { all: [{ field: 'region', op: 'in' as const, value: ['江苏', '浙江', '上海'] }] },
  to: { teamId: 'east' },
  strategy,
});

async function captureMany(crm: Crm, count: number, extra: Partial<LeadCaptureInput> = {}) {
  const leads = [];
  for (let i = 0; i < count; i++) leads.push(await crm.leads.capture(enquiry(extra)));
  return leads;
}

describe('routing', () => {
  it('sends a lead to the first matching rule by priority, then list order', async () => {
    const { crm } = await world(
      {
        locale: 'en',
        rules: [
          {
            id: 'late',
            name: 'Late',
            priority: 5,
            when: { field: 'source', op: 'exists' },
            to: { userId: 'u-b' },
          },
          {
            id: 'first',
            name: 'First',
            priority: 1,
            when: { field: 'region', op: 'eq', value: '江苏' },
            to: { userId: 'u-a' },
          },
          {
            id: 'tie',
            name: 'Tie',
            priority: 1,
            when: { field: 'region', op: 'exists' },
            to: { userId: 'u-b' },
          },
        ],
      },
      [rep('u-a', 'Li Wei'), rep('u-b', 'Wang Fang')],
    );
    expect((await crm.leads.capture(enquiry())).ownerId).toBe('u-a');
    const other = await crm.leads.capture(enquiry({ region: '广东' }));
    expect(other).toMatchObject({ ownerId: 'u-b', assignmentReason: 'rule Tie → Wang Fang' });
  });

  it('routes on the score the scoring engine gave the lead', async () => {
    const scoring = scoringEngine(
      compileScoring({
        rules: [
          {
            id: 'mfg',
            group: 'fit',
            points: 80,
            when: { field: 'industry', op: 'eq', value: 'manufacturing' },
          },
        ],
        grades: { A: 70, B: 40, C: 10 },
      }),
    );
    const { crm } = await world(
      {
        locale: 'en',
        rules: [
          {
            id: 'hot',
            name: 'Hot leads',
            priority: 1,
            when: { field: 'score.grade', op: 'eq', value: 'A' },
            to: { userId: 'u-a' },
          },
        ],
      },
      [rep('u-a', 'Li Wei')],
      { engines: { scoring } },
    );
    expect((await crm.leads.capture(enquiry())).ownerId).toBe('u-a');
    expect((await crm.leads.capture(enquiry({ industry: 'retail' }))).ownerId).toBeUndefined();
  });

  it('falls back to the fallback team when no rule matches, then to its queue', async () => {
    const { crm } = await world(
      {
        locale: 'en',
        rules: [eastRule({ kind: 'round-robin' })],
        fallback: { teamId: 'hub', strategy: { kind: 'round-robin' } },
      },
      [rep('u-a', 'Li Wei'), rep('u-h', 'Zhao Min', { teamId: 'hub' })],
    );
    const lead = await crm.leads.capture(enquiry({ region: '广东' }));
    expect(lead).toMatchObject({
      ownerId: 'u-h',
      teamId: 'hub',
      assignmentReason: 'no rule matched → fallback team Hub; round robin: Zhao Min is next',
    });
    await crm.users.update('u-h', { status: 'departed' }, { expectedVersion: 1 });
    const queued = await crm.leads.capture(enquiry({ region: '广东' }));
    expect(queued.ownerId).toBeUndefined();
    expect(queued.teamId).toBe('hub');
    expect(queued.assignmentReason).toBe(
      "no rule matched → fallback team Hub: nobody available; skipped Zhao Min (left the company); waiting in the team's queue for a supervisor",
    );
  });

  it('leaves the lead in the unassigned queue by default, saying why', async () => {
    const { crm } = await world({ locale: 'en', rules: [eastRule({ kind: 'round-robin' })] }, [
      rep('u-a', 'Li Wei', { leaves: [{ from: '2026-11-20', to: '2026-11-27' }] }),
    ]);
    const lead = await crm.leads.capture(enquiry());
    expect(lead.ownerId).toBeUndefined();
    expect(lead.teamId).toBeUndefined();
    expect(lead.assignmentReason).toBe(
      'rule 华东制造业 → team East: nobody available; skipped Li Wei (on leave) → unassigned queue',
    );
  });

  it('treats a rule pointing at a missing team like a full one: the lead still lands somewhere', async () => {
    const { crm } = await world(
      { locale: 'en', rules: [{ ...eastRule({ kind: 'round-robin' }), to: { teamId: 'gone' } }] },
      [],
    );
    const lead = await crm.leads.capture(enquiry());
    expect(lead.assignmentReason).toBe('rule 华东制造业 → team gone: no such team → unassigned queue');
  });

  it('writes the reason in Chinese by default', async () => {
    const { crm } = await world({ rules: [eastRule({ kind: 'least-loaded' })] }, [
      rep('u-a', '李伟', { capacity: 20 }),
    ]);
    const lead = await crm.leads.capture(enquiry());
    expect(lead.assignmentReason).toBe('规则「华东制造业」 → 团队「East」；最少负载：李伟 在办 0 / 20');
  });
});

describe('round robin', () => {
  it('cycles through the team, ties among newcomers drawn at random', async () => {
    const { crm } = await world({ locale: 'en', rules: [eastRule({ kind: 'round-robin' })] }, [
      rep('u-a', 'A'),
      rep('u-b', 'B'),
      rep('u-c', 'C'),
    ]);
    const owners = (await captureMany(crm, 9)).map((lead) => lead.ownerId);
    const cycle = owners.slice(0, 3);
    expect(new Set(cycle).size).toBe(3);
    expect(owners).toEqual([...cycle, ...cycle, ...cycle]);
  });

  it('continues the cycle after a reload instead of restarting it', async () => {
    const first = await world({ rules: [eastRule({ kind: 'round-robin' })] }, [
      rep('u-a', 'A'),
      rep('u-b', 'B'),
      rep('u-c', 'C'),
    ]);
    const owners = [(await first.crm.leads.capture(enquiry())).ownerId];
    for (let reload = 0; reload < 5; reload++) {
      // A fresh facade and engine (a page reload, another tab) with the same random seed.
      const again = await world({ rules: [eastRule({ kind: 'round-robin' })] }, [], {
        store: first.store,
        ids: `reload${reload}-`,
      });
      owners.push((await again.crm.leads.capture(enquiry())).ownerId);
    }
    expect(new Set(owners.slice(0, 3)).size).toBe(3);
    expect(owners.slice(3)).toEqual(owners.slice(0, 3));
  });

  it('skips reps on leave or departed and serves a returning rep next', async () => {
    const { crm, clock } = await world({ locale: 'en', rules: [eastRule({ kind: 'round-robin' })] }, [
      rep('u-a', 'A', { leaves: [{ from: '2026-11-23', to: '2026-11-23' }] }),
      rep('u-b', 'B'),
      rep('u-c', 'C', { status: 'departed' }),
    ]);
    const today = await captureMany(crm, 2);
    expect(today.map((lead) => lead.ownerId)).toEqual(['u-b', 'u-b']);
    expect(today[0]!.assignmentReason).toBe(
      'rule 华东制造业 → team East; round robin: B is next; skipped A (on leave), C (left the company)',
    );
    clock.advance(86_400_000);
    expect((await captureMany(crm, 3)).map((lead) => lead.ownerId)).toEqual(['u-a', 'u-b', 'u-a']);
  });

  it('leaves managers out of the rotation unless the definition takes them in', async () => {
    const users = [rep('u-a', 'A'), rep('u-m', 'M', { role: 'manager' })];
    const reps = await world({ rules: [eastRule({ kind: 'round-robin' })] }, users);
    expect((await captureMany(reps.crm, 3)).map((lead) => lead.ownerId)).toEqual(['u-a', 'u-a', 'u-a']);
    const all = await world({ rules: [eastRule({ kind: 'round-robin' })], roles: ['rep', 'manager'] }, users);
    expect(new Set((await captureMany(all.crm, 2)).map((lead) => lead.ownerId))).toEqual(
      new Set(['u-a', 'u-m']),
    );
  });
});

describe('weighted round robin', () => {
  it('shares leads by weight, smoothly', async () => {
    const strategy = { kind: 'weighted' as const, weights: { 'u-a': 3, 'u-b': 1 } };
    const { crm } = await world({ locale: 'en', rules: [eastRule(strategy)] }, [
      rep('u-a', 'A'),
      rep('u-b', 'B'),
    ]);
    const leads = await captureMany(crm, 8);
    const owners = leads.map((lead) => lead.ownerId);
    expect(owners.filter((owner) => owner === 'u-a')).toHaveLength(6);
    // Smooth: B's turn comes once in every four, never two A-bursts back to back.
    expect(owners.slice(0, 4).filter((owner) => owner === 'u-b')).toHaveLength(1);
    expect(leads[0]!.assignmentReason).toBe(
      'rule 华东制造业 → team East; weighted round robin: A (weight 3 of 4)',
    );
  });

  it('takes a zero weight out of the rotation', async () => {
    const strategy = { kind: 'weighted' as const, weights: { 'u-b': 0 } };
    const { crm } = await world({ rules: [eastRule(strategy)] }, [rep('u-a', 'A'), rep('u-b', 'B')]);
    expect((await captureMany(crm, 3)).map((lead) => lead.ownerId)).toEqual(['u-a', 'u-a', 'u-a']);
  });
});

describe('least-loaded', () => {
  it('picks the rep with the fewest open leads and deals, saying how many', async () => {
    const { crm, store } = await world({ locale: 'en', rules: [eastRule({ kind: 'least-loaded' })] }, [
      rep('u-a', 'Li Wei', { capacity: 20 }),
      rep('u-b', 'Wang Fang', { capacity: 20 }),
    ]);
    await store.bulkPut('leads', [
      ownedLead('l1', 'u-a'),
      ownedLead('l2', 'u-a'),
      ownedLead('l3', 'u-b'),
      // Closed leads are not load.
      ownedLead('l4', 'u-b', 'converted'),
      ownedLead('l5', 'u-b', 'disqualified'),
    ]);
    const lead = await crm.leads.capture(enquiry());
    expect(lead).toMatchObject({
      ownerId: 'u-b',
      teamId: 'east',
      assignmentReason: 'rule 华东制造业 → team East; least-loaded: Wang Fang has 1 open of 20',
    });
    const next = await crm.leads.capture(enquiry());
    expect(next.assignmentReason).toMatch(
      /least-loaded: (Li Wei|Wang Fang) has 2 open of 20 \(drawn at random among 2\)$/,
    );
  });

  it('breaks ties with the random source, not by who was created first', async () => {
    const winners = new Set<string | undefined>();
    for (let seed = 1; seed <= 12; seed++) {
      const { crm } = await world(
        { rules: [eastRule({ kind: 'least-loaded' })] },
        [rep('u-a', 'A'), rep('u-b', 'B')],
        { seed },
      );
      winners.add((await crm.leads.capture(enquiry())).ownerId);
    }
    expect(winners).toEqual(new Set(['u-a', 'u-b']));
  });

  it('skips a rep at capacity', async () => {
    const { crm, store } = await world({ locale: 'en', rules: [eastRule({ kind: 'least-loaded' })] }, [
      rep('u-a', 'A', { capacity: 1 }),
      rep('u-b', 'B', { capacity: 5 }),
    ]);
    await store.bulkPut('leads', [ownedLead('l1', 'u-a'), ownedLead('l2', 'u-b'), ownedLead('l3', 'u-b')]);
    const lead = await crm.leads.capture(enquiry());
    expect(lead.ownerId).toBe('u-b');
    expect(lead.assignmentReason).toContain('skipped A (at capacity)');
  });
});

describe('intake limits', () => {
  it('stops at the daily limit and starts again the next day', async () => {
    const { crm, clock } = await world(
      { locale: 'en', rules: [eastRule({ kind: 'round-robin' })], limits: { leadsPerDay: 2 } },
      [rep('u-a', 'A'), rep('u-b', 'B')],
    );
    const today = await captureMany(crm, 5);
    expect(today.filter((lead) => lead.ownerId === 'u-a')).toHaveLength(2);
    expect(today.filter((lead) => lead.ownerId === 'u-b')).toHaveLength(2);
    expect(today[4]!.ownerId).toBeUndefined();
    expect(today[4]!.assignmentReason).toContain('skipped A (daily limit reached), B (daily limit reached)');
    clock.advance(86_400_000);
    expect((await captureMany(crm, 1))[0]!.ownerId).toBeDefined();
  });

  it('counts the week from Monday in the team’s time zone', async () => {
    const { crm, clock } = await world(
      { rules: [eastRule({ kind: 'round-robin' })], limits: { leadsPerWeek: 2 } },
      [rep('u-a', 'A')],
    );
    // Sunday 22:00 in Shanghai is still last week: two leads then, two more on Monday.
    clock.set('2026-11-22T14:00:00.000Z');
    expect((await captureMany(crm, 3)).map((lead) => lead.ownerId)).toEqual(['u-a', 'u-a', undefined]);
    clock.set('2026-11-23T01:00:00.000Z');
    expect((await captureMany(crm, 3)).map((lead) => lead.ownerId)).toEqual(['u-a', 'u-a', undefined]);
  });
});

describe('skill matching', () => {
  it('gives the lead to the rep whose abilities match its traits best', async () => {
    const { crm } = await world({ locale: 'en', rules: [eastRule({ kind: 'skills' })] }, [
      rep('u-a', 'A', { industries: ['retail'], regions: ['江苏'] }),
      rep('u-b', 'B', { industries: ['Manufacturing'], regions: ['江苏'], languages: ['en'] }),
      rep('u-c', 'C', { industries: ['manufacturing'] }),
    ]);
    const lead = await crm.leads.capture(enquiry({ raw: { language: 'en' } }));
    expect(lead).toMatchObject({
      ownerId: 'u-b',
      assignmentReason: 'rule 华东制造业 → team East; skills: B scores 6 (industry, region, raw.language)',
    });
  });

  it('takes custom matches and a minimum score; below it the lead falls back', async () => {
    const strategy = {
      kind: 'skills' as const,
      match: [{ field: 'product', attribute: 'skills' as const, weight: 2 }],
      minScore: 2,
    };
    const { crm } = await world({ rules: [eastRule(strategy)] }, [
      rep('u-a', 'A', { skills: ['CRM'] }),
      rep('u-b', 'B'),
    ]);
    expect((await crm.leads.capture(enquiry({ product: 'crm' }))).ownerId).toBe('u-a');
    expect((await crm.leads.capture(enquiry({ product: 'ERP' }))).ownerId).toBeUndefined();
  });
});

describe('sticky', () => {
  async function customerWorld() {
    const w = await world(
      { locale: 'en', rules: [eastRule({ kind: 'sticky', otherwise: { kind: 'round-robin' } })] },
      [rep('u-a', 'A'), rep('u-b', 'B'), rep('u-x', 'X', { teamId: 'hub' })],
    );
    const account = await w.crm.accounts.create({ name: '苏州精工', kind: 'company', ownerId: 'u-x' });
    await w.crm.contacts.create({
      name: '李雷',
      accountId: account.id,
      emails: ['li.lei@jinggong.example.cn'],
    });
    return { ...w, account };
  }

  it('gives a returning customer’s lead to the account owner, even in another team', async () => {
    const { crm } = await customerWorld();
    const lead = await crm.leads.capture(enquiry({ email: 'Li.Lei@jinggong.example.cn' }));
    expect(lead).toMatchObject({
      ownerId: 'u-x',
      teamId: 'hub',
      assignmentReason: 'rule 华东制造业 → team East; sticky: 苏州精工 stays with X',
    });
  });

  it('finds a personal account by its own e-mail or phone', async () => {
    const { crm } = await customerWorld();
    await crm.accounts.create({
      name: '王先生',
      kind: 'person',
      email: 'wang@example.cn',
      phone: '+8613900000000',
      ownerId: 'u-a',
    });
    expect((await crm.leads.capture(enquiry({ email: 'wang@example.cn' }))).ownerId).toBe('u-a');
    expect((await crm.leads.capture(enquiry({ phone: '+8613900000000' }))).ownerId).toBe('u-a');
  });

  it('follows a duplicate link to the account', async () => {
    const { crm, account } = await customerWorld();
    const matching = {
      collections: ['accounts' as const],
      findDuplicates: async () => [{ collection: 'accounts' as const, id: account.id, score: 0.9 }],
    };
    const linked = await world({ rules: [eastRule({ kind: 'sticky' })] }, [], {
      store: crm.store as MemoryStore,
      engines: { matching },
      ids: 'linked',
    });
    expect((await linked.crm.leads.capture(enquiry())).ownerId).toBe('u-x');
  });

  it('uses the team strategy when the owner cannot take it, or there is no customer', async () => {
    const { crm } = await customerWorld();
    await crm.users.update(
      'u-x',
      { leaves: [{ from: '2026-11-01', to: '2026-11-30' }] },
      { expectedVersion: 1 },
    );
    const lead = await crm.leads.capture(enquiry({ email: 'li.lei@jinggong.example.cn' }));
    expect(['u-a', 'u-b']).toContain(lead.ownerId);
    expect(lead.assignmentReason).toMatch(
      /^rule 华东制造业 → team East; skipped X \(on leave\); round robin: [AB] is next/,
    );
    const stranger = await crm.leads.capture(enquiry({ email: 'new@example.com' }));
    expect(['u-a', 'u-b']).toContain(stranger.ownerId);
  });
});

describe('manual', () => {
  it('parks the lead in the team queue, then a supervisor picks a rep, checked like any pick', async () => {
    const { crm, store, events } = await world(
      { locale: 'en', rules: [eastRule({ kind: 'manual' })], limits: { leadsPerDay: 1 } },
      [rep('u-a', 'A'), rep('u-b', 'B', { leaves: [{ from: '2026-11-23', to: '2026-11-24' }] })],
    );
    const lead = await crm.leads.capture(enquiry());
    expect(lead).toMatchObject({
      teamId: 'east',
      assignmentReason: "rule 华东制造业 → team East; waiting in the team's queue for a supervisor",
    });
    expect(lead.ownerId).toBeUndefined();

    const onLeave = await kehuRejection(
      assignManually(crm, lead.id, { userId: 'u-b', expectedVersion: 1 }, { limits: { leadsPerDay: 1 } }),
    );
    expect(onLeave.code).toBe('GUARD_REJECTED');
    expect(onLeave.details).toMatchObject({ userId: 'u-b', why: 'on-leave' });
    expect(
      (await kehuRejection(assignManually(crm, lead.id, { userId: 'nobody', expectedVersion: 1 }))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await kehuRejection(assignManually(crm, lead.id, { userId: 'u-a', expectedVersion: 7 }))).code,
    ).toBe('CONFLICT');

    events.length = 0;
    const picked = await assignManually(
      crm,
      lead.id,
      { userId: 'u-a', expectedVersion: 1, reason: '客户点名', actorId: 'u-boss' },
      { locale: 'en', limits: { leadsPerDay: 1 } },
    );
    expect(picked).toMatchObject({
      ownerId: 'u-a',
      teamId: 'east',
      version: 2,
      assignmentReason: 'manual: a supervisor picked A: 客户点名',
    });
    expect(events).toEqual([
      { type: 'lead.updated', payload: { entity: picked, previous: lead, actorId: 'u-boss' } },
    ]);
    const audit = (await store.query('auditEntries', { where: { recordId: lead.id } })).items;
    expect(audit).toMatchObject([
      { action: 'assign', toOwnerId: 'u-a', reason: '客户点名', actorId: 'u-boss' },
    ]);

    // The pick counted against A's daily limit.
    const second = await crm.leads.capture(enquiry());
    const full = await kehuRejection(
      assignManually(crm, second.id, { userId: 'u-a', expectedVersion: 1 }, { limits: { leadsPerDay: 1 } }),
    );
    expect(full.details).toMatchObject({ why: 'daily-limit' });
  });
});

describe('state and atomicity', () => {
  it('stores owner, team and reason on the lead and the cycle in assignmentStates', async () => {
    const { crm, store, events } = await world({ locale: 'en', rules: [eastRule({ kind: 'round-robin' })] }, [
      rep('u-a', 'A'),
    ]);
    const lead = await crm.leads.capture(enquiry());
    expect(await store.get('leads', lead.id)).toMatchObject({
      ownerId: 'u-a',
      teamId: 'east',
      assignmentReason: 'rule 华东制造业 → team East; round robin: A is next',
    });
    expect(await store.get('assignmentStates', 'pool:east')).toMatchObject({
      kind: 'pool',
      subjectId: 'east',
      version: 1,
      sequence: 1,
      lastServed: { 'u-a': 1 },
    });
    expect(events.map((event) => event.type)).toEqual(['lead.captured']);
  });

  it('keeps the state unchanged when the capture fails after assignment', async () => {
    const { crm, store } = await world(
      { rules: [eastRule({ kind: 'round-robin' })], limits: { leadsPerDay: 5 } },
      [rep('u-a', 'A')],
    );
    await crm.leads.capture(enquiry({ id: 'taken' }));
    const before = (await store.query('assignmentStates')).items;
    // The lead id exists: the write after the engine fails, and the engine's writes go with it.
    expect((await kehuRejection(crm.leads.capture(enquiry({ id: 'taken' })))).code).toBe('CONFLICT');
    expect((await store.query('assignmentStates')).items).toEqual(before);

    const engine = assignmentEngine({
      rules: [eastRule({ kind: 'round-robin' })],
      limits: { leadsPerDay: 5 },
    });
    const broken = createCrm({
      store,
      engines: {
        assignment: {
          collections: engine.collections,
          async assignLead(tx, lead, context) {
            const decision = await engine.assignLead(tx, lead, context);
            return { ...decision, teamId: '' } as typeof decision;
          },
        },
      },
    });
    expect((await kehuRejection(broken.leads.capture(enquiry()))).code).toBe('VALIDATION');
    expect((await store.query('assignmentStates')).items).toEqual(before);
    expect(await store.count('leads')).toBe(1);
  });
});
