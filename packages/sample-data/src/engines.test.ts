import { createCrm, createManualClock, createSeededRandom, type Lead } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import { describe, expect, it } from 'vitest';
import { generateSampleData, sampleEngines, sampleLoyaltyProgram, seedStore } from './index.ts';

const NOW = '2026-11-01T09:00:00.000Z';

async function seededCrm(deals = 300, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const data = generateSampleData({ deals, now: NOW, seed: 3 });
  const store = createMemoryStore();
  await seedStore(store, data);
  const crm = createCrm({
    store,
    clock: createManualClock(NOW),
    random: createSeededRandom(5),
    engines: sampleEngines(data, { locale }),
  });
  return { data, store, crm };
}

describe('sampleEngines', () => {
  it('scores a captured lead with reasons and assigns it with a reason', async () => {
    const { crm, data } = await seededCrm();
    const lead = await crm.leads.capture({
      source: 'exhibition',
      name: '陈静',
      company: '无锡恒通机械有限公司',
      title: '总经理',
      email: 'chen.jing@hengtong-jx.com',
      phone: '13912345678',
      region: '江苏省',
      industry: 'manufacturing',
    });
    expect(lead.score?.total).toBe(70);
    expect(lead.score?.grade).toBe('A');
    expect(lead.score?.reasons.map((reason) => reason.ruleId)).toEqual([
      'core-industry',
      'east-china',
      'decision-maker',
      'named-company',
      'work-email',
      'exhibition',
    ]);
    expect(lead.score?.reasons[0]?.label).toBe('重点行业(制造、酒店、医疗、餐饮)');
    const owner = data.users.find((user) => user.id === lead.ownerId);
    expect(owner?.role).toBe('rep');
    expect(lead.assignmentReason).toMatch(/优质线索/);
    expect(lead.assignmentReason).toMatch(/最少负载/);
  });

  it('stores English labels and reasons when asked, and routes leads without a region to the fallback', async () => {
    const { crm } = await seededCrm(200, 'en');
    const lead = await crm.leads.capture({
      source: 'web_form',
      name: 'Sam Lee',
      email: 'sam.lee@gmail.com',
    });
    expect(lead.score?.reasons.map((reason) => [reason.ruleId, reason.label, reason.points])).toEqual([
      ['free-mailbox', 'Free mailbox', -5],
      ['inbound', 'Inbound enquiry (website, phone)', 8],
      ['cap:fit', undefined, 5],
    ]);
    expect(lead.score?.total).toBe(8);
    expect(lead.ownerId).toBeDefined();
    expect(lead.assignmentReason).toMatch(/^no rule matched → fallback team .+; round robin: /);
  });

  it('never hands a lead to a rep who is on leave today or has left', async () => {
    const { crm, data } = await seededCrm();
    const away = new Set(
      data.users
        .filter(
          (user) =>
            user.status === 'departed' ||
            (user.leaves ?? []).some(
              (leave) => leave.from <= NOW.slice(0, 10) && NOW.slice(0, 10) <= leave.to,
            ),
        )
        .map((user) => user.id),
    );
    expect(away.size).toBeGreaterThan(0);
    const leads: Lead[] = [];
    for (let i = 0; i < 24; i++) {
      leads.push(
        await crm.leads.capture({ source: 'phone', name: `客户${i}`, region: i % 2 ? '上海市' : '广东省' }),
      );
    }
    for (const lead of leads) {
      expect(lead.ownerId).toBeDefined();
      expect(away.has(lead.ownerId!)).toBe(false);
    }
  });

  it('earns a point per ¥1 when a paid order is recorded on a member', async () => {
    const { crm, data } = await seededCrm();
    const member = data.members.find((m) => m.status === 'active' && m.accountId)!;
    const before = await crm.loyalty!.status(member.id);
    const order = await crm.orders.record({
      accountId: member.accountId!,
      amount: { amount: 1_288_850, currency: 'CNY' },
      channel: 'store',
    });
    const after = await crm.loyalty!.status(member.id);
    expect(order.status).toBe('paid');
    expect(after.balance - before.balance).toBe(12_888);
    expect(after.tier?.id).toMatch(/^(gold|platinum)$/);
    const view = await crm.customers.view360(member.accountId!);
    expect(view.loyalty.map((status) => status.member.id)).toContain(member.id);
  });

  it('has tiers the generated cards spread across and the ledger agrees with', async () => {
    const data = generateSampleData({ deals: 2_000, now: NOW, seed: 1 });
    const tiers = new Set(data.members.map((member) => member.tierId));
    expect([...tiers].sort()).toEqual(sampleLoyaltyProgram.tiers.map((tier) => tier.id).sort());
    const entry = data.loyaltyEntries.find((e) => e.kind === 'earn')!;
    const order = data.orders.find((o) => o.id === entry.sourceId)!;
    expect(entry.points).toBe(Math.floor(order.amount.amount / 100));
    expect(sampleLoyaltyProgram.expiry?.days).toBe(365);
  });
});
