/// <reference types="mocha" />
import {
  type Crm,
  type Customer360,
  createCrm,
  createManualClock,
  createSequentialIds,
  KEY_ACCOUNT_PIPELINE_ID,
  KehuError,
  keyAccountPipeline,
  type LoyaltyProgramInput,
  loyaltyEngine,
} from '@kehu/core';
import { createMemoryDatabase, createMemoryStore, type MemoryStore } from '@kehu/core/memory';
import { expect, fixture, html, waitUntil as waitUntilDefault } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import type { KehuCustomerCardElement } from '../index.ts';

const NOW = '2026-11-01T09:00:00.000Z';
const DAY = 86_400_000;
const HOSTILE = '<img src=x onerror=alert(1)>';

/** `waitUntil` with room for a busy CI machine; no assertion here is about speed. */
const waitUntil = (predicate: () => unknown, message?: string) =>
  waitUntilDefault(predicate, message, { timeout: 5_000 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const program: LoyaltyProgramInput = {
  id: 'rewards',
  label: { 'zh-CN': '会员计划', en: 'Rewards' },
  currency: 'CNY',
  earning: { spend: { points: 1, per: 100 } },
  expiry: { days: 365 },
  tiers: [
    { id: 'regular', label: { 'zh-CN': '普通会员', en: 'Member' }, threshold: 0 },
    { id: 'silver', label: { 'zh-CN': '银卡会员', en: 'Silver' }, threshold: 1_000 },
    { id: 'gold', label: { 'zh-CN': '金卡会员', en: 'Gold' }, threshold: 5_000 },
  ],
};

interface Setup {
  crm: Crm;
  store: MemoryStore;
}

interface Names {
  account?: string;
  contact?: string;
  activity?: string;
}

/**
 * A hand-built CRM on a manual clock: account a1 with an owner, tags, a score, two contacts, open
 * deals in CNY and USD, a done, an overdue and a future activity, orders in CNY (on its member
 * card, earning points 300 days ago that lapse within 90 days) and USD; and a second account a2.
 */
async function setup(
  options: { store?: MemoryStore; names?: Names; analyze?: boolean } = {},
): Promise<Setup> {
  const store = options.store ?? createMemoryStore();
  const clock = createManualClock(Date.parse(NOW) - 300 * DAY);
  const crm = createCrm({
    store,
    clock,
    ids: createSequentialIds('t'),
    actor: () => 'u1',
    engines: { loyalty: loyaltyEngine(program) },
  });
  const names = options.names ?? {};
  await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
  await crm.users.create({ id: 'u1', name: '李伟' });
  await crm.accounts.create({
    id: 'a1',
    name: names.account ?? '华星科技有限公司',
    kind: 'company',
    grade: 'A',
    ownerId: 'u1',
    tags: ['重点客户', 'VIP'],
    score: {
      total: 76,
      grade: 'B',
      reasons: [
        { ruleId: 'industry', label: '制造业 Manufacturing', points: 40 },
        { ruleId: 'size', label: '500+ staff', points: 36 },
      ],
      at: NOW,
    },
  });
  await crm.accounts.create({ id: 'a2', name: '远航贸易', kind: 'company' });
  await crm.contacts.create({
    id: 'c1',
    accountId: 'a1',
    name: names.contact ?? '王芳',
    title: '采购经理',
    phones: ['13800000000'],
    emails: ['wang.fang@example.cn'],
  });
  await crm.contacts.create({ id: 'c2', accountId: 'a1', name: 'Li Lei' });
  await store.put('members', {
    id: 'm1',
    version: 0,
    createdAt: new Date(clock.now()).toISOString(),
    updatedAt: new Date(clock.now()).toISOString(),
    accountId: 'a1',
    cardNo: '880000000001',
    joinedAt: new Date(clock.now()).toISOString(),
  });
  // ¥3,000 on the card 300 days ago: 3,000 points, lapsing 65 days from NOW.
  await crm.orders.record({
    id: 'o1',
    number: 'SO-001',
    accountId: 'a1',
    memberId: 'm1',
    amount: { amount: 300_000, currency: 'CNY' },
  });
  clock.set(Date.parse(NOW) - 20 * DAY);
  await crm.orders.record({ id: 'o2', accountId: 'a1', amount: { amount: 20_000, currency: 'USD' } });
  await crm.orders.record({
    id: 'o3',
    accountId: 'a1',
    amount: { amount: 50_000, currency: 'CNY' },
    status: 'refunded',
  });
  clock.set(NOW);
  await crm.deals.create({
    id: 'd1',
    title: '净水设备升级',
    accountId: 'a1',
    pipelineId: KEY_ACCOUNT_PIPELINE_ID,
    stageId: 'proposal',
    amount: { amount: 1_234_500, currency: 'CNY' },
    expectedCloseDate: '2026-12-15',
  });
  await crm.deals.create({
    id: 'd2',
    title: 'Export line filters',
    accountId: 'a1',
    pipelineId: KEY_ACCOUNT_PIPELINE_ID,
    stageId: 'qualify',
    amount: { amount: 500_000, currency: 'USD' },
  });
  await crm.activities.create({
    id: 'act-done',
    type: 'visit',
    subject: names.activity ?? '现场拜访',
    accountId: 'a1',
    done: true,
  });
  await crm.activities.create({
    id: 'act-late',
    type: 'call',
    subject: '回电确认报价',
    accountId: 'a1',
    dueAt: new Date(Date.parse(NOW) - 2 * DAY).toISOString(),
  });
  await crm.activities.create({
    id: 'act-next',
    type: 'meeting',
    subject: '技术交流会',
    accountId: 'a1',
    dueAt: new Date(Date.parse(NOW) + 3 * DAY).toISOString(),
  });
  if (options.analyze !== false) await crm.customers.analyze();
  return { crm, store };
}

/** `crm` with `customers.view360` counted, and optionally made slower per call (ms by call number). */
function instrumented(crm: Crm, delays: Record<number, number> = {}) {
  const calls: string[] = [];
  const view360 = async (id: string): Promise<Customer360> => {
    const call = calls.push(id);
    const view = await crm.customers.view360(id);
    if (delays[call]) await sleep(delays[call]);
    return view;
  };
  return { crm: { ...crm, customers: { ...crm.customers, view360 } } as Crm, calls };
}

async function mount(
  crm: Crm,
  options: { locale?: 'zh-CN' | 'en'; variant?: 'full' | 'compact'; id?: string } = {},
): Promise<KehuCustomerCardElement> {
  const card = await fixture<KehuCustomerCardElement>(
    html`<kehu-customer-card
      .crm=${crm}
      customer-id=${options.id ?? 'a1'}
      locale=${options.locale ?? 'en'}
      variant=${options.variant ?? 'full'}
    ></kehu-customer-card>`,
  );
  await waitUntil(() => card.shadowRoot!.querySelector('article'), 'the card renders');
  return card;
}

const root = (card: KehuCustomerCardElement) => card.shadowRoot!;
const $ = <E extends Element = HTMLElement>(card: KehuCustomerCardElement, selector: string) => {
  const found = root(card).querySelector<E>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
};
/** Text as a reader sees it: whitespace collapsed. */
const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const textOf = (card: KehuCustomerCardElement, selector: string) => text($(card, selector));

const money = (locale: string, amount: number, currency: string) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100);
const day = (locale: string, iso: string) =>
  new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));

