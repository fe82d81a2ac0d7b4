/**
 * The health score (客户健康度) of a B2B account, 0–100, from four signals a key-account manager
 * watches, each worth a fixed share and each explained:
 *
 * | component  | max | full marks when                                | nothing when                     |
 * | ---------- | --- | ---------------------------------------------- | -------------------------------- |
 * | `activity` | 30  | an activity done in the last 14 days           | none done in 90 days             |
 * | `tasks`    | 20  | no overdue open activity                       | 3 or more overdue                |
 * | `orders`   | 30  | revenue this period ≥ 110 % of the one before  | below half of it, or no revenue  |
 * | `deals`    | 20  | 2 or more open deals                           | no open deal                     |
 *
 * `healthy` from 70, `watch` from 40, `at-risk` below. Pure: the caller passes the account's
 * activities, orders and deals (any superset is fine: other accounts' records are not filtered).
 */
import { type CurrencyRates, convertMinor } from '../funnel/money.ts';
import { formatMinor } from '../loyalty/earning.ts';
import type { Activity } from '../model/activity.ts';
import type { Deal } from '../model/deal.ts';
import type { Order } from '../model/order.ts';

const DAY_MS = 86_400_000;

export type HealthComponentName = 'activity' | 'tasks' | 'orders' | 'deals';

/** The figures behind a component's points, for a UI to word in its own language. */
export type HealthFact =
  | { kind: 'no-activity' }
  | { kind: 'last-activity'; days: number }
  | { kind: 'overdue'; count: number }
  | { kind: 'no-orders'; days: number }
  | {
      kind: 'revenue';
      trend: 'new' | 'growing' | 'stable' | 'declining' | 'falling';
      /** Minor units of `currency`, this period and the one before. */
      current: number;
      previous: number;
      currency: string;
      days: number;
    }
  | { kind: 'open-deals'; count: number };

export interface HealthComponent {
  component: HealthComponentName;
  points: number;
  max: number;
  /** A readable sentence (English) with the figures behind the points. */
  reason: string;
  /** The same figures, structured. */
  fact: HealthFact;
}

export interface HealthScore {
  score: number;
  status: 'healthy' | 'watch' | 'at-risk';
  components: HealthComponent[];
}

export interface HealthInput {
  activities: readonly Pick<Activity, 'done' | 'doneAt' | 'dueAt' | 'updatedAt'>[];
  orders: readonly Pick<Order, 'status' | 'orderedAt' | 'amount'>[];
  deals: readonly Pick<Deal, 'status'>[];
}

export interface HealthOptions {
  /** The instant of the score, epoch ms or ISO. */
  now: number | string;
  /** Length of the two periods compared for the order trend, in days. Default 90. */
  periodDays?: number;
  /**
   * Revenue in this currency, or every order converted through `rates`. Default: the currency the
   * account spent most in over the two periods.
   */
  currency?: string;
  rates?: CurrencyRates;
}

function activityComponent(input: HealthInput, now: number): HealthComponent {
  let last: number | undefined;
  for (const activity of input.activities) {
    if (!activity.done) continue;
    const at = Date.parse(activity.doneAt ?? activity.updatedAt);
    if (at <= now && (last === undefined || at > last)) last = at;
  }
  const max = 30;
  if (last === undefined) {
    return {
      component: 'activity',
      points: 0,
      max,
      reason: 'No activity done yet',
      fact: { kind: 'no-activity' },
    };
  }
  const days = Math.floor((now - last) / DAY_MS);
  const points = days <= 14 ? 30 : days <= 30 ? 20 : days <= 60 ? 10 : days <= 90 ? 5 : 0;
  return {
    component: 'activity',
    points,
    max,
    reason: `Last activity done ${days} days ago`,
    fact: { kind: 'last-activity', days },
  };
}

