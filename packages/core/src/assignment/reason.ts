/**
 * Why a lead went where it went, first as data (the steps a decision took) and then as one line a
 * sales manager reads in either first-class language:
 * "rule 华东制造业 → team East; least-loaded: 李伟 has 3 open of 20". The data form lets a screen
 * render its own wording; the line is what `leads.assignmentReason` stores.
 */
import type { Locale } from '../model/common.ts';
import type { RuleLabel } from '../scoring/definition.ts';
import { labelText } from '../scoring/engine.ts';

/** Why a rep could not take a lead (or a record) at that moment. */
export type Unavailability =
  | 'departed'
  | 'on-leave'
  | 'over-capacity'
  | 'daily-limit'
  | 'weekly-limit'
  | 'not-found'
  | 'previous-owner';

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

export interface TeamRef {
  readonly id: string;
  /** Undefined when the team record does not exist. */
  readonly name: string | undefined;
}

/** How the owner was chosen, with the figures that made the choice. */
export type PickDetail =
  | { readonly strategy: 'round-robin' }
  | { readonly strategy: 'weighted'; readonly weight: number; readonly total: number }
  | { readonly strategy: 'least-loaded'; readonly load: number; readonly capacity: number | undefined }
  | { readonly strategy: 'skills'; readonly score: number; readonly matched: readonly string[] }
  | { readonly strategy: 'sticky'; readonly account: string | undefined }
  | { readonly strategy: 'direct' }
  | { readonly strategy: 'manual' };

export interface SkippedRep {
  readonly person: PersonRef;
  readonly why: Unavailability;
}

export type AssignmentStep =
  | { readonly kind: 'rule'; readonly id: string; readonly name: RuleLabel }
  | { readonly kind: 'no-rule' }
  | { readonly kind: 'team'; readonly team: TeamRef; readonly fallback: boolean }
  | { readonly kind: 'user'; readonly user: PersonRef }
  | { readonly kind: 'skipped'; readonly reps: readonly SkippedRep[]; readonly more: number }
  | { readonly kind: 'nobody'; readonly why: 'nobody-available' | 'team-not-found' | 'user-not-found' }
  | { readonly kind: 'picked'; readonly owner: PersonRef; readonly detail: PickDetail; readonly ties: number }
  | { readonly kind: 'queue'; readonly team: TeamRef | undefined };

/** The steps of one decision, in the order they happened. */
export type AssignmentExplanation = readonly AssignmentStep[];

/** The longest reason a lead stores. */
export const MAX_REASON_LENGTH = 500;

/** At most this many skipped reps are named; the rest are counted. */
export const MAX_NAMED_SKIPPED = 5;

interface Wording {
  rule(name: string): string;
  noRule: string;
  team(name: string, fallback: boolean): string;
  user(name: string): string;
  skipped(list: string, more: number): string;
  person(name: string, why: Unavailability): string;
  nobody: Record<'nobody-available' | 'team-not-found' | 'user-not-found', string>;
  picked(owner: string, detail: PickDetail): string;
  ties(count: number): string;
  queue(team: boolean): string;
  listSeparator: string;
  why: Record<Unavailability, string>;
}

/** ` of 20` when there is a capacity, nothing otherwise. */
const of = (capacity: number | undefined, joiner: string) =>
  capacity === undefined ? '' : `${joiner}${capacity}`;

/** `(industry, region)`, or nothing for an empty list. */
const listed = (items: readonly string[], open: string, separator: string, close: string) =>
  items.length ? `${open}${items.join(separator)}${close}` : '';

