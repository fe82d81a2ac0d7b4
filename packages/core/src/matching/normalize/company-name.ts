/**
 * Company names reduced to what identifies the company. A registered Chinese name is
 * [place][brand 字号][industry 行业][legal form 组织形式] — 北京华星科技有限公司 — and people write it
 * with the parts moved (华星科技(北京)有限公司), dropped (华星科技) or translated (Huaxing Technology
 * Co., Ltd.). Legal forms and noise are stripped; the place is set aside (where cities are
 * configured); the brand and industry remain. Two markers are kept deliberately instead of being
 * stripped, because they change what the record is: a branch office (分公司, 办事处, branch) is a
 * *possible* match of its parent, never the same record, and a group (集团, 控股, holdings) is not the
 * same record as one of its member companies.
 */
import { pinyin } from 'pinyin-pro';
import { foldText, foldWords, hasHan } from './text.ts';

export interface CompanyName {
  /** Brand and industry without place, legal form or branch: `华星科技`, `huaxing technology`. */
  core: string;
  /** The distinctive name (字号): `华星`, `huaxing`. */
  brand: string;
  /** Industry words after the brand, in order: `['科技']`, `['technology']`. */
  industry: string[];
  /** Brand and industry as separate tokens, for token-set similarity. */
  tokens: string[];
  /** The brand in Latin letters (pinyin for Chinese), run together: `huaxing`. */
  roman: string;
  /** Industry words in English, so 科技 meets Technology. */
  industryEn: string[];
  /** The place the name carried as a prefix or in brackets, if it is a configured city; in pinyin. */
  city?: string;
  /** That place as written (`北京`). */
  cityName?: string;
  /** Set for a branch office: its place (in pinyin) if the name gives one, else `'branch'`. */
  branch?: string;
  /** Set for a group or holding company (集团, 控股, group, holdings). */
  group?: boolean;
}

/** Chinese provinces and large cities, and their pinyin, stripped as name prefixes by default. */
export const DEFAULT_CITIES: readonly string[] = (
  '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 ' +
  '四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 深圳 广州 杭州 南京 苏州 ' +
  '成都 武汉 西安 郑州 长沙 青岛 大连 宁波 厦门 济南 沈阳 哈尔滨 长春 福州 合肥 南昌 昆明 贵阳 南宁 ' +
  '太原 石家庄 兰州 乌鲁木齐 呼和浩特 无锡 东莞 佛山 珠海 温州 常州 烟台 惠州 泉州 绍兴 嘉兴 金华 ' +
  '台州 徐州 南通 扬州 中国 beijing tianjin shanghai chongqing shenzhen guangzhou hangzhou nanjing ' +
  'suzhou chengdu wuhan xian zhengzhou changsha qingdao dalian ningbo xiamen jinan shenyang harbin ' +
  'hongkong macau china'
).split(' ');

const HAN_LEGAL = [
  '集团股份有限公司',
  '集团有限责任公司',
  '集团有限公司',
  '股份有限公司',
  '有限责任公司',
  '有限合伙企业',
  '普通合伙企业',
  '合伙企业',
  '有限公司',
  '股份公司',
  '总公司',
  '公司',
  '有限合伙',
  '普通合伙',
];
const HAN_GROUP = ['控股集团', '集团', '控股'];
const HAN_BRANCH = /(分公司|分店|分厂|办事处|分部|分行|支行|营业部|分社|分院|分中心)$/u;

const LATIN_LEGAL = new Set(
  (
    'ltd limited co company inc incorporated corp corporation gmbh mbh llc llp lp plc ag sa sas sarl ' +
    'srl spa bv nv pte pty pvt private public kg kgaa oy ab as kk'
  ).split(' '),
);
const LATIN_GROUP = new Set(['group', 'holding', 'holdings']);
const LATIN_BRANCH = /\s(branch(?: office)?|representative office|rep office)$/;
const LATIN_NOISE = new Set(['the']);

