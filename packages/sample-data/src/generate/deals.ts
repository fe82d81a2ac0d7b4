/**
 * Key-account deals. Each deal's stage history is a path a real deal could have taken — entered at
 * the first stage, moving forward (now and then skipping one) to where it is now — with strictly
 * increasing times before `now`, and the fields each stage it passed through requires. Board
 * positions are fractional-index keys, as the product writes them.
 */
import { type EntityInput, KEY_ACCOUNT_PIPELINE_ID, keyAccountPipeline } from '@kehu/core';
import { generateNKeysBetween } from 'fractional-indexing';
import { type Rng, WeightedIndex } from '../random.ts';
import { cstDate, DAY, HOUR, iso, MINUTE, toSecond } from '../time.ts';
import {
  ACCOUNT_TAGS,
  DEAL_PROJECTS,
  DEAL_RANGE_BY_SIZE,
  LOST_REASONS,
  PRODUCTS,
  WON_REASONS,
} from '../vocabulary/business.ts';
import type { AccountInfo } from './accounts.ts';
import { type Context, makeId, type RecordLocale } from './context.ts';
import type { Org, Rep } from './org.ts';
import { text } from './people.ts';

export interface DealInfo {
  id: string;
  index: number;
  account: AccountInfo;
  owner: Rep;
  locale: RecordLocale;
  createdMs: number;
  /** When it entered its current stage (= closed, for won and lost deals). */
  lastMs: number;
  closed: boolean;
  won: boolean;
  contactId?: string;
  amount: number;
  currency: 'CNY' | 'USD';
  products: string[];
}

const STAGES = keyAccountPipeline.stages;
const OPEN = STAGES.filter((s) => (s.outcome ?? 'open') === 'open');
const WON = STAGES.find((s) => s.outcome === 'won')!;
const LOST = STAGES.find((s) => s.outcome === 'lost')!;
const STAGE_BY_ID = new Map(STAGES.map((s) => [s.id, s]));
const requiring = (field: string) =>
  new Set(STAGES.filter((s) => s.requiredFields?.includes(field)).map((s) => s.id));
// The default pipeline requires only these two beyond what every deal has (amount, owner…).
const REQUIRES_CONTACT = requiring('contactId');
const REQUIRES_CLOSE_DATE = requiring('expectedCloseDate');
const WON_FROM = [
  [4, 80],
  [3, 15],
  [2, 5],
] as const;
const LOST_FROM = [
  [0, 30],
  [1, 30],
  [2, 25],
  [3, 10],
  [4, 5],
] as const;
const PRODUCT_COUNT = [
  [1, 40],
  [2, 40],
  [3, 20],
] as const;

/** Share of deals in each stage: a funnel (more early), about 20 % won and 15 % lost. */
const SHARES: Record<string, number> = {
  [OPEN[0]!.id]: 0.24,
  [OPEN[1]!.id]: 0.16,
  [OPEN[2]!.id]: 0.12,
  [OPEN[3]!.id]: 0.08,
  [OPEN[4]!.id]: 0.05,
  [WON.id]: 0.2,
  [LOST.id]: 0.15,
};

/** Planning rate for converting USD amounts when grading accounts. */
export const USD_TO_CNY = 7.1;

const CLOSE_HORIZON_DAYS = [180, 150, 90, 60, 30];
const SIZE_WEIGHT = { micro: 0.5, small: 0.8, medium: 1, large: 1.6, enterprise: 2.5 } as const;
const B2B = PRODUCTS.filter((p) => p.kind === 'b2b');
const GENERAL_PROJECTS = DEAL_PROJECTS.filter((p) => !p.industries);
const PROJECTS_FOR = new Map(
  [...new Set(DEAL_PROJECTS.flatMap((p) => p.industries ?? []))].map((code) => [
    code,
    DEAL_PROJECTS.filter((p) => !p.industries || p.industries.includes(code)),
  ]),
);

/** Open stages from the first up to index `target`, now and then skipping one in between. */
function forwardPath(rng: Rng, target: number): string[] {
  const path = [OPEN[0]!.id];
  for (let i = 1; i < target; i++) if (!rng.chance(0.1)) path.push(OPEN[i]!.id);
  if (target > 0) path.push(OPEN[target]!.id);
  return path;
}

