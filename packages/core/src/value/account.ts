/**
 * One account's value from the store — its RFM figures, score, segment and grade against a model
 * of the whole base, and its health — through indexed queries by account (and by its member
 * cards), so the cost follows the size of the account, never of the database.
 */
import type { Activity } from '../model/activity.ts';
import type { Grade } from '../model/common.ts';
import type { Order } from '../model/order.ts';
import type { StoreReader } from '../storage/contract.ts';
import { type HealthScore, healthScore } from './health.ts';
import { type CustomerValue, scoreCustomer, type ValueModel } from './model.ts';
import { type RfmMetrics, rfmMetrics } from './rfm.ts';

export interface AccountValueOptions {
  /** The instant of the figures, epoch ms or ISO. */
  now: number | string;
  /** A model of the whole base (`analyzeCustomers(...).model`); without it there is no score or grade. */
  model?: ValueModel;
  /** The health score's order-trend period in days. Default 90. */
  periodDays?: number;
}

export interface AccountValue {
  accountId: string;
  /** `undefined` when the account has no paid order up to `now`. */
  metrics: RfmMetrics | undefined;
  /** RFM score and segment against `model`; `undefined` without a model or without orders. */
  rfm: CustomerValue | undefined;
  /** D for an account without revenue; `undefined` without a model. */
  grade: Grade | undefined;
  health: HealthScore;
}

/** The account's orders, booked to it directly or to one of its member cards, each once. */
export async function accountOrders(reader: StoreReader, accountId: string): Promise<Order[]> {
  const [direct, members] = await Promise.all([
    reader.query('orders', { where: { accountId } }),
    reader.query('members', { where: { accountId } }),
  ]);
  if (members.items.length === 0) return direct.items;
  const memberIds = members.items.map((member) => member.id);
  const viaCards = await reader.query('orders', { where: { memberId: { in: memberIds } } });
  const seen = new Set(direct.items.map((order) => order.id));
  return [...direct.items, ...viaCards.items.filter((order) => !seen.has(order.id))];
}

/** RFM figures, score, segment and grade of one customer from its orders; without health. */
export function valueOfOrders(
  customerId: string,
  orders: readonly Order[],
  asOf: string,
  model: ValueModel | undefined,
): Omit<AccountValue, 'health'> {
  const [metrics] = rfmMetrics(orders, {
    asOf,
    customerOf: () => customerId,
    ...(model
      ? { frequencyDays: model.frequencyDays, monetaryDays: model.monetaryDays, currency: model.currency }
      : {}),
    ...(model?.rates ? { rates: model.rates } : {}),
  });
  const rfm = model && metrics ? scoreCustomer(metrics, model) : undefined;
  return { accountId: customerId, metrics, rfm, grade: model ? (rfm?.grade ?? 'D') : undefined };
}

export async function accountValue(
  reader: StoreReader,
  accountId: string,
  options: AccountValueOptions,
): Promise<AccountValue> {
  const nowMs = typeof options.now === 'number' ? options.now : Date.parse(options.now);
  const now = new Date(nowMs).toISOString();
  const [orders, lastDone, overdue, deals] = await Promise.all([
    accountOrders(reader, accountId),
    reader.query('activities', {
      where: { accountId, done: true },
      orderBy: { field: 'doneAt', direction: 'desc' },
      limit: 1,
    }),
    reader.query('activities', { where: { accountId, done: false, dueAt: { lt: now } } }),
    reader.query('deals', { where: { accountId, status: 'open' } }),
  ]);
  const { model } = options;
  const activities: Activity[] = [...lastDone.items, ...overdue.items];
  return {
    ...valueOfOrders(accountId, orders, now, model),
    health: healthScore(
      { activities, orders, deals: deals.items },
      {
        now: nowMs,
        ...(options.periodDays === undefined ? {} : { periodDays: options.periodDays }),
        ...(model ? { currency: model.currency } : {}),
        ...(model?.rates ? { rates: model.rates } : {}),
      },
    ),
  };
}
