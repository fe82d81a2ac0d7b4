/**
 * Orders through the facade. Recording an order is the moment a prospect becomes a customer and
 * the loyalty engine earns points; both happen in the order's transaction, and an order id is
 * recorded once only, so a retried submission never counts twice.
 */
import type { Account } from '../model/account.ts';
import type { Order } from '../model/order.ts';
import type { Page, Query } from '../storage/contract.ts';
import { type ActionScope, type CrmContext, engineContext, runAction } from './context.ts';
import type { createAccountRepository } from './directory.ts';
import { createEntityRepository } from './entity-service.ts';
import { raiseLifecycle } from './lifecycle.ts';
import { type OrderRecordInput, OrderRecordSchema } from './schemas.ts';

export interface OrderService {
  /**
   * Saves a new order (`orderedAt` defaults to now), makes its account a customer, lets the loyalty
   * engine react, and emits `order.recorded`. An id that was already recorded is a `CONFLICT`.
   */
  record(input: OrderRecordInput): Promise<Order>;
  get(id: string): Promise<Order | undefined>;
  require(id: string): Promise<Order>;
  list(query?: Query<'orders'>): Promise<Page<Order>>;
}

export function createOrderRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'orders',
    noun: 'order',
    create: OrderRecordSchema,
    // Orders are recorded, not edited, through the facade; refunds will get their own action.
    patch: OrderRecordSchema.partial(),
    events: {},
    references: [
      { field: 'accountId', collection: 'accounts' },
      { field: 'memberId', collection: 'members' },
      { field: 'contactId', collection: 'contacts' },
      { field: 'dealId', collection: 'deals' },
    ],
    prepare: (scope, draft) => (draft.orderedAt ? draft : { ...draft, orderedAt: scope.at }),
  });
}

export function createOrderService(
  ctx: CrmContext,
  orders: ReturnType<typeof createOrderRepository>,
  accounts: ReturnType<typeof createAccountRepository>,
): OrderService {
  const { get, require, list } = orders.service;
  return {
    get,
    require,
    list,
    async record(input) {
      const parsed = orders.parseCreate(input);
      const loyalty = ctx.engines.loyalty;
      const scope = [...orders.scope, ...accounts.scope, ...(loyalty?.collections ?? [])];
      return runAction(ctx, scope, async (action) => {
        const order = await orders.insert(action, parsed);
        const account = await becomeCustomer(action, accounts, order);
        if (loyalty) await loyalty.onOrderRecorded(action.tx, order, engineContext(ctx, action));
        action.emit('order.recorded', { entity: order, account, actorId: action.actorId });
        return order;
      });
    },
  };
}

/** The order's account (directly or through its member), moved on to `customer` by a paid order. */
async function becomeCustomer(
  action: ActionScope,
  accounts: ReturnType<typeof createAccountRepository>,
  order: Order,
): Promise<Account | undefined> {
  let accountId = order.accountId;
  if (accountId === undefined && order.memberId !== undefined) {
    accountId = (await action.tx.get('members', order.memberId))?.accountId;
  }
  if (accountId === undefined) return undefined;
  const account = await action.tx.get('accounts', accountId);
  if (!account || order.status !== 'paid') return account;
  const lifecycle = raiseLifecycle(account.lifecycle, 'customer');
  return lifecycle === account.lifecycle ? account : accounts.change(action, account, { lifecycle });
}