// Industry words and their English, so 华星科技 and Huaxing Technology meet; longest first.
const INDUSTRY: Readonly<Record<string, string>> = {
  供应链: 'supply chain',
  进出口: 'import export',
  新能源: 'new energy',
  房地产: 'real estate',
  信息技术: 'information technology',
  科技: 'technology',
  技术: 'technology',
  信息: 'information',
  网络: 'network',
  软件: 'software',
  电子: 'electronics',
  贸易: 'trading',
  商贸: 'trading',
  实业: 'industrial',
  发展: 'development',
  咨询: 'consulting',
  服务: 'services',
  管理: 'management',
  投资: 'investment',
  文化: 'culture',
  传媒: 'media',
  物流: 'logistics',
  建设: 'construction',
  工程: 'engineering',
  医药: 'pharmaceutical',
  生物: 'biotech',
  食品: 'food',
  制造: 'manufacturing',
  机械: 'machinery',
  设备: 'equipment',
  电气: 'electric',
  能源: 'energy',
  环保: 'environmental',
  教育: 'education',
  餐饮: 'catering',
  国际: 'international',
  智能: 'intelligent',
  数据: 'data',
  汽车: 'automotive',
  材料: 'materials',
  化工: 'chemical',
  广告: 'advertising',
  置业: 'property',
  物业: 'property',
  电器: 'appliances',
  通信: 'communications',
  金融: 'finance',
  健康: 'health',
  农业: 'agriculture',
  纺织: 'textile',
  服饰: 'apparel',
  家居: 'home',
  包装: 'packaging',
  印刷: 'printing',
  旅游: 'travel',
  酒店: 'hotel',
  装饰: 'decoration',
  设计: 'design',
  光电: 'optoelectronics',
  系统: 'systems',
  计算机: 'computer',
  企业: 'enterprise',
};
const HAN_INDUSTRY = Object.keys(INDUSTRY).sort((a, b) => b.length - a.length);

// English industry words, with their spelling variants folded to one.
const LATIN_INDUSTRY: Readonly<Record<string, string>> = {
  technology: 'technology',
  technologies: 'technology',
  tech: 'technology',
  information: 'information',
  network: 'network',
  networks: 'network',
  software: 'software',
  electronics: 'electronics',
  electronic: 'electronics',
  trading: 'trading',
  trade: 'trading',
  industrial: 'industrial',
  industries: 'industrial',
  industry: 'industrial',
  development: 'development',
  consulting: 'consulting',
  consultancy: 'consulting',
  services: 'services',
  service: 'services',
  management: 'management',
  investment: 'investment',
  investments: 'investment',
  media: 'media',
  logistics: 'logistics',
  construction: 'construction',
  engineering: 'engineering',
  pharmaceutical: 'pharmaceutical',
  pharmaceuticals: 'pharmaceutical',
  pharma: 'pharmaceutical',
  biotech: 'biotech',
  food: 'food',
  foods: 'food',
  manufacturing: 'manufacturing',
  machinery: 'machinery',
  equipment: 'equipment',
  electric: 'electric',
  energy: 'energy',
  international: 'international',
  intl: 'international',
  data: 'data',
  systems: 'systems',
  system: 'systems',
  solutions: 'solutions',
  materials: 'materials',
  chemical: 'chemical',
  chemicals: 'chemical',
  communications: 'communications',
  enterprise: 'enterprise',
};

export interface CompanyNameOptions {
  /** Places stripped from the front of a name or taken from brackets; `[]` turns this off. */
  cities?: readonly string[];
}

interface Prepared {
  han: string[];
  latin: ReadonlySet<string>;
}
const cityCache = new WeakMap<readonly string[], Prepared>();

function citySets(cities: readonly string[]): Prepared {
  let prepared = cityCache.get(cities);
  if (!prepared) {
    const folded = cities.map((city) => foldText(city)).filter(Boolean);
    prepared = {
      han: folded.filter((city) => hasHan(city)).sort((a, b) => b.length - a.length),
      latin: new Set(folded.filter((city) => !hasHan(city))),
    };
    cityCache.set(cities, prepared);
  }
  return prepared;
}

