/**
 * Realistic names, companies, phone numbers, e-mail addresses and postal addresses, combined from
 * precomputed pools and tables. Every builder takes the random stream to draw from, so the caller's
 * stream decides the result and runs stay reproducible.
 */
import type { Address } from '@kehu/core';
import { type Rng, WeightedIndex } from '../random.ts';
import { type Bilingual, INDUSTRIES, type Industry } from '../vocabulary/business.ts';
import {
  type City,
  FREE_MAIL,
  MOBILE_PREFIXES,
  type Overseas,
  type Province,
  ROADS,
  TERRITORIES,
  type TerritoryDef,
} from '../vocabulary/geo.ts';
import { BRAND_CHARS, ENGLISH_NICKNAMES, pinyinOf, SURNAMES } from '../vocabulary/names.ts';
import type { Context, RecordLocale } from './context.ts';

export type Gender = 'female' | 'male';

export interface Person {
  name: string;
  /** Pinyin, for names written in Chinese characters. */
  nameLatin?: string;
  gender: Gender;
  /** An ASCII mailbox name derived from the name (`wei.zhang`). */
  mailbox: string;
}

const surnameIndex = new WeightedIndex(SURNAMES.map((entry) => entry[2]));

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

function chineseParts(ctx: Context, rng: Rng, gender: Gender) {
  const [surname, surnameLatin] = SURNAMES[surnameIndex.pick(rng)]!;
  const given = rng.pick(ctx.pools.zhGiven[gender]);
  return { surname, surnameLatin, given, givenLatin: pinyinOf(given) };
}

/** 张伟 / Zhang Wei: Chinese characters with pinyin, family name first. */
export function chinesePerson(
  ctx: Context,
  rng: Rng,
  gender: Gender = rng.chance(0.5) ? 'female' : 'male',
): Person {
  const { surname, surnameLatin, given, givenLatin } = chineseParts(ctx, rng, gender);
  const person: Person = { name: surname + given, gender, mailbox: ascii(surnameLatin) };
  if (givenLatin) {
    person.nameLatin = `${surnameLatin} ${givenLatin}`;
    person.mailbox = rng.chance(0.5)
      ? `${ascii(givenLatin)}.${ascii(surnameLatin)}`
      : ascii(person.nameLatin);
  }
  return person;
}

/**
 * A Chinese professional as written in English business contexts: an English given name or the
 * pinyin given name, then the family name (`Kevin Zhang`, `Xiuying Wang`).
 */
export function chineseInEnglish(
  ctx: Context,
  rng: Rng,
  gender: Gender = rng.chance(0.5) ? 'female' : 'male',
): Person {
  const { surnameLatin, givenLatin } = chineseParts(ctx, rng, gender);
  const first = givenLatin && rng.chance(0.5) ? givenLatin : rng.pick(ENGLISH_NICKNAMES[gender]);
  return { name: `${first} ${surnameLatin}`, gender, mailbox: `${ascii(first)}.${ascii(surnameLatin)}` };
}

export function englishPerson(
  ctx: Context,
  rng: Rng,
  gender: Gender = rng.chance(0.5) ? 'female' : 'male',
): Person {
  const first = rng.pick(ctx.pools.enFirst[gender]);
  const last = rng.pick(ctx.pools.enLast);
  return { name: `${first} ${last}`, gender, mailbox: `${ascii(first)}.${ascii(last)}` };
}

/** A Chinese mobile number in E.164 (`+8613812345678`). */
export function mobile(rng: Rng): string {
  return `+86${rng.weighted(MOBILE_PREFIXES)}${rng.digits(8)}`;
}

/** A landline as printed on a business card (`+86 21 6123 4567`): 8 digits after the area code. */
export function landline(city: City, rng: Rng): string {
  return `+86 ${city.areaCode} ${rng.int(2, 8)}${rng.digits(3)} ${rng.digits(4)}`;
}

/** An international number in the country's usual grouping (`+49 89 123 4567`, `+65 6123 4567`). */
export function overseasPhone(country: Overseas, city: City, rng: Rng): string {
  if (country.countryCode === '65') return `+65 6${rng.digits(3)} ${rng.digits(4)}`;
  return `+${country.countryCode} ${city.areaCode} ${rng.int(2, 9)}${rng.digits(2)} ${rng.digits(4)}`;
}

