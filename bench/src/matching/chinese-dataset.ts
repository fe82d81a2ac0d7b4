/**
 * A Chinese-language duplicate-detection data set of our own making, with ground truth. FEBRL is
 * Latin-script person data only; Kehu's users type Chinese names in characters or pinyin (either
 * order, with tones, with the wrong homophone from the IME), phones as +86 / 0086 / with spaces and
 * dashes / in full-width digits, and company names with and without city, brackets and legal form.
 *
 * People (contacts): one to four records per person, each written a different way; distractors are
 * different people with the same popular name (王芳, 李伟…) and relatives sharing a home phone.
 * Companies (accounts): one to three records per company; distractors are branch offices (a
 * different record that must come out *possible*, not same), the same brand in another industry,
 * and the same name registered in another city. Deterministic for a seed.
 */
import { createSeededRandom, type RandomSource } from '@kehu/core';
import { companyName, normalizeEmail, personName } from '@kehu/core/matching';

export interface GeneratedContact {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  name: string;
  nameLatin?: string;
  emails: string[];
  phones: string[];
  birthday?: string;
}

export interface GeneratedAccount {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  name: string;
  kind: 'company';
  phone?: string;
  website?: string;
  address?: { city?: string; street?: string };
}

export interface ChineseDataset {
  contacts: GeneratedContact[];
  accounts: GeneratedAccount[];
  /** Record id → true entity. Branch offices are entities of their own. */
  truth: Map<string, string>;
  /** Pairs (record ids) of a branch office and a record of its parent company. */
  branchPairs: [string, string][];
}

export interface ChineseDatasetOptions {
  people?: number;
  companies?: number;
  seed?: number;
}

const SURNAMES = (
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 ' +
  '潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 方 白 邹 孟 熊 秦 ' +
  '邱 江 尹 薛 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 武 戴 莫 孔 向 汤 欧阳 司马 诸葛 上官'
).split(' ');
const GIVEN = (
  '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 鹏 飞 建 国 文 辉 力 斌 ' +
  '宇 浩 凯 健 俊 帆 帅 旭 宁 欣 佳 雪 婷 慧 颖 琳 倩 晨 阳 博 鑫 思 雨 梦 瑶 嘉 怡 子 涵 轩 睿 泽 然 诺 可 ' +
  '晓 志 海 波 峰 亮 龙 云 松 婉 蕾 薇 露 璐 晶 琪 悦 航 昊 天 啸 铭 哲 瀚 逸 骏 彤 岚 菲 莉 蓉 燕 丹 萱 妍'
).split(' ');
const POPULAR = [
  '王芳',
  '李伟',
  '张伟',
  '王伟',
  '李娜',
  '张敏',
  '刘洋',
  '王静',
  '李静',
  '张丽',
  '王磊',
  '陈静',
];
// Characters an IME offers for the same pinyin: the commonest typo in a Chinese name.
const HOMOPHONES: Readonly<Record<string, string>> = {
  芳: '方',
  伟: '玮',
  静: '晶',
  丽: '莉',
  明: '铭',
  华: '化',
  杰: '洁',
  涛: '韬',
  琳: '林',
  婷: '亭',
  军: '君',
  平: '萍',
  红: '宏',
  飞: '菲',
  勇: '永',
  磊: '蕾',
  英: '瑛',
  王: '汪',
  张: '章',
  李: '黎',
  刘: '柳',
  杨: '阳',
  吴: '武',
  徐: '许',
  星: '兴',
  源: '元',
  达: '大',
  盛: '胜',
  宇: '雨',
  博: '波',
};
const CITIES: readonly [string, string][] = [
  ['北京', '010'],
  ['上海', '021'],
  ['广州', '020'],
  ['深圳', '0755'],
  ['杭州', '0571'],
  ['南京', '025'],
  ['成都', '028'],
  ['武汉', '027'],
  ['西安', '029'],
  ['天津', '022'],
  ['重庆', '023'],
  ['苏州', '0512'],
];
const BRAND_CHARS = (
  '华 星 金 源 天 宇 恒 达 鑫 盛 中 联 宏 图 博 远 瑞 丰 东 方 新 锐 嘉 禾 永 泰 安 信 德 隆 汇 通 明 辉 海 润 ' +
  '正 元 合 创 腾 飞 启 航 云 峰 卓 越 长 青 万 象 百 川 龙 凯'
).split(' ');
const INDUSTRIES: readonly [string, string][] = [
  ['科技', 'Technology'],
  ['信息技术', 'Information Technology'],
  ['贸易', 'Trading'],
  ['电子', 'Electronics'],
  ['软件', 'Software'],
  ['物流', 'Logistics'],
  ['医药', 'Pharmaceutical'],
  ['食品', 'Food'],
  ['机械', 'Machinery'],
  ['咨询', 'Consulting'],
  ['文化传媒', 'Culture Media'],
  ['建设工程', 'Construction Engineering'],
];
const LEGAL = ['有限公司', '有限责任公司', '股份有限公司'];
const ROADS = '中山 人民 解放 建设 和平 新华 长江 黄河 科技 创业 学府 滨江 华山 湖滨 文化'.split(' ');
const DISTRICTS =
  '朝阳区 海淀区 浦东新区 天河区 南山区 西湖区 鼓楼区 武侯区 江汉区 雁塔区 和平区 渝中区'.split(' ');

