/**
 * The ERP's screens. Each builds its DOM with text nodes only (see dom.ts), embeds Kehu's widgets
 * where an ERP vendor would put them — the board on the pipeline screen, the compact customer
 * card beside an order, the full card on the customer screen, the lead form next to the leads
 * list — and keeps its own lists live through `store.watch`, which also reports changes made in
 * other tabs.
 */

import type { DexieStore } from '@kehu/adapter-dexie';
import type { Account, Crm, Lead, Order, Page, Unsubscribe, User } from '@kehu/core';
import { KEY_ACCOUNT_PIPELINE_ID } from '@kehu/core';
import { sampleScoring } from '@kehu/sample-data';
import { dealsPerStage } from './data.ts';
import { h, on, table } from './dom.ts';
import { formatDate, formatMoney, type Labels, type Locale, localized } from './i18n.ts';
import { enquiryForm } from './lead-form-config.ts';

export interface ScreenContext {
  crm: Crm;
  store: DexieStore;
  locale: Locale;
  t: Labels;
  /** The route's parameter: an order or customer id. */
  param: string | undefined;
  navigate(route: string): void;
  notify(message: string | ((labels: Labels) => string), kind?: 'info' | 'error'): void;
  /** The lead form's minimum fill time (tests use 0). */
  minFillMs: number | undefined;
}

export interface Screen {
  element: HTMLElement;
  dispose(): void;
}

/** Reports a failed background action on the status line instead of losing it. */
function report(ctx: ScreenContext) {
  return (error: unknown) => ctx.notify(error instanceof Error ? error.message : String(error), 'error');
}

/** A watch whose async rendering never lets an older result overwrite a newer one. */
function watchLatest<T>(
  subscribe: (next: (page: Page<T>) => void) => Unsubscribe,
  render: (page: Page<T>) => Promise<void>,
  onError: (error: unknown) => void,
): Unsubscribe {
  let run = 0;
  return subscribe((page) => {
    const mine = ++run;
    render(page).then(
      () => undefined,
      (error: unknown) => {
        if (mine === run) onError(error);
      },
    );
  });
}

async function accountNames(crm: Crm, ids: readonly (string | undefined)[]): Promise<Map<string, Account>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== undefined))];
  const accounts = await crm.store.getMany('accounts', unique);
  return new Map(accounts.filter((a): a is Account => a !== undefined).map((a) => [a.id, a]));
}

/** The account an order belongs to: its own, or its member card's. */
async function orderAccountId(crm: Crm, order: Order): Promise<string | undefined> {
  if (order.accountId) return order.accountId;
  if (!order.memberId) return undefined;
  return (await crm.store.get('members', order.memberId))?.accountId;
}

// ————— 工作台 Dashboard —————

export function dashboardScreen(ctx: ScreenContext): Screen {
  const { crm, t, locale } = ctx;
  const tiles = h('div', { class: 'erp-tiles' });
  const stages = h('section', { class: 'erp-panel', 'aria-label': t.dealsPerStage });
  const element = h('div', { 'data-screen': 'dashboard' }, tiles, stages);
  let disposed = false;

  const monthStart = new Date();
  monthStart.setDate(1);
  monthStart.setHours(0, 0, 0, 0);
  const load = async () => {
    const [open, fresh, members, monthOrders, rows] = await Promise.all([
      crm.store.count('deals', { status: 'open' }),
      crm.store.count('leads', { status: 'new' }),
      crm.store.count('members'),
      crm.store.query('orders', { where: { orderedAt: { gte: monthStart.toISOString() } } }),
      dealsPerStage(crm.store, KEY_ACCOUNT_PIPELINE_ID),
    ]);
    if (disposed) return;
    const paid = monthOrders.items.filter((o) => o.status === 'paid' && o.amount.currency === 'CNY');
    const revenue = paid.reduce((sum, o) => sum + o.amount.amount, 0);
    const tile = (label: string, value: string, key: string) =>
      h('div', { class: 'erp-tile', 'data-tile': key }, h('span', {}, label), h('strong', {}, value));
    const number = new Intl.NumberFormat(locale);
    tiles.replaceChildren(
      tile(t.openDeals, number.format(open), 'open-deals'),
      tile(t.newLeads, number.format(fresh), 'new-leads'),
      tile(t.ordersThisMonth, number.format(monthOrders.items.length), 'orders-month'),
      tile(t.revenueThisMonth, formatMoney(locale, { amount: revenue, currency: 'CNY' }), 'revenue-month'),
      tile(t.members, number.format(members), 'members'),
    );
    const totals = (sums: Record<string, number>) =>
      Object.entries(sums)
        .map(([currency, amount]) => formatMoney(locale, { amount, currency }))
        .join(' + ') || '—';
    stages.replaceChildren(
      table(
        t.dealsPerStage,
        [t.stage, t.count, t.amount],
        rows.map((row) => [row.name[locale], String(row.count), totals(row.totals)]),
        { numeric: [1, 2], rowAttributes: (i) => ({ 'data-stage': rows[i]!.stageId }) },
      ),
    );
  };
  load().catch(report(ctx));
  return {
    element,
    dispose: () => {
      disposed = true;
    },
  };
}

