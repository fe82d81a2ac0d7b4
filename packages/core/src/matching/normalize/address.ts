/**
 * Addresses as tokens. Chinese addresses run together without spaces, so they are cut after each
 * administrative or street marker (省 市 区 县 镇 路 街 号 楼 室…): 上海市浦东新区张江路123号5楼 →
 * 上海市 · 浦东新区 · 张江路 · 123号 · 5楼. Latin addresses split on spaces, with the usual
 * abbreviations spelt out (st → street, rd → road) so both spellings give the same token.
 */
import { foldWords } from './text.ts';

const MARKERS =
  /(省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道|村|路|大道|街|巷|弄|胡同|里|号|栋|幢|座|楼|层|单元|室|房)/gu;

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  st: 'street',
  str: 'street',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  blvd: 'boulevard',
  dr: 'drive',
  ln: 'lane',
  pl: 'place',
  ct: 'court',
  cres: 'crescent',
  hwy: 'highway',
  pde: 'parade',
  tce: 'terrace',
  cl: 'close',
  apt: 'apartment',
  fl: 'floor',
  bldg: 'building',
  no: 'number',
  n: 'north',
  s: 'south',
  e: 'east',
  w: 'west',
};

/** The tokens of an address, in order: `'12 Wallaby Pl.'` → `['12', 'wallaby', 'place']`. */
export function addressTokens(input: string): string[] {
  const text = foldWords(input)
    .replace(MARKERS, '$1 ')
    // Digits and characters touching each other are two tokens: 5楼 stays, 号5 splits.
    .replace(/(\p{Script=Han})(?=\d)/gu, '$1 ');
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => ABBREVIATIONS[token] ?? token);
}

/** The canonical address: its tokens joined by single spaces. Idempotent. */
export function normalizeAddress(input: string): string {
  return addressTokens(input).join(' ');
}
