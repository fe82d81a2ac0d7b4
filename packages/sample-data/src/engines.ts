/**
 * Rule engines that fit the generated data, so a demo or a test plugs scoring, assignment,
 * matching and loyalty into `createCrm` without writing rules first: the scoring rules read the
 * lead fields the generator fills, the routing rules are built from the generated teams and the
 * regions of their territories, and the loyalty programme earns exactly as the generated ledger
 * did (1 point per ¥1 of CNY orders, lots lapsing after a year) with tier ids the generated cards
 * already carry.
 */
import {
  type AssignmentDefinitionInput,
  assignmentEngine,
  type CrmEngines,
  compileScoring,
  defineLoyaltyProgram,
  defineScoring,
  type Locale,
  type LoyaltyProgram,
  loyaltyEngine,
  type ScoringDefinition,
  scoringEngine,
} from '@kehu/core';
import { matchingEngine } from '@kehu/core/matching';
import type { SampleData } from './index.ts';
import { TITLES } from './vocabulary/business.ts';
import { FREE_MAIL, TERRITORIES } from './vocabulary/geo.ts';

/**
 * The sample company's membership club. Tier ids are the ones `generateSampleData` gives its
 * cards (`regular`, `silver`, `gold`, `platinum` at 0 / 1,000 / 5,000 / 20,000 points), and no
 * tier multiplies points, so new orders earn at the rate the generated history was booked at.
 */
export const sampleLoyaltyProgram: LoyaltyProgram = defineLoyaltyProgram({
  id: 'qingyuan-club',
  label: { 'zh-CN': '清源会员俱乐部', en: 'Qingyuan Club' },
  currency: 'CNY',
  earning: { spend: { points: 1, per: 100 } },
  tiers: [
    { id: 'regular', label: { 'zh-CN': '普通会员', en: 'Member' }, threshold: 0 },
    { id: 'silver', label: { 'zh-CN': '银卡', en: 'Silver' }, threshold: 1_000, retain: 800 },
    { id: 'gold', label: { 'zh-CN': '金卡', en: 'Gold' }, threshold: 5_000, retain: 4_000 },
    { id: 'platinum', label: { 'zh-CN': '白金卡', en: 'Platinum' }, threshold: 20_000, retain: 16_000 },
  ],
  qualification: { metric: 'points', windowDays: 365 },
  expiry: { days: 365 },
  rewards: [
    { id: 'filter-set', label: { 'zh-CN': '滤芯一套', en: 'Filter set' }, cost: 500 },
    { id: 'service-visit', label: { 'zh-CN': '上门保养一次', en: 'Service visit' }, cost: 1_200 },
  ],
});

const EAST_CHINA = TERRITORIES.find((t) => t.id === 'ter-east')!.provinces.map((p) => p.region);
const DECISION_MAKERS = TITLES.filter((title) => title[2]).flatMap((title) => [title[0], title[1]]);
const FREE_MAIL_DOMAINS = FREE_MAIL.map(([domain]) => `@${domain}`);

/**
 * Lead scoring over the fields the generator fills (and a lead form captures): who the lead is
 * (industry, region, title, company, e-mail domain) and where it came from (source). Only fit
 * rules: a lead being captured has no activities yet.
 */
export const sampleScoring: ScoringDefinition = defineScoring({
  rules: [
    {
      id: 'core-industry',
      label: {
        'zh-CN': '重点行业(制造、酒店、医疗、餐饮)',
        en: 'Core industry (manufacturing, hotels, healthcare, food)',
      },
      group: 'fit',
      points: 20,
      when: { field: 'industry', op: 'in', value: ['manufacturing', 'hospitality', 'healthcare', 'food'] },
    },
    {
      id: 'other-industry',
      label: { 'zh-CN': '企业客户', en: 'Business customer' },
      group: 'fit',
      points: 8,
      when: {
        all: [
          { field: 'industry', op: 'exists' },
          { field: 'industry', op: 'notIn', value: ['manufacturing', 'hospitality', 'healthcare', 'food'] },
        ],
      },
    },
    {
      id: 'east-china',
      label: { 'zh-CN': '华东区域', en: 'East China' },
      group: 'fit',
      points: 10,
      when: { field: 'region', op: 'in', value: EAST_CHINA },
    },
    {
      id: 'decision-maker',
      label: { 'zh-CN': '关键决策人', en: 'Decision maker' },
      group: 'fit',
      points: 15,
      when: { field: 'title', op: 'in', value: DECISION_MAKERS },
    },
    {
      id: 'named-company',
      label: { 'zh-CN': '留下公司名称', en: 'Company given' },
      group: 'fit',
      points: 5,
      when: { field: 'company', op: 'exists' },
    },
    {
      id: 'work-email',
      label: { 'zh-CN': '企业邮箱', en: 'Work e-mail' },
      group: 'fit',
      points: 10,
      when: {
        all: [
          { field: 'email', op: 'exists' },
          ...FREE_MAIL_DOMAINS.map((domain) => ({
            not: { field: 'email' as const, op: 'contains' as const, value: domain },
          })),
        ],
      },
    },
    {
      id: 'free-mailbox',
      label: { 'zh-CN': '个人邮箱', en: 'Free mailbox' },
      group: 'fit',
      points: -5,
      when: {
        any: FREE_MAIL_DOMAINS.map((domain) => ({
          field: 'email' as const,
          op: 'contains' as const,
          value: domain,
        })),
      },
    },
    {
      id: 'referral',
      label: { 'zh-CN': '客户或伙伴推荐', en: 'Referral or partner' },
      group: 'source',
      points: 15,
      when: { field: 'source', op: 'in', value: ['referral', 'partner'] },
    },
    {
      id: 'exhibition',
      label: { 'zh-CN': '展会', en: 'Trade show' },
      group: 'source',
      points: 10,
      when: { field: 'source', op: 'eq', value: 'exhibition' },
    },
    {
      id: 'inbound',
      label: { 'zh-CN': '主动咨询(官网、电话)', en: 'Inbound enquiry (website, phone)' },
      group: 'source',
      points: 8,
      when: { field: 'source', op: 'in', value: ['web_form', 'phone'] },
    },
  ],
  groups: { fit: { max: 60, min: 0 }, source: { max: 15 } },
  grades: { A: 55, B: 35, C: 15 },
});