function stagePath(rng: Rng, stageId: string): string[] {
  if (stageId === WON.id) return [...forwardPath(rng, rng.weighted(WON_FROM)), WON.id];
  if (stageId === LOST.id) return [...forwardPath(rng, rng.weighted(LOST_FROM)), LOST.id];
  const target = OPEN.findIndex((s) => s.id === stageId);
  return forwardPath(rng, target);
}

/**
 * Times for `count` stage entries ending at `lastMs`, no earlier than `floorMs`: gaps of days to
 * weeks, squeezed when the account is too young for them, in whole seconds, strictly increasing.
 */
function stageTimes(rng: Rng, count: number, lastMs: number, floorMs: number): number[] {
  const gaps: number[] = [];
  let total = 0;
  for (let i = 1; i < count; i++) {
    const gap = rng.float(2, 30) * DAY;
    gaps.push(gap);
    total += gap;
  }
  const scale = lastMs - total < floorMs ? (lastMs - floorMs) / total : 1;
  const times = new Array<number>(count);
  times[count - 1] = toSecond(lastMs);
  for (let i = count - 2; i >= 0; i--) {
    times[i] = toSecond(times[i + 1]! - Math.max(MINUTE, gaps[i]! * scale));
  }
  return times;
}

function roundSignificant(value: number, digits = 3): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(value)) - digits + 1);
  return Math.round(value / step) * step;
}

