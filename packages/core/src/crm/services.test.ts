/**
 * The generic contract every service's create and update keeps: strict validation naming the
 * field, nothing written on failure, optimistic concurrency, references, removal guards, events.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  type CollectionName,
  type Crm,
  type CrmEvents,
  createCrm,
  createManualClock,
  createSequentialIds,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
} from '../index.ts';
import { createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const START = '2026-03-02T09:00:00.000Z';

function setup() {
  const store = createMemoryStore();
  const clock = createManualClock(START);
  const crm = createCrm({ store, clock, ids: createSequentialIds('id'), actor: () => 'u-actor' });
  const events: AnyEvent<CrmEvents>[] = [];
  crm.events.subscribeAll((event) => events.push(event));
  return { crm, store, clock, events };
}

/** Records the tests create and update go through; typed loosely so invalid input can be sent. */
interface Saved {
  id: string;
  version: number;
}
type Loose = Record<string, unknown>;

interface ServiceCase {
  name: string;
  collection: CollectionName;
  /** The first event a successful create emits. */
  created: string;
  create(crm: Crm, input: Loose): Promise<Saved>;
  update?(crm: Crm, id: string, patch: Loose, options: unknown): Promise<Saved>;
  valid: Loose;
  /** [what is wrong, input, the field the error must name] */
  invalid: [string, Loose, string][];
  patch?: Loose;
  invalidPatches?: [string, Loose, string][];
}

const money = { amount: 128_000, currency: 'CNY' };

const generic = <
  K extends
    | 'accounts'
    | 'contacts'
    | 'activities'
    | 'users'
    | 'teams'
    | 'territories'
    | 'campaigns'
    | 'pipelines',
>(
  key: K,
) => ({
  create: (crm: Crm, input: Loose) => crm[key].create(input as never),
  update: (crm: Crm, id: string, patch: Loose, options: unknown) =>
    crm[key].update(id, patch as never, options as never),
});

