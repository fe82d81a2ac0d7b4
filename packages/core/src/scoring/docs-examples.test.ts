// Every code example of docs/rules/scoring.md, run. The last test checks that each example in the
// document appears here verbatim (imports aside), so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { docExamplesMissingFrom } from '../../../../scripts/doc-examples.ts';
import {
  compileScoring,
  compileScoringCodegen,
  createCrm,
  createManualClock,
  type DealLike,
  defineScoring,
  explainWinProbability,
  isKehuError,
  keyAccountPipeline,
  predictWinProbability,
  scoringEngine,
  trainWinProbability,
  updateWinProbability,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

describe('docs/rules/scoring.md', () => {
  it('华东制造业: fit, engagement with decay, caps and grades', () => {
    const scoring = defineScoring({
      rules: [
        {
          id: 'east-china-manufacturing',
          label: { 'zh-CN': '华东制造业', en: 'Manufacturing in East China' },
          group: 'fit',
          points: 30,
          when: {
            all: [
              { field: 'industry', op: 'eq', value: 'manufacturing' },
              { field: 'region', op: 'in', value: ['上海市', '江苏省', '浙江省', '安徽省', '山东省'] },
            ],
          },
        },
        {
          id: 'decision-maker',
          label: { 'zh-CN': '关键决策人', en: 'Decision maker' },
          group: 'fit',
          points: 20,
          when: { field: 'title', op: 'in', value: ['总经理', '采购总监', '设备部经理'] },
        },
        {
          id: 'free-mailbox',
          label: { 'zh-CN': '个人邮箱', en: 'Free mailbox' },
          group: 'fit',
          points: -10,
          when: {
            any: [
              { field: 'email', op: 'contains', value: '@qq.com' },
              { field: 'email', op: 'contains', value: '@163.com' },
            ],
          },
        },
        {
          id: 'recent-visits',
          label: { 'zh-CN': '30天内拜访或会议≥2次', en: '2+ visits or meetings in 30 days' },
          group: 'engagement',
          points: 40,
          when: { activity: { type: ['visit', 'meeting'], minCount: 2, withinDays: 30 } },
          decay: { halfLifeDays: 14 },
        },
      ],
      groups: { fit: { max: 45 }, engagement: { max: 40 } },
      grades: { A: 70, B: 45, C: 20 },
    });

    const scorer = compileScoring(scoring);
    const result = scorer.score(
      { industry: 'manufacturing', region: '江苏省', title: '采购总监', email: 'wang.fang@qq.com' },
      {
        now: Date.parse('2026-11-01T00:00:00.000Z'),
        activities: [
          { type: 'visit', createdAt: '2026-10-25T00:00:00.000Z' },
          { type: 'meeting', createdAt: '2026-10-11T06:00:00.000Z' },
        ],
      },
    );
    // result.total === 68.28, result.grade === 'B'
    // result.groups → { fit: 40, engagement: 28.28 }
    // result.reasons → east-china-manufacturing 30, decision-maker 20, free-mailbox -10, recent-visits 28.28

    expect(result.total).toBe(68.28);
    expect(result.grade).toBe('B');
    expect(result.groups).toEqual({ fit: 40, engagement: 28.28 });
    expect(result.reasons.map((reason) => [reason.ruleId, reason.points])).toEqual([
      ['east-china-manufacturing', 30],
      ['decision-maker', 20],
      ['free-mailbox', -10],
      ['recent-visits', 28.28],
    ]);
  });

  it('trade-show leads in an English context, scored in bulk', () => {
    const tradeShow = defineScoring({
      rules: [
        {
          id: 'water-expo',
          label: 'Met at the September water expo',
          group: 'fit',
          points: 15,
          when: {
            all: [
              { field: 'source', op: 'eq', value: 'exhibition' },
              { field: 'createdAt', op: 'between', value: ['2026-09-01', '2026-09-30T23:59:59Z'] },
            ],
          },
        },
        {
          id: 'work-email',
          label: 'Work e-mail address',
          group: 'fit',
          points: 10,
          when: {
            all: [
              { field: 'email', op: 'exists' },
              { not: { field: 'email', op: 'contains', value: '@gmail.com' } },
            ],
          },
        },
        {
          id: 'hospitality',
          label: 'Hotels and restaurants',
          group: 'fit',
          points: 12,
          when: { field: 'industry', op: 'in', value: ['hospitality', 'food'] },
        },
        {
          id: 'called-this-week',
          label: 'Called this week',
          group: 'engagement',
          points: 5,
          when: { activity: { type: 'call', minCount: 1, withinDays: 7 } },
        },
      ],
      grades: { A: 35, B: 20, C: 10 },
    });

    const leads = [
      {
        source: 'exhibition',
        createdAt: '2026-09-12T03:00:00.000Z',
        email: 'emma@harbourhotels.co.uk',
        industry: 'hospitality',
      },
      {
        source: 'web_form',
        createdAt: '2026-10-02T09:30:00.000Z',
        email: 'sam.lee@gmail.com',
        industry: 'it',
      },
    ];
    const scores = compileScoring(tradeShow).scoreMany(leads, { now: Date.parse('2026-11-01T00:00:00Z') });
    // scores.map((s) => [s.total, s.grade]) → [[37, 'A'], [0, 'D']]

    expect(scores.map((s) => [s.total, s.grade])).toEqual([
      [37, 'A'],
      [0, 'D'],
    ]);
  });

  it('a mistake is a VALIDATION error naming its path', () => {
    let path: (string | number)[] = [];
    try {
      defineScoring({
        rules: [
          {
            id: 'beijing-it',
            group: 'fit',
            points: 5,
            when: {
              all: [
                { field: 'industry', op: 'eq', value: 'it' },
                { field: 'regoin', op: 'eq', value: '北京市' },
              ],
            },
          },
        ],
      });
    } catch (error) {
      if (isKehuError(error, 'VALIDATION')) path = error.issues[0]!.path;
    }
    // path → ['rules', 0, 'when', 'all', 1, 'field']  (message: Unknown field "regoin" on leads)

    expect(path).toEqual(['rules', 0, 'when', 'all', 1, 'field']);
  });

  it('scoring deals instead of leads', () => {
    const dealScoring = defineScoring(
      {
        rules: [
          {
            id: 'big-ticket',
            group: 'fit',
            points: 25,
            when: { field: 'amount.amount', op: 'gte', value: 100_000_000 },
          },
          {
            id: 'tender',
            group: 'fit',
            points: -5,
            when: { field: 'tags', op: 'contains', value: '招投标' },
          },
        ],
      },
      { entity: 'deals' },
    );
    const total = compileScoring(dealScoring).score({
      amount: { amount: 250_000_000, currency: 'CNY' },
      tags: ['招投标'],
    }).total;
    // total === 20

    expect(total).toBe(20);
  });

  it('createCrm stores the snapshot on every captured lead', async () => {
    const scoring = defineScoring({
      rules: [
        {
          id: 'east-china-manufacturing',
          label: { 'zh-CN': '华东制造业', en: 'Manufacturing in East China' },
          group: 'fit',
          points: 30,
          when: {
            all: [
              { field: 'industry', op: 'eq', value: 'manufacturing' },
              { field: 'region', op: 'in', value: ['上海市', '江苏省', '浙江省'] },
            ],
          },
        },
      ],
      grades: { A: 60, B: 30, C: 10 },
    });
    const crm = createCrm({
      store: createMemoryStore(),
      clock: createManualClock('2026-11-02T01:00:00.000Z'),
      engines: { scoring: scoringEngine(compileScoring(scoring), { locale: 'zh-CN' }) },
    });
    const lead = await crm.leads.capture({
      source: 'exhibition',
      name: '陈静',
      company: '无锡恒通机械有限公司',
      region: '江苏省',
      industry: 'manufacturing',
    });
    // lead.score → { total: 30, grade: 'B', groups: { fit: 30 },
    //   reasons: [{ ruleId: 'east-china-manufacturing', label: '华东制造业', group: 'fit', points: 30 }],
    //   at: '2026-11-02T01:00:00.000Z' }

    expect(lead.score).toEqual({
      total: 30,
      grade: 'B',
      groups: { fit: 30 },
      reasons: [{ ruleId: 'east-china-manufacturing', label: '华东制造业', group: 'fit', points: 30 }],
      at: '2026-11-02T01:00:00.000Z',
    });
  });

  it('the code-generating compiler, on a server', () => {
    const definition = defineScoring({
      rules: [
        {
          id: 'mfg',
          group: 'fit',
          points: 10,
          when: { field: 'industry', op: 'eq', value: 'manufacturing' },
        },
      ],
    });
    const leads = [{ industry: 'manufacturing' }, { industry: 'retail' }];
    // Node.js or a worker without a Content-Security-Policy: needs `unsafe-eval` in a browser.
    const serverScorer = compileScoringCodegen(definition);
    const totals = serverScorer.scoreMany(leads).map((result) => result.total);
    // totals → [10, 0], exactly what compileScoring(definition) gives

    expect(totals).toEqual([10, 0]);
    expect(compileScoring(definition).scoreMany(leads)).toEqual(serverScorer.scoreMany(leads));
  });

  it('win probability: train, predict, explain, update', () => {
    const closed = (status: 'won' | 'lost', from: string, territoryId: string): DealLike => ({
      status,
      stageId: status,
      territoryId,
      history: [{ from, to: status, at: '2026-10-01T00:00:00.000Z' }],
    });
    const history = [
      ...Array.from({ length: 30 }, (_, i) => closed('won', 'contract', i < 20 ? 'ter-east' : 'ter-south')),
      ...Array.from({ length: 40 }, (_, i) =>
        closed('lost', i < 25 ? 'qualify' : 'proposal', i < 10 ? 'ter-east' : 'ter-south'),
      ),
    ];
    const model = trainWinProbability(history, {
      fields: ['stageId', 'territoryId'],
      pipeline: keyAccountPipeline,
    });
    const deal: DealLike = { status: 'open', stageId: 'proposal', territoryId: 'ter-east' };
    const probability = predictWinProbability(model, deal);
    const why = explainWinProbability(model, deal).contributions.map((c) => c.field);
    // probability === 84.08; why → ['stageId', 'territoryId'] (the stage moved it most)

    const next = updateWinProbability(model, closed('won', 'negotiation', 'ter-east'));
    // next equals trainWinProbability([...history, thatDeal], sameOptions)

    expect(probability).toBe(84.08);
    expect(why).toEqual(['stageId', 'territoryId']);
    expect(next).toEqual(
      trainWinProbability([...history, closed('won', 'negotiation', 'ter-east')], {
        fields: ['stageId', 'territoryId'],
        pipeline: keyAccountPipeline,
      }),
    );
  });

  it('every example in the document is one of the tests above', () => {
    const { count, missing } = docExamplesMissingFrom(
      new URL('../../../../docs/rules/scoring.md', import.meta.url),
      new URL(import.meta.url),
    );
    expect(count).toBeGreaterThanOrEqual(7);
    expect(missing).toEqual([]);
  });
});
