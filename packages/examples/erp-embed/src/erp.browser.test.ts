/// <reference types="mocha" />
// The ERP page in Chromium, end to end on IndexedDB: every screen with its embedded widget, the
// language and theme switches, the sales flow from an enquiry to a booked order with points, the
// reset, and a second tab's writes showing up live.
import { createDexieStore } from '@kehu/adapter-dexie';
import { createCrm, type Lead, loyaltyEngine } from '@kehu/core';
import { sampleLoyaltyProgram } from '@kehu/sample-data';
import { check, fill, type Mounted, mount, screen, shadowText, waitFor } from './test-helpers.ts';

describe('ERP page', () => {
  let page: Mounted | undefined;
  afterEach(async () => {
    await page?.unmount();
    page = undefined;
  });

  it('renders every screen with its widgets, from the sidebar and from the address', async () => {
    page = mount();
    const { app, root } = page;
    await app.ready;

    const dashboard = await screen(root, 'dashboard');
    await waitFor(() => dashboard.querySelectorAll('tr[data-stage]').length === 7, 'stage table');
    check(dashboard.querySelector('[data-tile="open-deals"] strong')?.textContent, 'KPI tiles');
    check(
      root.querySelector('a[data-route="dashboard"]')?.getAttribute('aria-current') === 'page',
      'current nav',
    );

    root.querySelector<HTMLAnchorElement>('a[data-route="pipeline"]')!.click();
    await screen(root, 'pipeline');
    check(location.hash === '#/pipeline', 'hash routing');
    check(root.querySelector('h1')?.textContent === '商机', 'screen title');
    const board = root.querySelector('kehu-pipeline-board')!;
    const card = await waitFor(
      () => board.shadowRoot?.querySelector<HTMLElement>('[data-deal-id]'),
      'board cards',
    );
    // A click as the board sees one: pointer down on the card, up without moving.
    const box = card.getBoundingClientRect();
    const pointer = {
      bubbles: true,
      composed: true,
      pointerId: 7,
      isPrimary: true,
      pointerType: 'mouse',
      button: 0,
    };
    const at = { clientX: box.left + 10, clientY: box.top + 10 };
    card.dispatchEvent(new PointerEvent('pointerdown', { ...pointer, ...at }));
    card.dispatchEvent(new PointerEvent('pointerup', { ...pointer, ...at }));
    const compact = await waitFor(
      () => root.querySelector('.erp-deal-customer kehu-customer-card'),
      'deal customer',
    );
    check(compact.getAttribute('variant') === 'compact', 'the selected deal shows the compact card');

    app.navigate('orders');
    const orders = await screen(root, 'orders');
    const firstOrder = await waitFor(
      () => orders.querySelector<HTMLElement>('tr[data-order-id]'),
      'order rows',
    );
    firstOrder.querySelector('a')!.click();
    const detail = await screen(root, 'order-detail');
    await waitFor(() => detail.querySelector('table.grid tbody tr'), 'order lines');
    const orderCard = await waitFor(
      () => detail.querySelector('kehu-customer-card'),
      'customer card beside the order',
    );
    check(orderCard.getAttribute('variant') === 'compact', 'compact card beside the order');
    await waitFor(() => shadowText(orderCard).trim().length > 20, 'the compact card renders');

    app.navigate('customers');
    const customers = await screen(root, 'customers');
    const row = await waitFor(
      () => customers.querySelector<HTMLElement>('tr[data-account-id]'),
      'customer rows',
    );
    row.querySelector('a')!.click();
    await waitFor(
      () => root.querySelector('[data-screen="customers"] kehu-customer-card[variant="full"]'),
      'full card',
    );

    app.navigate('leads');
    const leads = await screen(root, 'leads');
    const leadRow = await waitFor(() => leads.querySelector('tr[data-lead-id]'), 'lead rows');
    // Imported leads were scored on the way in, with the same rules capture uses.
    check(
      leadRow.querySelector('[data-part="score"] strong')?.textContent?.match(/^-?\d/),
      'imported leads have scores',
    );
    const form = leads.querySelector('kehu-lead-form')!;
    await waitFor(
      () => form.shadowRoot?.querySelector('[name="company"]'),
      'the lead form renders its fields',
    );
  });

  it('switches language and theme for the page and the widgets', async () => {
    page = mount({}, 'pipeline');
    const { app, root } = page;
    await app.ready;
    await screen(root, 'pipeline');
    const provider = root.querySelector('kehu-provider')!;
    check(provider.getAttribute('locale') === 'zh-CN', 'zh-CN by default');
    check(root.querySelector('a[data-route="orders"]')?.textContent === '销售订单', 'Chinese labels');

    const language = root.querySelector<HTMLSelectElement>('[data-control="locale"]')!;
    language.value = 'en';
    language.dispatchEvent(new Event('change'));
    check(app.locale === 'en', 'language switched');
    await waitFor(() => provider.getAttribute('locale') === 'en', 'the provider passes en to the widgets');
    check(root.querySelector('a[data-route="orders"]')?.textContent === 'Sales orders', 'English labels');
    check(root.querySelector('h1')?.textContent === 'Pipeline', 'English title');
    check(document.documentElement.lang === 'en', 'document language');
    const status = root.querySelector('[role="status"]')?.textContent ?? '';
    check(status.includes('Generated') && status.includes('deals'), `the status line follows: ${status}`);
    const board = root.querySelector('kehu-pipeline-board')!;
    await waitFor(() => shadowText(board).includes('Proposal'), 'the board speaks English');

    const erp = root.querySelector<HTMLElement>('.erp')!;
    const lightBackground = getComputedStyle(erp).backgroundColor;
    const theme = root.querySelector<HTMLInputElement>('[data-control="theme"]')!;
    theme.click();
    check(app.theme === 'dark', 'theme switched');
    check(erp.dataset.theme === 'dark', 'page colours switch');
    await waitFor(() => provider.getAttribute('theme') === 'dark', 'the provider passes dark to the widgets');
    check(getComputedStyle(erp).backgroundColor !== lightBackground, 'the page background changed');
    check(
      getComputedStyle(board).getPropertyValue('--kehu-color-surface').trim() === '#0d1117',
      'dark tokens reach the widgets',
    );

    language.value = 'zh-CN';
    language.dispatchEvent(new Event('change'));
    // The screen is rebuilt in the new language; its board gets the language from the provider.
    await waitFor(
      () => shadowText(root.querySelector('kehu-pipeline-board')).includes('方案报价'),
      'back to Chinese',
    );
    check(root.querySelector('a[data-route="orders"]')?.textContent === '销售订单', 'Chinese labels again');
  });

  it('captures a lead, scores and assigns it, converts it, wins the deal and books the order with points', async () => {
    page = mount({}, 'leads');
    const { app, root } = page;
    await app.ready;
    const crm = app.crm;
    const leads = await screen(root, 'leads');
    const form = leads.querySelector('kehu-lead-form')!;
    await waitFor(() => form.shadowRoot?.querySelector('[name="name"]'), 'lead form fields');

    fill(form, 'name', '沈立');
    fill(form, 'company', '苏州澄湖精密机械有限公司');
    fill(form, 'email', 'shen.li@chenghu-mfg.com');
    fill(form, 'phone', '13912345678');
    fill(form, 'industry', 'manufacturing');
    fill(form, 'region', '江苏省');
    fill(form, 'message', '工厂车间需要 12 台商用净水器');
    fill(form, 'consent', true);
    const captured = new Promise<Lead | undefined>((resolve) =>
      form.addEventListener('kehu-lead-captured', (event) => resolve(event.detail.lead), { once: true }),
    );
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const lead = await Promise.race([
      captured,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no kehu-lead-captured')), 10_000)),
    ]);
    check(lead, 'the form hands back the captured lead');

    // Listed with its score, the reasons, its owner and why.
    const row = await waitFor(
      () => leads.querySelector<HTMLElement>(`tr[data-lead-id="${lead.id}"]`),
      'lead listed',
    );
    const score = row.querySelector('[data-part="score"]')!;
    check(score.textContent?.includes('53'), `score 53: ${score.textContent}`);
    check(score.querySelector('.badge')?.textContent === 'B', 'grade B');
    check(score.textContent?.includes('重点行业'), 'score reasons');
    check(score.textContent?.includes('华东区域'), 'score reasons (region)');
    const stored = await crm.leads.require(lead.id);
    check(stored.ownerId, 'the lead has an owner');
    const owner = await crm.users.get(stored.ownerId);
    check(row.querySelector('[data-part="owner"]')?.textContent === owner?.name, 'owner name listed');
    const reason = row.querySelector('[data-part="reason"]')?.textContent ?? '';
    check(reason.includes('优质线索') && reason.includes('最少负载'), `assignment reason: ${reason}`);
    check(root.querySelector('[role="status"]')?.textContent?.includes('沈立'), 'status announces the lead');

    // Convert → a deal on the board.
    row.querySelector<HTMLInputElement>('input[type="number"]')!.value = '86000';
    row.querySelector<HTMLButtonElement>('[data-action="convert"]')!.click();
    await waitFor(
      () => leads.querySelector(`tr[data-lead-id="${lead.id}"] [data-action="view-deal"]`),
      'the lead shows as converted',
    );
    const converted = await crm.leads.require(lead.id);
    const dealId = converted.converted?.dealId;
    check(dealId, 'conversion opened a deal');
    const accountId = converted.converted!.accountId;
    leads
      .querySelector<HTMLAnchorElement>(`tr[data-lead-id="${lead.id}"] [data-action="view-deal"]`)!
      .click();
    await screen(root, 'pipeline');
    const board = root.querySelector('kehu-pipeline-board')!;
    // The board's own search narrows the columns to the new customer's deals.
    board.search = '澄湖';
    await waitFor(
      () => board.shadowRoot?.querySelector(`[data-deal-id="${dealId}"]`),
      'the new deal is on the board',
    );

    // Won, with the board's keyboard controls: Space picks the card up, → moves it across the five
    // open stages onto Won, Space drops it, and the board asks why it was won.
    const moved = new Promise<string>((resolve) =>
      board.addEventListener('kehu-deal-moved', (event) => resolve(event.detail.toStageId), { once: true }),
    );
    const dealCard = board.shadowRoot!.querySelector<HTMLElement>(`[data-deal-id="${dealId}"]`)!;
    dealCard.focus();
    const press = async (key: string) => {
      const target = (board.shadowRoot!.activeElement as HTMLElement | null) ?? dealCard;
      target.dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
      );
      await board.updateComplete;
    };
    await press(' ');
    for (let step = 0; step < 5; step++) await press('ArrowRight');
    await press(' ');
    const dialog = await waitFor(
      () => board.shadowRoot!.querySelector('dialog[open]'),
      'the won-reason dialog',
    );
    dialog.querySelector('textarea')!.value = '价格与交期满足要求';
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    check((await moved) === 'won', 'the board moved the deal to won');
    check((await crm.deals.require(dealId)).status === 'won', 'the deal is won');
    const orderId = `so-${dealId}`;
    await waitFor(
      () => root.querySelector('[role="status"]')?.textContent?.includes('已为'),
      'status: order booked',
    );
    await waitFor(
      () => !board.shadowRoot?.querySelector(`[data-deal-id="${dealId}"]`),
      'the deal leaves the open columns',
    );

    app.navigate('orders');
    const orders = await screen(root, 'orders');
    const orderRow = await waitFor(
      () => orders.querySelector<HTMLElement>(`tr[data-order-id="${orderId}"]`),
      'the order is listed',
    );
    check(orderRow.textContent?.includes('苏州澄湖精密机械有限公司'), 'order customer');
    check(orderRow.textContent?.includes('86,000'), `order amount: ${orderRow.textContent}`);
    orderRow.querySelector('a')!.click();
    const detail = await screen(root, 'order-detail');
    const compact = await waitFor(() => detail.querySelector('kehu-customer-card'), 'card beside the order');
    await waitFor(() => shadowText(compact).includes('白金卡'), 'the compact card shows the new tier');
    check(shadowText(compact).includes('86,000'), `points on the compact card: ${shadowText(compact)}`);

    app.navigate(`customers/${accountId}`);
    await screen(root, 'customers');
    const full = await waitFor(() => root.querySelector('kehu-customer-card[variant="full"]'), 'full card');
    await waitFor(
      () => full.shadowRoot?.querySelector('[data-figure="tier"]')?.textContent?.includes('白金卡'),
      'tier',
    );
    check(
      full.shadowRoot?.querySelector('[data-figure="points"]')?.textContent?.includes('86,000'),
      'points',
    );
    const booked = await crm.orders.require(orderId);
    await waitFor(() => shadowText(full).includes(booked.number!), 'the card lists the order');

    // Booking is idempotent: the same deal never books twice.
    const { bookWonDeal } = await import('./erp-orders.ts');
    const again = await bookWonDeal(crm, await crm.deals.require(dealId));
    check(!again.created, 'a second booking of the same deal writes nothing');
    check((await crm.store.count('orders', { dealId })) === 1, 'one order for the deal');
  });

  it('resets the demo data: deletes the database and seeds it again', async () => {
    page = mount();
    const { app, root } = page;
    const first = await app.ready;
    const leadsBefore = await first.store.count('leads');
    await app.crm.leads.capture({ source: 'phone', name: '临时线索' });
    check((await first.store.count('leads')) === leadsBefore + 1, 'a lead was added');

    const confirm = window.confirm;
    window.confirm = () => true;
    try {
      root.querySelector<HTMLButtonElement>('[data-control="reset"]')!.click();
      await waitFor(() => app.session && app.session !== first && app.session, 'a new session', 20_000);
    } finally {
      window.confirm = confirm;
    }
    const second = await app.ready;
    check(second.seeded, 'the data was generated again');
    check((await second.store.count('leads')) === leadsBefore, 'the added lead is gone');
    check(second.deals === first.deals, 'the same generated deals');
    check(root.querySelector('[role="status"]')?.textContent?.includes('已生成'), 'status says generated');
    await screen(root, 'dashboard');
  });

  it('follows a second tab writing to the same database: the board and the card update', async () => {
    page = mount({}, 'pipeline');
    const { app, root, database } = page;
    await app.ready;
    await screen(root, 'pipeline');
    const board = root.querySelector('kehu-pipeline-board')!;
    const card = await waitFor(() => board.shadowRoot?.querySelector<HTMLElement>('[data-deal-id]'), 'cards');
    const dealId = card.dataset.dealId!;

    // The other tab: its own connection to the same IndexedDB database.
    const other = createDexieStore({ name: database });
    try {
      const otherCrm = createCrm({ store: other, engines: { loyalty: loyaltyEngine(sampleLoyaltyProgram) } });
      const deal = (await other.get('deals', dealId))!;
      await otherCrm.deals.update(
        dealId,
        { title: '另一个标签页改的标题' },
        { expectedVersion: deal.version },
      );
      await waitFor(
        () => shadowText(board).includes('另一个标签页改的标题'),
        'the board shows the other tab’s edit',
      );

      app.navigate(`customers/${deal.accountId}`);
      await screen(root, 'customers');
      const full = await waitFor(() => root.querySelector('kehu-customer-card[variant="full"]'), 'full card');
      await waitFor(() => full.shadowRoot?.querySelector('[data-figure="order-count"]'), 'card loaded');
      await otherCrm.orders.record({
        id: 'so-other-tab',
        number: 'SO-OTHER-TAB-1',
        accountId: deal.accountId,
        amount: { amount: 1_200_000, currency: 'CNY' },
        channel: 'phone',
      });
      await waitFor(
        () => shadowText(full).includes('SO-OTHER-TAB-1'),
        'the card shows the other tab’s order',
      );
      app.navigate('orders');
      const orders = await screen(root, 'orders');
      await waitFor(() => orders.querySelector('tr[data-order-id="so-other-tab"]'), 'the orders list too');
    } finally {
      await other.close();
    }
  });
});