describe('<kehu-customer-card>', () => {
  describe('sections, against view360', () => {
    let crm: Crm;
    let view: Customer360;
    let card: KehuCustomerCardElement;

    before(async () => {
      ({ crm } = await setup());
      view = await crm.customers.view360('a1');
    });

    beforeEach(async () => {
      card = await mount(crm);
    });

    it('shows the header: name, kind, owner, tags, grade and score', () => {
      expect(textOf(card, '[part="name"]')).to.equal('华星科技有限公司');
      expect(textOf(card, '[data-field="kind"]')).to.equal('Company');
      expect(textOf(card, '[data-field="owner"]')).to.equal('Owner: 李伟');
      expect([...root(card).querySelectorAll('[part="tag"]')].map(text)).to.deep.equal(['重点客户', 'VIP']);
      expect(textOf(card, '[part="grade"]')).to.equal('Customer grade: Grade A');
      expect(textOf(card, '[data-figure="score"]')).to.equal('Score 76');
    });

    it('reveals the score reasons on demand', async () => {
      const toggle = $(card, '[part="score"] button');
      const reasons = $(card, '#score-reasons');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(reasons.checkVisibility()).to.equal(false);
      toggle.click();
      await card.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(reasons.checkVisibility()).to.equal(true);
      expect([...reasons.querySelectorAll('li')].map(text)).to.deep.equal([
        '制造业 Manufacturing +40',
        '500+ staff +36',
      ]);
    });

    it('lists open deals with the localized stage, amount and weighted amount', () => {
      const items = [...root(card).querySelectorAll('[part~="section-deals"] [data-deal-id]')];
      expect(items.map((item) => item.getAttribute('data-deal-id'))).to.deep.equal(
        view.openDeals.map((open) => open.deal.id),
      );
      for (const open of view.openDeals) {
        const item = $(card, `[data-deal-id="${open.deal.id}"]`);
        expect(text(item.querySelector('.title'))).to.equal(open.deal.title);
        expect(text(item.querySelector('[data-field="stage"]'))).to.equal(open.stageName!.en);
        expect(text(item.querySelector('[data-field="amount"]'))).to.equal(
          money('en', open.deal.amount.amount, open.deal.amount.currency),
        );
        expect(text(item.querySelector('[data-field="weighted"]'))).to.equal(
          `weighted ${money('en', open.weighted.amount, open.weighted.currency)}`,
        );
      }
      expect(textOf(card, '[data-deal-id="d1"] [data-field="weighted"]')).to.equal('weighted CN¥6,172.50');
      // One total per currency, never summed across them.
      expect(textOf(card, '[data-figure="weighted-total"]')).to.equal('CN¥6,172.50 · $500.00');
    });

    it('lists recent and upcoming activities, marking the overdue one in words', () => {
      expect(
        [...root(card).querySelectorAll('[part~="section-recent"] [data-activity-id]')].map((li) =>
          li.getAttribute('data-activity-id'),
        ),
      ).to.deep.equal(view.recentActivities.map((activity) => activity.id));
      expect(textOf(card, '[data-activity-id="act-done"]')).to.contain('Visit 现场拜访');
      const upcoming = [...root(card).querySelectorAll('[part~="section-upcoming"] [data-activity-id]')];
      expect(upcoming.map((li) => li.getAttribute('data-activity-id'))).to.deep.equal(
        view.upcomingActivities.map((item) => item.activity.id),
      );
      for (const item of view.upcomingActivities) {
        const li = $(card, `[part~="section-upcoming"] [data-activity-id="${item.activity.id}"]`);
        expect(li.hasAttribute('data-overdue')).to.equal(item.overdue);
        expect(li.querySelector('[part="overdue"]') !== null).to.equal(item.overdue);
      }
      const late = $(card, '[data-activity-id="act-late"]');
      expect(text(late.querySelector('[part="overdue"]'))).to.equal('⚠ Overdue');
      expect(text(late)).to.contain(`due ${day('en', view.upcomingActivities[0]!.activity.dueAt!)}`);
    });

    it('shows the membership: tier, points, progress to the next tier and points lapsing soon', () => {
      const [status] = view.loyalty;
      expect(status?.tier?.id).to.equal('silver');
      const member = $(card, '[data-member-id="m1"]');
      expect(text(member.querySelector('[data-figure="tier"]'))).to.equal('Silver');
      expect(text(member.querySelector('[data-figure="points"]'))).to.equal(
        status!.available.toLocaleString('en'),
      );
      const progress = member.querySelector('progress')!;
      expect(progress.max).to.equal(5_000 - 1_000);
      expect(progress.value).to.equal(status!.qualifying - 1_000);
      expect(text(member.querySelector(`label[for="${progress.id}"]`))).to.equal('Progress to Gold');
      expect(text(member.querySelector('[data-figure="to-next"]'))).to.equal(
        `${status!.needed.toLocaleString('en')} more points to Gold`,
      );
      const lapses = status!.lots[0]!.expiresAt!;
      expect(status!.expiring.in90Days).to.equal(3_000);
      expect(text(member.querySelector('[data-figure="expiring"]'))).to.equal(
        `3,000 points expire soon (first on ${day('en', lapses)})`,
      );
    });

    it('shows the value: RFM segment and value grade after analyze(), health and its reasons', () => {
      const { rfm, grade } = view.value;
      expect(rfm).to.not.equal(undefined);
      const names = {
        champions: 'Champions',
        loyal: 'Loyal',
        potential: 'Potential loyalists',
        'at-risk': 'At risk',
        hibernating: 'Hibernating',
        lost: 'Lost',
      };
      expect(textOf(card, '[data-figure="segment"]')).to.equal(names[rfm!.segment]);
      expect(textOf(card, '[data-figure="rfm"]')).to.equal(`R${rfm!.r} F${rfm!.f} M${rfm!.m}`);
      expect(textOf(card, '[part~="section-value"] [data-figure="value-grade"]')).to.equal(grade);
      expect(textOf(card, '[data-figure="health"]')).to.contain(`${view.health.score} / 100`);
      for (const component of view.health.components) {
        const li = $(card, `[data-component="${component.component}"]`);
        expect(text(li)).to.contain(`${component.points} / ${component.max}`);
        // Worded by the card from the structured fact, in the card's language.
        const reason = text(li.querySelector('.reason'));
        const { fact } = component;
        if (fact.kind === 'revenue') {
          const money = new Intl.NumberFormat('en', { style: 'currency', currency: fact.currency });
          expect(reason).to.contain(money.format(fact.current / 100));
        } else if ('days' in fact) {
          expect(reason).to.contain(fact.days === 0 ? 'today' : String(fact.days));
        } else if ('count' in fact) {
          expect(reason).to.match(fact.count === 0 ? /^No / : new RegExp(`^${fact.count} `));
        }
      }
    });

    it('summarizes orders: paid count, totals per currency, dates and the recent ones', () => {
      const { orders } = view;
      expect(orders.count).to.equal(2);
      expect(textOf(card, '[data-figure="order-count"]')).to.equal('2');
      expect([...root(card).querySelectorAll('[data-figure="order-totals"] span')].map(text)).to.deep.equal(
        orders.totals.map((total) => money('en', total.amount, total.currency)),
      );
      expect(textOf(card, '[data-figure="order-totals"]')).to.equal('CN¥3,000.00$200.00');
      expect(textOf(card, '[data-figure="last-order"]')).to.equal(day('en', orders.lastOrderAt!));
      expect(textOf(card, '[data-figure="first-order"]')).to.equal(day('en', orders.firstOrderAt!));
      expect(
        [...root(card).querySelectorAll('[data-order-id]')].map((li) => li.getAttribute('data-order-id')),
      ).to.deep.equal(orders.recent.map((order) => order.id));
      expect(textOf(card, '[data-order-id="o3"]')).to.contain('Refunded');
      expect(textOf(card, '[data-order-id="o1"]')).to.contain('SO-001');
    });

    it('lists the contacts', () => {
      expect(
        [...root(card).querySelectorAll('[data-contact-id] .title')].map((title) => text(title)),
      ).to.deep.equal(view.contacts.map((contact) => contact.name));
      expect(textOf(card, '[data-contact-id="c1"]')).to.contain('采购经理');
      expect(textOf(card, '[data-contact-id="c1"]')).to.contain('wang.fang@example.cn');
    });

    it('is accessible, with a form open too', async () => {
      await expect(card).to.be.accessible();
      $(card, '[data-action="deal"]').click();
      await card.updateComplete;
      await expect(card).to.be.accessible();
    });
  });

  it('explains the missing segment before the customer base is analysed', async () => {
    const { crm } = await setup({ analyze: false });
    const card = await mount(crm);
    expect(textOf(card, '[data-figure="segment"]')).to.equal('—');
    expect(textOf(card, '[part~="section-value"]')).to.contain('once the customer base has been analysed');
    await crm.customers.analyze();
    card.refresh();
    await waitUntil(() => textOf(card, '[data-figure="segment"]') !== '—', 'segment after analyze()');
  });

  it('shows only the header and key figures in the compact variant', async () => {
    const { crm } = await setup();
    const view = await crm.customers.view360('a1');
    const card = await mount(crm, { variant: 'compact' });
    expect(root(card).querySelector('[part~="section"]')).to.equal(null);
    expect(root(card).querySelector('[part="actions"]')).to.equal(null);
    expect(textOf(card, '[part="name"]')).to.equal('华星科技有限公司');
    expect(textOf(card, '[data-figure="value-grade"]')).to.equal(view.value.grade);
    expect(textOf(card, '[data-figure="health"]')).to.contain(`${view.health.score} / 100`);
    expect(textOf(card, '[data-figure="loyalty"]')).to.equal(
      `Silver · ${view.loyalty[0]!.available.toLocaleString('en')}`,
    );
    expect(textOf(card, '[data-figure="pipeline"]')).to.equal('CN¥6.2K · $500');
    const next = $(card, '[data-figure="next-activity"]');
    expect(text(next)).to.contain('回电确认报价');
    expect(text(next)).to.contain('Overdue');
    expect(next.hasAttribute('data-overdue')).to.equal(true);
    await expect(card).to.be.accessible();
  });

  it('speaks Chinese by default', async () => {
    const { crm } = await setup();
    const view = await crm.customers.view360('a1');
    const card = await fixture<KehuCustomerCardElement>(
      html`<kehu-customer-card .crm=${crm} customer-id="a1"></kehu-customer-card>`,
    );
    await waitUntil(() => root(card).querySelector('article'));
    expect(textOf(card, '#h-deals')).to.equal('进行中的商机');
    expect(textOf(card, '[data-deal-id="d1"] [data-field="stage"]')).to.equal('方案报价');
    expect(textOf(card, '[data-field="kind"]')).to.equal('企业');
    expect(textOf(card, '[part="grade"]')).to.equal('客户等级: A 级');
    expect(text($(card, '[data-activity-id="act-late"] [part="overdue"]'))).to.equal('⚠ 已逾期');
    expect(textOf(card, '[data-figure="tier"]')).to.equal('银卡会员');
    expect(textOf(card, '[data-figure="to-next"]')).to.match(/^再获得 .+ 积分升级为金卡会员$/);
    const segments = {
      champions: '重要价值客户',
      loyal: '忠诚客户',
      potential: '潜力客户',
      'at-risk': '流失风险客户',
      hibernating: '沉睡客户',
      lost: '已流失客户',
    };
    expect(textOf(card, '[data-figure="segment"]')).to.equal(segments[view.value.rfm!.segment]);
    expect(textOf(card, '[data-deal-id="d1"] [data-field="amount"]')).to.equal(
      money('zh-CN', 1_234_500, 'CNY'),
    );
    expect(textOf(card, '[data-figure="last-order"]')).to.equal(day('zh-CN', view.orders.lastOrderAt!));
    card.variant = 'compact';
    await card.updateComplete;
    expect(textOf(card, '[data-figure="pipeline"]')).to.equal(
      [
        { amount: 617_250, currency: 'CNY' },
        { amount: 50_000, currency: 'USD' },
      ]
        .map(({ amount, currency }) =>
          new Intl.NumberFormat('zh-CN', {
            style: 'currency',
            currency,
            notation: 'compact',
            maximumFractionDigits: 1,
          }).format(amount / 100),
        )
        .join(' · '),
    );
    await expect(card).to.be.accessible();
  });

  it('renders the host content of its slots', async () => {
    const { crm } = await setup();
    const card = await fixture<KehuCustomerCardElement>(
      html`<kehu-customer-card .crm=${crm} customer-id="a1" locale="en">
        <button slot="header-actions" type="button">Open in ERP</button>
        <p slot="before-sections">Synced from ERP</p>
        <section slot="after-sections" aria-label="Credit">Credit limit ¥500,000</section>
      </kehu-customer-card>`,
    );
    await waitUntil(() => root(card).querySelector('article'));
    const assigned = (name: string) =>
      $<HTMLSlotElement>(card, `slot[name="${name}"]`)
        .assignedElements()
        .map((element) => element.textContent);
    expect(assigned('header-actions')).to.deep.equal(['Open in ERP']);
    expect(assigned('before-sections')).to.deep.equal(['Synced from ERP']);
    expect(assigned('after-sections')).to.deep.equal(['Credit limit ¥500,000']);
    expect($(card, '[part="header"]').contains($(card, 'slot[name="header-actions"]'))).to.equal(true);
  });

  describe('logging an activity', () => {
    async function fill(card: KehuCustomerCardElement, subject: string) {
      $(card, '[data-action="activity"]').click();
      await card.updateComplete;
      $<HTMLInputElement>(card, '#activity-subject').value = subject;
    }
    const submit = (card: KehuCustomerCardElement) => $(card, '#activity-form button[type="submit"]').click();

    it('saves nothing when the host vetoes it', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      const before = await crm.store.count('activities', { accountId: 'a1' });
      const drafts: unknown[] = [];
      card.addEventListener('kehu-activity-log', (event) => {
        drafts.push(event.detail);
        event.preventDefault();
      });
      const logged: unknown[] = [];
      card.addEventListener('kehu-activity-logged', (event) => logged.push(event.detail));
      await fill(card, '电话回访');
      submit(card);
      await waitUntil(() => root(card).querySelector('#activity-form [role="alert"]'), 'veto shown');
      expect(drafts).to.deep.equal([{ type: 'call', subject: '电话回访', accountId: 'a1', done: true }]);
      expect(textOf(card, '#activity-form [role="alert"]')).to.equal(
        'Not saved: the application cancelled it.',
      );
      expect($<HTMLInputElement>(card, '#activity-subject').value).to.equal('电话回访');
      await sleep(100);
      expect(await crm.store.count('activities', { accountId: 'a1' })).to.equal(before);
      expect(logged).to.deep.equal([]);
    });

    it('saves through core, announces the record and shows it', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      const events: string[] = [];
      let saved: { id: string; subject: string; done: boolean } | undefined;
      card.addEventListener('kehu-activity-log', (event) => {
        events.push(event.type);
        expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
        // A host may fill in what the card cannot know.
        event.detail.ownerId = 'u1';
      });
      // Bubbles and crosses the shadow root: the host hears it on an ancestor.
      card.parentElement!.addEventListener('kehu-activity-logged', (event) => {
        events.push(event.type);
        saved = event.detail.activity;
      });
      await fill(card, '电话回访');
      submit(card);
      await waitUntil(() => saved, 'kehu-activity-logged');
      expect(events).to.deep.equal(['kehu-activity-log', 'kehu-activity-logged']);
      const stored = await crm.activities.require(saved!.id);
      expect(stored).to.include({ subject: '电话回访', accountId: 'a1', done: true, ownerId: 'u1' });
      await waitUntil(
        () => root(card).querySelector(`[part~="section-recent"] [data-activity-id="${saved!.id}"]`),
        'the card shows the new activity',
      );
      expect(root(card).querySelector('#activity-form')).to.equal(null);
      expect(root(card).activeElement).to.equal($(card, '[data-action="activity"]'));
      await waitUntil(() => textOf(card, '[role="status"][aria-live]') === 'Activity “电话回访” saved');
    });

    it('shows a validation error next to the field it concerns', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      await fill(card, '   ');
      submit(card);
      await waitUntil(() => root(card).querySelector('#activity-subject-error'), 'field error');
      const input = $(card, '#activity-subject');
      expect(textOf(card, '#activity-subject-error')).to.equal('Required');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.equal('activity-subject-error');
      expect(root(card).activeElement).to.equal(input);
      expect(root(card).querySelector('#activity-form [role="alert"]')).to.equal(null);
      await expect(card).to.be.accessible();
    });

    it('shows a general alert for an error that names no field', async () => {
      const { crm, store } = await setup();
      const broken = createCrm({
        store: { ...store, transaction: () => Promise.reject(new KehuError('STORAGE', 'disk full')) },
        clock: createManualClock(NOW),
      });
      const card = await mount(broken);
      await fill(card, '电话回访');
      submit(card);
      await waitUntil(() => root(card).querySelector('#activity-form [role="alert"]'), 'alert');
      expect(textOf(card, '#activity-form [role="alert"]')).to.equal(
        'The data could not be saved on this device.',
      );
      expect(await crm.store.count('activities', { subject: '电话回访' })).to.equal(0);
    });
  });

  describe('creating a deal', () => {
    async function fill(
      card: KehuCustomerCardElement,
      fields: { title: string; amount: string; currency?: string },
    ) {
      $(card, '[data-action="deal"]').click();
      await card.updateComplete;
      $<HTMLInputElement>(card, '#deal-title').value = fields.title;
      $<HTMLInputElement>(card, '#deal-amount').value = fields.amount;
      if (fields.currency) $<HTMLSelectElement>(card, '#deal-currency').value = fields.currency;
    }
    const submit = (card: KehuCustomerCardElement) => $(card, '#deal-form button[type="submit"]').click();

    it('saves nothing when the host vetoes it', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      let draft: unknown;
      card.addEventListener('kehu-deal-create', (event) => {
        draft = event.detail;
        event.preventDefault();
      });
      await fill(card, { title: '二期扩建', amount: '80,000' });
      submit(card);
      await waitUntil(() => root(card).querySelector('#deal-form [role="alert"]'), 'veto shown');
      expect(draft).to.deep.equal({
        title: '二期扩建',
        accountId: 'a1',
        pipelineId: KEY_ACCOUNT_PIPELINE_ID,
        stageId: 'qualify',
        amount: { amount: 8_000_000, currency: 'CNY' },
        ownerId: 'u1',
      });
      await sleep(100);
      expect(await crm.store.count('deals', { title: '二期扩建' })).to.equal(0);
    });

    it('saves through core in the first open stage and shows the deal', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      let created: { id: string } | undefined;
      card.addEventListener('kehu-deal-created', (event) => {
        created = event.detail.deal;
      });
      await fill(card, { title: '二期扩建', amount: '1200.5', currency: 'USD' });
      $<HTMLInputElement>(card, '#deal-expectedCloseDate').value = '2027-01-31';
      submit(card);
      await waitUntil(() => created, 'kehu-deal-created');
      const stored = await crm.deals.require(created!.id);
      expect(stored).to.include({ title: '二期扩建', stageId: 'qualify', expectedCloseDate: '2027-01-31' });
      expect(stored.amount).to.deep.equal({ amount: 120_050, currency: 'USD' });
      await waitUntil(() => root(card).querySelector(`[data-deal-id="${created!.id}"]`), 'shown');
      expect(textOf(card, `[data-deal-id="${created!.id}"] [data-field="stage"]`)).to.equal('Qualification');
      expect(textOf(card, '[data-figure="weighted-total"]')).to.equal('CN¥6,172.50 · $620.05');
    });

    /** Opens the deal form and waits for the pipeline's stages to fill the stage list. */
    async function open(card: KehuCustomerCardElement) {
      $(card, '[data-action="deal"]').click();
      await card.updateComplete;
      await waitUntil(() => !$<HTMLSelectElement>(card, '#deal-stageId').disabled, 'stages loaded');
    }
    const options = (card: KehuCustomerCardElement, selector: string) =>
      [...$<HTMLSelectElement>(card, selector).options].map((option) => ({
        value: option.value,
        text: text(option),
      }));
    const labelOf = (card: KehuCustomerCardElement, id: string) => textOf(card, `label[for="${id}"]`);

    it('offers the open stages of the pipeline and the account’s contacts', async () => {
      const { crm } = await setup();
      const view = await crm.customers.view360('a1');
      const pipeline = await crm.pipelines.require(KEY_ACCOUNT_PIPELINE_ID);
      const card = await mount(crm);
      await open(card);
      const stages = pipeline.stages.filter((stage) => stage.outcome === 'open');
      expect(options(card, '#deal-stageId')).to.deep.equal(
        stages.map((stage) => ({ value: stage.id, text: stage.name.en })),
      );
      expect(stages.map((stage) => stage.id)).to.deep.equal([
        'qualify',
        'needs',
        'proposal',
        'negotiation',
        'contract',
      ]);
      // Won and lost close a deal: not a place to open one.
      expect(options(card, '#deal-stageId').map((option) => option.value)).to.not.include.members([
        'won',
        'lost',
      ]);
      expect($<HTMLSelectElement>(card, '#deal-stageId').value).to.equal('qualify');
      expect(options(card, '#deal-contactId')).to.deep.equal([
        { value: '', text: '—' },
        ...view.contacts.map((contact) => ({ value: contact.id, text: contact.name })),
      ]);
      expect(view.contacts.map((contact) => contact.id)).to.have.members(['c1', 'c2']);
      expect($<HTMLSelectElement>(card, '#deal-contactId').value).to.equal('');
      expect($(card, '#deal-contactId option[value=""]').getAttribute('aria-label')).to.equal('No contact');
      expect(labelOf(card, 'deal-stageId')).to.equal('Stage');
      expect(labelOf(card, 'deal-contactId')).to.equal('Contact');
      // A contact added while the form is open joins the list.
      await crm.contacts.create({ id: 'c3', accountId: 'a1', name: '赵敏' });
      await waitUntil(() => root(card).querySelector('#deal-contactId option[value="c3"]'), 'new contact');
      await expect(card).to.be.accessible();
    });

    it('lists the stages of pipeline-id, in the card’s language', async () => {
      const { crm } = await setup();
      await crm.pipelines.create({
        id: 'smb',
        name: { 'zh-CN': '中小客户', en: 'SMB' },
        stages: [
          {
            id: 'lost',
            name: { 'zh-CN': '输单', en: 'Lost' },
            probability: 0,
            forecastCategory: 'omitted',
            outcome: 'lost',
          },
          {
            id: 'call',
            name: { 'zh-CN': '电话沟通', en: 'Call' },
            probability: 20,
            forecastCategory: 'pipeline',
          },
          {
            id: 'quote',
            name: { 'zh-CN': '报价', en: 'Quote' },
            probability: 60,
            forecastCategory: 'best_case',
          },
        ],
      });
      const card = await fixture<KehuCustomerCardElement>(
        html`<kehu-customer-card .crm=${crm} customer-id="a1" pipeline-id="smb"></kehu-customer-card>`,
      );
      await waitUntil(() => root(card).querySelector('article'));
      await open(card);
      expect(options(card, '#deal-stageId').map((option) => option.text)).to.deep.equal(['电话沟通', '报价']);
      expect($<HTMLSelectElement>(card, '#deal-stageId').value).to.equal('call');
      card.locale = 'en';
      await card.updateComplete;
      expect(options(card, '#deal-stageId').map((option) => option.text)).to.deep.equal(['Call', 'Quote']);
      let draft: { pipelineId: string; stageId: string } | undefined;
      card.addEventListener('kehu-deal-created', (event) => {
        draft = event.detail.deal;
      });
      $<HTMLInputElement>(card, '#deal-title').value = '门店试点';
      $<HTMLInputElement>(card, '#deal-amount').value = '5000';
      $<HTMLSelectElement>(card, '#deal-stageId').value = 'quote';
      submit(card);
      await waitUntil(() => draft, 'saved');
      expect(draft).to.include({ pipelineId: 'smb', stageId: 'quote' });
    });

    it('labels the stage and contact lists in Chinese', async () => {
      const { crm } = await setup();
      const card = await mount(crm, { locale: 'zh-CN' });
      await open(card);
      expect(labelOf(card, 'deal-stageId')).to.equal('阶段');
      expect(labelOf(card, 'deal-contactId')).to.equal('联系人');
      expect($(card, '#deal-contactId option[value=""]').getAttribute('aria-label')).to.equal('不指定联系人');
      expect(options(card, '#deal-stageId').map((option) => option.text)).to.deep.equal([
        '初步接洽',
        '需求分析',
        '方案报价',
        '商务谈判',
        '合同签订',
      ]);
      await expect(card).to.be.accessible();
    });

    it('says so when the pipeline has no open stage, and saves nothing', async () => {
      const { crm } = await setup();
      const card = await fixture<KehuCustomerCardElement>(
        html`<kehu-customer-card .crm=${crm} customer-id="a1" locale="en" pipeline-id="nowhere"></kehu-customer-card>`,
      );
      await waitUntil(() => root(card).querySelector('article'));
      $(card, '[data-action="deal"]').click();
      await card.updateComplete;
      const stage = $<HTMLSelectElement>(card, '#deal-stageId');
      await waitUntil(() => text(stage) === 'The pipeline for new deals has no open stage.', 'no stage');
      expect(stage.disabled).to.equal(true);
      $<HTMLInputElement>(card, '#deal-title').value = '无处可去';
      $<HTMLInputElement>(card, '#deal-amount').value = '1';
      submit(card);
      await waitUntil(() => root(card).querySelector('#deal-form [role="alert"]'), 'alert');
      expect(await crm.store.count('deals', { title: '无处可去' })).to.equal(0);
    });

    it('saves the deal in the chosen stage with the chosen contact', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      const drafts: unknown[] = [];
      card.addEventListener('kehu-deal-create', (event) => drafts.push(structuredClone(event.detail)));
      let created: { id: string } | undefined;
      card.addEventListener('kehu-deal-created', (event) => {
        created = event.detail.deal;
      });
      await open(card);
      $<HTMLInputElement>(card, '#deal-title').value = '三期改造';
      $<HTMLInputElement>(card, '#deal-amount').value = '20000';
      $<HTMLInputElement>(card, '#deal-expectedCloseDate').value = '2027-03-31';
      $<HTMLSelectElement>(card, '#deal-stageId').value = 'negotiation';
      $<HTMLSelectElement>(card, '#deal-contactId').value = 'c2';
      submit(card);
      await waitUntil(() => created, 'kehu-deal-created');
      expect(drafts).to.deep.equal([
        {
          title: '三期改造',
          accountId: 'a1',
          pipelineId: KEY_ACCOUNT_PIPELINE_ID,
          stageId: 'negotiation',
          contactId: 'c2',
          amount: { amount: 2_000_000, currency: 'CNY' },
          expectedCloseDate: '2027-03-31',
          ownerId: 'u1',
        },
      ]);
      const stored = await crm.deals.require(created!.id);
      expect(stored).to.include({ stageId: 'negotiation', contactId: 'c2', status: 'open' });
      expect(stored.history.map((change) => change.to)).to.deep.equal(['negotiation']);
      await waitUntil(() => root(card).querySelector(`[data-deal-id="${created!.id}"]`), 'shown');
      expect(textOf(card, `[data-deal-id="${created!.id}"] [data-field="stage"]`)).to.equal('Negotiation');
    });

    it('closes a vetoed form when the host calls closeForms(), saving nothing', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      let draft: { stageId: string; contactId?: string } | undefined;
      const created: unknown[] = [];
      card.addEventListener('kehu-deal-created', (event) => created.push(event.detail));
      card.addEventListener('kehu-deal-create', (event) => {
        draft = event.detail;
        event.preventDefault();
        card.closeForms(); // handled by the host, e.g. in its own approval flow
      });
      await open(card);
      $<HTMLInputElement>(card, '#deal-title').value = '需审批的商机';
      $<HTMLInputElement>(card, '#deal-amount').value = '99';
      $<HTMLSelectElement>(card, '#deal-stageId').value = 'proposal';
      $<HTMLSelectElement>(card, '#deal-contactId').value = 'c1';
      submit(card);
      await waitUntil(() => draft, 'kehu-deal-create');
      await waitUntil(() => root(card).querySelector('#deal-form') === null, 'the form closes');
      expect(draft).to.include({ stageId: 'proposal', contactId: 'c1' });
      await sleep(100);
      expect(root(card).querySelector('[role="alert"]')).to.equal(null);
      expect($(card, '[data-action="deal"]').getAttribute('aria-expanded')).to.equal('false');
      expect(await crm.store.count('deals', { title: '需审批的商机' })).to.equal(0);
      expect(await crm.store.count('deals', { accountId: 'a1' })).to.equal(2);
      expect(created).to.deep.equal([]);
      // Opened again, the form starts afresh.
      await open(card);
      expect($<HTMLInputElement>(card, '#deal-title').value).to.equal('');
      expect($<HTMLSelectElement>(card, '#deal-stageId').value).to.equal('qualify');
      expect($<HTMLSelectElement>(card, '#deal-contactId').value).to.equal('');
      expect(root(card).querySelector('#deal-form [role="alert"]')).to.equal(null);
    });

    it('closes a vetoed form later too, returning focus to its button', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      card.addEventListener('kehu-activity-log', (event) => event.preventDefault());
      $(card, '[data-action="activity"]').click();
      await card.updateComplete;
      $(card, '#activity-subject').focus();
      await sendKeys({ type: '待确认' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root(card).querySelector('#activity-form [role="alert"]'), 'veto shown');
      expect(root(card).activeElement).to.equal($(card, '#activity-subject'));
      card.closeForms();
      await card.updateComplete;
      expect(root(card).querySelector('#activity-form')).to.equal(null);
      expect(root(card).activeElement).to.equal($(card, '[data-action="activity"]'));
      expect(await crm.store.count('activities', { subject: '待确认' })).to.equal(0);
      // Nothing open: a no-op.
      card.closeForms();
      await card.updateComplete;
      expect(root(card).activeElement).to.equal($(card, '[data-action="activity"]'));
    });

    it('shows validation errors next to each field', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      await fill(card, { title: '', amount: 'lots' });
      submit(card);
      await waitUntil(() => root(card).querySelector('#deal-amount-error'), 'field errors');
      expect(textOf(card, '#deal-title-error')).to.equal('Required');
      expect(textOf(card, '#deal-amount-error')).to.equal('Not valid');
      expect(root(card).activeElement).to.equal($(card, '#deal-title'));
      expect(await crm.store.count('deals', { accountId: 'a1' })).to.equal(2);
    });
  });

  describe('live updates', () => {
    it('follows changes written through another connection to the same database', async () => {
      const database = createMemoryDatabase();
      const { crm } = await setup({ store: createMemoryStore({ database }) });
      const { crm: counted, calls } = instrumented(crm);
      const card = await mount(counted);
      const other = createCrm({ store: createMemoryStore({ database }), clock: createManualClock(NOW) });
      await other.contacts.create({ id: 'c3', accountId: 'a1', name: '赵敏' });
      await waitUntil(() => root(card).querySelector('[data-contact-id="c3"]'), 'new contact shown');
      const account = await other.accounts.require('a1');
      await other.accounts.update('a1', { name: '华星科技集团' }, { expectedVersion: account.version });
      await waitUntil(() => textOf(card, '[part="name"]') === '华星科技集团', 'rename shown');
      // Points on the member card are watched through its id.
      await other.orders.record({ id: 'o9', memberId: 'm1', amount: { amount: 100_000, currency: 'CNY' } });
      await waitUntil(() => textOf(card, '[data-figure="order-count"]') === '3', 'order on the card shown');
      const reloads = calls.length;
      await other.contacts.create({ id: 'c4', accountId: 'a2', name: '另一家客户的联系人' });
      await other.activities.create({ type: 'call', subject: 'Elsewhere', accountId: 'a2' });
      await sleep(300);
      expect(calls.length).to.equal(reloads);
    });

    it('coalesces a burst of changes into one reload', async () => {
      const { crm, store } = await setup();
      const { crm: counted, calls } = instrumented(crm);
      const card = await mount(counted);
      const before = calls.length;
      const base = { version: 0, createdAt: NOW, updatedAt: NOW, accountId: 'a1' };
      await store.transaction(['contacts', 'activities'], async (tx) => {
        await tx.put('contacts', { ...base, id: 'c5', name: '钱进' });
        await tx.put('activities', { ...base, id: 'act-5', type: 'note', subject: '备忘', done: false });
      });
      await crm.contacts.create({ id: 'c6', accountId: 'a1', name: '孙丽' });
      await waitUntil(() => root(card).querySelector('[data-contact-id="c6"]'), 'shown');
      await sleep(200);
      expect(calls.length - before).to.equal(1);
    });

    it('never lets a slow older reload overwrite a newer one', async () => {
      const { crm } = await setup();
      // The second load (the first reload) answers last.
      const { crm: slow, calls } = instrumented(crm, { 2: 800 });
      const card = await mount(slow);
      let account = await crm.accounts.require('a1');
      account = await crm.accounts.update('a1', { name: 'Old name' }, { expectedVersion: account.version });
      await waitUntil(() => calls.length === 2, 'the slow reload started');
      await crm.accounts.update('a1', { name: 'New name' }, { expectedVersion: account.version });
      await waitUntil(() => textOf(card, '[part="name"]') === 'New name', 'the newer reload shown');
      await sleep(1_000);
      expect(textOf(card, '[part="name"]')).to.equal('New name');
    });

    it('stops watching when removed, and switches watches with customer-id', async () => {
      const { crm } = await setup();
      const { crm: counted, calls } = instrumented(crm);
      const card = await mount(counted);
      card.customerId = 'a2';
      await waitUntil(() => textOf(card, '[part="name"]') === '远航贸易', 'switched');
      const afterSwitch = calls.length;
      await crm.contacts.create({ accountId: 'a1', name: '不再关注' });
      await sleep(200);
      expect(calls.length).to.equal(afterSwitch);
      card.remove();
      await crm.contacts.create({ accountId: 'a2', name: '已移除' });
      await sleep(200);
      expect(calls.length).to.equal(afterSwitch);
    });
  });

  describe('states', () => {
    it('asks for a customer when there is no customer-id', async () => {
      const { crm } = await setup();
      const card = await fixture<KehuCustomerCardElement>(
        html`<kehu-customer-card .crm=${crm} locale="en"></kehu-customer-card>`,
      );
      expect(textOf(card, '[part~="state"]')).to.equal('No customer selected.');
    });

    it('says so when the customer does not exist', async () => {
      const { crm } = await setup();
      const card = await fixture<KehuCustomerCardElement>(
        html`<kehu-customer-card .crm=${crm} customer-id="nobody" locale="en"></kehu-customer-card>`,
      );
      await waitUntil(() => textOf(card, '[part~="state"]') === 'This customer does not exist (any more).');
      await expect(card).to.be.accessible();
    });

    it('is busy while loading', async () => {
      const { crm } = await setup();
      const pending: Crm = {
        ...crm,
        customers: { ...crm.customers, view360: () => new Promise<never>(() => undefined) },
      };
      const card = await fixture<KehuCustomerCardElement>(
        html`<kehu-customer-card .crm=${pending} customer-id="a1" locale="en"></kehu-customer-card>`,
      );
      const state = $(card, '[part~="state"]');
      expect(state.getAttribute('aria-busy')).to.equal('true');
      expect(text(state)).to.equal('Loading…');
    });

    it('shows a load error with a retry that works', async () => {
      const { crm } = await setup();
      let failures = 1;
      const flaky: Crm = {
        ...crm,
        customers: {
          ...crm.customers,
          view360: (id) =>
            failures-- > 0
              ? Promise.reject(new KehuError('STORAGE', 'IndexedDB is unavailable'))
              : crm.customers.view360(id),
        },
      };
      const card = await fixture<KehuCustomerCardElement>(
        html`<kehu-customer-card .crm=${flaky} customer-id="a1" locale="en"></kehu-customer-card>`,
      );
      await waitUntil(() => root(card).querySelector('[role="alert"]'), 'error shown');
      expect(textOf(card, '[role="alert"] p')).to.equal(
        'Something went wrong: The data could not be saved on this device.',
      );
      await expect(card).to.be.accessible();
      $(card, '[role="alert"] button').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root(card).querySelector('article'), 'loaded after retry');
    });
  });

  it('renders hostile names as text', async () => {
    const { crm } = await setup({ names: { account: HOSTILE, contact: HOSTILE, activity: HOSTILE } });
    const card = await mount(crm);
    expect(textOf(card, '[part="name"]')).to.equal(HOSTILE);
    expect(textOf(card, '[data-contact-id="c1"] .title')).to.equal(HOSTILE);
    expect(textOf(card, '[data-activity-id="act-done"] .title')).to.equal(HOSTILE);
    expect(root(card).querySelector('img')).to.equal(null);
    card.variant = 'compact';
    await card.updateComplete;
    expect(root(card).querySelector('img')).to.equal(null);
  });

  describe('keyboard', () => {
    it('opens the score reasons and both forms with keys only', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      const logged: string[] = [];
      card.addEventListener('kehu-activity-logged', (event) => logged.push(event.detail.activity.subject));
      const focused = () => root(card).activeElement;

      $(card, '[part="score"] button').focus();
      await sendKeys({ press: 'Enter' });
      await card.updateComplete;
      expect(focused()?.getAttribute('aria-expanded')).to.equal('true');
      expect($(card, '#score-reasons').checkVisibility()).to.equal(true);
      await sendKeys({ press: 'Space' });
      await card.updateComplete;
      expect($(card, '#score-reasons').checkVisibility()).to.equal(false);

      // Tab from the disclosure to "log activity", open it, type, submit with Enter.
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal($(card, '[data-action="activity"]'));
      await sendKeys({ press: 'Enter' });
      await card.updateComplete;
      expect(focused()).to.equal($(card, '#activity-type'));
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal($(card, '#activity-subject'));
      await sendKeys({ type: '客户来电' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => logged.length === 1, 'saved with Enter');
      expect(logged).to.deep.equal(['客户来电']);
      await waitUntil(() => focused() === $(card, '[data-action="activity"]'), 'focus back on the button');

      // Escape closes the deal form and returns focus to its button.
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal($(card, '[data-action="deal"]'));
      await sendKeys({ press: 'Space' });
      await card.updateComplete;
      expect(focused()).to.equal($(card, '#deal-title'));
      await sendKeys({ press: 'Escape' });
      await card.updateComplete;
      expect(root(card).querySelector('#deal-form')).to.equal(null);
      expect(focused()).to.equal($(card, '[data-action="deal"]'));
    });

    it('creates a deal in a chosen stage with a chosen contact, with keys only', async () => {
      const { crm } = await setup();
      const card = await mount(crm);
      let created: { id: string } | undefined;
      card.addEventListener('kehu-deal-created', (event) => {
        created = event.detail.deal;
      });
      const focused = () => root(card).activeElement;
      $(card, '[data-action="deal"]').focus();
      await sendKeys({ press: 'Enter' });
      await card.updateComplete;
      expect(focused()).to.equal($(card, '#deal-title'));
      await waitUntil(() => !$<HTMLSelectElement>(card, '#deal-stageId').disabled, 'stages loaded');
      await sendKeys({ type: '键盘商机' });
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal($(card, '#deal-stageId'));
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      expect($<HTMLSelectElement>(card, '#deal-stageId').value).to.equal('proposal');
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal($(card, '#deal-contactId'));
      await sendKeys({ press: 'ArrowDown' });
      const firstContact = (await crm.customers.view360('a1')).contacts[0]!.id;
      expect($<HTMLSelectElement>(card, '#deal-contactId').value).to.equal(firstContact);
      await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal($(card, '#deal-amount'));
      await sendKeys({ type: '3000' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => created, 'saved with Enter');
      const stored = await crm.deals.require(created!.id);
      expect(stored).to.include({ title: '键盘商机', stageId: 'proposal', contactId: firstContact });
      expect(stored.amount).to.deep.equal({ amount: 300_000, currency: 'CNY' });
      await waitUntil(() => focused() === $(card, '[data-action="deal"]'), 'focus back on the button');
    });
  });
});
