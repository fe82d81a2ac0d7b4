/**
 * The ERP side of a won deal. Kehu tracks the sale up to "won"; booking the sales order is the
 * ERP's job, and so is the membership card: an ERP that runs a loyalty club enrols a customer on
 * their first order if they have no card yet, so the order earns points under the club's rules
 * (`crm.orders.record` credits the account's card in the order's own transaction).
 *
 * Both writes are idempotent by id — the order is `so-<dealId>`, the card `mem-<accountId>` — so a
 * deal announced twice (a retry, two tabs both reacting) books one order and one card.
 */
import { type Crm, type Deal, isKehuError, type Member, type Order } from '@kehu/core';

export interface Booking {
  order: Order;
  /** The card the order earned on; `enrolled` when this booking created it. */
  member: Member | undefined;
  enrolled: boolean;
  /** `false` when the deal's order had been booked already (nothing new was written). */
  created: boolean;
}

/** An ERP-style order number: SO + date + the deal's own id tail. */
function orderNumber(deal: Deal, now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  const tail = deal.id
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-6)
    .toUpperCase();
  return `SO${day}${tail}`;
}

/** The account's first active card, enrolling one (`mem-<accountId>`) when it has none. */
export async function ensureMember(
  crm: Crm,
  accountId: string,
  contactId: string | undefined,
): Promise<{ member: Member; enrolled: boolean }> {
  const cards = await crm.store.query('members', { where: { accountId } });
  const active = cards.items.find((card) => card.status === 'active');
  if (active) return { member: active, enrolled: false };
  const joinedAt = new Date(crm.clock.now()).toISOString();
  const id = `mem-${accountId}`;
  const firstTier = crm.loyalty?.program.tiers[0]?.id;
  try {
    const member = await crm.store.put(
      'members',
      {
        id,
        version: 0,
        createdAt: joinedAt,
        updatedAt: joinedAt,
        accountId,
        ...(contactId ? { contactId } : {}),
        cardNo: `ERP-${accountId}`.slice(0, 64),
        ...(crm.loyalty ? { programId: crm.loyalty.program.id } : {}),
        ...(firstTier ? { tierId: firstTier } : {}),
        joinedAt,
        status: 'active',
      },
      { expectedVersion: 0 },
    );
    return { member, enrolled: true };
  } catch (error) {
    // Another tab enrolled the same customer a moment ago: use its card.
    if (!isKehuError(error, 'CONFLICT')) throw error;
    const member = await crm.store.get('members', id);
    if (!member) throw error;
    return { member, enrolled: false };
  }
}

/** Books the sales order for a won deal (and the card it earns on). */
export async function bookWonDeal(crm: Crm, deal: Deal): Promise<Booking> {
  const id = `so-${deal.id}`;
  const existing = await crm.orders.get(id);
  if (existing) return { order: existing, member: undefined, enrolled: false, created: false };
  const { member, enrolled } = await ensureMember(crm, deal.accountId, deal.contactId);
  try {
    const order = await crm.orders.record({
      id,
      number: orderNumber(deal, crm.clock.now()),
      accountId: deal.accountId,
      ...(deal.contactId ? { contactId: deal.contactId } : {}),
      memberId: member.id,
      dealId: deal.id,
      amount: deal.amount,
      items: [
        {
          sku: 'DEAL',
          name: deal.title,
          quantity: 1,
          unitPrice: deal.amount,
        },
      ],
      channel: 'field',
      status: 'paid',
    });
    return { order, member, enrolled, created: true };
  } catch (error) {
    if (!isKehuError(error, 'CONFLICT')) throw error;
    return { order: await crm.orders.require(id), member, enrolled, created: false };
  }
}

/**
 * Books an order whenever a deal moves into a won stage through this CRM (the board, a script,
 * `crm.deals.move`). Returns the function that stops listening.
 */
export function bookOrdersForWonDeals(
  crm: Crm,
  onBooked: (booking: Booking, deal: Deal) => void,
  onError: (error: unknown) => void,
): () => void {
  return crm.events.subscribe('deal.moved', (event) => {
    if (event.entity.status !== 'won' || event.previous.status === 'won') return;
    bookWonDeal(crm, event.entity).then((booking) => onBooked(booking, event.entity), onError);
  });
}