// ————— 销售订单 Sales orders —————

export function ordersScreen(ctx: ScreenContext): Screen {
  return ctx.param ? orderDetail(ctx, ctx.param) : orderList(ctx);
}

function orderList(ctx: ScreenContext): Screen {
  const { crm, t, locale } = ctx;
  const panel = h('section', { class: 'erp-panel' }, h('p', { class: 'muted' }, '…'));
  const element = h('div', { 'data-screen': 'orders' }, panel);
  const stop = watchLatest<Order>(
    (next) =>
      crm.store.watch('orders', { orderBy: { field: 'orderedAt', direction: 'desc' }, limit: 50 }, next),
    async (page) => {
      const accountIds = await Promise.all(page.items.map((order) => orderAccountId(crm, order)));
      const accounts = await accountNames(crm, accountIds);
      const rows = page.items.map((order, i) => [
        h('a', { href: `#/orders/${encodeURIComponent(order.id)}` }, order.number ?? order.id),
        formatDate(locale, order.orderedAt),
        accounts.get(accountIds[i] ?? '')?.name ?? '—',
        formatMoney(locale, order.amount),
        t.orderStatus[order.status] ?? order.status,
        t.orderChannel[order.channel] ?? order.channel,
      ]);
      panel.replaceChildren(
        rows.length
          ? table(t.recentOrders, [t.orderNo, t.date, t.customer, t.amount, t.status, t.channel], rows, {
              numeric: [3],
              rowAttributes: (i) => ({ 'data-order-id': page.items[i]!.id }),
            })
          : h('p', { class: 'muted' }, t.noOrders),
      );
    },
    report(ctx),
  );
  return { element, dispose: stop };
}

function orderDetail(ctx: ScreenContext, orderId: string): Screen {
  const { crm, t, locale } = ctx;
  const detail = h('section', { class: 'erp-panel erp-detail' }, h('p', { class: 'muted' }, '…'));
  const side = h('aside', { class: 'erp-side-card' });
  const element = h(
    'div',
    { 'data-screen': 'order-detail' },
    h('p', {}, h('a', { href: '#/orders' }, t.backToOrders)),
    h('div', { class: 'erp-split' }, detail, side),
  );
  let card: HTMLElementTagNameMap['kehu-customer-card'] | undefined;
  const stop = watchLatest<Order>(
    (next) => crm.store.watch('orders', { where: { id: orderId } }, next),
    async (page) => {
      const order = page.items[0];
      if (!order) {
        detail.replaceChildren(h('p', {}, t.orderMissing));
        return;
      }
      const accountId = await orderAccountId(crm, order);
      const account = accountId ? await crm.store.get('accounts', accountId) : undefined;
      const deal = order.dealId ? await crm.store.get('deals', order.dealId) : undefined;
      const field = (label: string, value: string) => [h('dt', {}, label), h('dd', {}, value)];
      detail.replaceChildren(
        h('h2', {}, `${t.orderNo} ${order.number ?? order.id}`),
        h(
          'dl',
          {},
          ...field(t.customer, account?.name ?? '—'),
          ...field(t.date, formatDate(locale, order.orderedAt)),
          ...field(t.amount, formatMoney(locale, order.amount)),
          ...field(t.status, t.orderStatus[order.status] ?? order.status),
          ...field(t.channel, t.orderChannel[order.channel] ?? order.channel),
          ...(deal ? field(t.orderFromDeal, deal.title) : []),
        ),
        table(
          t.items,
          [t.sku, t.product, t.quantity, t.unitPrice, t.amount],
          order.items.map((item) => [
            item.sku,
            item.name,
            String(item.quantity),
            formatMoney(locale, item.unitPrice),
            formatMoney(locale, {
              amount: Math.round(item.quantity * item.unitPrice.amount),
              currency: item.unitPrice.currency,
            }),
          ]),
          { numeric: [2, 3, 4] },
        ),
      );
      if (accountId && card?.customerId !== accountId) {
        card = document.createElement('kehu-customer-card');
        card.variant = 'compact';
        card.customerId = accountId;
        side.replaceChildren(card);
      }
    },
    report(ctx),
  );
  return { element, dispose: stop };
}