/** A consumer's free-mail address: QQ Mail addresses are often the QQ number itself. */
export function freeMail(person: Person, rng: Rng): string {
  const domain = rng.weighted(FREE_MAIL);
  if (domain === 'qq.com' && rng.chance(0.6)) return `${rng.int(1, 9)}${rng.digits(rng.int(7, 9))}@qq.com`;
  const local = person.mailbox.replace(/\./g, rng.chance(0.5) ? '' : '_');
  const suffix = rng.chance(0.6) ? `${rng.int(70, 99)}${rng.digits(rng.int(0, 2))}` : '';
  return `${local}${suffix}@${domain}`;
}

const territoryIndex = new WeightedIndex(TERRITORIES.map((t) => t.weight));
const chinaTerritories = TERRITORIES.filter((t) => t.provinces.length > 0);
const chinaTerritoryIndex = new WeightedIndex(chinaTerritories.map((t) => t.weight));
const overseasTerritory = TERRITORIES.find((t) => t.overseas.length > 0)!;

export interface Location {
  territory: TerritoryDef;
  region: string;
  city: City;
  province?: Province;
  country?: Overseas;
}

function pickWeighted<T extends { weight: number }>(items: readonly T[], rng: Rng): T {
  return rng.weighted(items.map((item) => [item, item.weight] as const));
}

export function chinaLocation(rng: Rng): Location {
  const territory = chinaTerritories[chinaTerritoryIndex.pick(rng)]!;
  const province = pickWeighted(territory.provinces, rng);
  return { territory, region: province.region, city: rng.pick(province.cities), province };
}

export function overseasLocation(rng: Rng, country?: Overseas): Location {
  const place = country ?? pickWeighted(overseasTerritory.overseas, rng);
  return { territory: overseasTerritory, region: place.region, city: rng.pick(place.cities), country: place };
}

/** Anywhere we sell, in proportion to the territories' weights. */
export function anyLocation(rng: Rng): Location {
  return TERRITORIES[territoryIndex.pick(rng)] === overseasTerritory
    ? overseasLocation(rng)
    : chinaLocation(rng);
}

export function address(
  ctx: Context,
  location: Location,
  locale: RecordLocale,
  business: boolean,
  rng: Rng,
): Address {
  const { city, province, country } = location;
  const number = rng.int(1, 1200);
  if (country) {
    return {
      country: locale === 'zh-CN' ? country.region : country.en,
      city: locale === 'zh-CN' ? city.zh : city.en,
      street: `${number} ${rng.pick(ctx.pools.enStreets)}`,
      postcode: city.postcode,
    };
  }
  const [roadZh, roadEn] = rng.pick(ROADS);
  const district = city.districts && rng.chance(0.8) ? rng.pick(city.districts) : undefined;
  const building = rng.int(1, 12);
  const room = `${rng.int(1, 28)}0${rng.int(1, 8)}`;
  const out: Address =
    locale === 'zh-CN'
      ? {
          country: '中国',
          province: province!.region,
          city: city.zh,
          street: business
            ? `${roadZh}${number}号${building}号楼${room}室`
            : `${roadZh}${number}号${building}栋${room}室`,
        }
      : {
          country: 'China',
          province: province!.en,
          city: city.en,
          street: business
            ? `No. ${number} ${roadEn}, Building ${building}, Room ${room}`
            : `Apt ${room}, No. ${number} ${roadEn}`,
        };
  if (district) out.district = locale === 'zh-CN' ? district[0] : district[1];
  out.postcode = city.postcode.slice(0, 4) + rng.digits(2);
  return out;
}

export interface CompanyName {
  name: string;
  /** How people refer to it in a deal title (`华信科技`, `Hartmann`). */
  short: string;
  domain: string;
  /** Registered abroad or a foreign-invested company: English contacts, maybe USD. */
  foreign: boolean;
}

const cityShort = (city: City) => city.zh.replace(/市$/, '');
const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

function brand(rng: Rng): string {
  const first = rng.pick(BRAND_CHARS);
  let second = rng.pick(BRAND_CHARS);
  while (second === first) second = rng.pick(BRAND_CHARS);
  return first + second;
}

