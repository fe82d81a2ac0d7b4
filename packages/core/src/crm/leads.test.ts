/** Leads: the capture pipeline with its engines, disqualification and atomic conversion. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  type AssignmentEngine,
  type Crm,
  type CrmEngines,
  type CrmEvents,
  createCrm,
  createManualClock,
  createSequentialIds,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  type LeadCaptureInput,
  type LeadDraft,
  type MatchingEngine,
  type ScoringEngine,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const START = '2026-03-02T09:00:00.000Z';

const enquiry: LeadCaptureInput = {
  source: 'web_form',
  name: '李雷',
  company: '苏州精工机械有限公司',
  title: '采购经理',
  email: 'li.lei@jinggong.example.cn',
  phone: '+8613800138000',
  region: '江苏',
  industry: 'manufacturing',
  product: 'CRM',
  message: '想了解大客户管理方案',
  raw: { utm_source: 'baidu' },
};

let store: MemoryStore;
let clock: ReturnType<typeof createManualClock>;
let events: AnyEvent<CrmEvents>[];

function setup(engines: CrmEngines = {}): Crm {
  store = createMemoryStore();
  clock = createManualClock(START);
  const crm = createCrm({ store, clock, ids: createSequentialIds('id'), actor: () => 'u-admin', engines });
  events = [];
  crm.events.subscribeAll((event) => events.push(event));
  return crm;
}

describe('leads.capture', () => {
  it('without engines saves the lead as new and announces it', async () => {
    const crm = setup();
    const lead = await crm.leads.capture({ ...enquiry, consent: true });
    expect(lead).toMatchObject({
      ...enquiry,
      id: 'id000001',
      version: 1,
      status: 'new',
      duplicates: [],
      consentAt: START,
      createdAt: START,
    });
    expect(lead.score).toBeUndefined();
    expect(lead.ownerId).toBeUndefined();
    expect(lead).not.toHaveProperty('consent');
    expect(await store.get('leads', lead.id)).toEqual(lead);
    expect(events).toEqual([{ type: 'lead.captured', payload: { entity: lead, actorId: 'u-admin' } }]);
  });

  it('records no consent time when consent was not given', async () => {
    const crm = setup();
    expect((await crm.leads.capture({ ...enquiry, consent: false })).consentAt).toBeUndefined();
  });

  it('runs duplicates → score → assign → save, each engine seeing the results before it', async () => {
    const calls: string[] = [];
    const seen: Record<string, LeadDraft> = {};
    const matching: MatchingEngine = {
      collections: ['leads', 'contacts'],
      async findDuplicates(reader, candidate) {
        calls.push('duplicates');
        seen.duplicates = candidate;
        expect(await reader.count('leads')).toBe(1);
        return [
          { collection: 'contacts', id: 'c-1', score: 0.7 },
          { collection: 'leads', id: 'old-lead', score: 0.93 },
        ];
      },
    };
    const scoring: ScoringEngine = {
      scoreLead(lead, context) {
        calls.push('score');
        seen.score = lead;
        expect(context.now).toBe(Date.parse(START));
        return { total: 42, grade: 'B', reasons: [{ ruleId: 'industry', points: 42 }] };
      },
    };
    const assignment: AssignmentEngine = {
      collections: ['users'],
      async assignLead(tx, lead, context) {
        calls.push('assign');
        seen.assign = lead;
        expect(context.actorId).toBe('u-admin');
        expect(context.random).toBe(crm.random);
        expect(await tx.get('leads', lead.id)).toBeUndefined();
        return { ownerId: 'u-7', teamId: 't-east', reason: 'round robin in 华东 (u-7 next)' };
      },
    };
    const crm = setup({ matching, scoring, assignment });
    await store.put('leads', {
      id: 'old-lead',
      version: 0,
      createdAt: START,
      updatedAt: START,
      source: 'phone',
      name: '李雷',
    });
    events.length = 0;
    const lead = await crm.leads.capture(enquiry);

    expect(calls).toEqual(['duplicates', 'score', 'assign']);
    expect(seen.duplicates).toMatchObject({ ...enquiry, status: 'new', duplicates: [] });
    expect(seen.score?.duplicates.map((link) => link.id)).toEqual(['old-lead', 'c-1']);
    expect(seen.assign?.score).toEqual({
      total: 42,
      grade: 'B',
      groups: {},
      reasons: [{ ruleId: 'industry', points: 42 }],
      at: START,
    });
    expect(lead).toMatchObject({
      duplicates: [
        { collection: 'leads', id: 'old-lead', score: 0.93 },
        { collection: 'contacts', id: 'c-1', score: 0.7 },
      ],
      score: { total: 42, grade: 'B', at: START },
      ownerId: 'u-7',
      teamId: 't-east',
      assignmentReason: 'round robin in 华东 (u-7 next)',
    });
    expect(await store.get('leads', lead.id)).toEqual(lead);
    expect(events.map((event) => event.type)).toEqual(['lead.captured']);
  });

  it('keeps the 20 closest duplicates when the matcher finds more', async () => {
    const links = Array.from({ length: 25 }, (_, i) => ({
      collection: 'leads' as const,
      id: `l${i}`,
      score: i / 25,
    }));
    const crm = setup({ matching: { collections: ['leads'], findDuplicates: async () => links } });
    const lead = await crm.leads.capture(enquiry);
    expect(lead.duplicates).toHaveLength(20);
    expect(lead.duplicates[0]?.id).toBe('l24');
    expect(lead.duplicates.at(-1)?.id).toBe('l5');
  });

  it('leaves the lead unassigned when the assignment engine finds nobody', async () => {
    const crm = setup({ assignment: { collections: [], assignLead: async () => undefined } });
    const lead = await crm.leads.capture(enquiry);
    expect(lead.ownerId).toBeUndefined();
    expect(lead.assignmentReason).toBeUndefined();
  });

  it('saves the assignment engine’s state with the lead, atomically', async () => {
    const assignment: AssignmentEngine = {
      collections: ['users'],
      async assignLead(tx) {
        const rep = await tx.get('users', 'u-7');
        await tx.put(
          'users',
          { ...rep!, skills: [...rep!.skills, 'took-one'] },
          { expectedVersion: rep!.version },
        );
        return { ownerId: 'u-7', reason: 'least loaded' };
      },
    };
    const crm = setup({ assignment });
    await crm.users.create({ id: 'u-7', name: '张伟' });
    await crm.leads.capture(enquiry);
    expect((await store.get('users', 'u-7'))?.skills).toEqual(['took-one']);
  });

  it('saves nothing and announces nothing when the assignment engine throws', async () => {
    const assignment: AssignmentEngine = {
      collections: ['users'],
      async assignLead(tx) {
        const rep = await tx.get('users', 'u-7');
        await tx.put('users', { ...rep!, skills: ['took-one'] }, { expectedVersion: rep!.version });
        throw new Error('routing table broken');
      },
    };
    const crm = setup({ assignment });
    const rep = await crm.users.create({ id: 'u-7', name: '张伟' });
    events.length = 0;
    await expect(crm.leads.capture(enquiry)).rejects.toThrow('routing table broken');
    expect(await store.count('leads')).toBe(0);
    expect(await store.get('users', 'u-7')).toEqual(rep);
    expect(events).toEqual([]);
  });

  it('refuses an engine result that is not a valid score, saving nothing', async () => {
    const crm = setup({ scoring: { scoreLead: () => ({ total: Number.NaN }) } });
    const error = await kehuRejection(crm.leads.capture(enquiry));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['score.total']);
    expect(await store.count('leads')).toBe(0);
  });

  it('makes a retried submission with the same id a CONFLICT, not a second lead', async () => {
    let scored = 0;
    const crm = setup({ scoring: { scoreLead: () => ({ total: ++scored }) } });
    await crm.leads.capture({ ...enquiry, id: 'form-submission-1' });
    const error = await kehuRejection(crm.leads.capture({ ...enquiry, id: 'form-submission-1' }));
    expect(error.code).toBe('CONFLICT');
    expect(await store.count('leads')).toBe(1);
    expect((await crm.leads.require('form-submission-1')).score?.total).toBe(1);
    expect(events.map((event) => event.type)).toEqual(['lead.captured']);
  });
});

describe('leads.update and disqualify', () => {
  let crm: Crm;
  beforeEach(() => {
    crm = setup();
  });

  it('moves a lead among the open statuses', async () => {
    const lead = await crm.leads.capture(enquiry);
    const working = await crm.leads.update(lead.id, { status: 'working' }, { expectedVersion: 1 });
    expect(working.status).toBe('working');
    expect(events.at(-1)).toEqual({
      type: 'lead.updated',
      payload: { entity: working, previous: lead, actorId: 'u-admin' },
    });
  });

  it('disqualifies with a reason and announces it', async () => {
    const lead = await crm.leads.capture(enquiry);
    const closed = await crm.leads.disqualify(lead.id, { reason: '竞争对手调研', expectedVersion: 1 });
    expect(closed).toMatchObject({ status: 'disqualified', disqualifiedReason: '竞争对手调研', version: 2 });
    expect(events.at(-1)).toEqual({
      type: 'lead.disqualified',
      payload: { entity: closed, previous: lead, actorId: 'u-admin' },
    });
  });

  it('requires a reason and the expected version to disqualify', async () => {
    const lead = await crm.leads.capture(enquiry);
    const error = await kehuRejection(crm.leads.disqualify(lead.id, { reason: ' ' } as never));
    expect(error.fields).toEqual(['reason', 'expectedVersion']);
    const stale = await kehuRejection(crm.leads.disqualify(lead.id, { reason: 'spam', expectedVersion: 7 }));
    expect(stale.code).toBe('CONFLICT');
    expect(await crm.leads.get(lead.id)).toEqual(lead);
  });

  it('reopens a disqualified lead for nurturing, dropping the old reason', async () => {
    const lead = await crm.leads.capture(enquiry);
    await crm.leads.disqualify(lead.id, { reason: '预算不足', expectedVersion: 1 });
    const reopened = await crm.leads.update(lead.id, { status: 'nurturing' }, { expectedVersion: 2 });
    expect(reopened.status).toBe('nurturing');
    expect(reopened.disqualifiedReason).toBeUndefined();
  });

  it('checks the account a lead is linked to', async () => {
    const lead = await crm.leads.capture(enquiry);
    const error = await kehuRejection(
      crm.leads.update(lead.id, { accountId: 'ghost' }, { expectedVersion: 1 }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toMatchObject({ field: 'accountId', id: 'ghost' });
  });
});

describe('leads.convert', () => {
  let crm: Crm;
  beforeEach(async () => {
    crm = setup();
    await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
  });

  const counts = () =>
    Promise.all((['accounts', 'contacts', 'deals'] as const).map((collection) => store.count(collection)));

  it('creates account, contact and deal from the lead and marks it converted, in one action', async () => {
    const lead = await crm.leads.capture({ ...enquiry, consent: true });
    clock.advance(3_600_000);
    events.length = 0;
    const at = '2026-03-02T10:00:00.000Z';
    const result = await crm.leads.convert(lead.id, {
      expectedVersion: 1,
      deal: { amount: { amount: 500_000, currency: 'CNY' }, expectedCloseDate: '2026-06-30' },
    });
    const { account, contact, deal } = result;
    expect(account).toMatchObject({
      name: '苏州精工机械有限公司',
      kind: 'company',
      region: '江苏',
      industry: 'manufacturing',
      lifecycle: 'opportunity',
      source: 'web_form',
    });
    expect(account.email).toBeUndefined();
    expect(contact).toMatchObject({
      accountId: account.id,
      name: '李雷',
      title: '采购经理',
      emails: ['li.lei@jinggong.example.cn'],
      phones: ['+8613800138000'],
      consent: { email: true, sms: true, phone: true, at: START, source: 'web_form' },
    });
    expect(deal).toMatchObject({
      title: '苏州精工机械有限公司 · CRM',
      accountId: account.id,
      contactId: contact?.id,
      leadId: lead.id,
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId: 'qualify',
      status: 'open',
      amount: { amount: 500_000, currency: 'CNY' },
      expectedCloseDate: '2026-06-30',
      history: [{ from: null, to: 'qualify', at, by: 'u-admin' }],
    });
    expect(result.lead).toMatchObject({
      status: 'converted',
      convertedAt: at,
      accountId: account.id,
      converted: { accountId: account.id, contactId: contact?.id, dealId: deal?.id },
      version: 2,
    });
    expect(await store.get('leads', lead.id)).toEqual(result.lead);
    expect(events.map((event) => event.type)).toEqual([
      'account.created',
      'contact.created',
      'deal.created',
      'lead.converted',
    ]);
    expect(events.at(-1)?.payload).toEqual({
      entity: result.lead,
      previous: lead,
      account,
      contact,
      deal,
      actorId: 'u-admin',
    });
  });

  it('makes a personal account from a lead without company; no contact or deal unless asked', async () => {
    const lead = await crm.leads.capture({ source: 'phone', name: '韩梅梅', phone: '13900139000' });
    const {
      account,
      contact,
      deal,
      lead: converted,
    } = await crm.leads.convert(lead.id, {
      expectedVersion: 1,
      contact: false,
    });
    expect(account).toMatchObject({
      name: '韩梅梅',
      kind: 'person',
      phone: '13900139000',
      lifecycle: 'lead',
    });
    expect(contact).toBeUndefined();
    expect(deal).toBeUndefined();
    expect(converted.converted).toEqual({ accountId: account.id });
    expect(await counts()).toEqual([1, 0, 0]);
  });

  it('lets the caller override the derived account fields', async () => {
    const lead = await crm.leads.capture(enquiry);
    const { account } = await crm.leads.convert(lead.id, {
      expectedVersion: 1,
      account: { name: '精工机械', grade: 'A', tags: ['key'] },
    });
    expect(account).toMatchObject({
      name: '精工机械',
      grade: 'A',
      tags: ['key'],
      kind: 'company',
      lifecycle: 'lead',
    });
  });

  it('links an existing account and moves it on to opportunity when a deal opens', async () => {
    const existing = await crm.accounts.create({ name: '精工机械', kind: 'company', lifecycle: 'prospect' });
    const lead = await crm.leads.capture(enquiry);
    events.length = 0;
    const { account, deal } = await crm.leads.convert(lead.id, {
      expectedVersion: 1,
      account: { existingId: existing.id },
      deal: { title: '二期', amount: { amount: 1, currency: 'CNY' }, stageId: 'needs' },
    });
    expect(account).toMatchObject({ id: existing.id, lifecycle: 'opportunity', version: 2 });
    expect(deal).toMatchObject({ title: '二期', stageId: 'needs', accountId: existing.id });
    expect(await store.count('accounts')).toBe(1);
    expect(events.map((event) => event.type)).toEqual([
      'account.updated',
      'contact.created',
      'deal.created',
      'lead.converted',
    ]);
  });

  it('does not move a customer back to opportunity', async () => {
    const existing = await crm.accounts.create({ name: '精工机械', kind: 'company', lifecycle: 'customer' });
    const lead = await crm.leads.capture(enquiry);
    const { account } = await crm.leads.convert(lead.id, {
      expectedVersion: 1,
      account: { existingId: existing.id },
      deal: { amount: { amount: 1, currency: 'CNY' } },
    });
    expect(account).toEqual(existing);
  });

  it('refuses to convert a converted or disqualified lead', async () => {
    const lead = await crm.leads.capture(enquiry);
    const { lead: converted } = await crm.leads.convert(lead.id, { expectedVersion: 1 });
    const before = await counts();
    const again = await kehuRejection(crm.leads.convert(lead.id, { expectedVersion: converted.version }));
    expect(again.code).toBe('GUARD_REJECTED');
    expect(again.details).toEqual({ id: lead.id, status: 'converted' });
    expect(await counts()).toEqual(before);
    const reopen = await kehuRejection(
      crm.leads.update(lead.id, { status: 'working' }, { expectedVersion: 2 }),
    );
    expect(reopen.code).toBe('GUARD_REJECTED');
    const disqualify = await kehuRejection(
      crm.leads.disqualify(lead.id, { reason: 'x', expectedVersion: 2 }),
    );
    expect(disqualify.code).toBe('GUARD_REJECTED');

    const other = await crm.leads.capture(enquiry);
    await crm.leads.disqualify(other.id, { reason: 'spam', expectedVersion: 1 });
    const closed = await kehuRejection(crm.leads.convert(other.id, { expectedVersion: 2 }));
    expect(closed.code).toBe('GUARD_REJECTED');
  });

  it('writes nothing when the deal part is invalid', async () => {
    const lead = await crm.leads.capture(enquiry);
    events.length = 0;
    const error = await kehuRejection(
      crm.leads.convert(lead.id, { expectedVersion: 1, deal: { amount: { amount: 9.99, currency: 'CNY' } } }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['deal.amount.amount']);
    expect(await counts()).toEqual([0, 0, 0]);
    expect(await store.get('leads', lead.id)).toEqual(lead);
    expect(events).toEqual([]);
  });

  it('rolls back the account and contact it already wrote when the deal part fails halfway', async () => {
    const lead = await crm.leads.capture(enquiry);
    events.length = 0;
    const error = await kehuRejection(
      crm.leads.convert(lead.id, {
        expectedVersion: 1,
        deal: { amount: { amount: 1, currency: 'CNY' }, pipelineId: 'retail' },
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toMatchObject({ field: 'deal.pipelineId', id: 'retail' });
    expect(await counts()).toEqual([0, 0, 0]);
    expect(await store.get('leads', lead.id)).toEqual(lead);
    expect(events).toEqual([]);
  });

  it('names the faulty field of the account option', async () => {
    const lead = await crm.leads.capture(enquiry);
    const unknown = await kehuRejection(
      crm.leads.convert(lead.id, { expectedVersion: 1, account: { existingId: 'ghost' } }),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.details).toMatchObject({ field: 'account.existingId', id: 'ghost' });
    const mixed = await kehuRejection(
      crm.leads.convert(lead.id, { expectedVersion: 1, account: { existingId: 'a', name: 'b' } as never }),
    );
    expect(mixed.fields).toEqual(['account.name']);
    const bad = await kehuRejection(
      crm.leads.convert(lead.id, { expectedVersion: 1, account: { kind: 'alien' } as never }),
    );
    expect(bad.fields).toEqual(['account.kind']);
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it('refuses a stale version and unknown options', async () => {
    const lead = await crm.leads.capture(enquiry);
    expect((await kehuRejection(crm.leads.convert(lead.id, { expectedVersion: 0 }))).code).toBe('CONFLICT');
    const unknown = await kehuRejection(
      crm.leads.convert(lead.id, { expectedVersion: 1, opportunity: true } as never),
    );
    expect(unknown.fields).toEqual(['opportunity']);
    expect(await counts()).toEqual([0, 0, 0]);
  });
});

describe('leads.convert carries the lead score to the account', () => {
  it('gives a new account the grade and score its lead earned', async () => {
    const store = createMemoryStore();
    const crm = createCrm({
      store,
      clock: createManualClock('2026-11-01T09:00:00.000Z'),
      engines: {
        scoring: {
          scoreLead: () => ({
            total: 72,
            grade: 'A',
            groups: { fit: 72 },
            reasons: [{ ruleId: 'r1', points: 72 }],
          }),
        },
      },
    });
    const lead = await crm.leads.capture({ source: 'web_form', name: '王芳', company: '华星科技有限公司' });
    const { account } = await crm.leads.convert(lead.id, { expectedVersion: lead.version });
    expect(account).toMatchObject({ grade: 'A', score: { total: 72, grade: 'A' } });
  });
});
