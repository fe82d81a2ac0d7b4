/**
 * The customer 360 view: everything a rep needs about one account on one screen. Every section is
 * an indexed query by account (or by its member cards), so the cost follows the size of the
 * account, never the size of the database.
 */

import { hasLoyaltyProgram } from '../loyalty/engine.ts';
import { type LoyaltyStatus, loyaltyStatus } from '../loyalty/status.ts';
import type { Account } from '../model/account.ts';
import type { Activity } from '../model/activity.ts';
import type { EntityOf } from '../model/collections.ts';
import type { LocalizedText, Money } from '../model/common.ts';
import type { Contact } from '../model/contact.ts';
import type { Deal } from '../model/deal.ts';
import type { Member } from '../model/loyalty.ts';
import type { Order } from '../model/order.ts';
import type { Pipeline, Stage } from '../model/pipeline.ts';
import type { Page, Query } from '../storage/contract.ts';
import { type AccountValue, valueOfOrders } from '../value/account.ts';
import { type HealthScore, healthScore } from '../value/health.ts';
import {
  analyzeCustomers,
  type CustomerAnalysis,
  type ValueModel,
  type ValueOptionsInput,
} from '../value/model.ts';
import type { CrmContext } from './context.ts';
import { findStage } from './pipelines.ts';
import { missingRecord } from './references.ts';
import { parseId } from './validation.ts';

export interface OpenDealView {
  deal: Deal;
  /** `undefined` only if the deal's pipeline or stage has gone missing. */
  stage: Stage | undefined;
  stageName: LocalizedText | undefined;
  /** The rep's override when set, else the stage's probability, in percent. */
  probability: number;
  /** `amount × probability`, rounded to the minor unit. */
  weighted: Money;
}

export interface UpcomingActivityView {
  activity: Activity;
  /** Due before now and still not done. */
  overdue: boolean;
}

export interface OrderSummary {
  /** The newest orders, whatever their status. */
  recent: Order[];
  /** Paid orders only: refunded and cancelled ones are listed in `recent` but not counted. */
  count: number;
  /** Sum of paid orders per currency, ordered by currency code. */
  totals: Money[];
  firstOrderAt: string | undefined;
  lastOrderAt: string | undefined;
}

export interface Customer360 {
  account: Account;
  contacts: Contact[];
  /** Ordered by expected close date, undated last. */
  openDeals: OpenDealView[];
  /** Done activities, most recently done first. */
  recentActivities: Activity[];
  /** Open activities by due date, undated last. */
  upcomingActivities: UpcomingActivityView[];
  orders: OrderSummary;
  members: Member[];
  /** Points, tier and lapsing points of each card in the facade's loyalty programme; empty without one. */
  loyalty: LoyaltyStatus[];
  /** The health score with its reasons, from the activities, orders and open deals above. */
  health: HealthScore;
  /**
   * RFM figures from the paid orders; score, segment and value grade against the facade's value
   * model (`analyze()` or `CrmOptions.valueModel`), `undefined` without one.
   */
  value: Omit<AccountValue, 'accountId' | 'health'>;
}

export interface CustomerService {
  /** The 360 view of an account; `NOT_FOUND` when there is no such account. */
  view360(accountId: string): Promise<Customer360>;
  /**
   * Ranks the whole customer base (RFM quintiles, the 2/8 value grade) from every order in the
   * store, as of now unless `asOf` is given, and makes the result the model `view360` scores
   * against. One pass over the orders; run it nightly or after an import, not per view.
   */
  analyze(options?: Partial<ValueOptionsInput>): Promise<CustomerAnalysis>;
  /** The model `view360` scores against, if any. */
  readonly valueModel: ValueModel | undefined;
  /** Sets (or clears) the model, e.g. one computed on a server and shipped to the browser. */
  useValueModel(model: ValueModel | undefined): void;
}

const RECENT_ACTIVITIES = 10;
const UPCOMING_ACTIVITIES = 10;
const RECENT_ORDERS = 5;

const ORDER_PAGE = 1000;

