/**
 * Leads through the facade. `capture` is the intake pipeline of every channel — validate, look for
 * duplicates, score, assign, save, announce — in one transaction with whatever the engines write;
 * `convert` turns a lead into account + contact + deal atomically; `disqualify` closes it.
 */
import { z } from 'zod';
import { KehuError, parseOrThrow } from '../errors.ts';
import type { Account } from '../model/account.ts';
import { ScoreSnapshotSchema } from '../model/common.ts';
import type { Contact } from '../model/contact.ts';
import type { Deal } from '../model/deal.ts';
import { DuplicateLinkSchema, type Lead } from '../model/lead.ts';
import type { Page, Query } from '../storage/contract.ts';
import { type ActionScope, type CrmContext, engineContext, runAction } from './context.ts';
import type { createDealRepository } from './deals.ts';
import type { createAccountRepository, createContactRepository } from './directory.ts';
import type { AssignmentDecision, LeadDraft } from './engines.ts';
import { createEntityRepository } from './entity-service.ts';
import { raiseLifecycle } from './lifecycle.ts';
import { firstOpenStage, requireStage } from './pipelines.ts';
import { requireReference } from './references.ts';
import {
  AccountLinkSchema,
  AccountOverridesSchema,
  type ConvertDealSchema,
  type LeadCaptureInput,
  LeadCaptureSchema,
  type LeadConvertOptions,
  LeadConvertSchema,
  LeadCreateSchema,
  type LeadDisqualifyOptions,
  LeadDisqualifySchema,
  type LeadPatch,
  LeadPatchSchema,
} from './schemas.ts';
import { compact, parseId, sentFields, type VersionOptions } from './validation.ts';

export interface LeadConversion {
  lead: Lead;
  account: Account;
  contact: Contact | undefined;
  deal: Deal | undefined;
}

export interface LeadService {
  /**
   * Takes in a lead from any channel: validate → duplicates → score → assign → save → `lead.captured`.
   * Steps whose engine is not configured are skipped. All or nothing: if any step throws, no lead
   * and no engine state is saved and no event fires.
   */
  capture(input: LeadCaptureInput): Promise<Lead>;
  /** Edits a lead; its status may move among new / working / nurturing / qualified. */
  update(id: string, patch: LeadPatch, options: VersionOptions): Promise<Lead>;
  get(id: string): Promise<Lead | undefined>;
  require(id: string): Promise<Lead>;
  list(query?: Query<'leads'>): Promise<Page<Lead>>;
  /** Closes a lead as not worth pursuing, with the reason. `GUARD_REJECTED` for a converted lead. */
  disqualify(id: string, options: LeadDisqualifyOptions): Promise<Lead>;
  /**
   * Creates (or links) the account, creates the contact and opens the deal, and marks the lead
   * converted — in one transaction. `GUARD_REJECTED` for a converted or disqualified lead.
   */
  convert(id: string, options: LeadConvertOptions): Promise<LeadConversion>;
}

/** At most this many duplicate links are kept on a lead: the closest ones. */
const MAX_DUPLICATES = 20;

export function createLeadRepository(ctx: CrmContext) {
  return createEntityRepository(ctx, {
    collection: 'leads',
    noun: 'lead',
    create: LeadCreateSchema,
    patch: LeadPatchSchema,
    // `lead.captured` and `lead.converted` are announced by the actions themselves.
    events: { updated: 'lead.updated' },
    // A campaign id from a public form is not checked: a stale link must not lose the enquiry.
    references: [{ field: 'accountId', collection: 'accounts' }],
    prepare(_scope, draft, previous) {
      // Reopening a disqualified lead (re-nurturing) drops the reason it was closed for.
      if (previous?.status === 'disqualified' && draft.status !== 'disqualified') {
        return { ...draft, disqualifiedReason: undefined };
      }
      return draft;
    },
    guardUpdate(_scope, next, previous) {
      if (previous.status === 'converted' && next.status !== 'converted') {
        throw new KehuError('GUARD_REJECTED', `Lead ${previous.id} is converted; its status is final`, {
          details: { id: previous.id, status: previous.status, requested: next.status },
        });
      }
    },
  });
}

interface LeadRepositories {
  leads: ReturnType<typeof createLeadRepository>;
  accounts: ReturnType<typeof createAccountRepository>;
  contacts: ReturnType<typeof createContactRepository>;
  deals: ReturnType<typeof createDealRepository>;
}