const pick = <T>(random: RandomSource, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: RandomSource, p: number) => random() < p;
const digits = (random: RandomSource, n: number) => {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(random() * 10);
  return out;
};

/** Surname and given name in pinyin (through core's own romanisation: bench cannot reach pinyin-pro). */
function romanise(hanzi: string, surnameLength: number): { surname: string; given: string } {
  if (surnameLength === 0) return { surname: '', given: companyName(hanzi, { cities: [] }).roman };
  const [surname = '', given = ''] = personName(hanzi).parts;
  return { surname, given };
}

const TONES: Readonly<Record<string, string>> = { a: 'ā', e: 'é', i: 'ǐ', o: 'ò', u: 'ū' };

/** Pinyin with a tone mark on each part's first vowel, as people paste it from a dictionary. */
function withTones(hanzi: string, surnameLength: number): string {
  const { surname, given } = romanise(hanzi, surnameLength);
  const mark = (part: string) => title(part.replace(/[aeiou]/, (vowel) => TONES[vowel] ?? vowel));
  return `${mark(surname)} ${mark(given)}`;
}

const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

interface Person {
  surname: string;
  given: string;
  mobile: string;
  email?: string;
  birthday?: string;
}

function makePerson(random: RandomSource, used: Set<string>, mailboxes: Set<string>): Person {
  let surname: string;
  let given: string;
  if (chance(random, 0.2)) {
    const name = pick(random, POPULAR);
    surname = name[0]!;
    given = name.slice(1);
  } else {
    surname = pick(random, SURNAMES);
    given = pick(random, GIVEN) + (chance(random, 0.7) ? pick(random, GIVEN) : '');
  }
  let mobile: string;
  do mobile = `1${pick(random, ['3', '5', '7', '8', '9'])}${digits(random, 9)}`;
  while (used.has(mobile));
  used.add(mobile);
  const { surname: s, given: g } = romanise(surname + given, surname.length);
  const person: Person = { surname, given, mobile };
  if (chance(random, 0.75)) {
    const provider = pick(random, ['qq.com', '163.com', 'gmail.com', 'outlook.com', '126.com']);
    // A mailbox belongs to one person: draw again until it is new.
    let email: string;
    do {
      const local =
        provider === 'qq.com' ? digits(random, 9).replace(/^0/, '1') : `${g}.${s}${digits(random, 3)}`;
      email = `${local}@${provider}`;
    } while (mailboxes.has(email));
    mailboxes.add(email);
    person.email = email;
  }
  if (chance(random, 0.6)) {
    const year = 1960 + Math.floor(random() * 40);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    person.birthday = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return person;
}

function phoneVariant(random: RandomSource, mobile: string): string {
  const a = mobile.slice(0, 3);
  const b = mobile.slice(3, 7);
  const c = mobile.slice(7);
  const forms = [
    mobile,
    `${a} ${b} ${c}`,
    `${a}-${b}-${c}`,
    `+86 ${a} ${b} ${c}`,
    `+86${mobile}`,
    `0086 ${mobile}`,
    `(+86) ${a}-${b}-${c}`,
    mobile.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  ];
  return pick(random, forms);
}

function typo(random: RandomSource, text: string): string {
  if (text.length < 3) return text;
  const at = 1 + Math.floor(random() * (text.length - 2));
  const chars = [...text];
  if (/\d/.test(chars[at]!)) chars[at] = String((Number(chars[at]) + 1 + Math.floor(random() * 8)) % 10);
  else [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
  return chars.join('');
}

function emailVariant(random: RandomSource, email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  const r = random();
  if (r < 0.5) return email;
  if (r < 0.65) return email.toUpperCase();
  if (r < 0.8 && domain === 'gmail.com') return `${local.replace(/\./g, '')}+crm@gmail.com`;
  if (r < 0.9) return `${title(local)}@${domain}`;
  return typo(random, local) + `@${domain}`;
}

function nameVariant(random: RandomSource, person: Person): { name: string; nameLatin?: string } {
  const hanzi = person.surname + person.given;
  const { surname, given } = romanise(hanzi, person.surname.length);
  const r = random();
  if (r < 0.35) return { name: hanzi };
  if (r < 0.45) return { name: hanzi, nameLatin: `${title(given)} ${title(surname)}` };
  if (r < 0.55) return { name: `${title(surname)} ${title(given)}` };
  if (r < 0.65) return { name: `${title(given)} ${title(surname)}` };
  if (r < 0.7) return { name: `${surname.toUpperCase()} ${title(given)}` };
  if (r < 0.75) return { name: withTones(hanzi, person.surname.length) };
  if (r < 0.8) return { name: `${person.surname} ${person.given}` };
  if (r < 0.85) return { name: `${title(surname)}${given}` };
  // A homophone picked by the IME, in the surname or the given name.
  const chars = [...hanzi];
  const at = chars.findIndex((char) => HOMOPHONES[char] !== undefined);
  if (at >= 0) chars[at] = HOMOPHONES[chars[at]!]!;
  return { name: chars.join('') };
}

function birthdayVariant(random: RandomSource, birthday: string): string {
  const [y, m, d] = birthday.split('-') as [string, string, string];
  const r = random();
  if (r < 0.8) return birthday;
  if (r < 0.9 && Number(d) <= 12) return `${y}-${d}-${m}`;
  return `${y}${m}${d}`.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1/$2/$3');
}

function contactRecords(
  random: RandomSource,
  person: Person,
  copies: number,
): Omit<GeneratedContact, keyof Stamp>[] {
  const out: Omit<GeneratedContact, keyof Stamp>[] = [];
  for (let k = 0; k < copies; k++) {
    const name = nameVariant(random, person);
    const phones: string[] = [];
    const emails: string[] = [];
    let birthday: string | undefined;
    // The first record is complete; each later one shares at least one clean identifier with it
    // (a phone, an e-mail or a birthday), as a careful clerk would need to recognise the person.
    let shared = false;
    if (k === 0 || chance(random, 0.8)) {
      const typed = chance(random, 0.06);
      phones.push(typed ? typo(random, person.mobile) : phoneVariant(random, person.mobile));
      shared ||= !typed;
    }
    if (person.email && (k === 0 || chance(random, 0.6))) {
      const email = emailVariant(random, person.email);
      emails.push(email);
      shared ||= normalizeEmail(email) === normalizeEmail(person.email);
    }
    if (person.birthday && (k === 0 || chance(random, 0.7))) {
      birthday = birthdayVariant(random, person.birthday);
      shared = true;
    }
    if (!shared) phones.push(phoneVariant(random, person.mobile));
    const record: Omit<GeneratedContact, keyof Stamp> = { ...name, emails, phones };
    if (birthday) record.birthday = normaliseDate(birthday);
    // Swapped fields: the Latin name typed into the name field and the characters into nameLatin.
    if (record.nameLatin && chance(random, 0.3))
      [record.name, record.nameLatin] = [record.nameLatin, record.name];
    out.push(record);
  }
  return out;
}

// The schema stores birthdays as YYYY-MM-DD; a swapped month/day stays (an impossible one is fixed up).
function normaliseDate(text: string): string {
  const [y, m, d] = text.split(/[-/]/) as [string, string, string];
  return Number(m) > 12 ? `${y}-${d}-${m}` : `${y}-${m}-${d}`;
}

interface Company {
  brand: string;
  industry: [string, string];
  city: [string, string];
  legal: string;
  phone: string;
  website?: string;
  street: string;
}

function makeCompany(random: RandomSource, used: Set<string>, domains: Set<string>): Company {
  let brand: string;
  do brand = pick(random, BRAND_CHARS) + pick(random, BRAND_CHARS);
  while (brand[0] === brand[1] || used.has(brand));
  used.add(brand);
  const city = pick(random, CITIES);
  const company: Company = {
    brand,
    industry: pick(random, INDUSTRIES),
    city,
    legal: pick(random, LEGAL),
    phone: `${city[1]}${digits(random, 8).replace(/^0/, '6')}`,
    street: `${pick(random, DISTRICTS)}${pick(random, ROADS)}路${1 + Math.floor(random() * 300)}号`,
  };
  if (chance(random, 0.6)) {
    // A domain belongs to one company: 信瑞 and 鑫瑞 both romanise to xinrui, so the second gets a suffix.
    const roman = romanise(brand, 0).given;
    let domain = `${roman}.com`;
    for (let n = 2; domains.has(domain); n++) domain = `${roman}${n}.com`;
    domains.add(domain);
    company.website = `www.${domain}`;
  }
  return company;
}

function landlineVariant(random: RandomSource, phone: string, area: string): string {
  const local = phone.slice(area.length);
  const forms = [
    `${area}-${local}`,
    `(${area})${local}`,
    `+86 ${area.slice(1)} ${local.slice(0, 4)} ${local.slice(4)}`,
    `${area} ${local.slice(0, 4)} ${local.slice(4)}`,
    phone,
    `0086-${area.slice(1)}-${local}`,
  ];
  return pick(random, forms);
}

function companyNameVariant(random: RandomSource, c: Company): string {
  const [city] = c.city;
  const [industry, english] = c.industry;
  const brand = chance(random, 0.05)
    ? [...c.brand].map((char) => HOMOPHONES[char] ?? char).join('')
    : c.brand;
  const legal = chance(random, 0.7) ? c.legal : pick(random, LEGAL);
  const forms = [
    `${city}${brand}${industry}${legal}`,
    `${brand}${industry}(${city})${legal}`,
    `${brand}${industry}（${city}）${legal}`,
    `${city}市${brand}${industry}${legal}`,
    `${brand}${industry}${legal}`,
    `${brand}${industry}`,
  ];
  if (chance(random, 0.08)) {
    const roman = title(romanise(c.brand, 0).given);
    return pick(random, [
      `${roman} ${english} Co., Ltd.`,
      `${roman} ${english} (${title(romanise(city, 0).given)}) Co., Ltd.`,
    ]);
  }
  return pick(random, forms);
}

function accountRecords(
  random: RandomSource,
  c: Company,
  copies: number,
): Omit<GeneratedAccount, keyof Stamp>[] {
  const out: Omit<GeneratedAccount, keyof Stamp>[] = [];
  for (let k = 0; k < copies; k++) {
    const record: Omit<GeneratedAccount, keyof Stamp> = {
      name: companyNameVariant(random, c),
      kind: 'company',
    };
    if (k === 0 || chance(random, 0.75)) record.phone = landlineVariant(random, c.phone, c.city[1]);
    if (c.website && chance(random, 0.6)) {
      record.website = pick(random, [c.website, `http://${c.website.slice(4)}/`, c.website.slice(4)]);
    }
    if (chance(random, 0.7)) {
      record.address = {
        city: c.city[0],
        street: chance(random, 0.5) ? c.street : `${c.city[0]}市${c.street}`,
      };
    }
    out.push(record);
  }
  return out;
}

type Stamp = Pick<GeneratedContact, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

function copiesOf(random: RandomSource): number {
  const r = random();
  return r < 0.5 ? 1 : r < 0.8 ? 2 : r < 0.93 ? 3 : 4;
}

/** Shuffles in place (Fisher-Yates) so duplicates do not sit next to each other. */
function shuffle<T>(random: RandomSource, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function generateChineseDataset(options: ChineseDatasetOptions = {}): ChineseDataset {
  const random = createSeededRandom(options.seed ?? 6);
  const truth = new Map<string, string>();
  const mobiles = new Set<string>();
  const mailboxes = new Set<string>();
  const contacts: Omit<GeneratedContact, keyof Stamp>[] = [];
  const contactEntities: string[] = [];
  const people = options.people ?? 2000;
  for (let p = 0; p < people; p++) {
    const person = makePerson(random, mobiles, mailboxes);
    for (const record of contactRecords(random, person, copiesOf(random))) {
      contacts.push(record);
      contactEntities.push(`p${p}`);
    }
    // A relative sharing the home phone: a different person, never the same record.
    if (chance(random, 0.03)) {
      const relative = makePerson(random, mobiles, mailboxes);
      relative.surname = person.surname;
      contacts.push({
        name: relative.surname + relative.given,
        phones: [phoneVariant(random, person.mobile)],
        emails: [],
      });
      contactEntities.push(`p${p}-relative`);
    }
  }

  const brands = new Set<string>();
  const domains = new Set<string>();
  const accounts: Omit<GeneratedAccount, keyof Stamp>[] = [];
  const accountEntities: string[] = [];
  const branchOf: [number, string][] = [];
  const companies = options.companies ?? 1000;
  for (let c = 0; c < companies; c++) {
    const company = makeCompany(random, brands, domains);
    for (const record of accountRecords(random, company, copiesOf(random))) {
      accounts.push(record);
      accountEntities.push(`c${c}`);
    }
    const r = random();
    if (r < 0.15) {
      // A branch office in another city: same brand, its own phone and address, often the same website.
      const city = pick(
        random,
        CITIES.filter(([name]) => name !== company.city[0]),
      );
      const branch: Omit<GeneratedAccount, keyof Stamp> = {
        name: pick(random, [
          `${company.brand}${company.industry[0]}(${city[0]})分公司`,
          `${company.brand}${company.industry[0]}${company.legal}${city[0]}分公司`,
        ]),
        kind: 'company',
        phone: landlineVariant(random, `${city[1]}${digits(random, 8).replace(/^0/, '6')}`, city[1]),
        address: {
          city: city[0],
          street: `${pick(random, DISTRICTS)}${pick(random, ROADS)}路${Math.floor(random() * 300)}号`,
        },
      };
      if (company.website) branch.website = company.website;
      accounts.push(branch);
      accountEntities.push(`c${c}-branch`);
      branchOf.push([accounts.length - 1, `c${c}`]);
    } else if (r < 0.2) {
      // The same brand in another industry: a different company.
      const other = pick(
        random,
        INDUSTRIES.filter(([name]) => name !== company.industry[0]),
      );
      accounts.push({
        name: `${company.city[0]}${company.brand}${other[0]}${company.legal}`,
        kind: 'company',
      });
      accountEntities.push(`c${c}-other-industry`);
    } else if (r < 0.24) {
      // The same name registered in another city by someone else.
      const city = pick(
        random,
        CITIES.filter(([name]) => name !== company.city[0]),
      );
      accounts.push({
        name: `${city[0]}${company.brand}${company.industry[0]}${company.legal}`,
        kind: 'company',
        phone: landlineVariant(random, `${city[1]}${digits(random, 8).replace(/^0/, '6')}`, city[1]),
      });
      accountEntities.push(`c${c}-other-city`);
    }
  }

  const stamp = (prefix: string, i: number): Stamp => {
    const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    return { id: `${prefix}${String(i).padStart(6, '0')}`, version: 0, createdAt: at, updatedAt: at };
  };
  const contactOrder = shuffle(
    random,
    contacts.map((_, i) => i),
  );
  const outContacts = contactOrder.map((from, i) => {
    const record = { ...stamp('pc', i), ...contacts[from]! };
    truth.set(record.id, contactEntities[from]!);
    return record;
  });
  const accountOrder = shuffle(
    random,
    accounts.map((_, i) => i),
  );
  const position = new Map(accountOrder.map((from, i) => [from, i]));
  const outAccounts = accountOrder.map((from, i) => {
    const record = { ...stamp('ac', i), ...accounts[from]! };
    truth.set(record.id, accountEntities[from]!);
    return record;
  });
  const branchPairs: [string, string][] = [];
  for (const [index, parent] of branchOf) {
    const branchId = outAccounts[position.get(index)!]!.id;
    for (const account of outAccounts)
      if (truth.get(account.id) === parent) branchPairs.push([branchId, account.id]);
  }
  return { contacts: outContacts, accounts: outAccounts, truth, branchPairs };
}
