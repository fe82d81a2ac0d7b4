/**
 * Orders, membership cards and the points ledger. Every won deal becomes an order for its amount;
 * some of those customers reorder filters and service (a few very often, most rarely, some stop —
 * so recency, frequency and monetary value spread the way RFM expects); households buy a purifier
 * and then filters. Members earn a point per yuan on each order, and a few redeem points they
 * actually had at the time.
 */
import type { EntityInput } from '@kehu/core';
import { type Rng, WeightedIndex } from '../random.ts';
import { addYear, cstDate, DAY, HOUR, iso, SECOND, toSecond } from '../time.ts';
import { PRODUCTS, type Product, REDEEM_NOTES } from '../vocabulary/business.ts';
import type { AccountInfo } from './accounts.ts';
import { type Context, makeId, type RecordLocale } from './context.ts';
import { type DealInfo, USD_TO_CNY } from './deals.ts';
import { text } from './people.ts';

type OrderItem = NonNullable<EntityInput<'orders'>['items']>[number];
type Channel = NonNullable<EntityInput<'orders'>['channel']>;
type OrderStatus = NonNullable<EntityInput<'orders'>['status']>;

interface Draft {
  account: AccountInfo;
  orderedMs: number;
  currency: 'CNY' | 'USD';
  items: OrderItem[];
  channel: Channel;
  status: OrderStatus;
  deal?: DealInfo;
  contactId?: string;
}

const SKU = new Map(PRODUCTS.map((p) => [p.sku, p]));
const product = (sku: string) => SKU.get(sku)!;

function unitPrice(p: Product, currency: 'CNY' | 'USD'): number {
  return currency === 'USD' ? Math.max(100, Math.round(p.price / USD_TO_CNY / 100) * 100) : p.price;
}

function line(
  p: Product,
  quantity: number,
  currency: 'CNY' | 'USD',
  locale: RecordLocale,
  price?: number,
): OrderItem {
  return {
    sku: p.sku,
    name: text(p.name, locale),
    quantity,
    unitPrice: { amount: price ?? unitPrice(p, currency), currency },
  };
}

/** Lines that add up exactly to the deal amount: volume lines first, the remainder as one line. */
function dealItems(rng: Rng, deal: DealInfo): OrderItem[] {
  const { amount, currency, locale } = deal;
  const skus = deal.products.length ? deal.products : ['WP-C500'];
  const items: OrderItem[] = [];
  let left = amount;
  for (let k = 0; k < skus.length - 1; k++) {
    const p = product(skus[k]!);
    const portion = Math.floor(amount * rng.float(0.1, 0.8 / skus.length));
    const unit = unitPrice(p, currency);
    const quantity = Math.max(1, Math.round(portion / unit));
    if (quantity * unit >= left) break;
    items.push(line(p, quantity, currency, locale));
    left -= quantity * unit;
  }
  items.push(line(product(skus[skus.length - 1]!), 1, currency, locale, left));
  return items;
}

function repeatItems(rng: Rng, account: AccountInfo, currency: 'CNY' | 'USD'): OrderItem[] {
  const locale = account.locale;
  const pick = rng.weighted([
    ['FL-C', 45],
    ['SV-Y', 25],
    ['DS-10', 20],
    ['WT-01', 10],
  ] as const);
  const quantity = pick === 'FL-C' ? rng.int(2, 20) : pick === 'DS-10' ? rng.int(1, 10) : 1;
  const items = [line(product(pick), quantity, currency, locale)];
  if (pick !== 'SV-Y' && rng.chance(0.2)) items.push(line(product('IN-01'), 1, currency, locale));
  return items;
}

