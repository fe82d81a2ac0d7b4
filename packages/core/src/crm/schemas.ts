/**
 * Input schemas of the facade, each derived from its entity schema so a field changes in one
 * place. Create inputs drop what the service sets (version, timestamps) and make `id` optional;
 * patches are partial; all are strict, so a misspelt field is an error rather than silently lost.
 * Exported for forms that validate before they submit.
 */
import { generateKeyBetween } from 'fractional-indexing';
import { z } from 'zod';
import { AccountSchema } from '../model/account.ts';
import { ActivitySchema } from '../model/activity.ts';
import { IdSchema } from '../model/common.ts';
import { ContactSchema } from '../model/contact.ts';
import { DealSchema } from '../model/deal.ts';
import { LeadSchema } from '../model/lead.ts';
import { OrderBaseSchema } from '../model/order.ts';
import { CampaignSchema, TeamSchema, TerritorySchema, UserSchema } from '../model/org.ts';
import { PipelineBaseSchema } from '../model/pipeline.ts';
import { ENTITY_KEYS, OPTIONAL_ID, VersionSchema } from './validation.ts';

export const AccountCreateSchema = AccountSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const AccountPatchSchema = AccountSchema.omit(ENTITY_KEYS).partial().strict();
export type AccountCreateInput = z.input<typeof AccountCreateSchema>;
export type AccountPatch = z.input<typeof AccountPatchSchema>;

export const ContactCreateSchema = ContactSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const ContactPatchSchema = ContactSchema.omit(ENTITY_KEYS).partial().strict();
export type ContactCreateInput = z.input<typeof ContactCreateSchema>;
export type ContactPatch = z.input<typeof ContactPatchSchema>;

export const ActivityCreateSchema = ActivitySchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const ActivityPatchSchema = ActivitySchema.omit(ENTITY_KEYS).partial().strict();
export type ActivityCreateInput = z.input<typeof ActivityCreateSchema>;
export type ActivityPatch = z.input<typeof ActivityPatchSchema>;

export const UserCreateSchema = UserSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const UserPatchSchema = UserSchema.omit(ENTITY_KEYS).partial().strict();
export type UserCreateInput = z.input<typeof UserCreateSchema>;
export type UserPatch = z.input<typeof UserPatchSchema>;

export const TeamCreateSchema = TeamSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const TeamPatchSchema = TeamSchema.omit(ENTITY_KEYS).partial().strict();
export type TeamCreateInput = z.input<typeof TeamCreateSchema>;
export type TeamPatch = z.input<typeof TeamPatchSchema>;

export const TerritoryCreateSchema = TerritorySchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const TerritoryPatchSchema = TerritorySchema.omit(ENTITY_KEYS).partial().strict();
export type TerritoryCreateInput = z.input<typeof TerritoryCreateSchema>;
export type TerritoryPatch = z.input<typeof TerritoryPatchSchema>;

export const CampaignCreateSchema = CampaignSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const CampaignPatchSchema = CampaignSchema.omit(ENTITY_KEYS).partial().strict();
export type CampaignCreateInput = z.input<typeof CampaignCreateSchema>;
export type CampaignPatch = z.input<typeof CampaignPatchSchema>;

// The cross-stage checks (unique stage ids, known transition targets) run on the whole record.
export const PipelineCreateSchema = PipelineBaseSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();
export const PipelinePatchSchema = PipelineBaseSchema.omit(ENTITY_KEYS).partial().strict();
export type PipelineCreateInput = z.input<typeof PipelineCreateSchema>;
export type PipelinePatch = z.input<typeof PipelinePatchSchema>;

/** Whether `key` is a fractional-indexing key a later key can be generated after. */
export function isPositionKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

const PositionSchema = DealSchema.shape.position.refine(isPositionKey, 'Expected a fractional-indexing key');

/** Stage, status and history are the funnel's: they are derived here and changed by `deals.move`. */
const DEAL_DERIVED = { status: true, history: true, stageEnteredAt: true } as const;