// ————— 客户 Customers —————

export function customersScreen(ctx: ScreenContext): Screen {
  const { crm, t } = ctx;
  const search = h('input', {
    type: 'search',
    'aria-label': t.searchCustomers,
    placeholder: t.searchCustomers,
  });
  const list = h('div', { class: 'erp-customer-list' });
  const detail = h('section', { class: 'erp-customer-detail' });
  const element = h(
    'div',
    { 'data-screen': 'customers' },
    h('div', { class: 'erp-split wide-side' }, h('section', { class: 'erp-panel' }, search, list), detail),
  );
  let accounts: Account[] = [];
  const render = () => {
    const needle = search.value.trim().toLowerCase();
    const shown = accounts.filter((a) => !needle || a.name.toLowerCase().includes(needle)).slice(0, 100);
    list.replaceChildren(
      table(
        undefined,
        [t.name, t.kind, t.region, t.lifecycle],
        shown.map((account) => [
          h('a', { href: `#/customers/${encodeURIComponent(account.id)}` }, account.name),
          account.kind === 'company' ? t.company : t.person,
          account.region ?? '—',
          t.lifecycleName[account.lifecycle] ?? account.lifecycle,
        ]),
        {
          rowAttributes: (i) => ({
            'data-account-id': shown[i]!.id,
            'aria-selected': String(shown[i]!.id === ctx.param),
          }),
        },
      ),
    );
  };
  on(search, 'input', render);
  const stop = crm.store.watch(
    'accounts',
    { orderBy: { field: 'updatedAt', direction: 'desc' }, limit: 300 },
    {
      next: (page) => {
        accounts = page.items;
        render();
      },
      error: report(ctx),
    },
  );
  if (ctx.param) {
    const card = document.createElement('kehu-customer-card');
    card.variant = 'full';
    card.customerId = ctx.param;
    detail.replaceChildren(card);
  } else {
    detail.replaceChildren(h('p', { class: 'erp-panel muted' }, t.pickCustomer));
  }
  return { element, dispose: stop };
}

// ————— 线索 Leads —————

const ruleLabels = new Map(sampleScoring.rules.map((rule) => [rule.id, rule.label]));

function reasonText(locale: Locale, reason: { ruleId: string; label?: string | undefined }): string {
  const known = ruleLabels.get(reason.ruleId);
  if (known) return localized(locale, known);
  if (reason.ruleId.startsWith('cap:')) return locale === 'en' ? 'Group cap' : '分组上限';
  return reason.label ?? reason.ruleId;
}