const en: Wording = {
  rule: (name) => `rule ${name}`,
  noRule: 'no rule matched',
  team: (name, fallback) => ` → ${fallback ? 'fallback team' : 'team'} ${name}`,
  user: (name) => ` → ${name}`,
  skipped: (list, more) => `; skipped ${list}${more > 0 ? ` and ${more} more` : ''}`,
  person: (name, why) => `${name} (${en.why[why]})`,
  nobody: {
    'nobody-available': ': nobody available',
    'team-not-found': ': no such team',
    'user-not-found': ': no such user',
  },
  picked(owner, detail) {
    switch (detail.strategy) {
      case 'round-robin':
        return `; round robin: ${owner} is next`;
      case 'weighted':
        return `; weighted round robin: ${owner} (weight ${detail.weight} of ${detail.total})`;
      case 'least-loaded':
        return `; least-loaded: ${owner} has ${detail.load} open${of(detail.capacity, ' of ')}`;
      case 'skills':
        return `; skills: ${owner} scores ${detail.score}${listed(detail.matched, ' (', ', ', ')')}`;
      case 'sticky':
        return `; sticky: ${detail.account ?? 'the customer'} stays with ${owner}`;
      case 'direct':
        return '';
      case 'manual':
        return `; manual: a supervisor picked ${owner}`;
    }
  },
  ties: (count) => ` (drawn at random among ${count})`,
  queue: (team) => (team ? "; waiting in the team's queue for a supervisor" : ' → unassigned queue'),
  listSeparator: ', ',
  why: {
    departed: 'left the company',
    'on-leave': 'on leave',
    'over-capacity': 'at capacity',
    'daily-limit': 'daily limit reached',
    'weekly-limit': 'weekly limit reached',
    'not-found': 'no such user',
    'previous-owner': 'previous owner',
  },
};

const zh: Wording = {
  rule: (name) => `规则「${name}」`,
  noRule: '未匹配任何规则',
  team: (name, fallback) => ` → ${fallback ? '兜底团队' : '团队'}「${name}」`,
  user: (name) => ` → ${name}`,
  skipped: (list, more) => `；跳过 ${list}${more > 0 ? ` 等另外 ${more} 人` : ''}`,
  person: (name, why) => `${name}（${zh.why[why]}）`,
  nobody: {
    'nobody-available': '：无人可接',
    'team-not-found': '：团队不存在',
    'user-not-found': '：用户不存在',
  },
  picked(owner, detail) {
    switch (detail.strategy) {
      case 'round-robin':
        return `；轮询：轮到 ${owner}`;
      case 'weighted':
        return `；加权轮询：${owner}（权重 ${detail.weight}/${detail.total}）`;
      case 'least-loaded':
        return `；最少负载：${owner} 在办 ${detail.load}${of(detail.capacity, ' / ')}`;
      case 'skills':
        return `；技能匹配：${owner} 得分 ${detail.score}${listed(detail.matched, '（', '、', '）')}`;
      case 'sticky':
        return `；老客户：${detail.account ?? '该客户'} 继续由 ${owner} 负责`;
      case 'direct':
        return '';
      case 'manual':
        return `；手动：主管指派 ${owner}`;
    }
  },
  ties: (count) => `（${count} 人并列，随机抽取）`,
  queue: (team) => (team ? '；在团队队列中等待主管分配' : ' → 未分配队列'),
  listSeparator: '、',
  why: {
    departed: '已离职',
    'on-leave': '休假中',
    'over-capacity': '已满额',
    'daily-limit': '今日已达上限',
    'weekly-limit': '本周已达上限',
    'not-found': '用户不存在',
    'previous-owner': '原负责人',
  },
};

const wordings: Record<Locale, Wording> = { en, 'zh-CN': zh };

/** The explanation as one line in `locale`, cut to what a lead stores. */
export function describeAssignment(explanation: AssignmentExplanation, locale: Locale): string {
  const w = wordings[locale];
  let text = '';
  for (const step of explanation) text += stepText(w, step, locale);
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}

function stepText(w: Wording, step: AssignmentStep, locale: Locale): string {
  switch (step.kind) {
    case 'rule':
      return w.rule(labelText(step.name, locale));
    case 'no-rule':
      return w.noRule;
    case 'team':
      return w.team(step.team.name ?? step.team.id, step.fallback);
    case 'user':
      return w.user(step.user.name);
    case 'skipped': {
      const list = step.reps.map((rep) => w.person(rep.person.name, rep.why)).join(w.listSeparator);
      return w.skipped(list, step.more);
    }
    case 'nobody':
      return w.nobody[step.why];
    case 'picked':
      return w.picked(step.owner.name, step.detail) + (step.ties > 1 ? w.ties(step.ties) : '');
    case 'queue':
      return w.queue(step.team !== undefined);
  }
}

/** How one pick was made, on its own: `least-loaded: 李伟 has 3 open of 20`. */
export function describePick(owner: PersonRef, detail: PickDetail, ties: number, locale: Locale): string {
  const text = stepText(wordings[locale], { kind: 'picked', owner, detail, ties }, locale);
  return text.replace(/^[;；]\s*/, '');
}
