/**
 * The entities the facade serves with the generic service alone: accounts, contacts and the
 * organisation (users, teams, territories, campaigns). Only the references the CRM relies on are
 * enforced; owner and team ids are left to the assignment engine and bulk reassignment.
 */
import type { ReassignUser } from '../assignment/reassign.ts';
import type { CrmContext } from './context.ts';
import { createEntityRepository, type EntityService } from './entity-service.ts';
import { crudEventNames } from './events.ts';
import {
  type AccountCreateInput,
  AccountCreateSchema,
  type AccountPatch,
  AccountPatchSchema,
  type CampaignCreateInput,
  CampaignCreateSchema,
  type CampaignPatch,
  CampaignPatchSchema,
  type ContactCreateInput,
  ContactCreateSchema,
  type ContactPatch,
  ContactPatchSchema,
  type TeamCreateInput,
  TeamCreateSchema,
  type TeamPatch,
  TeamPatchSchema,
  type TerritoryCreateInput,
  TerritoryCreateSchema,
  type TerritoryPatch,
  TerritoryPatchSchema,
  type UserCreateInput,
  UserCreateSchema,
  type UserPatch,
  UserPatchSchema,
} from './schemas.ts';

export type AccountService = EntityService<'accounts', AccountCreateInput, AccountPatch>;
export type ContactService = EntityService<'contacts', ContactCreateInput, ContactPatch>;
/** Users, and the handover of a rep's accounts, leads and deals (assignment/reassign.ts). */
export interface UserService extends EntityService<'users', UserCreateInput, UserPatch> {
  reassign: ReassignUser;
}
export type TeamService = EntityService<'teams', TeamCreateInput, TeamPatch>;
export type TerritoryService = EntityService<'territories', TerritoryCreateInput, TerritoryPatch>;
export type CampaignService = EntityService<'campaigns', CampaignCreateInput, CampaignPatch>;

export function createAccountRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'accounts',
    noun: 'account',
    create: AccountCreateSchema,
    patch: AccountPatchSchema,
    events: crudEventNames('account'),
    dependents: [
      { collection: 'contacts', field: 'accountId' },
      { collection: 'deals', field: 'accountId' },
      { collection: 'activities', field: 'accountId' },
      { collection: 'orders', field: 'accountId' },
      { collection: 'leads', field: 'accountId' },
      { collection: 'members', field: 'accountId' },
    ],
  });
}

export function createContactRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'contacts',
    noun: 'contact',
    create: ContactCreateSchema,
    patch: ContactPatchSchema,
    events: crudEventNames('contact'),
    references: [{ field: 'accountId', collection: 'accounts' }],
    dependents: [
      { collection: 'deals', field: 'contactId' },
      { collection: 'activities', field: 'contactId' },
      { collection: 'orders', field: 'contactId' },
      { collection: 'members', field: 'contactId' },
    ],
  });
}

export function createOrganisationServices(ctx: CrmContext): {
  users: EntityService<'users', UserCreateInput, UserPatch>;
  teams: TeamService;
  territories: TerritoryService;
  campaigns: CampaignService;
} {
  const users = createEntityRepository(ctx, {
    collection: 'users',
    noun: 'user',
    create: UserCreateSchema,
    patch: UserPatchSchema,
    events: crudEventNames('user'),
  });
  const teams = createEntityRepository(ctx, {
    collection: 'teams',
    noun: 'team',
    create: TeamCreateSchema,
    patch: TeamPatchSchema,
    events: crudEventNames('team'),
  });
  const territories = createEntityRepository(ctx, {
    collection: 'territories',
    noun: 'territory',
    create: TerritoryCreateSchema,
    patch: TerritoryPatchSchema,
    events: crudEventNames('territory'),
  });
  const campaigns = createEntityRepository(ctx, {
    collection: 'campaigns',
    noun: 'campaign',
    create: CampaignCreateSchema,
    patch: CampaignPatchSchema,
    events: crudEventNames('campaign'),
  });
  return {
    users: users.service,
    teams: teams.service,
    territories: territories.service,
    campaigns: campaigns.service,
  };
}
