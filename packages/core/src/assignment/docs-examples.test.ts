/** Every example of docs/rules/assignment.md, run as written there. */
import { describe, expect, it } from 'vitest';
import {
  type AssignmentDefinitionInput,
  assignManually,
  assignmentEngine,
  createAssignmentPlanner,
  createCrm,
  createManualClock,
  createSeededRandom,
  defineAssignment,
  describeAssignment,
  isKehuError,
  retryOnConflict,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

// ── Example 1: routing rules and a strategy per team ──────────────────────────────────────────
const routing: AssignmentDefinitionInput = {
  locale: 'en',
  rules: [
    {
      id: 'vip',
      name: { 'zh-CN': '大客户', en: 'Key accounts' },
      priority: 1,
      when: { field: 'score.grade', op: 'eq', value: 'A' },
      to: { userId: 'u-li' },
    },
    {
      id: 'east-mfg',
      name: '华东制造业',
      priority: 2,
      when: {
        all: [
          { field: 'region', op: 'in', value: ['江苏', '浙江', '上海'] },
          { field: 'industry', op: 'eq', value: 'manufacturing' },
        ],
      },
      to: { teamId: 'east' },
      strategy: { kind: 'least-loaded' },
    },
    {
      id: 'exhibitions',
      name: '展会线索',
      priority: 3,
      when: { field: 'source', op: 'eq', value: 'exhibition' },
      to: { teamId: 'east' },
      strategy: { kind: 'weighted', weights: { 'u-li': 1, 'u-wang': 3 } },
    },
  ],
  fallback: { teamId: 'hub', strategy: { kind: 'round-robin' } },
  limits: { leadsPerDay: 30 },
};

async function example1() {
  const store = createMemoryStore();
  const crm = createCrm({
    store,
    clock: createManualClock('2026-11-23T02:00:00Z'),
    random: createSeededRandom(7),
    engines: { assignment: assignmentEngine(routing) },
  });
  await crm.teams.create({ id: 'east', name: 'East' });
  await crm.teams.create({ id: 'hub', name: 'Hub' });
  await crm.users.create({ id: 'u-li', name: '李伟', teamId: 'east', capacity: 20 });
  await crm.users.create({ id: 'u-wang', name: '王芳', teamId: 'east', capacity: 20 });
  await crm.users.create({ id: 'u-zhao', name: '赵敏', teamId: 'hub' });

  const lead = await crm.leads.capture({
    source: 'web_form',
    name: '李雷',
    company: '苏州精工机械有限公司',
    region: '江苏',
    industry: 'manufacturing',
  });
  return { crm, store, lead };
}

// ── Example 2: the reasons, in either language ────────────────────────────────────────────────
function example2() {
  const stamp = { version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
  const planner = createAssignmentPlanner(routing, {
    users: [{ ...stamp, id: 'u-zhao', name: '赵敏', teamId: 'hub' }],
    teams: [{ ...stamp, id: 'hub', name: 'Hub' }],
    now: Date.parse('2026-11-23T02:00:00Z'),
    random: createSeededRandom(1),
  });
  const decision = planner.assign({ source: 'phone', name: 'Ann', region: '广东' });
  return {
    decision,
    en: describeAssignment(decision.explanation, 'en'),
    zh: describeAssignment(decision.explanation, 'zh-CN'),
  };
}

// ── Example 3: a malformed definition is refused with the path ───────────────────────────────
function example3() {
  try {
    defineAssignment({
      rules: [
        {
          id: 'r1',
          name: 'Typo',
          priority: 1,
          when: { any: [{ field: 'regoin', op: 'eq', value: '江苏' }] },
          to: { teamId: 'east' },
        },
      ],
    });
  } catch (error) {
    if (isKehuError(error, 'VALIDATION')) return error.issues.map((issue) => issue.path.join('.'));
  }
  return [];
}

describe('docs/rules/assignment.md', () => {
  it('example 1: capture routes, picks the least-loaded rep and stores why', async () => {
    const { store, lead } = await example1();
    expect(lead.ownerId).toBe('u-li');
    expect(lead.teamId).toBe('east');
    expect(lead.assignmentReason).toBe(
      'rule 华东制造业 → team East; least-loaded: 李伟 has 0 open of 20 (drawn at random among 2)',
    );
    expect(await store.count('assignmentStates')).toBe(1);
  });

  it('example 2: the same decision described in English and Chinese', () => {
    const { decision, en, zh } = example2();
    expect(decision.ownerId).toBe('u-zhao');
    expect(en).toBe('no rule matched → fallback team Hub; round robin: 赵敏 is next');
    expect(zh).toBe('未匹配任何规则 → 兜底团队「Hub」；轮询：轮到 赵敏');
  });

  it('example 3: validation names the exact path', () => {
    expect(example3()).toEqual(['rules.0.when.any.0.field']);
  });

  it('example 4: a supervisor picks a rep for a queued lead', async () => {
    const { crm } = await example1();
    const queued = await crm.leads.capture({ source: 'phone', name: '张三', region: '广东' });
    // Hub's round robin took it; a supervisor moves it to 王芳 instead.
    const moved = await assignManually(
      crm,
      queued.id,
      { userId: 'u-wang', expectedVersion: queued.version, reason: '客户点名' },
      routing,
    );
    expect(moved.ownerId).toBe('u-wang');
    expect(moved.assignmentReason).toBe('manual: a supervisor picked 王芳: 客户点名');
  });

  it('example 5: handing over a departing rep’s book', async () => {
    const { crm, lead } = await example1();
    // 李伟 has left: his open work goes to 王芳; won and lost deals stay credited to him.
    await crm.users.update('u-li', { status: 'departed' }, { expectedVersion: 1 });
    const handover = await crm.users.reassign('u-li', {
      to: 'u-wang',
      filter: { status: ['open'] },
      reason: '离职交接',
    });
    // 王芳 moves to another team: her book is spread over Hub by least-loaded.
    const spread = await crm.users.reassign('u-wang', {
      strategy: { kind: 'least-loaded' },
      teamId: 'hub',
      reason: '调岗',
    });
    expect(handover.moves).toEqual([{ collection: 'leads', id: lead.id, from: 'u-li', to: 'u-wang' }]);
    expect(spread.moves).toEqual([
      {
        collection: 'leads',
        id: lead.id,
        from: 'u-wang',
        to: 'u-zhao',
        detail: 'least-loaded: 赵敏 has 0 open',
      },
    ]);
  });

  it('example 6: retrying a capture that lost a race on an optimistic store', async () => {
    const { crm } = await example1();
    const lead = await retryOnConflict(() =>
      crm.leads.capture({ source: 'phone', name: '王五', region: '浙江', industry: 'manufacturing' }),
    );
    expect(lead.ownerId).toBeDefined();
  });
});
