/**
 * Leads (线索) from every source. Three kinds: fresh enquiries whose status follows their age (new
 * ones are days old, the disqualified pile up over months); converted leads, each the origin of a
 * deal (the deal points back with `leadId` and inherits the campaign); and a few that repeat an
 * existing contact's phone, flagged as possible duplicates the way capture-time matching would.
 */
import type { EntityInput, LeadStatus } from '@kehu/core';
import type { Rng } from '../random.ts';
import { DAY, HOUR, iso, toSecond } from '../time.ts';
import {
  CHANNEL_SOURCE,
  DISQUALIFY_REASONS,
  LEAD_MESSAGES,
  LEAD_SOURCES,
  PRODUCTS,
  TITLES,
} from '../vocabulary/business.ts';
import type { AccountInfo } from './accounts.ts';
import { type Context, makeId, type RecordLocale } from './context.ts';
import type { DealInfo } from './deals.ts';
import type { CampaignInfo, Org, Rep } from './org.ts';
import {
  anyLocation,
  chinaLocation,
  chineseCompany,
  chineseCompanyInEnglish,
  chineseInEnglish,
  chinesePerson,
  englishPerson,
  foreignCompany,
  freeMail,
  mobile,
  overseasPhone,
  pickIndustry,
  text,
} from './people.ts';

export interface LeadInfo {
  id: string;
  createdMs: number;
  /** When work on it stopped (converted, disqualified) or `now`. */
  endMs: number;
  open: boolean;
  ownerId?: string;
  locale: RecordLocale;
  accountId?: string;
}

type LeadSource = EntityInput<'leads'>['source'];

function statusForAge(rng: Rng, ageDays: number): LeadStatus {
  if (ageDays < 7)
    return rng.weighted<LeadStatus>([
      ['new', 55],
      ['working', 40],
      ['disqualified', 5],
    ]);
  if (ageDays < 60) {
    return rng.weighted<LeadStatus>([
      ['new', 5],
      ['working', 35],
      ['nurturing', 20],
      ['qualified', 20],
      ['disqualified', 20],
    ]);
  }
  return rng.weighted<LeadStatus>([
    ['working', 8],
    ['nurturing', 40],
    ['qualified', 12],
    ['disqualified', 40],
  ]);
}