function retailItems(rng: Rng, account: AccountInfo, first: boolean): OrderItem[] {
  const locale = account.locale;
  if (first) {
    const sku = rng.weighted([
      ['RO-600', 50],
      ['RO-1000', 25],
      ['HD-01', 15],
      ['PF-01', 10],
    ] as const);
    const items = [line(product(sku), 1, 'CNY', locale)];
    if (rng.chance(0.3)) items.push(line(product('FR-PP'), rng.int(2, 4), 'CNY', locale));
    return items;
  }
  const sku = rng.weighted([
    ['FR-RO', 50],
    ['FR-PP', 30],
    ['SV-H', 15],
    ['HD-01', 5],
  ] as const);
  return [
    line(product(sku), sku === 'FR-PP' ? rng.int(2, 6) : sku === 'FR-RO' ? rng.int(1, 2) : 1, 'CNY', locale),
  ];
}

/** `k` sorted instants in [fromMs, toMs], the first at `fromMs` when `includeStart`. */
function spread(rng: Rng, k: number, fromMs: number, toMs: number, includeStart: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    out.push(includeStart && i === 0 ? fromMs : fromMs + rng.next() * Math.max(0, toMs - fromMs));
  }
  return out.sort((a, b) => a - b);
}

/** Distributes `total` orders over `accounts`: a few heavy buyers, a long tail, many with none. */
function countsFor(
  rng: Rng,
  accounts: readonly AccountInfo[],
  total: number,
  alpha: number,
): Map<AccountInfo, number> {
  const counts = new Map<AccountInfo, number>();
  if (!accounts.length) return counts;
  const index = new WeightedIndex(accounts.map(() => rng.pareto(alpha, 30)));
  for (let i = 0; i < total; i++) {
    const account = accounts[index.pick(rng)]!;
    counts.set(account, (counts.get(account) ?? 0) + 1);
  }
  return counts;
}