function tasksComponent(input: HealthInput, now: number): HealthComponent {
  let overdue = 0;
  for (const activity of input.activities) {
    if (!activity.done && activity.dueAt !== undefined && Date.parse(activity.dueAt) < now) overdue++;
  }
  const points = overdue === 0 ? 20 : overdue === 1 ? 10 : overdue === 2 ? 5 : 0;
  const reason =
    overdue === 0 ? 'No overdue activities' : `${overdue} overdue activit${overdue === 1 ? 'y' : 'ies'}`;
  return { component: 'tasks', points, max: 20, reason, fact: { kind: 'overdue', count: overdue } };
}

function ordersComponent(input: HealthInput, now: number, options: HealthOptions): HealthComponent {
  const period = (options.periodDays ?? 90) * DAY_MS;
  const inPeriods = input.orders.filter((order) => {
    const at = Date.parse(order.orderedAt);
    return order.status === 'paid' && at <= now && at > now - 2 * period;
  });
  const currency = options.rates?.base ?? options.currency ?? mainCurrency(inPeriods);
  let current = 0;
  let previous = 0;
  for (const order of inPeriods) {
    const at = Date.parse(order.orderedAt);
    const { amount, currency: from } = order.amount;
    const value = options.rates ? convertMinor(amount, from, options.rates) : from === currency ? amount : 0;
    if (at > now - period) current += value;
    else previous += value;
  }
  const days = options.periodDays ?? 90;
  const figures = `${formatMinor(Math.round(current), currency)} in the last ${days} days vs ${formatMinor(
    Math.round(previous),
    currency,
  )} in the ${days} before`;
  const max = 30;
  if (current === 0 && previous === 0) {
    return {
      component: 'orders',
      points: 0,
      max,
      reason: `No paid orders in the last ${2 * days} days`,
      fact: { kind: 'no-orders', days: 2 * days },
    };
  }
  const revenue = {
    kind: 'revenue',
    current: Math.round(current),
    previous: Math.round(previous),
    currency,
    days,
  } as const;
  if (previous === 0) {
    return {
      component: 'orders',
      points: max,
      max,
      reason: `New revenue: ${figures}`,
      fact: { ...revenue, trend: 'new' },
    };
  }
  const ratio = current / previous;
  const [points, trend] =
    ratio >= 1.1
      ? ([30, 'growing'] as const)
      : ratio >= 0.9
        ? ([22, 'stable'] as const)
        : ratio >= 0.5
          ? ([10, 'declining'] as const)
          : ([0, 'falling'] as const);
  const word = `${trend[0]!.toUpperCase()}${trend.slice(1)}`;
  return { component: 'orders', points, max, reason: `${word}: ${figures}`, fact: { ...revenue, trend } };
}

/** The currency with the most revenue (then the first by code); CNY when there is none. */
function mainCurrency(orders: readonly Pick<Order, 'amount'>[]): string {
  const totals = new Map<string, number>();
  for (const { amount } of orders)
    totals.set(amount.currency, (totals.get(amount.currency) ?? 0) + amount.amount);
  let best = 'CNY';
  let most = -Infinity;
  for (const [currency, total] of [...totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (total > most) [best, most] = [currency, total];
  }
  return best;
}

function dealsComponent(input: HealthInput): HealthComponent {
  const open = input.deals.filter((deal) => deal.status === 'open').length;
  const points = open >= 2 ? 20 : open === 1 ? 12 : 0;
  const reason = open === 0 ? 'No open deals' : `${open} open deal${open === 1 ? '' : 's'}`;
  return { component: 'deals', points, max: 20, reason, fact: { kind: 'open-deals', count: open } };
}

export function healthScore(input: HealthInput, options: HealthOptions): HealthScore {
  const now = typeof options.now === 'number' ? options.now : Date.parse(options.now);
  const components = [
    activityComponent(input, now),
    tasksComponent(input, now),
    ordersComponent(input, now, options),
    dealsComponent(input),
  ];
  const score = components.reduce((total, component) => total + component.points, 0);
  return { score, status: score >= 70 ? 'healthy' : score >= 40 ? 'watch' : 'at-risk', components };
}