export function createLeadService(ctx: CrmContext, repositories: LeadRepositories): LeadService {
  const { leads } = repositories;
  const { get, require, list, update } = leads.service;

  return {
    get,
    require,
    list,
    update,
    async capture(input) {
      const parsed = parseOrThrow(LeadCaptureSchema, input, 'lead');
      const { matching, assignment } = ctx.engines;
      const scope = [...leads.scope, ...(matching?.collections ?? []), ...(assignment?.collections ?? [])];
      return runAction(ctx, scope, async (action) => {
        const draft = await runEngines(ctx, action, newDraft(ctx, parsed, action.at));
        const lead = await leads.insert(action, draft);
        action.emit('lead.captured', { entity: lead, actorId: action.actorId });
        return lead;
      });
    },
    async disqualify(id, options) {
      parseId(id);
      const { reason, expectedVersion } = parseOrThrow(LeadDisqualifySchema, options, 'options');
      return runAction(ctx, leads.scope, async (scope) => {
        const lead = await leads.load(scope, id, expectedVersion);
        if (lead.status === 'converted') throw refused(lead, 'disqualify');
        const changes = { status: 'disqualified' as const, disqualifiedReason: reason };
        return leads.change(scope, lead, changes, { event: 'lead.disqualified' });
      });
    },
    async convert(id, options) {
      parseId(id);
      const parsed = parseConvertOptions(options);
      const { accounts, contacts, deals } = repositories;
      const scope = [...leads.scope, ...accounts.scope, ...contacts.scope, ...deals.scope];
      return runAction(ctx, scope, (action) => convertLead(ctx, repositories, action, id, parsed));
    },
  };
}

/** The lead as captured, before any engine has looked at it. */
function newDraft(ctx: CrmContext, input: z.output<typeof LeadCaptureSchema>, at: string): LeadDraft {
  const { consent, id, ...fields } = input;
  const lead = parseOrThrow(
    LeadCreateSchema,
    compact({ ...fields, consentAt: consent ? at : undefined }),
    'lead',
  );
  return { ...lead, id: id ?? ctx.ids(), createdAt: at, updatedAt: at };
}

const DuplicatesSchema = z.array(DuplicateLinkSchema);

/** Each configured engine in turn, each seeing what the ones before it found. */
async function runEngines(ctx: CrmContext, action: ActionScope, draft: LeadDraft): Promise<LeadDraft> {
  const { matching, scoring, assignment } = ctx.engines;
  const context = engineContext(ctx, action);
  let lead = draft;
  if (matching) {
    const found = await matching.findDuplicates(action.tx, lead, context);
    const links = parseOrThrow(DuplicatesSchema, found, 'duplicates', ['duplicates']);
    lead = { ...lead, duplicates: links.sort((a, b) => b.score - a.score).slice(0, MAX_DUPLICATES) };
  }
  if (scoring) {
    const score = parseOrThrow(
      ScoreSnapshotSchema,
      { ...scoring.scoreLead(lead, context), at: action.at },
      'score',
      ['score'],
    );
    lead = { ...lead, score };
  }
  if (assignment) lead = assigned(lead, await assignment.assignLead(action.tx, lead, context));
  return lead;
}

function assigned(lead: LeadDraft, decision: AssignmentDecision | undefined): LeadDraft {
  if (!decision) return lead;
  return {
    ...lead,
    ownerId: decision.ownerId ?? lead.ownerId,
    teamId: decision.teamId ?? lead.teamId,
    assignmentReason: decision.reason,
  };
}

function refused(lead: Lead, action: string): KehuError {
  return new KehuError('GUARD_REJECTED', `Cannot ${action} lead ${lead.id}: it is ${lead.status}`, {
    details: { id: lead.id, status: lead.status },
  });
}

type AccountChoice =
  | { kind: 'link'; existingId: string }
  | { kind: 'create'; overrides: z.output<typeof AccountOverridesSchema> };

interface ConvertOptions {
  expectedVersion: number;
  account: AccountChoice;
  contact: boolean;
  deal: z.output<typeof ConvertDealSchema> | undefined;
}

/**
 * Validates every part of a conversion before anything is written. The account option is parsed
 * by its own branch so its issues name the exact field instead of "no union member matched".
 */
function parseConvertOptions(options: unknown): ConvertOptions {
  const raw = (options !== null && typeof options === 'object' ? options : {}) as { account?: unknown };
  const account = raw.account;
  let choice: AccountChoice = { kind: 'create', overrides: {} };
  if (account !== null && typeof account === 'object' && Object.hasOwn(account, 'existingId')) {
    const link = parseOrThrow(AccountLinkSchema, account, 'conversion', ['account']);
    choice = { kind: 'link', existingId: link.existingId };
  } else if (account !== undefined) {
    const overrides = parseOrThrow(AccountOverridesSchema, account, 'conversion', ['account']);
    choice = { kind: 'create', overrides: sentFields(overrides, account) };
  }
  const parsed = parseOrThrow(LeadConvertSchema, options, 'conversion');
  return {
    expectedVersion: parsed.expectedVersion,
    account: choice,
    contact: parsed.contact,
    deal: parsed.deal,
  };
}

