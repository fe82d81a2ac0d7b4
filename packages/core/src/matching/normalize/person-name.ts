/**
 * Person names in Latin and Chinese script. `王芳`, `Wang Fang`, `Fang Wang`, `WANG Fang` and
 * `Wáng Fāng` are one person written five ways: Chinese characters are romanised with pinyin-pro
 * (surname readings, so 单 reads shan and 曾 reads zeng), tones and case are folded, and both name
 * orders are kept because Chinese names appear surname-first at home and given-name-first abroad.
 */
import { pinyin } from 'pinyin-pro';
import { foldText, foldWords, hasHan, joinHanRuns } from './text.ts';

/** A name prepared for comparison. */
export interface PersonName {
  /** The canonical text (`normalizePersonName`). */
  text: string;
  /** The Chinese characters of the name, `''` for a Latin-only name. */
  hanzi: string;
  /** Romanised name parts: `['wang', 'fang']`; surname first when the name is written in characters. */
  parts: string[];
  /**
   * The romanised name run together in each plausible order (`wangfang`, `fangwang`), so `Wang Fang`,
   * `Fang Wang` and `wangfang` meet.
   */
  orders: string[];
}

// Two-character surnames: without them 欧阳明华 would split as 欧 + 阳明华.
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 ' +
    '轩辕 钟离 万俟 闻人 呼延 澹台 公冶 太史 申屠 濮阳 淳于 单于 赫连 拓跋 百里 东郭 南门 羊舌'
  ).split(' '),
);

// Forms of address people type into a name field: 王先生 (Mr Wang), 李总 (boss Li), Dr. Smith.
const HAN_TITLES = /(先生|女士|小姐|太太|夫人|老师|经理|总经理|总监|董事长|主任|老板|总)$/u;
const LATIN_TITLES = /^(mr|mrs|ms|miss|mx|dr|prof|sir|madam)\s+/;

/**
 * The canonical text of a name: folded, punctuation dropped (apostrophes joined: O'Brien →
 * obrien), tone numbers (`wang2`) and titles removed, spaces inside Chinese characters removed.
 * Idempotent.
 */
export function normalizePersonName(input: string): string {
  let text = foldText(input).replace(/['’‘`]/g, '');
  text = foldWords(text).replace(/\d+/g, ' ');
  text = joinHanRuns(foldText(text));
  for (let i = 0; i < 3; i++) {
    const next = joinHanRuns(foldText(text.replace(LATIN_TITLES, '').replace(HAN_TITLES, hanTitle)));
    if (next === text) break;
    text = next;
  }
  return text;
}

// Strips a title only when characters remain: 王总 → 王, but 总 stays 总.
function hanTitle(match: string, _title: string, offset: number): string {
  return offset > 0 ? '' : match;
}

/** Pinyin of a name written in characters, surname first: `[surname, given]`, each run together. */
function romanise(hanzi: string): { surname: string; given: string } {
  const syllables = pinyin(hanzi, { toneType: 'none', type: 'array', mode: 'surname', surname: 'head' });
  const folded = syllables.map((syllable) => foldText(syllable));
  const surnameLength = hanzi.length > 2 && COMPOUND_SURNAMES.has(hanzi.slice(0, 2)) ? 2 : 1;
  return { surname: folded.slice(0, surnameLength).join(''), given: folded.slice(surnameLength).join('') };
}

/** Prepares a name (raw or canonical) for comparison. */
export function personName(input: string): PersonName {
  const text = normalizePersonName(input);
  const hanzi = [...text].filter((char) => hasHan(char)).join('');
  const latin = text
    .split(' ')
    .filter((word) => word && !hasHan(word))
    .map((word) => word.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);
  const parts: string[] = [];
  const orders: string[] = [];
  if (hanzi) {
    const { surname, given } = romanise(hanzi);
    parts.push(surname, ...(given ? [given] : []));
    orders.push(surname + given, given + surname);
  }
  if (latin.length) {
    if (!hanzi) parts.push(...latin);
    orders.push(latin.join(''), [...latin].reverse().join(''));
    // Three parts: a compound surname split in two (Ou Yang Ming) or a middle name.
    if (latin.length > 2) orders.push(latin.slice(-1).concat(latin.slice(0, -1)).join(''));
  }
  return { text, hanzi, parts, orders: [...new Set(orders.filter(Boolean))] };
}

/** Order-free key of a name for blocking: the romanised parts, sorted. */
export function personNameKey(name: PersonName): string {
  return [...name.parts].sort().join(' ');
}

/** Spellings worth looking up in a store that keeps names as typed. */
export function personNameLookupVariants(input: string): string[] {
  const trimmed = input.trim().replace(/\s+/g, ' ');
  if (!trimmed) return [];
  const name = personName(trimmed);
  const variants = [trimmed, name.text];
  if (name.hanzi) variants.push(name.hanzi);
  const latin = name.hanzi ? [] : name.parts;
  if (latin.length > 1) {
    const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
    const reversed = [...latin].reverse();
    variants.push(latin.map(title).join(' '), reversed.map(title).join(' '), reversed.join(' '));
  }
  return [...new Set(variants)];
}