export function createCustomerService(ctx: CrmContext, initialModel?: ValueModel): CustomerService {
  let model = initialModel;
  return {
    get valueModel() {
      return model;
    },
    useValueModel(next) {
      model = next;
    },
    async analyze(options = {}) {
      const asOf = new Date(ctx.clock.now()).toISOString();
      const [orders, members] = await Promise.all([
        readAll(ctx, 'orders', { status: 'paid' }),
        readAll(ctx, 'members', {}),
      ]);
      // A card's order belongs to the card's account, as in view360; a card of nobody stands alone.
      const accountOfCard = new Map(members.map((member) => [member.id, member.accountId]));
      const customerOf = (order: Order) =>
        order.accountId ??
        (order.memberId === undefined
          ? undefined
          : (accountOfCard.get(order.memberId) ?? `member:${order.memberId}`));
      const analysis = analyzeCustomers(orders, { asOf, ...options }, customerOf);
      model = analysis.model;
      return analysis;
    },
    async view360(accountId) {
      parseId(accountId);
      const { store } = ctx;
      const account = await store.get('accounts', accountId);
      if (!account) throw missingRecord('accounts', accountId);
      const [contacts, deals, recent, dated, undated, members, accountOrders] = await Promise.all([
        store.query('contacts', { where: { accountId }, orderBy: 'name' }),
        store.query('deals', { where: { accountId, status: 'open' } }),
        store.query('activities', {
          where: { accountId, done: true },
          orderBy: { field: 'doneAt', direction: 'desc' },
          limit: RECENT_ACTIVITIES,
        }),
        // Two queries, because the store sorts a missing due date before every date.
        store.query('activities', {
          where: { accountId, done: false, dueAt: { gte: '' } },
          orderBy: 'dueAt',
          limit: UPCOMING_ACTIVITIES,
        }),
        store.query('activities', {
          where: { accountId, done: false, dueAt: null },
          limit: UPCOMING_ACTIVITIES,
        }),
        store.query('members', { where: { accountId } }),
        store.query('orders', { where: { accountId }, orderBy: 'orderedAt' }),
      ]);
      const now = ctx.clock.now();
      const [pipelines, memberOrders, loyalty] = await Promise.all([
        pipelinesOf(ctx, deals.items),
        ordersOfMembers(ctx, members.items),
        loyaltyOf(ctx, members.items, now),
      ]);
      const allOrders = mergeOrders(accountOrders.items, memberOrders);
      const open = [...dated.items, ...undated.items];
      const { accountId: _, ...value } = valueOfOrders(
        accountId,
        allOrders,
        new Date(now).toISOString(),
        model,
      );
      return {
        account,
        contacts: contacts.items,
        openDeals: sortByCloseDate(
          deals.items.map((deal) => openDealView(deal, pipelines.get(deal.pipelineId))),
        ),
        recentActivities: recent.items,
        upcomingActivities: open
          .slice(0, UPCOMING_ACTIVITIES)
          .map((activity) => ({ activity, overdue: isOverdue(activity, now) })),
        orders: summarizeOrders(allOrders),
        members: members.items,
        loyalty,
        // The open activities come earliest due first, so the overdue ones are all among them.
        health: healthScore(
          { activities: [...recent.items, ...open], orders: allOrders, deals: deals.items },
          {
            now,
            ...(model ? { currency: model.currency } : {}),
            ...(model?.rates ? { rates: model.rates } : {}),
          },
        ),
        value,
      };
    },
  };
}

/** Every record of a collection matching `where`, page by page. */
async function readAll<C extends 'orders' | 'members'>(
  ctx: CrmContext,
  collection: C,
  where: Query<C>['where'],
): Promise<EntityOf<C>[]> {
  const all: EntityOf<C>[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<EntityOf<C>> = await ctx.store.query(collection, { where, limit: ORDER_PAGE, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

async function pipelinesOf(ctx: CrmContext, deals: Deal[]): Promise<Map<string, Pipeline>> {
  const ids = [...new Set(deals.map((deal) => deal.pipelineId))];
  const found = ids.length ? await ctx.store.getMany('pipelines', ids) : [];
  return new Map(found.filter((p): p is Pipeline => p !== undefined).map((p) => [p.id, p]));
}

async function loyaltyOf(ctx: CrmContext, members: Member[], now: number): Promise<LoyaltyStatus[]> {
  const engine = ctx.engines.loyalty;
  if (!hasLoyaltyProgram(engine)) return [];
  const { program } = engine;
  const asOf = new Date(now).toISOString();
  const cards = members.filter((member) => member.programId === undefined || member.programId === program.id);
  return Promise.all(cards.map((member) => loyaltyStatus(ctx.store, program, member, asOf)));
}

/** Orders booked to the account's member cards without the account itself. */
async function ordersOfMembers(ctx: CrmContext, members: Member[]): Promise<Order[]> {
  if (members.length === 0) return [];
  const memberIds = members.map((member) => member.id);
  return (await ctx.store.query('orders', { where: { memberId: { in: memberIds } } })).items;
}

export function openDealView(deal: Deal, pipeline: Pipeline | undefined): OpenDealView {
  const stage = pipeline ? findStage(pipeline, deal.stageId) : undefined;
  const probability = deal.probability ?? stage?.probability ?? 0;
  const weighted = {
    amount: Math.round((deal.amount.amount * probability) / 100),
    currency: deal.amount.currency,
  };
  return { deal, stage, stageName: stage?.name, probability, weighted };
}

function sortByCloseDate(views: OpenDealView[]): OpenDealView[] {
  const key = (view: OpenDealView) => view.deal.expectedCloseDate ?? '\uffff';
  return views.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function isOverdue(activity: Activity, now: number): boolean {
  return activity.dueAt !== undefined && Date.parse(activity.dueAt) < now;
}

/** Account and member orders together, each once, oldest first. */
function mergeOrders(byAccount: Order[], byMember: Order[]): Order[] {
  const seen = new Set(byAccount.map((order) => order.id));
  const merged = [...byAccount, ...byMember.filter((order) => !seen.has(order.id))];
  return merged.sort((a, b) => Date.parse(a.orderedAt) - Date.parse(b.orderedAt) || (a.id < b.id ? -1 : 1));
}

export function summarizeOrders(oldestFirst: Order[]): OrderSummary {
  const paid = oldestFirst.filter((order) => order.status === 'paid');
  const totals = new Map<string, number>();
  for (const order of paid) {
    totals.set(order.amount.currency, (totals.get(order.amount.currency) ?? 0) + order.amount.amount);
  }
  return {
    recent: oldestFirst.slice(-RECENT_ORDERS).reverse(),
    count: paid.length,
    totals: [...totals]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, amount]) => ({ amount, currency })),
    firstOrderAt: paid[0]?.orderedAt,
    lastOrderAt: paid.at(-1)?.orderedAt,
  };
}