export function generateLeads(
  ctx: Context,
  org: Org,
  accounts: readonly AccountInfo[],
  accountRecords: readonly EntityInput<'accounts'>[],
  deals: EntityInput<'deals'>[],
  dealInfo: readonly DealInfo[],
  campaigns: readonly CampaignInfo[],
  count: number,
) {
  const rng = ctx.stream('leads');
  const now = ctx.now;
  const live = campaigns.filter((c) => c.live);
  const leads: EntityInput<'leads'>[] = [];
  const info: LeadInfo[] = [];

  const converted = Math.min(Math.round(count * 0.15), dealInfo.length);
  const withContacts = accounts.filter((a) => a.contacts.some((c) => c.phone));
  const duplicates = withContacts.length ? Math.round(count * 0.03) : 0;
  const kinds = rng.shuffle(
    Array.from({ length: count }, (_, i) =>
      i < converted ? 'converted' : i < converted + duplicates ? 'duplicate' : 'fresh',
    ),
  );
  const convertedDeals = rng.shuffle(dealInfo.map((_, i) => i)).slice(0, converted);
  let nextConverted = 0;

  const campaignAt = (source: LeadSource, ms: number) => {
    const matching = live.filter(
      (c) => CHANNEL_SOURCE[c.channel] === source && c.startMs <= ms && ms <= c.endMs + 14 * DAY,
    );
    return matching.length ? rng.pick(matching) : undefined;
  };
  // Why the owner was chosen, in words a manager reads (the assignment engine writes the same).
  const assign = (
    lead: EntityInput<'leads'>,
    locale: RecordLocale,
    owner: Rep,
    territoryId: string,
    byRegion: boolean,
  ) => {
    lead.ownerId = owner.id;
    lead.teamId = owner.teamId;
    const territory = org.territoryName(territoryId);
    const team = org.teamName(owner.teamId);
    lead.assignmentReason = byRegion
      ? text([`按区域分配:${territory.zh}`, `Territory: ${territory.en}`], locale)
      : text([`轮询分配:${team}`, `Round robin: ${team}`], locale);
  };

  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    const id = makeId('lead', i + 1);
    let lead: EntityInput<'leads'>;
    let leadInfo: LeadInfo;

    if (kind === 'converted') {
      const deal = dealInfo[convertedDeals[nextConverted++]!]!;
      const dealRecord = deals[deal.index]!;
      const account = deal.account;
      const record = accountRecords[account.index]!;
      const contact = account.contacts.find((c) => c.id === deal.contactId) ?? account.contacts[0];
      const source = rng.weighted(LEAD_SOURCES);
      const createdMs = toSecond(deal.createdMs - rng.float(1, 30) * DAY);
      lead = {
        id,
        version: 0,
        createdAt: iso(createdMs),
        updatedAt: dealRecord.createdAt,
        source,
        status: 'converted',
        name: contact?.name ?? record.name,
        company: record.name,
        region: account.region,
        accountId: account.id,
        convertedAt: dealRecord.createdAt,
        converted: contact
          ? { accountId: account.id, contactId: contact.id, dealId: deal.id }
          : { accountId: account.id, dealId: deal.id },
        duplicates: [],
      };
      if (account.industry) lead.industry = account.industry;
      if (contact?.phone) lead.phone = contact.phone;
      if (contact?.email) lead.email = contact.email;
      const campaign = rng.chance(0.7) ? campaignAt(source, createdMs) : undefined;
      if (campaign) {
        lead.campaignId = campaign.id;
        dealRecord.campaignId = campaign.id;
      }
      dealRecord.leadId = id;
      accountRecords[account.index]!.source = source;
      assign(lead, account.locale, deal.owner, account.territoryId, rng.chance(0.7));
      leadInfo = {
        id,
        createdMs,
        endMs: deal.createdMs,
        open: false,
        locale: account.locale,
        accountId: account.id,
      };
    } else if (kind === 'duplicate') {
      const account = rng.pick(withContacts);
      const contact = rng.pick(account.contacts.filter((c) => c.phone));
      const createdMs = toSecond(now - rng.float(1 / 24, 30) * DAY);
      const createdAt = iso(createdMs);
      lead = {
        id,
        version: 0,
        createdAt,
        updatedAt: createdAt,
        source: rng.weighted(LEAD_SOURCES),
        status: rng.chance(0.6) ? 'new' : 'working',
        name: contact.name,
        phone: contact.phone!,
        region: account.region,
        duplicates: [{ collection: 'contacts', id: contact.id, score: 0.95 }],
      };
      if (account.kind === 'company') {
        lead.company = accountRecords[account.index]!.name;
        lead.duplicates!.push({ collection: 'accounts', id: account.id, score: 0.85 });
      }
      if (lead.status === 'working') {
        const owner = org.ownerFor(account.territoryId, rng, { active: true });
        assign(lead, account.locale, owner, account.territoryId, true);
      }
      leadInfo = { id, createdMs, endMs: now, open: true, locale: account.locale };
    } else {
      const made = freshLead(ctx, rng, id, campaignAt, live);
      lead = made.lead;
      const ageDays = (now - made.createdMs) / DAY;
      const unassigned = lead.status === 'new' && rng.chance(0.4);
      if (!unassigned) {
        let owner = org.ownerFor(made.territoryId, rng, { active: true });
        // Assignment skips reps on leave for what arrives while they are away.
        for (let tries = 0; owner.onLeave && ageDays < 5 && tries < 4; tries++) {
          owner = org.ownerFor(made.territoryId, rng, { active: true });
        }
        assign(lead, made.locale, owner, made.territoryId, rng.chance(0.6));
      } else if (rng.chance(0.5)) {
        lead.teamId = org.ownerFor(made.territoryId, rng, { active: true }).teamId;
      }
      let endMs = now;
      if (lead.status === 'disqualified') {
        lead.disqualifiedReason = text(rng.pick(DISQUALIFY_REASONS), made.locale);
        endMs = toSecond(made.createdMs + rng.next() * Math.min(now - made.createdMs, 30 * DAY));
      }
      if (lead.status !== 'new') {
        lead.updatedAt = iso(
          lead.status === 'disqualified'
            ? endMs
            : toSecond(made.createdMs + rng.next() * (now - made.createdMs)),
        );
      }
      leadInfo = {
        id,
        createdMs: made.createdMs,
        endMs,
        open: lead.status !== 'disqualified',
        locale: made.locale,
      };
    }
    if (lead.ownerId) leadInfo.ownerId = lead.ownerId;
    leads.push(lead);
    info.push(leadInfo);
  }
  return { leads, info };
}

