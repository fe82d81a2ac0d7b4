/**
 * The domain events a `Crm` emits. Every payload names the `entity` the event is about (and the
 * `previous` version where something changed) plus the acting user, so one `subscribeAll`
 * listener can keep an audit log without knowing each event. Events fire only after the
 * transaction that caused them has committed.
 */

import type { LoyaltyEvents } from '../loyalty/events.ts';
import type { Account } from '../model/account.ts';
import type { Activity } from '../model/activity.ts';
import type { Contact } from '../model/contact.ts';
import type { Deal } from '../model/deal.ts';
import type { Lead } from '../model/lead.ts';
import type { Order } from '../model/order.ts';
import type { Campaign, Team, Territory, User } from '../model/org.ts';
import type { Pipeline } from '../model/pipeline.ts';

export interface EntityEvent<T> {
  entity: T;
  /** The acting user (from `CrmOptions.actor`), `undefined` for system or anonymous actions. */
  actorId: string | undefined;
}

export interface EntityChangeEvent<T> extends EntityEvent<T> {
  /** The record as it was before the change. */
  previous: T;
}

export interface LeadConvertedEvent extends EntityChangeEvent<Lead> {
  account: Account;
  contact: Contact | undefined;
  deal: Deal | undefined;
}

export interface OrderRecordedEvent extends EntityEvent<Order> {
  /** The account the order was booked to (directly or through its member), after the order. */
  account: Account | undefined;
}

export interface DealMovedEvent extends EntityChangeEvent<Deal> {
  /** Stage ids; equal when the card only changed its place in the column. */
  from: string;
  to: string;
}

/** A rep's records handed to colleagues in one transaction (`crm.users.reassign`). */
export interface UsersReassignedEvent extends EntityEvent<User> {
  /** Every record that changed owner; each also has its own `*.updated` event and audit entry. */
  moves: {
    collection: 'accounts' | 'leads' | 'deals';
    id: string;
    from: string;
    to: string;
    detail?: string;
  }[];
  reason: string;
}

/** `created`, `updated` and `removed` events of one entity kind. */
export type CrudEvents<Prefix extends string, T> = {
  [K in `${Prefix}.created` | `${Prefix}.removed`]: EntityEvent<T>;
} & { [K in `${Prefix}.updated`]: EntityChangeEvent<T> };

export type CrmEvents = CrudEvents<'account', Account> &
  CrudEvents<'contact', Contact> &
  CrudEvents<'deal', Deal> &
  CrudEvents<'activity', Activity> &
  CrudEvents<'pipeline', Pipeline> &
  CrudEvents<'user', User> &
  CrudEvents<'team', Team> &
  CrudEvents<'territory', Territory> &
  CrudEvents<'campaign', Campaign> & {
    'lead.captured': EntityEvent<Lead>;
    'lead.updated': EntityChangeEvent<Lead>;
    'lead.disqualified': EntityChangeEvent<Lead>;
    'lead.converted': LeadConvertedEvent;
    'activity.completed': EntityChangeEvent<Activity>;
    'order.recorded': OrderRecordedEvent;
    'deal.moved': DealMovedEvent;
    'users.reassigned': UsersReassignedEvent;
  } & LoyaltyEvents;

export type CrmEventType = keyof CrmEvents & string;

/** The event names of one entity kind's generic writes; a missing one is not announced. */
export interface CrudEventNames {
  created?: CrmEventType;
  updated?: CrmEventType;
  removed?: CrmEventType;
}

export function crudEventNames<Prefix extends string>(
  prefix: Prefix,
): { created: `${Prefix}.created`; updated: `${Prefix}.updated`; removed: `${Prefix}.removed` } {
  return { created: `${prefix}.created`, updated: `${prefix}.updated`, removed: `${prefix}.removed` };
}
