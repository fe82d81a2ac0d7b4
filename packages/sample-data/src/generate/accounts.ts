/**
 * Accounts (companies and households) and their contacts. Lifecycle, grade and tags are settled in
 * `finishAccounts`, after deals and orders exist, so they describe what actually happened: an
 * account with a won deal and repeat orders is `loyal`, one whose last order is over a year old is
 * `churned`, and so on.
 */
import type { EntityInput } from '@kehu/core';
import { type Rng, WeightedIndex } from '../random.ts';
import { DAY, iso, MINUTE, toSecond } from '../time.ts';
import {
  ACCOUNT_TAGS,
  COMPANY_SIZES,
  CONTACT_TAGS,
  type CompanySize,
  LEAD_SOURCES,
  TITLES,
} from '../vocabulary/business.ts';
import { type Context, makeId, type RecordLocale } from './context.ts';
import type { Org, Rep } from './org.ts';
import {
  address,
  type CompanyName,
  chinaLocation,
  chineseCompany,
  chineseCompanyInEnglish,
  chineseInEnglish,
  chinesePerson,
  englishPerson,
  foreignCompany,
  freeMail,
  type Location,
  landline,
  mobile,
  overseasLocation,
  overseasPhone,
  type Person,
  pickIndustry,
  text,
} from './people.ts';

export interface ContactInfo {
  id: string;
  name: string;
  phone?: string;
  email?: string;
}

/** What later steps need to know about an account, without re-reading the record. */
export interface AccountInfo {
  id: string;
  index: number;
  locale: RecordLocale;
  kind: 'company' | 'person';
  short: string;
  currency: 'CNY' | 'USD';
  territoryId: string;
  region: string;
  industry?: string;
  size?: CompanySize;
  location: Location;
  createdMs: number;
  owner: Rep;
  contacts: ContactInfo[];
  open: number;
  won: number;
  lost: number;
  tender: boolean;
  orders: number;
  firstOrderMs: number;
  lastOrderMs: number;
  /** Paid order value in fen (USD converted at a planning rate), for grading. */
  revenue: number;
  member: boolean;
  lastTouchMs: number;
}

const TITLE_DM = TITLES.filter((t) => t[2]);
const TITLE_OTHER = TITLES.filter((t) => !t[2]);
const sizeIndex = new WeightedIndex(COMPANY_SIZES.map((s) => s[1]));

class UniqueSet {
  private readonly seen = new Set<string>();
  /** `value`, or `value` with a number before the `@` (e-mail) or at the end if already used. */
  claim(value: string): string {
    let out = value;
    for (let n = 2; this.seen.has(out); n++) {
      const at = value.indexOf('@');
      out = at > 0 ? `${value.slice(0, at)}${n}${value.slice(at)}` : `${value}${n}`;
    }
    this.seen.add(out);
    return out;
  }
}