function freshLead(
  ctx: Context,
  rng: Rng,
  id: string,
  campaignAt: (source: LeadSource, ms: number) => CampaignInfo | undefined,
  live: readonly CampaignInfo[],
) {
  const now = ctx.now;
  const source = rng.weighted(LEAD_SOURCES);
  const fromCampaign = live.filter((c) => CHANNEL_SOURCE[c.channel] === source);
  let createdMs: number;
  let campaign: CampaignInfo | undefined;
  if (fromCampaign.length && rng.chance(0.65)) {
    campaign = rng.pick(fromCampaign);
    const until = Math.min(campaign.endMs + 7 * DAY, now - HOUR);
    createdMs = toSecond(campaign.startMs + rng.next() * (until - campaign.startMs));
  } else {
    createdMs = toSecond(now - Math.max(HOUR, 365 * DAY * rng.next() ** 2));
    campaign = rng.chance(0.3) ? campaignAt(source, createdMs) : undefined;
  }

  const locale = ctx.pickLocale(rng);
  const location = locale === 'en' ? anyLocation(rng) : chinaLocation(rng);
  const consumer = rng.chance(0.2);
  const person =
    locale === 'zh-CN'
      ? chinesePerson(ctx, rng)
      : location.country || rng.chance(0.3)
        ? englishPerson(ctx, rng)
        : chineseInEnglish(ctx, rng);
  const status = statusForAge(rng, (now - createdMs) / DAY);
  const createdAt = iso(createdMs);
  const lead: EntityInput<'leads'> = {
    id,
    version: 0,
    createdAt,
    updatedAt: createdAt,
    source,
    status,
    name: person.name,
    region: location.region,
    duplicates: [],
  };
  if (campaign) lead.campaignId = campaign.id;
  const industry = consumer ? undefined : pickIndustry(rng);
  let domain: string | undefined;
  if (industry) {
    const company =
      locale === 'zh-CN'
        ? chineseCompany(industry, location, rng)
        : location.country
          ? foreignCompany(ctx, industry, location, rng)
          : chineseCompanyInEnglish(industry, location, rng);
    lead.company = company.name;
    lead.industry = industry.code;
    domain = company.domain;
    const [titleZh, titleEn] = rng.pick(TITLES);
    if (rng.chance(0.5)) lead.title = locale === 'zh-CN' ? titleZh : titleEn;
  }
  const hasPhone = rng.chance(0.85);
  if (hasPhone)
    lead.phone = location.country ? overseasPhone(location.country, location.city, rng) : mobile(rng);
  if (!hasPhone || rng.chance(0.55)) {
    lead.email = domain && rng.chance(0.7) ? `${person.mailbox}@${domain}` : freeMail(person, rng);
  }
  const products = PRODUCTS.filter((p) => p.kind === (consumer ? 'retail' : 'b2b'));
  lead.product = text(rng.pick(products).name, locale);
  if (rng.chance(0.6)) lead.message = text(rng.pick(LEAD_MESSAGES), locale);
  if (source === 'web_form' || source === 'social' || source === 'email') {
    if (rng.chance(0.7)) lead.consentAt = lead.createdAt;
  }
  if (source === 'web_form') {
    const raw: Record<string, string> = {
      name: lead.name,
      page: '/contact',
      utm_source: rng.pick(['baidu', 'wechat', 'bing', 'direct']),
    };
    if (lead.phone) raw.phone = lead.phone;
    if (lead.email) raw.email = lead.email;
    if (lead.company) raw.company = lead.company;
    if (lead.message) raw.message = lead.message;
    lead.raw = raw;
  }
  return { lead, createdMs, locale, territoryId: location.territory.id };
}