export function generateOrders(
  ctx: Context,
  accounts: readonly AccountInfo[],
  deals: readonly DealInfo[],
  total: number,
) {
  const rng = ctx.stream('orders');
  const now = ctx.now;
  const drafts: Draft[] = [];
  const paidStatus = () =>
    rng.weighted<OrderStatus>([
      ['paid', 95],
      ['refunded', 3],
      ['cancelled', 2],
    ]);

  // One order per won deal, a few days after it closed.
  const won = deals.filter((d) => d.won).slice(0, total);
  const firstWonOrder = new Map<AccountInfo, number>();
  for (const deal of won) {
    let orderedMs = toSecond(deal.lastMs + Math.min(rng.float(1, 10) * DAY, (now - deal.lastMs) * 0.9));
    if (orderedMs <= deal.lastMs) orderedMs = deal.lastMs + SECOND;
    const draft: Draft = {
      account: deal.account,
      orderedMs,
      currency: deal.currency,
      items: dealItems(rng, deal),
      channel: 'field',
      status: 'paid',
      deal,
    };
    const contactId = deal.contactId ?? deal.account.contacts[0]?.id;
    if (contactId) draft.contactId = contactId;
    drafts.push(draft);
    const first = firstWonOrder.get(deal.account);
    if (first === undefined || orderedMs < first) firstWonOrder.set(deal.account, orderedMs);
  }

  const rest = total - drafts.length;
  const buyers = [...firstWonOrder.keys()];
  const households = accounts.filter((a) => a.kind === 'person');
  const repeatShare = households.length ? (buyers.length ? 0.55 : 0) : 1;
  const repeats = buyers.length ? Math.round(rest * repeatShare) : 0;
  const retail = households.length ? rest - repeats : 0;

  for (const [account, k] of countsFor(rng, buyers, repeats, 1.1)) {
    const from = firstWonOrder.get(account)! + DAY;
    // One customer in five stops reordering at some point: recency tells them apart.
    const until = rng.chance(0.2) ? Math.min(now - HOUR, from + rng.float(30, 400) * DAY) : now - HOUR;
    for (const at of spread(rng, k, from, until, false)) {
      const draft: Draft = {
        account,
        orderedMs: toSecond(Math.min(at, now - HOUR)),
        currency: account.currency,
        items: repeatItems(rng, account, account.currency),
        channel: rng.weighted<Channel>([
          ['phone', 40],
          ['field', 30],
          ['dealer', 20],
          ['online', 10],
        ]),
        status: paidStatus(),
      };
      if (account.contacts[0] && rng.chance(0.5)) draft.contactId = account.contacts[0].id;
      drafts.push(draft);
    }
  }

  for (const [account, k] of countsFor(rng, households, retail, 1.0)) {
    const from = toSecond(account.createdMs + rng.next() * 0.3 * (now - account.createdMs));
    const until = rng.chance(0.25) ? Math.min(now - HOUR, from + rng.float(30, 300) * DAY) : now - HOUR;
    spread(rng, k, from, until, true).forEach((at, n) => {
      const draft: Draft = {
        account,
        orderedMs: toSecond(at),
        currency: 'CNY',
        items: retailItems(rng, account, n === 0),
        channel: rng.weighted<Channel>([
          ['store', 45],
          ['online', 45],
          ['phone', 10],
        ]),
        status: n === 0 ? 'paid' : paidStatus(),
      };
      if (account.contacts[0]) draft.contactId = account.contacts[0].id;
      drafts.push(draft);
    });
  }

  // Order ids and numbers follow time, as an order system hands them out.
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a]!.orderedMs - drafts[b]!.orderedMs || a - b);
  const orders: EntityInput<'orders'>[] = [];
  const byAccount = new Map<AccountInfo, EntityInput<'orders'>[]>();
  order.forEach((draftIndex, n) => {
    const draft = drafts[draftIndex]!;
    const amount = draft.items.reduce((sum, item) => sum + item.quantity * item.unitPrice.amount, 0);
    let updatedMs = draft.orderedMs;
    if (draft.status !== 'paid')
      updatedMs = toSecond(Math.min(now - HOUR, draft.orderedMs + rng.float(1, 10) * DAY));
    const orderedAt = iso(draft.orderedMs);
    const record: EntityInput<'orders'> = {
      id: makeId('ord', n + 1),
      version: 0,
      createdAt: orderedAt,
      updatedAt: updatedMs > draft.orderedMs ? iso(updatedMs) : orderedAt,
      number: `SO${cstDate(draft.orderedMs).replace(/-/g, '')}${String(n + 1).padStart(6, '0')}`,
      accountId: draft.account.id,
      amount: { amount, currency: draft.currency },
      orderedAt,
      items: draft.items,
      channel: draft.channel,
      status: draft.status,
    };
    if (draft.contactId) record.contactId = draft.contactId;
    if (draft.deal) record.dealId = draft.deal.id;
    orders.push(record);
    const list = byAccount.get(draft.account);
    if (list) list.push(record);
    else byAccount.set(draft.account, [record]);

    const a = draft.account;
    a.lastTouchMs = Math.max(a.lastTouchMs, updatedMs);
    if (draft.status === 'paid') {
      a.orders++;
      a.revenue += draft.currency === 'USD' ? Math.round(amount * USD_TO_CNY) : amount;
      if (!a.firstOrderMs || draft.orderedMs < a.firstOrderMs) a.firstOrderMs = draft.orderedMs;
      a.lastOrderMs = Math.max(a.lastOrderMs, draft.orderedMs);
    }
  });
  return { orders, byAccount };
}

const TIERS = [
  ['platinum', 20_000],
  ['gold', 5_000],
  ['silver', 1_000],
  ['regular', 0],
] as const;

/**
 * Membership cards for about 40 % of households (buyers more often) and some company customers,
 * their orders linked by `memberId`, and the points ledger those orders produce.
 */