export function generateAccounts(ctx: Context, org: Org, count: number) {
  const rng = ctx.stream('accounts');
  const contactRng = ctx.stream('contacts');
  const accounts: EntityInput<'accounts'>[] = [];
  const contacts: EntityInput<'contacts'>[] = [];
  const info: AccountInfo[] = [];
  const names = new Set<string>();
  const emails = new UniqueSet();

  const persons = Math.floor(count * 0.25);
  const kinds = rng.shuffle(
    Array.from({ length: count }, (_, i) => (i < persons ? 'person' : 'company') as 'person' | 'company'),
  );

  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    const locale = ctx.pickLocale(rng);
    const id = makeId('acc', i + 1);
    const createdMs = toSecond(
      ctx.now - (kind === 'company' ? rng.float(20, 1000) : rng.float(5, 900)) * DAY,
    );
    let location: Location;
    let company: CompanyName | undefined;
    let person: Person | undefined;
    const industry = kind === 'company' ? pickIndustry(rng) : undefined;
    if (industry) {
      const foreign = locale === 'en' && rng.chance(0.4);
      location = foreign
        ? rng.chance(0.5)
          ? overseasLocation(rng)
          : chinaLocation(rng)
        : chinaLocation(rng);
      if (locale === 'zh-CN' && rng.chance(0.03)) location = overseasLocation(rng);
      const make = () =>
        foreign
          ? foreignCompany(ctx, industry, location, rng)
          : locale === 'zh-CN'
            ? chineseCompany(industry, location, rng)
            : chineseCompanyInEnglish(industry, location, rng);
      company = make();
      for (let tries = 0; names.has(company.name) && tries < 8; tries++) company = make();
      names.add(company.name);
    } else {
      location = chinaLocation(rng);
      person =
        locale === 'zh-CN'
          ? chinesePerson(ctx, rng)
          : rng.chance(0.5)
            ? chineseInEnglish(ctx, rng)
            : englishPerson(ctx, rng);
    }

    const owner = org.ownerFor(location.territory.id, rng);
    const createdAt = iso(createdMs);
    const account: EntityInput<'accounts'> = {
      id,
      version: 0,
      createdAt,
      updatedAt: createdAt,
      name: company?.name ?? person!.name,
      kind,
      region: location.region,
      territoryId: location.territory.id,
      address: address(ctx, location, locale, kind === 'company', rng),
      tags: [],
      ownerId: owner.id,
      teamId: owner.teamId,
    };
    let size: CompanySize | undefined;
    if (industry && company) {
      size = COMPANY_SIZES[sizeIndex.pick(rng)]![0];
      account.industry = industry.code;
      account.size = size;
      if (rng.chance(0.75)) {
        account.phone = location.country
          ? overseasPhone(location.country, location.city, rng)
          : landline(location.city, rng);
      }
      if (rng.chance(0.4))
        account.email = emails.claim(`${rng.pick(['info', 'sales', 'service', 'hr'])}@${company.domain}`);
      if (rng.chance(0.7)) account.website = `https://www.${company.domain}`;
      if (rng.chance(0.3)) {
        account.custom = {
          erpCustomerCode: `C${String(10_000 + i).padStart(6, '0')}`,
          creditLimit: rng.int(5, 200) * 10_000,
        };
      }
    } else {
      account.phone = mobile(rng);
      if (rng.chance(0.5)) account.email = emails.claim(freeMail(person!, rng));
    }
    if (rng.chance(0.6)) account.source = rng.weighted(LEAD_SOURCES);
    accounts.push(account);

    const accountInfo: AccountInfo = {
      id,
      index: i,
      locale,
      kind,
      short: company?.short ?? person!.name,
      currency: locale === 'en' && location.country ? 'USD' : 'CNY',
      territoryId: location.territory.id,
      region: location.region,
      location,
      createdMs,
      owner,
      contacts: [],
      open: 0,
      won: 0,
      lost: 0,
      tender: false,
      orders: 0,
      firstOrderMs: 0,
      lastOrderMs: 0,
      revenue: 0,
      member: false,
      lastTouchMs: createdMs,
    };
    if (industry) accountInfo.industry = industry.code;
    if (size) accountInfo.size = size;
    info.push(accountInfo);

    const contactCount =
      kind === 'person'
        ? 1
        : contactRng.weighted([
            [1, 35],
            [2, 40],
            [3, 25],
          ] as const);
    for (let j = 0; j < contactCount; j++) {
      const contactMs = createdMs + j * 7 * MINUTE;
      const contact = makeContact(ctx, contactRng, {
        id: makeId('con', contacts.length + 1),
        account: accountInfo,
        accountRecord: account,
        company,
        person: kind === 'person' ? person! : undefined,
        first: j === 0,
        createdMs: contactMs,
        emails,
      });
      contacts.push(contact);
      const summary: ContactInfo = { id: contact.id, name: contact.name };
      if (contact.phones?.[0]) summary.phone = contact.phones[0];
      if (contact.emails?.[0]) summary.email = contact.emails[0];
      accountInfo.contacts.push(summary);
    }
  }
  return { accounts, contacts, info };
}

interface ContactSeed {
  id: string;
  account: AccountInfo;
  accountRecord: EntityInput<'accounts'>;
  company: CompanyName | undefined;
  /** For a personal account: the person it is about. */
  person: Person | undefined;
  first: boolean;
  createdMs: number;
  emails: UniqueSet;
}

function makeContact(ctx: Context, rng: Rng, seed: ContactSeed): EntityInput<'contacts'> {
  const { account, company } = seed;
  const locale = account.locale;
  const person =
    seed.person ??
    (locale === 'zh-CN'
      ? chinesePerson(ctx, rng)
      : company?.foreign && (account.location.country || rng.chance(0.7))
        ? englishPerson(ctx, rng)
        : chineseInEnglish(ctx, rng));
  const createdAt = iso(seed.createdMs);
  const contact: EntityInput<'contacts'> = {
    id: seed.id,
    version: 0,
    createdAt,
    updatedAt: createdAt,
    accountId: account.id,
    name: person.name,
    emails: [],
    phones: [],
    gender: person.gender,
    ownerId: account.owner.id,
    tags: [],
  };
  if (person.nameLatin) contact.nameLatin = person.nameLatin;

  if (seed.person) {
    // A household account's contact is the same person, with the same phone and mailbox.
    if (seed.accountRecord.phone) contact.phones!.push(seed.accountRecord.phone);
    if (seed.accountRecord.email) contact.emails!.push(seed.accountRecord.email);
    if (rng.chance(0.6)) contact.birthday = birthday(ctx, rng);
    if (rng.chance(0.7)) {
      contact.consent = {
        email: contact.emails!.length > 0,
        sms: true,
        phone: false,
        at: contact.createdAt,
        source: rng.pick(['store', 'web_form', 'wechat']),
        text: text(['同意接收会员优惠信息', 'I agree to receive member offers'], locale),
      };
    }
    return contact;
  }

  if (company && rng.chance(0.8))
    contact.emails!.push(seed.emails.claim(`${person.mailbox}@${company.domain}`));
  if (rng.chance(0.1)) contact.emails!.push(seed.emails.claim(freeMail(person, rng)));
  const { location } = account;
  if (rng.chance(0.9)) {
    contact.phones!.push(
      location.country ? overseasPhone(location.country, location.city, rng) : mobile(rng),
    );
  }
  if (rng.chance(0.25) && seed.accountRecord.phone) contact.phones!.push(seed.accountRecord.phone);
  const [titleZh, titleEn] = rng.pick(seed.first ? TITLE_DM : TITLE_OTHER);
  contact.title = locale === 'zh-CN' ? titleZh : titleEn;
  if (seed.first) contact.tags!.push(text(CONTACT_TAGS.decisionMaker, locale));
  else if (rng.chance(0.3)) contact.tags!.push(text(CONTACT_TAGS.influencer, locale));
  if (rng.chance(0.15)) contact.birthday = birthday(ctx, rng);
  if (rng.chance(0.3) && contact.emails!.length) {
    contact.consent = { email: true, sms: false, phone: false, at: contact.createdAt, source: 'sales' };
  }
  return contact;
}