export const DealCreateSchema = DealSchema.omit({ ...ENTITY_KEYS, ...DEAL_DERIVED })
  .extend({ ...OPTIONAL_ID, position: PositionSchema.optional() })
  .strict();
export const DealPatchSchema = DealSchema.omit({
  ...ENTITY_KEYS,
  ...DEAL_DERIVED,
  pipelineId: true,
  stageId: true,
  position: true,
  closedAt: true,
})
  .partial()
  .strict();
export type DealCreateInput = z.input<typeof DealCreateSchema>;
export type DealPatch = z.input<typeof DealPatchSchema>;

/** What a web form, an import or a rep hands `leads.capture`. */
export const LeadCaptureSchema = LeadSchema.pick({
  source: true,
  name: true,
  company: true,
  email: true,
  phone: true,
  title: true,
  region: true,
  industry: true,
  product: true,
  message: true,
  campaignId: true,
  raw: true,
})
  .extend({
    ...OPTIONAL_ID,
    /** Marketing consent ticked on the form; stored as the capture time in `consentAt`. */
    consent: z.boolean().optional(),
  })
  .strict();
export type LeadCaptureInput = z.input<typeof LeadCaptureSchema>;

/** The whole lead as a service writes it at capture (engines' results included). */
export const LeadCreateSchema = LeadSchema.omit(ENTITY_KEYS).extend(OPTIONAL_ID).strict();

/** Conversion and disqualification have their own actions; an edit may not reach their fields. */
export const LeadPatchSchema = LeadSchema.omit({
  ...ENTITY_KEYS,
  converted: true,
  convertedAt: true,
  disqualifiedReason: true,
})
  .extend({ status: z.enum(['new', 'working', 'nurturing', 'qualified']) })
  .partial()
  .strict();
export type LeadPatch = z.input<typeof LeadPatchSchema>;

export const LeadDisqualifySchema = z.strictObject({
  reason: LeadSchema.shape.disqualifiedReason.unwrap().trim().min(1),
  expectedVersion: VersionSchema,
});
export type LeadDisqualifyOptions = z.input<typeof LeadDisqualifySchema>;

/** Link the lead to an account that already exists. */
export const AccountLinkSchema = z.strictObject({ existingId: IdSchema });

/** Fields of the new account that override what conversion derives from the lead. */
export const AccountOverridesSchema = AccountCreateSchema.partial().strict();

/** The deal a conversion opens; the pipeline defaults to the facade's, the stage to its first open one. */
export const ConvertDealSchema = DealSchema.pick({
  title: true,
  amount: true,
  pipelineId: true,
  stageId: true,
  expectedCloseDate: true,
})
  .partial({ title: true, pipelineId: true, stageId: true, expectedCloseDate: true })
  .strict();

export const LeadConvertSchema = z.strictObject({
  expectedVersion: VersionSchema,
  /** `{ existingId }` links an account; an object of account fields overrides the derived new one. */
  account: z.union([AccountLinkSchema, AccountOverridesSchema]).optional(),
  /** Create a contact from the lead (default true). */
  contact: z.boolean().default(true),
  /** Open a deal; left out, no deal is created. */
  deal: ConvertDealSchema.optional(),
});
export type LeadConvertOptions = z.input<typeof LeadConvertSchema>;

export const OrderRecordSchema = OrderBaseSchema.omit(ENTITY_KEYS)
  .extend({ ...OPTIONAL_ID, orderedAt: OrderBaseSchema.shape.orderedAt.optional() })
  .strict();
export type OrderRecordInput = z.input<typeof OrderRecordSchema>;

export const ActivityCompleteSchema = z.strictObject({
  outcome: ActivitySchema.shape.outcome,
  expectedVersion: VersionSchema,
});
export type ActivityCompleteOptions = z.input<typeof ActivityCompleteSchema>;