/**
 * The part of the data the engines are built from. A page that reloads its data from a store
 * passes the stored teams, users and territories instead of generating the data again.
 */
export type SampleOrganisation = Pick<SampleData, 'teams' | 'users' | 'territories'>;

export interface SampleEnginesOptions {
  /** The language score labels and assignment reasons are stored in. Default `zh-CN`. */
  locale?: Locale;
}

/** The regions a team covers: those of its members' territories (its own territory first). */
function teamRegions(data: SampleOrganisation, teamId: string): string[] {
  const team = data.teams.find((t) => t.id === teamId);
  const territoryIds = new Set<string>(team?.territoryId ? [team.territoryId] : []);
  for (const user of data.users) {
    if (user.teamId === teamId) for (const id of user.territoryIds ?? []) territoryIds.add(id);
  }
  const regions = data.territories
    .filter((territory) => territoryIds.has(territory.id))
    .flatMap((territory) => territory.regions ?? []);
  return [...new Set(regions)];
}

/**
 * Routing over the generated organisation: per sales team, promising leads (grade A or B) from
 * its regions go to the least-loaded rep, the rest of its regions round robin; anything else
 * (no region, a region no team covers) round robin in the first sales team. Reps on leave or
 * gone are skipped by the engine itself.
 */
export function sampleAssignment(
  data: SampleOrganisation,
  options: SampleEnginesOptions = {},
): AssignmentDefinitionInput {
  const salesTeams = data.teams.filter((team) =>
    data.users.some((user) => user.teamId === team.id && (user.role ?? 'rep') === 'rep'),
  );
  const rules: NonNullable<AssignmentDefinitionInput['rules']> = [];
  salesTeams.forEach((team, index) => {
    const regions = teamRegions(data, team.id);
    if (regions.length === 0) return;
    rules.push({
      id: `${team.id}-promising`,
      name: { 'zh-CN': `${team.name}:优质线索`, en: `${team.name}: promising leads` },
      priority: 10 + index,
      when: {
        all: [
          { field: 'region', op: 'in', value: regions },
          { field: 'score.grade', op: 'in', value: ['A', 'B'] },
        ],
      },
      to: { teamId: team.id },
      strategy: { kind: 'least-loaded' },
    });
    rules.push({
      id: `${team.id}-region`,
      name: { 'zh-CN': `${team.name}:负责区域`, en: `${team.name}: its regions` },
      priority: 100 + index,
      when: { field: 'region', op: 'in', value: regions },
      to: { teamId: team.id },
      strategy: { kind: 'round-robin' },
    });
  });
  const fallbackTeam = salesTeams[0];
  return {
    locale: options.locale ?? 'zh-CN',
    rules,
    fallback: fallbackTeam
      ? { teamId: fallbackTeam.id, strategy: { kind: 'round-robin' } }
      : { queue: 'unassigned' },
  };
}

/**
 * Scoring, assignment, matching (its defaults) and loyalty (`sampleLoyaltyProgram`) for a CRM
 * holding `data`: `createCrm({ store, engines: sampleEngines(data) })`.
 */
export function sampleEngines(data: SampleOrganisation, options: SampleEnginesOptions = {}): CrmEngines {
  const locale = options.locale ?? 'zh-CN';
  return {
    scoring: scoringEngine(compileScoring(sampleScoring), { locale }),
    assignment: assignmentEngine(sampleAssignment(data, { locale })),
    matching: matchingEngine(),
    loyalty: loyaltyEngine(sampleLoyaltyProgram),
  };
}