function birthday(ctx: Context, rng: Rng): string {
  const year = new Date(ctx.now).getUTCFullYear() - rng.int(24, 65);
  return `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

/**
 * Settles lifecycle, grade, tags and `updatedAt` from what happened to each account, and moves some
 * dormant accounts to the public pool (公海: no owner, any rep may claim them).
 */
export function finishAccounts(
  ctx: Context,
  accounts: EntityInput<'accounts'>[],
  contacts: EntityInput<'contacts'>[],
  info: readonly AccountInfo[],
) {
  const rng = ctx.stream('accounts/finish');
  const yearAgo = ctx.now - 365 * DAY;
  const revenueRank = info
    .filter((a) => a.revenue > 0)
    .sort((a, b) => b.revenue - a.revenue || a.index - b.index)
    .map((a) => a.index);
  const grades = new Map<number, 'A' | 'B' | 'C'>();
  revenueRank.forEach((index, rank) => {
    grades.set(index, rank < revenueRank.length * 0.15 ? 'A' : rank < revenueRank.length * 0.45 ? 'B' : 'C');
  });
  const contactsByAccount = new Map<string, EntityInput<'contacts'>[]>();
  for (const contact of contacts) {
    const list = contactsByAccount.get(contact.accountId!);
    if (list) list.push(contact);
    else contactsByAccount.set(contact.accountId!, [contact]);
  }

  for (const a of info) {
    const account = accounts[a.index]!;
    const churned = a.orders > 0 && a.lastOrderMs < yearAgo && a.open === 0;
    let lifecycle: EntityInput<'accounts'>['lifecycle'];
    if (a.kind === 'person') {
      lifecycle = churned
        ? 'churned'
        : a.orders >= 4 && a.member
          ? 'loyal'
          : a.orders > 0
            ? 'customer'
            : 'prospect';
    } else if (a.won > 0) {
      lifecycle = churned ? 'churned' : a.orders >= 4 || a.won >= 3 ? 'loyal' : 'customer';
    } else {
      lifecycle = a.open > 0 ? 'opportunity' : a.lost > 0 ? 'lead' : 'prospect';
    }
    account.lifecycle = lifecycle;
    const grade =
      grades.get(a.index) ??
      (a.kind === 'company'
        ? a.size === 'enterprise' || a.size === 'large'
          ? 'B'
          : a.size === 'medium'
            ? 'C'
            : 'D'
        : undefined);
    if (grade) account.grade = grade;

    const tags: string[] = [];
    if (grade === 'A' && a.kind === 'company') tags.push(text(ACCOUNT_TAGS.keyAccount, a.locale));
    if (a.tender) tags.push(text(ACCOUNT_TAGS.tender, a.locale));
    if (a.member) tags.push(text(ACCOUNT_TAGS.member, a.locale));
    if (lifecycle === 'loyal' && a.kind === 'person') tags.push(text(ACCOUNT_TAGS.vip, a.locale));
    if ((lifecycle === 'prospect' || lifecycle === 'churned') && a.open === 0 && rng.chance(0.3)) {
      tags.push(text(ACCOUNT_TAGS.publicPool, a.locale));
      delete account.ownerId;
      delete account.teamId;
      for (const contact of contactsByAccount.get(a.id) ?? []) delete contact.ownerId;
    }
    account.tags = tags;
    if (a.lastTouchMs > a.createdMs) account.updatedAt = iso(Math.min(a.lastTouchMs, ctx.now));
  }
}