const cases: ServiceCase[] = [
  {
    name: 'accounts',
    collection: 'accounts',
    created: 'account.created',
    ...generic('accounts'),
    valid: { name: '杭州西湖茶业有限公司', kind: 'company' },
    invalid: [
      ['an empty name', { name: '   ', kind: 'company' }, 'name'],
      ['no name', { kind: 'company' }, 'name'],
      ['an unknown kind', { name: 'A', kind: 'alien' }, 'kind'],
      ['a malformed e-mail', { name: 'A', kind: 'person', email: 'not-mail' }, 'email'],
    ],
    patch: { grade: 'A' },
    invalidPatches: [
      ['an unknown lifecycle', { lifecycle: 'vip' }, 'lifecycle'],
      ['a cleared required name', { name: undefined }, 'name'],
      ['a new id', { id: 'other' }, 'id'],
      ['a version', { version: 9 }, 'version'],
      ['a creation time', { createdAt: START }, 'createdAt'],
    ],
  },
  {
    name: 'contacts',
    collection: 'contacts',
    created: 'contact.created',
    ...generic('contacts'),
    valid: { accountId: 'acc-1', name: '王芳', emails: ['wang.fang@example.cn'] },
    invalid: [
      ['a malformed e-mail in the list', { name: '王芳', emails: ['nope'] }, 'emails.0'],
      ['no name', { accountId: 'acc-1' }, 'name'],
      ['a birthday that is no date', { name: '王芳', birthday: '31.12.1990' }, 'birthday'],
    ],
    patch: { title: '采购经理' },
    invalidPatches: [['a too short phone', { phones: ['1'] }, 'phones.0']],
  },
  {
    name: 'activities',
    collection: 'activities',
    created: 'activity.created',
    ...generic('activities'),
    valid: { type: 'call', subject: '回访', accountId: 'acc-1' },
    invalid: [
      ['an unknown type', { type: 'fax', subject: 'x' }, 'type'],
      ['a due time without offset', { type: 'task', subject: 'x', dueAt: '2026-03-03 10:00' }, 'dueAt'],
    ],
    patch: { outcome: '客户有兴趣' },
    invalidPatches: [['a non-boolean done', { done: 'yes' }, 'done']],
  },
  {
    name: 'users',
    collection: 'users',
    created: 'user.created',
    ...generic('users'),
    valid: { name: '张伟', regions: ['浙江'] },
    invalid: [
      ['a zero capacity', { name: '张伟', capacity: 0 }, 'capacity'],
      ['an unknown role', { name: '张伟', role: 'boss' }, 'role'],
    ],
    patch: { capacity: 30 },
    invalidPatches: [
      ['a leave without a date', { leaves: [{ from: 'soon', to: '2026-04-01' }] }, 'leaves.0.from'],
    ],
  },
  {
    name: 'teams',
    collection: 'teams',
    created: 'team.created',
    ...generic('teams'),
    valid: { name: '华东大客户部' },
    invalid: [['an empty name', { name: '' }, 'name']],
    patch: { leaderId: 'u-1' },
    invalidPatches: [['a numeric name', { name: 5 }, 'name']],
  },
  {
    name: 'territories',
    collection: 'territories',
    created: 'territory.created',
    ...generic('territories'),
    valid: { name: { 'zh-CN': '华东', en: 'East China' }, regions: ['浙江', '江苏'] },
    invalid: [['a name without English', { name: { 'zh-CN': '华东' } }, 'name.en']],
    patch: { regions: ['上海'] },
    invalidPatches: [['a numeric region', { regions: [5] }, 'regions.0']],
  },
  {
    name: 'campaigns',
    collection: 'campaigns',
    created: 'campaign.created',
    ...generic('campaigns'),
    valid: { name: '2026 上海工博会', channel: 'exhibition', cost: money },
    invalid: [
      [
        'a fractional cost',
        { name: 'x', channel: 'fair', cost: { amount: 1.5, currency: 'CNY' } },
        'cost.amount',
      ],
      ['an empty channel', { name: 'x', channel: '' }, 'channel'],
    ],
    patch: { status: 'active' },
    invalidPatches: [['an unknown status', { status: 'done' }, 'status']],
  },
  {
    name: 'pipelines',
    collection: 'pipelines',
    created: 'pipeline.created',
    ...generic('pipelines'),
    valid: { ...keyAccountPipeline, id: 'second' },
    invalid: [
      ['no stages', { ...keyAccountPipeline, stages: [] }, 'stages'],
      [
        'a duplicate stage id (the cross-stage check)',
        { ...keyAccountPipeline, stages: [keyAccountPipeline.stages[0], keyAccountPipeline.stages[0]] },
        'stages.1.id',
      ],
    ],
    patch: { defaultCurrency: 'USD' },
    invalidPatches: [
      [
        'a probability over 100',
        { stages: [{ ...keyAccountPipeline.stages[0], probability: 120 }] },
        'stages.0.probability',
      ],
      [
        'a transition to an unknown stage',
        { stages: [{ ...keyAccountPipeline.stages[0], allowedTransitions: ['nowhere'] }] },
        'stages.0.allowedTransitions.0',
      ],
    ],
  },
  {
    name: 'deals',
    collection: 'deals',
    created: 'deal.created',
    create: (crm, input) => crm.deals.create(input as never),
    update: (crm, id, patch, options) => crm.deals.update(id, patch as never, options as never),
    valid: {
      title: '年度框架协议',
      accountId: 'acc-1',
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId: 'qualify',
      amount: money,
    },
    invalid: [
      [
        'a fractional amount',
        {
          title: 't',
          accountId: 'acc-1',
          pipelineId: 'key-account',
          stageId: 'qualify',
          amount: { amount: 1.5, currency: 'CNY' },
        },
        'amount.amount',
      ],
      [
        'a lower-case currency',
        {
          title: 't',
          accountId: 'acc-1',
          pipelineId: 'key-account',
          stageId: 'qualify',
          amount: { amount: 1, currency: 'rmb' },
        },
        'amount.currency',
      ],
      [
        'no account',
        { title: 't', pipelineId: 'key-account', stageId: 'qualify', amount: money },
        'accountId',
      ],
      [
        'a position that is no fractional key',
        {
          title: 't',
          accountId: 'acc-1',
          pipelineId: 'key-account',
          stageId: 'qualify',
          amount: money,
          position: '!!',
        },
        'position',
      ],
      [
        'a status (derived from the stage)',
        {
          title: 't',
          accountId: 'acc-1',
          pipelineId: 'key-account',
          stageId: 'qualify',
          amount: money,
          status: 'won',
        },
        'status',
      ],
    ],
    patch: { expectedCloseDate: '2026-06-30', probability: 40 },
    invalidPatches: [
      ['a text amount', { amount: { amount: 'lots', currency: 'CNY' } }, 'amount.amount'],
      ['a stage (moves are deals.move)', { stageId: 'won' }, 'stageId'],
      ['a position', { position: 'a5' }, 'position'],
      ['a status', { status: 'won' }, 'status'],
      ['a history', { history: [] }, 'history'],
      ['a probability over 100', { probability: 101 }, 'probability'],
    ],
  },
  {
    name: 'leads',
    collection: 'leads',
    created: 'lead.captured',
    create: (crm, input) => crm.leads.capture(input as never),
    update: (crm, id, patch, options) => crm.leads.update(id, patch as never, options as never),
    valid: { source: 'web_form', name: '李雷', company: '苏州精工', email: 'li.lei@example.cn' },
    invalid: [
      ['an unknown source', { source: 'fax', name: '李雷' }, 'source'],
      ['a malformed e-mail', { source: 'web_form', name: '李雷', email: 'li.lei' }, 'email'],
      ['no name', { source: 'web_form' }, 'name'],
      ['a non-boolean consent', { source: 'web_form', name: '李雷', consent: 'yes' }, 'consent'],
    ],
    patch: { status: 'working', phone: '13800138000' },
    invalidPatches: [
      ['status converted (convert does that)', { status: 'converted' }, 'status'],
      ['status disqualified (disqualify does that)', { status: 'disqualified' }, 'status'],
      ['a conversion record', { converted: { accountId: 'acc-1' } }, 'converted'],
      ['a malformed e-mail', { email: 'li.lei' }, 'email'],
    ],
  },
  {
    name: 'orders',
    collection: 'orders',
    created: 'order.recorded',
    create: (crm, input) => crm.orders.record(input as never),
    valid: {
      accountId: 'acc-1',
      amount: money,
      items: [{ sku: 'TEA-01', name: '龙井', quantity: 2, unitPrice: money }],
    },
    invalid: [
      ['no amount', { accountId: 'acc-1' }, 'amount'],
      ['neither account nor member (the order-level check)', { amount: money }, 'accountId'],
      [
        'an item without sku',
        { accountId: 'acc-1', amount: money, items: [{ sku: '', name: 'x', quantity: 1, unitPrice: money }] },
        'items.0.sku',
      ],
      ['an unknown channel', { accountId: 'acc-1', amount: money, channel: 'fax' }, 'channel'],
    ],
  },
];

