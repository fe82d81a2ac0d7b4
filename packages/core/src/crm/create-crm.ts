/**
 * `createCrm`: the one object hosts and components share. It wires the injected store, clock, ids
 * and engines into the services; every input is validated, every business action is one
 * transaction, and domain events are emitted after commit.
 */
import { createReassign } from '../assignment/reassign.ts';
import { KehuError } from '../errors.ts';
import { createEmitter, type Emitter } from '../events.ts';
import { createFormService, type FormService } from '../forms/index.ts';
import { KEY_ACCOUNT_PIPELINE_ID } from '../funnel/default-pipeline.ts';
import type { MatchingService } from '../matching/engine.ts';
import {
  type Clock,
  createIdGenerator,
  type IdGenerator,
  type RandomSource,
  systemClock,
} from '../runtime.ts';
import type { Store } from '../storage/contract.ts';
import type { ValueModel } from '../value/model.ts';
import { type ActivityService, createActivityRepository, createActivityService } from './activities.ts';
import type { CrmContext } from './context.ts';
import { type CustomerService, createCustomerService } from './customers.ts';
import { createDealMove } from './deal-move.ts';
import { createDealRepository, type DealService } from './deals.ts';
import {
  type AccountService,
  type CampaignService,
  type ContactService,
  createAccountRepository,
  createContactRepository,
  createOrganisationServices,
  type TeamService,
  type TerritoryService,
  type UserService,
} from './directory.ts';
import type { CrmEngines } from './engines.ts';
import type { EntityService } from './entity-service.ts';
import type { CrmEvents } from './events.ts';
import { createLeadRepository, createLeadService, type LeadService } from './leads.ts';
import { createLoyaltyService, type LoyaltyService } from './loyalty.ts';
import { createOrderRepository, createOrderService, type OrderService } from './orders.ts';
import { createPipelineRepository } from './pipelines.ts';
import type { PipelineCreateInput, PipelinePatch } from './schemas.ts';

export interface CrmOptions {
  store: Store;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: time-sortable random ids from `createIdGenerator(clock)`. */
  ids?: IdGenerator;
  /** Handed to engines for tie-breaking. Default: `Math.random`. */
  random?: RandomSource;
  /** The acting user's id, written to stage history (`by`) and to every event's `actorId`. */
  actor?: () => string | undefined;
  /** Scoring, matching, assignment and loyalty; each optional. */
  engines?: CrmEngines;
  /** The pipeline a converted lead's deal goes into when none is given. Default: `key-account`. */
  defaultPipelineId?: string;
  /** The customer-base model `customers.view360` scores RFM and value grade against; see `customers.analyze`. */
  valueModel?: ValueModel;
  /** Receives errors thrown by event listeners. Default: rethrown in a microtask. */
  onListenerError?: (error: unknown) => void;
}

export type PipelineService = EntityService<'pipelines', PipelineCreateInput, PipelinePatch>;

export interface Crm {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly random: RandomSource;
  /** Domain events, emitted after the action that caused them has committed. */
  readonly events: Emitter<CrmEvents>;
  readonly accounts: AccountService;
  readonly contacts: ContactService;
  readonly leads: LeadService;
  readonly deals: DealService;
  readonly pipelines: PipelineService;
  readonly activities: ActivityService;
  readonly orders: OrderService;
  readonly customers: CustomerService;
  /** Points, tiers and rewards; present when `engines.loyalty` was made by `loyaltyEngine(program)`. */
  readonly loyalty: LoyaltyService | undefined;
  readonly users: UserService;
  readonly teams: TeamService;
  readonly territories: TerritoryService;
  readonly campaigns: CampaignService;
  /** Lead forms: validation, submissions captured exactly once, the embed snippet. */
  readonly forms: FormService;
  /** Duplicate detection and merge; present when `engines.matching` provides it. */
  readonly matching: MatchingService | undefined;
}

export function createCrm(options: CrmOptions): Crm {
  if (!options?.store) {
    throw new KehuError('VALIDATION', 'createCrm needs a store', {
      issues: [{ path: ['store'], message: 'Required', code: 'invalid_type' }],
    });
  }
  const clock = options.clock ?? systemClock;
  const ctx: CrmContext = {
    store: options.store,
    clock,
    ids: options.ids ?? createIdGenerator(clock),
    random: options.random ?? Math.random,
    engines: options.engines ?? {},
    events: createEmitter<CrmEvents>(options.onListenerError),
    defaultPipelineId: options.defaultPipelineId ?? KEY_ACCOUNT_PIPELINE_ID,
    // An empty id is no actor; it would fail validation in stage history.
    actorId: () => options.actor?.() || undefined,
  };

  const accounts = createAccountRepository(ctx);
  const contacts = createContactRepository(ctx);
  const deals = createDealRepository(ctx);
  const leads = createLeadRepository(ctx);
  const activities = createActivityRepository(ctx);
  const orders = createOrderRepository(ctx);
  const organisation = createOrganisationServices(ctx);

  const leadService = createLeadService(ctx, { leads, accounts, contacts, deals });
  return Object.freeze({
    store: ctx.store,
    clock: ctx.clock,
    ids: ctx.ids,
    random: ctx.random,
    events: ctx.events,
    accounts: accounts.service,
    contacts: contacts.service,
    leads: leadService,
    forms: createFormService({ leads: leadService }),
    deals: { ...deals.service, move: createDealMove(ctx, deals) },
    pipelines: createPipelineRepository(ctx).service,
    activities: createActivityService(ctx, activities),
    orders: createOrderService(ctx, orders, accounts),
    customers: createCustomerService(ctx, options.valueModel),
    loyalty: createLoyaltyService(ctx),
    matching: ctx.engines.matching?.createService?.({ store: ctx.store, clock: ctx.clock, ids: ctx.ids }),
    ...organisation,
    users: { ...organisation.users, reassign: createReassign(ctx, { accounts, leads, deals }) },
  });
}
