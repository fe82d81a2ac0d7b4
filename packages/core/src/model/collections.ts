/**
 * The stored collections: each one's schema and the indexes an adapter should build. Indexes are
 * a performance promise, not a semantic one — every adapter answers any query on any field; the
 * declared indexes are the ones the product's screens rely on being fast.
 */
import type { z } from 'zod';
import { AuditEntrySchema } from '../assignment/audit.ts';
import { AssignmentStateSchema } from '../assignment/state.ts';
import { MergeRecordSchema } from '../matching/merge-record.ts';
import { AccountSchema } from './account.ts';
import { ActivitySchema } from './activity.ts';
import { ContactSchema } from './contact.ts';
import { DealSchema } from './deal.ts';
import { LeadSchema } from './lead.ts';
import { LoyaltyEntrySchema, MemberSchema } from './loyalty.ts';
import { OrderSchema } from './order.ts';
import { CampaignSchema, TeamSchema, TerritorySchema, UserSchema } from './org.ts';
import { PipelineSchema } from './pipeline.ts';

export interface CollectionDefinition<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Single-field indexes. */
  indexes: readonly string[];
  /** Indexes over array fields: an entry per element (`contacts.emails`). */
  multiEntry?: readonly string[];
  /** Compound indexes, as ordered field lists (`['pipelineId', 'stageId', 'position']`). */
  compound?: readonly (readonly string[])[];
}

const define = <S extends z.ZodType>(definition: CollectionDefinition<S>) => definition;

export const collections = {
  accounts: define({
    schema: AccountSchema,
    indexes: [
      'ownerId',
      'lifecycle',
      'grade',
      'region',
      'kind',
      'updatedAt',
      'name',
      'phone',
      'email',
      'website',
    ],
    multiEntry: ['tags'],
  }),
  contacts: define({
    schema: ContactSchema,
    indexes: ['accountId', 'ownerId', 'name'],
    multiEntry: ['emails', 'phones'],
  }),
  leads: define({
    schema: LeadSchema,
    indexes: ['ownerId', 'status', 'createdAt', 'source', 'campaignId', 'email', 'phone', 'accountId'],
    compound: [
      ['ownerId', 'status'],
      ['status', 'createdAt'],
    ],
  }),
  deals: define({
    schema: DealSchema,
    indexes: ['pipelineId', 'stageId', 'ownerId', 'status', 'accountId', 'expectedCloseDate', 'updatedAt'],
    compound: [
      ['pipelineId', 'stageId', 'position'],
      ['ownerId', 'status'],
    ],
  }),
  pipelines: define({ schema: PipelineSchema, indexes: [] }),
  activities: define({
    schema: ActivitySchema,
    indexes: ['accountId', 'dealId', 'contactId', 'leadId', 'ownerId', 'dueAt', 'type'],
    compound: [['accountId', 'dueAt']],
  }),
  orders: define({
    schema: OrderSchema,
    indexes: ['accountId', 'memberId', 'orderedAt', 'contactId'],
    compound: [
      ['accountId', 'orderedAt'],
      ['memberId', 'orderedAt'],
    ],
  }),
  members: define({ schema: MemberSchema, indexes: ['accountId', 'contactId', 'cardNo', 'tierId'] }),
  loyaltyEntries: define({
    schema: LoyaltyEntrySchema,
    indexes: ['memberId', 'at', 'sourceId', 'kind'],
    compound: [['memberId', 'at']],
  }),
  users: define({ schema: UserSchema, indexes: ['teamId', 'status', 'role'] }),
  teams: define({ schema: TeamSchema, indexes: ['parentId'] }),
  territories: define({ schema: TerritorySchema, indexes: ['parentId'] }),
  campaigns: define({ schema: CampaignSchema, indexes: ['status', 'channel'] }),
  /** Round-robin order, weighted-round-robin weights and per-rep intake counts (assignment/state.ts). */
  assignmentStates: define({ schema: AssignmentStateSchema, indexes: ['kind', 'subjectId'] }),
  /** Who changed a record's owner, when, from whom to whom, and why (assignment/audit.ts). */
  auditEntries: define({ schema: AuditEntrySchema, indexes: ['recordId', 'at', 'action'] }),
  /** What a merge of duplicates changed, kept whole so it can be undone (matching/merge.ts). */
  merges: define({
    schema: MergeRecordSchema,
    indexes: ['collection', 'survivorId', 'at'],
    multiEntry: ['mergedIds'],
  }),
} as const satisfies Record<string, CollectionDefinition>;

export type Collections = typeof collections;
export type CollectionName = keyof Collections;
/** The stored (parsed) shape of an entity in collection `C`. */
export type EntityOf<C extends CollectionName> = z.output<Collections[C]['schema']>;
/** What a writer may hand the store: defaults may be left out. */
export type EntityInput<C extends CollectionName> = z.input<Collections[C]['schema']>;

export const collectionNames = Object.keys(collections) as CollectionName[];

export function isCollectionName(name: unknown): name is CollectionName {
  return typeof name === 'string' && Object.hasOwn(collections, name);
}