export function generateLoyalty(
  ctx: Context,
  accounts: readonly AccountInfo[],
  byAccount: ReadonlyMap<AccountInfo, EntityInput<'orders'>[]>,
) {
  const rng = ctx.stream('loyalty');
  const now = ctx.now;
  const members: EntityInput<'members'>[] = [];
  const entries: EntityInput<'loyaltyEntries'>[] = [];
  let redemptions = 0;
  const entry = (
    fields: Omit<EntityInput<'loyaltyEntries'>, 'id' | 'version' | 'createdAt' | 'updatedAt'>,
  ) => {
    entries.push({
      id: makeId('loy', entries.length + 1),
      version: 0,
      createdAt: fields.at,
      updatedAt: fields.at,
      ...fields,
    });
  };

  for (const account of accounts) {
    const orders = byAccount.get(account) ?? [];
    const joins =
      account.kind === 'person'
        ? rng.chance(orders.length ? 0.55 : 0.2)
        : account.currency === 'CNY' && account.won > 0 && rng.chance(0.1);
    if (!joins) continue;
    account.member = true;
    const memberId = makeId('mem', members.length + 1);
    const firstMs = orders.length ? Date.parse(orders[0]!.orderedAt) : 0;
    const joinedMs = orders.length
      ? toSecond(Math.max(account.createdMs, firstMs - rng.float(0, 20) * DAY))
      : toSecond(account.createdMs + rng.next() * 0.5 * (now - account.createdMs));

    // The ledger: an earn per order (reversed on refund), then perhaps one redemption of points
    // that were certainly available — unexpired and not from a refunded order.
    const ledger: { at: number; fields: Parameters<typeof entry>[0] }[] = [];
    const lots: { at: number; expires: number; points: number }[] = [];
    let earned = 0;
    for (const order of orders) {
      order.memberId = memberId;
      if (order.status === 'cancelled' || order.amount.currency !== 'CNY') continue;
      const at = Date.parse(order.orderedAt);
      const points = Math.floor(order.amount.amount / 100);
      const expires = addYear(at);
      earned += points;
      ledger.push({
        at,
        fields: {
          memberId,
          kind: 'earn',
          points,
          sourceId: order.id,
          at: order.orderedAt,
          expiresAt: iso(expires),
        },
      });
      if (order.status === 'refunded') {
        ledger.push({
          at: Date.parse(order.updatedAt),
          fields: {
            memberId,
            kind: 'adjust',
            points: -points,
            sourceId: `${order.id}:refund`,
            at: order.updatedAt,
            note: text(['订单退款,扣回积分', 'Order refunded, points reversed'], account.locale),
          },
        });
      } else {
        lots.push({ at, expires, points });
      }
    }
    if (lots.length && rng.chance(0.3)) {
      const at = toSecond(lots[0]!.at + DAY + rng.next() * (now - HOUR - lots[0]!.at - DAY));
      const available = lots.reduce(
        (sum, lot) => (lot.at < at && at < lot.expires ? sum + lot.points : sum),
        0,
      );
      const points = Math.floor((available * rng.float(0.2, 0.8)) / 100) * 100;
      if (points >= 100 && at < now) {
        ledger.push({
          at,
          fields: {
            memberId,
            kind: 'redeem',
            points: -points,
            sourceId: makeId('rdm', ++redemptions),
            at: iso(at),
            note: text(rng.pick(REDEEM_NOTES), account.locale),
          },
        });
      }
    }
    ledger.sort((a, b) => a.at - b.at);
    for (const item of ledger) entry(item.fields);

    const member: EntityInput<'members'> = {
      id: memberId,
      version: 0,
      createdAt: iso(joinedMs),
      updatedAt: iso(ledger.length ? ledger[ledger.length - 1]!.at : joinedMs),
      accountId: account.id,
      cardNo: `8800${String(members.length + 1).padStart(8, '0')}`,
      tierId: TIERS.find(([, min]) => earned >= min)![0],
      joinedAt: iso(joinedMs),
      status: rng.chance(0.04) ? 'frozen' : 'active',
    };
    if (account.contacts[0]) member.contactId = account.contacts[0].id;
    members.push(member);
  }
  return { members, loyaltyEntries: entries };
}
