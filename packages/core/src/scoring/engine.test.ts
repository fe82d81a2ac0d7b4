// A compiled scorer plugged into createCrm: every captured lead carries its score snapshot.
import { describe, expect, it } from 'vitest';
import {
  compileScoring,
  createCrm,
  createManualClock,
  defineScoring,
  scoreLeadEngine,
  scoringEngine,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const definition = defineScoring({
  rules: [
    {
      id: 'east-mfg',
      label: { 'zh-CN': '华东制造业', en: 'Manufacturing in East China' },
      group: 'fit',
      points: 40,
      when: {
        all: [
          { field: 'industry', op: 'eq', value: 'manufacturing' },
          { field: 'region', op: 'in', value: ['上海市', '江苏省', '浙江省'] },
        ],
      },
    },
    {
      id: 'decision-maker',
      label: { 'zh-CN': '决策人', en: 'Decision maker' },
      group: 'fit',
      points: 25,
      when: { field: 'title', op: 'in', value: ['总经理', '采购总监'] },
    },
    {
      id: 'free-mail',
      group: 'fit',
      points: -10,
      when: { field: 'email', op: 'contains', value: '@qq.com' },
    },
  ],
  groups: { fit: { max: 60 } },
  grades: { A: 60, B: 40, C: 20 },
});

describe('scoringEngine', () => {
  it('stores the score snapshot on a captured lead, labels in the chosen language', async () => {
    const clock = createManualClock('2026-11-02T01:00:00.000Z');
    const crm = createCrm({
      store: createMemoryStore(),
      clock,
      engines: { scoring: scoringEngine(compileScoring(definition)) },
    });
    const lead = await crm.leads.capture({
      source: 'exhibition',
      name: '王芳',
      company: '苏州精工机械有限公司',
      title: '采购总监',
      region: '江苏省',
      industry: 'manufacturing',
      email: 'wangfang@qq.com',
    });
    expect(lead.score).toEqual({
      total: 55,
      grade: 'B',
      groups: { fit: 55 },
      reasons: [
        { ruleId: 'east-mfg', label: '华东制造业', group: 'fit', points: 40 },
        { ruleId: 'decision-maker', label: '决策人', group: 'fit', points: 25 },
        { ruleId: 'free-mail', group: 'fit', points: -10 },
      ],
      at: '2026-11-02T01:00:00.000Z',
    });
  });

  it('records a cap trim, and English labels on request', () => {
    const engine = scoreLeadEngine(compileScoring(definition), { locale: 'en' });
    const score = engine.scoreLead(
      {
        id: 'lead-1',
        createdAt: '2026-11-02T01:00:00.000Z',
        updatedAt: '2026-11-02T01:00:00.000Z',
        source: 'referral',
        status: 'new',
        name: 'Li Lei',
        title: '总经理',
        region: '上海市',
        industry: 'manufacturing',
        duplicates: [],
      },
      { now: Date.parse('2026-11-02T01:00:00.000Z'), actorId: undefined, random: () => 0.5 },
    );
    expect(score.total).toBe(60);
    expect(score.reasons?.map((reason) => [reason.label ?? reason.ruleId, reason.points])).toEqual([
      ['Manufacturing in East China', 40],
      ['Decision maker', 25],
      ['cap:fit', -5],
    ]);
  });
});