/** Records every case may point at. */
async function seed(crm: Crm): Promise<void> {
  await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
  await crm.accounts.create({ id: 'acc-1', name: '杭州西湖茶业有限公司', kind: 'company' });
}

describe.each(cases)('$name', (c) => {
  let crm: Crm;
  let store: MemoryStore;
  let events: AnyEvent<CrmEvents>[];
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    ({ crm, store, events, clock } = setup());
    await seed(crm);
    events.length = 0;
  });

  it('creates a valid record with an id, version 1 and timestamps from the clock', async () => {
    const saved = await c.create(crm, c.valid);
    expect(saved).toMatchObject({ id: expect.any(String), version: 1, createdAt: START, updatedAt: START });
    expect(await store.get(c.collection, saved.id)).toEqual(saved);
    expect(events.map((event) => event.type)).toContain(c.created);
  });

  it('keeps an id the caller chose', async () => {
    const saved = await c.create(crm, { ...c.valid, id: 'chosen-1' });
    expect(saved.id).toBe('chosen-1');
  });

  it('refuses a second create with the same id as a CONFLICT', async () => {
    await c.create(crm, { ...c.valid, id: 'twice' });
    const before = await store.count(c.collection);
    events.length = 0;
    const error = await kehuRejection(c.create(crm, { ...c.valid, id: 'twice' }));
    expect(error.code).toBe('CONFLICT');
    expect(await store.count(c.collection)).toBe(before);
    expect(events).toEqual([]);
  });

  it.each(c.invalid)(
    'refuses %s with VALIDATION naming the field, writing nothing',
    async (_label, input, field) => {
      const before = await store.count(c.collection);
      const error = await kehuRejection(c.create(crm, input));
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toContain(field);
      expect(await store.count(c.collection)).toBe(before);
      expect(events).toEqual([]);
    },
  );

  it('refuses an unknown field with VALIDATION naming it', async () => {
    const before = await store.count(c.collection);
    const error = await kehuRejection(c.create(crm, { ...c.valid, colour: 'red' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['colour']);
    expect(await store.count(c.collection)).toBe(before);
  });

  it('refuses a non-object input with VALIDATION', async () => {
    const error = await kehuRejection(c.create(crm, null as never));
    expect(error.code).toBe('VALIDATION');
  });

  if (!c.update) return;
  const update = c.update;
  const patch = c.patch ?? {};

  it('updates at the expected version, bumping version and updatedAt', async () => {
    const saved = await c.create(crm, c.valid);
    clock.advance(60_000);
    events.length = 0;
    const updated = await update(crm, saved.id, patch, { expectedVersion: saved.version });
    expect(updated).toMatchObject({ ...patch, id: saved.id, version: 2, createdAt: START });
    expect((updated as unknown as { updatedAt: string }).updatedAt).toBe('2026-03-02T09:01:00.000Z');
    expect(await store.get(c.collection, saved.id)).toEqual(updated);
    const [event] = events;
    expect(event?.type).toMatch(/\.updated$/);
    expect(event?.payload).toMatchObject({ entity: updated, previous: saved, actorId: 'u-actor' });
  });

  it('keeps fields the patch does not mention, including ones with defaults', async () => {
    const saved = await c.create(crm, { ...c.valid });
    const updated = await update(crm, saved.id, patch, { expectedVersion: saved.version });
    const { version: _v, updatedAt: _u, ...rest } = saved as unknown as Loose;
    const { version: _v2, updatedAt: _u2, ...after } = updated as unknown as Loose;
    expect(after).toEqual({ ...rest, ...patch });
  });

  it.each(c.invalidPatches ?? [])(
    'refuses a patch with %s, leaving the record unchanged',
    async (_label, bad, field) => {
      const saved = await c.create(crm, c.valid);
      events.length = 0;
      const error = await kehuRejection(update(crm, saved.id, bad, { expectedVersion: saved.version }));
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toContain(field);
      expect(await store.get(c.collection, saved.id)).toEqual(saved);
      expect(events).toEqual([]);
    },
  );

  it('refuses an unknown field in a patch', async () => {
    const saved = await c.create(crm, c.valid);
    const error = await kehuRejection(
      update(crm, saved.id, { ...patch, colour: 'red' }, { expectedVersion: 1 }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['colour']);
    expect(await store.get(c.collection, saved.id)).toEqual(saved);
  });

  it('refuses a stale expectedVersion with CONFLICT, writing nothing', async () => {
    const saved = await c.create(crm, c.valid);
    await update(crm, saved.id, patch, { expectedVersion: saved.version });
    const current = await store.get(c.collection, saved.id);
    events.length = 0;
    const error = await kehuRejection(update(crm, saved.id, patch, { expectedVersion: saved.version }));
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(await store.get(c.collection, saved.id)).toEqual(current);
    expect(events).toEqual([]);
  });

  it('requires expectedVersion', async () => {
    const saved = await c.create(crm, c.valid);
    const error = await kehuRejection(update(crm, saved.id, patch, {}));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual(['expectedVersion']);
  });

  it('reports a missing record as NOT_FOUND', async () => {
    const error = await kehuRejection(update(crm, 'nobody', patch, { expectedVersion: 1 }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toEqual({ collection: c.collection, id: 'nobody' });
  });
});

describe('reading and removing (generic)', () => {
  it('get, require and list go through the store', async () => {
    const { crm } = setup();
    const a = await crm.accounts.create({ name: 'A', kind: 'company', region: '浙江' });
    await crm.accounts.create({ name: 'B', kind: 'person', region: '江苏' });
    expect(await crm.accounts.get(a.id)).toEqual(a);
    expect(await crm.accounts.get('missing')).toBeUndefined();
    expect(await crm.accounts.require(a.id)).toEqual(a);
    const error = await kehuRejection(crm.accounts.require('missing'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toEqual({ collection: 'accounts', id: 'missing' });
    const page = await crm.accounts.list({ where: { region: '浙江' } });
    expect(page.items.map((account) => account.name)).toEqual(['A']);
    expect((await kehuRejection(crm.accounts.list({ where: { colour: 'red' } } as never))).code).toBe(
      'VALIDATION',
    );
  });

  it('removes at the expected version and announces it', async () => {
    const { crm, store, events } = setup();
    const team = await crm.teams.create({ name: '华南' });
    const stale = await kehuRejection(crm.teams.remove(team.id, { expectedVersion: 5 }));
    expect(stale.code).toBe('CONFLICT');
    expect(await store.get('teams', team.id)).toEqual(team);
    events.length = 0;
    expect(await crm.teams.remove(team.id, { expectedVersion: 1 })).toEqual(team);
    expect(await store.get('teams', team.id)).toBeUndefined();
    expect(events).toEqual([{ type: 'team.removed', payload: { entity: team, actorId: 'u-actor' } }]);
    expect((await kehuRejection(crm.teams.remove(team.id, { expectedVersion: 1 }))).code).toBe('NOT_FOUND');
  });

  it('refuses to remove an account that contacts still point at', async () => {
    const { crm, store } = setup();
    const account = await crm.accounts.create({ name: 'A', kind: 'company' });
    const contact = await crm.contacts.create({ accountId: account.id, name: '王芳' });
    const error = await kehuRejection(crm.accounts.remove(account.id, { expectedVersion: 1 }));
    expect(error.code).toBe('GUARD_REJECTED');
    expect(error.details).toMatchObject({ dependent: 'contacts', field: 'accountId', count: 1 });
    expect(await store.get('accounts', account.id)).toEqual(account);
    await crm.contacts.remove(contact.id, { expectedVersion: 1 });
    await crm.accounts.remove(account.id, { expectedVersion: 1 });
    expect(await store.count('accounts')).toBe(0);
  });

  it('refuses to drop a pipeline stage that still holds deals, or the pipeline itself', async () => {
    const { crm, store } = setup();
    await seed(crm);
    await crm.deals.create({
      title: 't',
      accountId: 'acc-1',
      pipelineId: 'key-account',
      stageId: 'needs',
      amount: money,
    });
    const pipeline = await crm.pipelines.require('key-account');
    const withoutNeeds = pipeline.stages.filter((stage) => stage.id !== 'needs');
    const error = await kehuRejection(
      crm.pipelines.update('key-account', { stages: withoutNeeds }, { expectedVersion: 1 }),
    );
    expect(error.code).toBe('GUARD_REJECTED');
    expect(error.details).toMatchObject({ stageId: 'needs', count: 1 });
    expect(await store.get('pipelines', 'key-account')).toEqual(pipeline);
    const withoutLost = pipeline.stages.filter((stage) => stage.id !== 'lost');
    expect(
      (await crm.pipelines.update('key-account', { stages: withoutLost }, { expectedVersion: 1 })).stages,
    ).toHaveLength(6);
    expect((await kehuRejection(crm.pipelines.remove('key-account', { expectedVersion: 2 }))).code).toBe(
      'GUARD_REJECTED',
    );
  });

  it('validates ids and options of every call', async () => {
    const { crm } = setup();
    expect((await kehuRejection(crm.accounts.get('' as string))).code).toBe('VALIDATION');
    expect((await kehuRejection(crm.accounts.update(5 as never, {}, { expectedVersion: 1 }))).fields).toEqual(
      ['id'],
    );
    const error = await kehuRejection(crm.accounts.remove('x', { expectedVersion: -1 }));
    expect(error.fields).toEqual(['expectedVersion']);
  });
});

describe('references', () => {
  const cases: [string, (crm: Crm) => Promise<unknown>, string][] = [
    ['a contact’s account', (crm) => crm.contacts.create({ accountId: 'ghost', name: 'x' }), 'accountId'],
    [
      'a deal’s account',
      (crm) =>
        crm.deals.create({
          title: 't',
          accountId: 'ghost',
          pipelineId: 'key-account',
          stageId: 'qualify',
          amount: money,
        }),
      'accountId',
    ],
    [
      'a deal’s contact',
      (crm) =>
        crm.deals.create({
          title: 't',
          accountId: 'acc-1',
          contactId: 'ghost',
          pipelineId: 'key-account',
          stageId: 'qualify',
          amount: money,
        }),
      'contactId',
    ],
    [
      'a deal’s pipeline',
      (crm) =>
        crm.deals.create({
          title: 't',
          accountId: 'acc-1',
          pipelineId: 'ghost',
          stageId: 'qualify',
          amount: money,
        }),
      'pipelineId',
    ],
    [
      'a deal’s stage within its pipeline',
      (crm) =>
        crm.deals.create({
          title: 't',
          accountId: 'acc-1',
          pipelineId: 'key-account',
          stageId: 'ghost',
          amount: money,
        }),
      'stageId',
    ],
    [
      'an activity’s account',
      (crm) => crm.activities.create({ type: 'call', subject: 's', accountId: 'ghost' }),
      'accountId',
    ],
    [
      'an activity’s contact',
      (crm) => crm.activities.create({ type: 'call', subject: 's', contactId: 'ghost' }),
      'contactId',
    ],
    [
      'an activity’s deal',
      (crm) => crm.activities.create({ type: 'call', subject: 's', dealId: 'ghost' }),
      'dealId',
    ],
    [
      'an activity’s lead',
      (crm) => crm.activities.create({ type: 'call', subject: 's', leadId: 'ghost' }),
      'leadId',
    ],
    ['an order’s account', (crm) => crm.orders.record({ accountId: 'ghost', amount: money }), 'accountId'],
    ['an order’s member', (crm) => crm.orders.record({ memberId: 'ghost', amount: money }), 'memberId'],
  ];

  it.each(cases)(
    'refuses a missing record as %s with NOT_FOUND naming the field',
    async (_label, act, field) => {
      const { crm, store, events } = setup();
      await seed(crm);
      events.length = 0;
      const counts = await Promise.all(
        (['contacts', 'deals', 'activities', 'orders'] as const).map((c) => store.count(c)),
      );
      const error = await kehuRejection(act(crm));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.details).toMatchObject({ field, id: 'ghost' });
      expect(error.fields).toEqual([field]);
      expect(
        await Promise.all(
          (['contacts', 'deals', 'activities', 'orders'] as const).map((c) => store.count(c)),
        ),
      ).toEqual(counts);
      expect(events).toEqual([]);
    },
  );

  it('checks a reference an update changes, and only that one', async () => {
    const { crm, store } = setup();
    await seed(crm);
    const contact = await crm.contacts.create({ accountId: 'acc-1', name: '王芳' });
    const moved = await kehuRejection(
      crm.contacts.update(contact.id, { accountId: 'ghost' }, { expectedVersion: 1 }),
    );
    expect(moved.code).toBe('NOT_FOUND');
    expect(moved.details).toMatchObject({ field: 'accountId', id: 'ghost' });
    expect(await store.get('contacts', contact.id)).toEqual(contact);
    // A link that went stale behind the facade's back does not block unrelated edits.
    await store.delete('accounts', 'acc-1');
    const edited = await crm.contacts.update(contact.id, { title: '经理' }, { expectedVersion: 1 });
    expect(edited.title).toBe('经理');
  });
});

describe('events', () => {
  it('are emitted after the commit: a listener already reads the committed record', async () => {
    const { crm, store } = setup();
    const seen: Promise<unknown>[] = [];
    crm.events.subscribe('account.created', ({ entity }) => {
      seen.push(store.get('accounts', entity.id));
    });
    const account = await crm.accounts.create({ name: 'A', kind: 'company' });
    expect(seen).toHaveLength(1);
    expect(await seen[0]).toEqual(account);
  });

  it('carry the actor, which is undefined without one', async () => {
    const store = createMemoryStore();
    const crm = createCrm({ store, clock: createManualClock(START), ids: createSequentialIds() });
    const payloads: unknown[] = [];
    crm.events.subscribe('user.created', (payload) => payloads.push(payload));
    const user = await crm.users.create({ name: '张伟' });
    expect(payloads).toEqual([{ entity: user, actorId: undefined }]);
  });

  it('a throwing listener neither undoes the write nor stops other listeners', async () => {
    const store = createMemoryStore();
    const errors: unknown[] = [];
    const crm = createCrm({ store, onListenerError: (error) => errors.push(error) });
    const calls: string[] = [];
    crm.events.subscribe('team.created', () => {
      throw new Error('listener bug');
    });
    crm.events.subscribe('team.created', () => calls.push('second'));
    const team = await crm.teams.create({ name: 'T' });
    expect(await store.get('teams', team.id)).toEqual(team);
    expect(calls).toEqual(['second']);
    expect(errors).toHaveLength(1);
  });
});

describe('createCrm', () => {
  it('exposes the injected store, clock and ids, and cannot be reassigned', () => {
    const store = createMemoryStore();
    const clock = createManualClock(START);
    const ids = createSequentialIds('x');
    const crm = createCrm({ store, clock, ids });
    expect(crm.store).toBe(store);
    expect(crm.clock).toBe(clock);
    expect(crm.ids).toBe(ids);
    expect(Object.isFrozen(crm)).toBe(true);
  });

  it('generates time-sortable ids by default', async () => {
    const crm = createCrm({ store: createMemoryStore(), clock: createManualClock(START) });
    const first = await crm.teams.create({ name: 'A' });
    expect(first.id).toMatch(/^[0-9a-z]{25}$/);
  });

  it('needs a store', () => {
    expect(() => createCrm({} as never)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