async function convertLead(
  ctx: CrmContext,
  { leads, accounts, contacts, deals }: LeadRepositories,
  action: ActionScope,
  id: string,
  options: ConvertOptions,
): Promise<LeadConversion> {
  const lead = await leads.load(action, id, options.expectedVersion);
  if (lead.status === 'converted' || lead.status === 'disqualified') throw refused(lead, 'convert');
  const lifecycle = options.deal ? 'opportunity' : 'lead';

  let account: Account;
  if (options.account.kind === 'link') {
    const existing = await requireReference(
      action.tx,
      'accounts',
      options.account.existingId,
      'account.existingId',
    );
    const raised = raiseLifecycle(existing.lifecycle, lifecycle);
    account =
      raised === existing.lifecycle
        ? existing
        : await accounts.change(action, existing, { lifecycle: raised });
  } else {
    const input = { ...accountFromLead(lead), lifecycle, ...options.account.overrides };
    account = await accounts.insert(action, accounts.parseCreate(input));
  }

  const contact = options.contact
    ? await contacts.insert(action, contacts.parseCreate(contactFromLead(lead, account.id)))
    : undefined;

  let deal: Deal | undefined;
  if (options.deal) {
    const pipelineId = options.deal.pipelineId ?? ctx.defaultPipelineId;
    const stageId = options.deal.stageId ?? (await defaultStage(action, pipelineId));
    await requireStage(action.tx, pipelineId, stageId, 'deal.pipelineId');
    const input = compact({
      title: options.deal.title ?? dealTitle(lead, account),
      amount: options.deal.amount,
      expectedCloseDate: options.deal.expectedCloseDate,
      pipelineId,
      stageId,
      accountId: account.id,
      contactId: contact?.id,
      leadId: lead.id,
      ownerId: lead.ownerId,
      teamId: lead.teamId,
      campaignId: lead.campaignId,
    });
    deal = await deals.insert(action, deals.parseCreate(input));
  }

  const converted = compact({ accountId: account.id, contactId: contact?.id, dealId: deal?.id });
  const changes = { status: 'converted' as const, convertedAt: action.at, converted, accountId: account.id };
  const saved = await leads.change(action, lead, changes, { event: false });
  action.emit('lead.converted', {
    entity: saved,
    previous: lead,
    account,
    contact,
    deal,
    actorId: action.actorId,
  });
  return { lead: saved, account, contact, deal };
}

async function defaultStage(action: ActionScope, pipelineId: string): Promise<string> {
  const pipeline = await requireReference(action.tx, 'pipelines', pipelineId, 'deal.pipelineId');
  const stage = firstOpenStage(pipeline);
  if (stage) return stage.id;
  throw new KehuError('NOT_FOUND', `Pipeline ${pipelineId} has no open stage for a new deal`, {
    issues: [{ path: ['deal', 'stageId'], message: 'No open stage to start in', code: 'not_found' }],
    details: { field: 'deal.stageId', collection: 'pipelines', id: pipelineId },
  });
}

/** A company lead becomes a company account; a private person's lead, a personal one. */
function accountFromLead(lead: Lead) {
  const personal = !lead.company;
  return compact({
    name: lead.company || lead.name,
    kind: personal ? ('person' as const) : ('company' as const),
    industry: lead.industry,
    region: lead.region,
    // A person's own e-mail and phone are the account's only when the account is that person.
    email: personal ? lead.email : undefined,
    phone: personal ? lead.phone : undefined,
    ownerId: lead.ownerId,
    teamId: lead.teamId,
    source: lead.source,
    // The account starts with the grade and score its lead earned; later scoring may revise them.
    grade: lead.score?.grade,
    score: lead.score,
  });
}

function contactFromLead(lead: Lead, accountId: string) {
  return compact({
    accountId,
    name: lead.name,
    title: lead.title,
    emails: lead.email ? [lead.email] : [],
    phones: lead.phone ? [lead.phone] : [],
    ownerId: lead.ownerId,
    // The form's one consent box covers the channels the person gave us.
    consent: lead.consentAt
      ? {
          email: Boolean(lead.email),
          sms: Boolean(lead.phone),
          phone: Boolean(lead.phone),
          at: lead.consentAt,
          source: lead.source,
        }
      : undefined,
  });
}

function dealTitle(lead: Lead, account: Account): string {
  const title = lead.product ? `${account.name} · ${lead.product}` : account.name;
  return title.slice(0, 200);
}