export function leadsScreen(ctx: ScreenContext): Screen {
  const { crm, t, locale } = ctx;
  const list = h(
    'section',
    { class: 'erp-panel', 'aria-label': t.leadList },
    h('p', { class: 'muted' }, '…'),
  );
  const form = document.createElement('kehu-lead-form');
  form.config = enquiryForm(ctx.minFillMs === undefined ? {} : { minFillMs: ctx.minFillMs });
  form.duplicateHint = true;
  form.addEventListener('kehu-lead-captured', (event) => {
    const name = event.detail.lead?.name ?? event.detail.leadId;
    ctx.notify((labels) => labels.leadCaptured(name));
  });
  const element = h(
    'div',
    { 'data-screen': 'leads' },
    h(
      'div',
      { class: 'erp-split' },
      list,
      h('section', { class: 'erp-panel', 'aria-label': t.newLead }, form),
    ),
  );
  let users = new Map<string, User>();
  const usersLoaded = crm.store.query('users').then((page) => {
    users = new Map(page.items.map((user) => [user.id, user]));
  });

  const convertControls = (lead: Lead) => {
    const amount = h('input', {
      type: 'number',
      min: 1,
      step: 1000,
      value: 50000,
      'aria-label': `${t.dealAmount}: ${lead.name}`,
    });
    const button = h('button', { type: 'button', class: 'primary', 'data-action': 'convert' }, t.convert);
    on(button, 'click', () => {
      const yuan = Number(amount.value);
      if (!(yuan > 0)) {
        amount.focus();
        return;
      }
      button.disabled = true;
      const title = `${lead.company ?? lead.name} · ${locale === 'en' ? 'water purification' : '净水项目'}`;
      crm.leads
        .convert(lead.id, {
          expectedVersion: lead.version,
          deal: { title, amount: { amount: Math.round(yuan * 100), currency: 'CNY' } },
        })
        .then(
          (conversion) => ctx.notify((labels) => labels.dealOpened(conversion.deal?.title ?? title)),
          (error: unknown) => {
            button.disabled = false;
            report(ctx)(error);
          },
        );
    });
    return h('div', { class: 'convert' }, amount, button);
  };

  const renderLead = (lead: Lead): HTMLElement[] => {
    const score = lead.score;
    const owner = lead.ownerId ? (users.get(lead.ownerId)?.name ?? lead.ownerId) : t.unassigned;
    const action =
      lead.status === 'converted'
        ? h('a', { href: '#/pipeline', 'data-action': 'view-deal' }, `${t.converted} · ${t.viewOnBoard}`)
        : lead.status === 'disqualified'
          ? h('span', { class: 'muted' }, t.leadStatus.disqualified ?? lead.status)
          : convertControls(lead);
    return [
      h(
        'div',
        {},
        h('strong', {}, lead.name),
        lead.company ? h('div', { class: 'muted' }, lead.company) : null,
        h(
          'div',
          { class: 'muted' },
          `${t.source[lead.source] ?? lead.source} · ${t.leadStatus[lead.status] ?? lead.status}`,
        ),
      ),
      score
        ? h(
            'div',
            { 'data-part': 'score' },
            h('strong', {}, String(score.total)),
            ' ',
            score.grade ? h('span', { class: `badge grade-${score.grade}` }, score.grade) : null,
            h(
              'ul',
              { class: 'reasons' },
              ...score.reasons.map((reason) =>
                h('li', {}, `${reasonText(locale, reason)} ${reason.points > 0 ? '+' : ''}${reason.points}`),
              ),
            ),
          )
        : h('span', { class: 'muted' }, '—'),
      h('div', { 'data-part': 'owner' }, owner),
      h('div', { 'data-part': 'reason', class: 'muted' }, lead.assignmentReason ?? '—'),
      action,
    ];
  };

  const stop = watchLatest<Lead>(
    (next) =>
      crm.store.watch('leads', { orderBy: { field: 'createdAt', direction: 'desc' }, limit: 25 }, next),
    async (page) => {
      await usersLoaded;
      list.replaceChildren(
        page.items.length
          ? table(t.leadList, [t.name, t.score, t.owner, t.assignment, ''], page.items.map(renderLead), {
              rowAttributes: (i) => ({ 'data-lead-id': page.items[i]!.id }),
            })
          : h('p', { class: 'muted' }, t.noLeads),
      );
    },
    report(ctx),
  );
  return { element, dispose: stop };
}

// ————— 商机 Pipeline —————

export function pipelineScreen(ctx: ScreenContext): Screen {
  const { t } = ctx;
  const board = document.createElement('kehu-pipeline-board');
  board.pipelineId = KEY_ACCOUNT_PIPELINE_ID;
  const side = h(
    'section',
    { class: 'erp-panel erp-deal-customer' },
    h('p', { class: 'muted' }, t.selectDeal),
  );
  board.addEventListener('kehu-deal-select', (event) => {
    const card = document.createElement('kehu-customer-card');
    card.variant = 'compact';
    card.customerId = event.detail.deal.accountId;
    side.replaceChildren(card);
  });
  const element = h('div', { 'data-screen': 'pipeline' }, board, h('div', { class: 'erp-below' }, side));
  return { element, dispose: () => undefined };
}