/** The name as one folded line: brackets unified to `()`, quotes and dots dropped, single letters joined. */
function clean(input: string): string {
  const text = foldText(input)
    .replace(/[【〔［[｛{]/g, '(')
    .replace(/[】〕］\]｝}]/g, ')')
    .replace(/["'“”‘’《》「」]/g, '')
    .replace(/&/g, ' and ');
  // L.L.C. → llc, S.A. → sa: initials written with dots become one word before punctuation goes.
  const joined = text.replace(/\b(?:[a-z]\.){2,}/g, (initials) => initials.replace(/\./g, ''));
  let out = foldText(balanced(joined.replace(/[^\p{L}\p{N}()\s]+/gu, ' ')));
  // A name wrapped whole in brackets is the name.
  while (/^\([^()]*\)$/.test(out)) out = foldText(out.slice(1, -1));
  return out;
}

/** Drops brackets without a partner (`华星办事处（`), which would otherwise hide what follows them. */
function balanced(text: string): string {
  const open: number[] = [];
  const drop = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') open.push(i);
    else if (text[i] === ')') {
      if (open.length) open.pop();
      else drop.add(i);
    }
  }
  for (const i of open) drop.add(i);
  if (drop.size === 0) return text;
  return [...text].map((char, i) => (drop.has(i) ? ' ' : char)).join('');
}

function cityAt(text: string, sets: Prepared, where: 'start' | 'end'): string | undefined {
  for (const city of sets.han) {
    for (const suffix of ['市', '省', '']) {
      const form = city + suffix;
      if (where === 'start' ? text.startsWith(form) : text.endsWith(form)) return form;
    }
  }
  const words = text.split(' ');
  const word = where === 'start' ? words[0] : words[words.length - 1];
  if (words.length > 1 && word && sets.latin.has(word)) return word;
  return undefined;
}

const bareCity = (form: string) => form.replace(/[市省]$/u, '');

/** `part` when the whole of it is a configured place (`北京`, `北京市`, `beijing`). */
function exactCity(part: string, sets: Prepared): string | undefined {
  return sets.latin.has(part) || sets.han.includes(bareCity(part)) ? part : undefined;
}

/** Strips legal forms and group markers from the end, as long as anything remains. */
function stripLegal(text: string, state: { group: boolean }): string {
  let current = text.trim();
  for (let round = 0; round < 8; round++) {
    const before = current;
    for (const form of HAN_LEGAL) {
      if (current.length > form.length && current.endsWith(form)) {
        current = current.slice(0, -form.length).trim();
        if (form.startsWith('集团')) state.group = true;
        break;
      }
    }
    for (const form of HAN_GROUP) {
      if (current.length > form.length && current.endsWith(form)) {
        current = current.slice(0, -form.length).trim();
        state.group = true;
        break;
      }
    }
    const words = current.split(' ');
    const last = words[words.length - 1] ?? '';
    if (words.length > 1 && LATIN_LEGAL.has(last)) current = words.slice(0, -1).join(' ');
    else if (words.length > 1 && LATIN_GROUP.has(last)) {
      current = words.slice(0, -1).join(' ');
      state.group = true;
    }
    if (current === before) break;
  }
  return current;
}

/** Takes bracketed parts out: a city becomes `city`, 集团 marks a group, anything else stays as text. */
function unbracket(text: string, sets: Prepared, state: { group: boolean; city?: string }): string {
  return text.replace(/\(([^()]*)\)/g, (_whole, inner: string) => {
    const part = inner.trim();
    const city = bareCity(part);
    if (exactCity(part, sets)) {
      if (city !== '中国' && city !== 'china') state.city = city;
      return ' ';
    }
    if (HAN_GROUP.includes(part) || LATIN_GROUP.has(part)) {
      state.group = true;
      return ' ';
    }
    if (/^(有限合伙|普通合伙|中国|china)$/u.test(part)) return ' ';
    return ` ${part} `;
  });
}

function peelIndustry(text: string): { brand: string; industry: string[] } {
  if (hasHan(text)) {
    let brand = text.replace(/\s+/g, '');
    const industry: string[] = [];
    for (let round = 0; round < 6; round++) {
      const word = HAN_INDUSTRY.find((w) => brand.endsWith(w) && brand.length - w.length >= 2);
      if (!word) break;
      industry.unshift(word);
      brand = brand.slice(0, -word.length);
    }
    return { brand, industry };
  }
  const words = text.split(' ').filter((word) => word && !LATIN_NOISE.has(word));
  const industry: string[] = [];
  while (words.length > 1 && LATIN_INDUSTRY[words[words.length - 1]!] !== undefined) {
    industry.unshift(LATIN_INDUSTRY[words.pop()!]!);
  }
  return { brand: words.join(' '), industry };
}

function romanise(brand: string): string {
  if (!hasHan(brand)) return brand.replace(/\s+/g, '');
  const syllables = pinyin(brand, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return foldText(syllables.join('')).replace(/\s+/g, '');
}

/** Parses a company name (raw or already canonical). */
export function companyName(input: string, options: CompanyNameOptions = {}): CompanyName {
  const sets = citySets(options.cities ?? DEFAULT_CITIES);
  const state: { group: boolean; city?: string } = { group: false };
  let text = clean(input);
  let branch: string | undefined;
  // Legal forms and the branch marker can come in either order (华星科技有限公司上海分公司,
  // Huaxing Branch GmbH): peel both until neither is left at the end.
  for (let round = 0; round < 4; round++) {
    const before = text;
    const branchMatch = HAN_BRANCH.exec(text) ?? LATIN_BRANCH.exec(text);
    if (branchMatch && branchMatch.index > 0) {
      text = text.slice(0, branchMatch.index).trim();
      const bracketed = /\(([^()]*)\)\s*$/.exec(text);
      const place = bracketed ? exactCity(bracketed[1]!.trim(), sets) : cityAt(text, sets, 'end');
      if (place) {
        branch = bareCity(place);
        text = (bracketed ? text.slice(0, bracketed.index) : text.slice(0, -place.length)).trim();
      } else {
        branch ??= 'branch';
      }
    }
    text = stripLegal(text, state);
    if (text === before) break;
  }
  text = foldText(unbracket(text, sets, state).replace(/[()]/g, ' '));
  text = stripLegal(text, state);
  for (let round = 0; round < 3; round++) {
    const city = cityAt(text, sets, 'start');
    const rest = city ? text.slice(city.length).trim() : '';
    if (!city || rest.replace(/\s+/g, '').length < 2) break;
    state.city ??= bareCity(city) === '中国' || city === 'china' ? undefined : bareCity(city);
    text = stripLegal(rest, state);
  }
  const { brand, industry } = peelIndustry(foldWords(text));
  const han = hasHan(brand) || industry.some((word) => hasHan(word));
  const core = han ? brand + industry.join('') : [brand, ...industry].filter(Boolean).join(' ');
  const industryEn = industry.map((word) => INDUSTRY[word] ?? word);
  const tokens = han ? [brand, ...industry].filter(Boolean) : core.split(' ').filter(Boolean);
  const parsed: CompanyName = { core, brand, industry, tokens, roman: romanise(brand), industryEn };
  // Places are kept in Latin letters so 华星科技(北京) and Huaxing Technology (Beijing) agree.
  if (state.city) {
    parsed.city = romanise(state.city);
    parsed.cityName = state.city;
  }
  if (branch) parsed.branch = branch === 'branch' ? branch : romanise(branch);
  if (state.group) parsed.group = true;
  return parsed;
}

/** The canonical name (`CompanyName.core`): `北京华星科技有限公司` → `华星科技`. Idempotent. */
export function normalizeCompanyName(input: string, options: CompanyNameOptions = {}): string {
  // Stray brackets can hide a marker on the first pass (`a（办事处)`); a second look settles it.
  let core = companyName(input, options).core;
  for (let pass = 0; pass < 3; pass++) {
    const next = companyName(core, options).core;
    if (next === core) break;
    core = next;
  }
  return core;
}

/**
 * Spellings worth looking up in a store that keeps names as typed: as given, the core, the core
 * with the common legal forms, and with the city in front or in brackets. Bounded (about 20).
 */
export function companyNameLookupVariants(input: string, options: CompanyNameOptions = {}): string[] {
  const trimmed = input.trim();
  if (!trimmed) return [];
  const name = companyName(trimmed, options);
  const variants = [trimmed, name.core];
  if (hasHan(name.core)) {
    const places = name.cityName ? [name.cityName] : [];
    for (const legal of ['有限公司', '有限责任公司', '股份有限公司', '']) {
      variants.push(name.core + legal);
      for (const place of places) variants.push(place + name.core + legal, `${name.core}(${place})${legal}`);
    }
  } else if (name.core) {
    const title = name.core.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
    for (const legal of ['', ' Co., Ltd.', ' Ltd.', ' Inc.', ' LLC', ' GmbH', ' Corp.'])
      variants.push(title + legal);
  }
  return [...new Set(variants.filter(Boolean))];
}