/**
 * A Chinese organisation name in one of the legal forms seen on business licences, or a hospital
 * or school for the healthcare and education industries (they buy drinking-water systems too).
 */
export function chineseCompany(industry: Industry, location: Location, rng: Rng): CompanyName {
  const b = brand(rng);
  const pinyin = pinyinOf(b)!.replace(/'/g, '').toLowerCase();
  const place = cityShort(location.city);
  const cityPinyin = ascii(location.city.en);
  if (industry.code === 'healthcare' && rng.chance(0.4)) {
    const n = rng.int(1, CN_NUMERALS.length);
    const numeral = CN_NUMERALS[n - 1]!;
    return rng.chance(0.6)
      ? {
          name: `${place}市第${numeral}人民医院`,
          short: `${place}${numeral}院`,
          domain: `${cityPinyin}${n}yy.cn`,
          foreign: false,
        }
      : { name: `${place}${b}口腔医院`, short: `${b}口腔`, domain: `${pinyin}dental.cn`, foreign: false };
  }
  if (industry.code === 'education' && rng.chance(0.5)) {
    return rng.chance(0.6)
      ? { name: `${place}${b}实验学校`, short: `${b}学校`, domain: `${pinyin}school.edu.cn`, foreign: false }
      : { name: `${place}${b}职业技术学院`, short: `${b}职院`, domain: `${pinyin}.edu.cn`, foreign: false };
  }
  const [word] = rng.pick(industry.words);
  const short = b + word;
  const tag = rng.chance(0.5) ? `-${industry.domainTag}` : '';
  const domain = `${pinyin}${tag}.${rng.pick(['com.cn', 'cn', 'com'])}`;
  const form = rng.weighted([
    [`${place}${short}有限公司`, 40],
    [`${short}股份有限公司`, 16],
    [`${b}集团有限公司`, 6],
    [`${short}集团`, 6],
    [`${short}(${place})有限公司`, 12],
    [`${short}有限公司${place}分公司`, 12],
    [`${place}市${short}有限责任公司`, 8],
  ]);
  return { name: form, short, domain, foreign: false };
}

/** A Chinese company's registered English name (`Suzhou Hengtong Logistics Co., Ltd.`). */
export function chineseCompanyInEnglish(industry: Industry, location: Location, rng: Rng): CompanyName {
  const b = pinyinOf(brand(rng))!;
  const plain = b.replace(/'/g, '').toLowerCase();
  const [, word] = rng.pick(industry.words);
  const cityEn = location.city.en;
  const name = rng.weighted([
    [`${cityEn} ${b} ${word} Co., Ltd.`, 55],
    [`${b} ${word} Group`, 15],
    [`${b} ${word} Co., Ltd. ${cityEn} Branch`, 15],
    [`${b} ${word} Holdings Co., Ltd.`, 15],
  ]);
  return { name, short: b, domain: `${plain}-${industry.domainTag}.com`, foreign: false };
}

/** A foreign company, abroad (`Hartmann Logistics GmbH`) or foreign-invested in China. */
export function foreignCompany(ctx: Context, industry: Industry, location: Location, rng: Rng): CompanyName {
  const last = rng.pick(ctx.pools.enLast);
  const [, word] = rng.pick(industry.words);
  const plain = `${ascii(last)}-${industry.domainTag}`;
  if (location.country) {
    const form = rng.pick(location.country.legalForms);
    return {
      name: `${last} ${word} ${form}`,
      short: last,
      domain: `${plain}.${location.country.tld}`,
      foreign: true,
    };
  }
  return {
    name: `${last} ${word} (${location.city.en}) Co., Ltd.`,
    short: last,
    domain: `${plain}.com.cn`,
    foreign: true,
  };
}

const industryIndex = new WeightedIndex(INDUSTRIES.map((industry) => industry.weight));

export function pickIndustry(rng: Rng): Industry {
  return INDUSTRIES[industryIndex.pick(rng)]!;
}

export function text(pair: Bilingual, locale: RecordLocale): string {
  return locale === 'zh-CN' ? pair[0] : pair[1];
}