export function generateDeals(ctx: Context, org: Org, accounts: readonly AccountInfo[], count: number) {
  const rng = ctx.stream('deals');
  const companies = accounts.filter((a) => a.kind === 'company');
  const accountIndex = new WeightedIndex(
    companies.map((a) => rng.pareto(1.3, 12) * SIZE_WEIGHT[a.size ?? 'small']),
  );

  // Exact quotas, shuffled: the funnel shape holds at every size, not only on average.
  const stageIds: string[] = [];
  for (const stage of [...OPEN, WON, LOST]) {
    const n = Math.round(count * SHARES[stage.id]!);
    for (let k = 0; k < n && stageIds.length < count; k++) stageIds.push(stage.id);
  }
  while (stageIds.length < count) stageIds.push(OPEN[0]!.id);
  rng.shuffle(stageIds);

  const deals: EntityInput<'deals'>[] = [];
  const info: DealInfo[] = [];
  const recentCutoff = ctx.now - 60 * DAY;
  for (let i = 0; i < count; i++) {
    const account = companies[accountIndex.pick(rng)]!;
    const stageId = stageIds[i]!;
    const path = stagePath(rng, stageId);
    const stage = STAGE_BY_ID.get(stageId)!;
    const closed = stage.outcome === 'won' || stage.outcome === 'lost';
    const floorMs = account.createdMs + HOUR;

    let lastMs = closed
      ? ctx.now - rng.float(0.2, 540) * DAY
      : ctx.now - (stage.rotAfterDays ?? 14) * rng.float(0.05, 1.5) * DAY; // about a third rotting
    // A young account's deals happen somewhere in its short life, not all on its first day.
    if (lastMs < floorMs + path.length * HOUR) {
      lastMs = floorMs + path.length * HOUR + rng.next() * (ctx.now - floorMs) * 0.8;
    }
    lastMs = Math.min(lastMs, ctx.now - MINUTE);
    const times = stageTimes(rng, path.length, lastMs, floorMs);
    const createdMs = times[0]!;
    lastMs = times[times.length - 1]!;

    let owner = rng.chance(0.85) ? account.owner : org.teammateOf(account.owner, rng);
    // Nobody gives a new deal to a rep who has left.
    if (owner.departed && createdMs > recentCutoff) {
      owner = org.ownerFor(account.territoryId, rng, { active: true });
    }

    // One string per instant: createdAt, the history, stageEnteredAt and closedAt share them.
    const history: NonNullable<EntityInput<'deals'>['history']> = path.map((to, k) => ({
      from: k === 0 ? null : path[k - 1]!,
      to,
      at: iso(times[k]!),
      by: owner.id,
    }));
    const firstAt = history[0]!.at;
    const lastAt = history[history.length - 1]!.at;

    const locale = account.locale;
    const [lo, hi] = DEAL_RANGE_BY_SIZE[account.size ?? 'small'];
    const currency = account.currency;
    const major = roundSignificant(
      currency === 'USD' ? rng.logUniform(lo, hi) / USD_TO_CNY : rng.logUniform(lo, hi),
    );
    const amount = major * 100;
    const products = rng.shuffle([...B2B]).slice(0, rng.weighted(PRODUCT_COUNT));
    const projects = PROJECTS_FOR.get(account.industry ?? '') ?? GENERAL_PROJECTS;
    const project = rng.pick(projects).name;
    const id = makeId('deal', i + 1);
    let updatedMs = lastMs;
    const deal: EntityInput<'deals'> = {
      id,
      version: 0,
      createdAt: firstAt,
      updatedAt: lastAt,
      title: locale === 'zh-CN' ? `${account.short}-${project[0]}` : `${account.short}: ${project[1]}`,
      accountId: account.id,
      pipelineId: KEY_ACCOUNT_PIPELINE_ID,
      stageId,
      status: stage.outcome ?? 'open',
      amount: { amount, currency },
      ownerId: owner.id,
      teamId: owner.teamId,
      territoryId: account.territoryId,
      position: 'a0', // replaced below, once every deal of the column is known
      stageEnteredAt: lastAt,
      history,
      products: products.map((p) => p.sku),
      tags: [],
    };

    // Fields every stage on the path requires, so replaying the history through the guards passes.
    let needsContact = false;
    let needsCloseDate = false;
    for (const s of path) {
      needsContact ||= REQUIRES_CONTACT.has(s);
      needsCloseDate ||= REQUIRES_CLOSE_DATE.has(s);
    }
    const contacts = account.contacts;
    if (contacts.length && (needsContact || rng.chance(0.65))) {
      deal.contactId = (rng.chance(0.6) ? contacts[0]! : rng.pick(contacts)).id;
    }
    if (!closed) {
      // Later stages expect to close sooner; some deals are already past their expected date.
      const horizon = CLOSE_HORIZON_DAYS[OPEN.indexOf(stage)] ?? 90;
      const ahead = rng.chance(0.12) ? -rng.int(1, 30) : rng.int(3, horizon);
      deal.expectedCloseDate = cstDate(ctx.now + ahead * DAY);
      if (rng.chance(0.08)) {
        deal.probability = Math.min(100, Math.max(0, stage.probability + rng.int(-2, 2) * 5));
      }
      if (rng.chance(0.3)) updatedMs = toSecond(lastMs + rng.next() * (ctx.now - lastMs));
    } else {
      if (needsCloseDate || rng.chance(0.5)) {
        deal.expectedCloseDate = cstDate(lastMs + rng.float(-20, 30) * DAY);
      }
      deal.closedAt = lastAt;
      const reason = text(rng.pick(stage.outcome === 'won' ? WON_REASONS : LOST_REASONS), locale);
      if (stage.outcome === 'won') deal.wonReason = reason;
      else deal.lostReason = reason;
      history[history.length - 1]!.reason = reason;
    }
    if (amount >= (currency === 'USD' ? 3_000_000 : 20_000_000) && rng.chance(0.25)) {
      deal.tags!.push(text(ACCOUNT_TAGS.tender, locale));
      account.tender = true;
    }
    if (updatedMs !== lastMs) deal.updatedAt = iso(updatedMs);
    deals.push(deal);

    if (closed) account[stage.outcome === 'won' ? 'won' : 'lost']++;
    else account.open++;
    account.lastTouchMs = Math.max(account.lastTouchMs, updatedMs);
    const dealInfo: DealInfo = {
      id,
      index: i,
      account,
      owner,
      locale,
      createdMs,
      lastMs,
      closed,
      won: stage.outcome === 'won',
      amount,
      currency,
      products: deal.products!,
    };
    if (deal.contactId) dealInfo.contactId = deal.contactId;
    info.push(dealInfo);
  }

  assignPositions(deals, info);
  return { deals, info };
}

/**
 * Board order inside each (pipeline, stage) column: the deal that most recently entered the stage
 * first, ties by id — the order a rep would see before dragging anything.
 */
function assignPositions(deals: EntityInput<'deals'>[], info: readonly DealInfo[]) {
  const columns = new Map<string, number[]>();
  deals.forEach((deal, i) => {
    const key = `${deal.pipelineId}\u0000${deal.stageId}`;
    const column = columns.get(key);
    if (column) column.push(i);
    else columns.set(key, [i]);
  });
  for (const column of columns.values()) {
    column.sort((a, b) => info[b]!.lastMs - info[a]!.lastMs || a - b);
    const keys = generateNKeysBetween(null, null, column.length);
    column.forEach((dealIndex, k) => {
      deals[dealIndex]!.position = keys[k]!;
    });
  }
}
