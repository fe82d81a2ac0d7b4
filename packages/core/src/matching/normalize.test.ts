/** Normalisers: the spellings people type fold to one canonical form, and folding twice changes nothing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressTokens,
  companyName,
  companyNameLookupVariants,
  emailLookupVariants,
  foldText,
  normalizeAddress,
  normalizeCompanyName,
  normalizeEmail,
  normalizePersonName,
  normalizePhone,
  personName,
  phoneLookupVariants,
} from './index.ts';

// Characters that exercise the folds: full-width forms, accents and tone marks, Chinese, brackets,
// legal forms, separators and digits of every width.
const pieces = [
  ...'aAbBzZ09０９ＡＺ（）()【】 　-+.@,',
  'é',
  'ǖ',
  'ā',
  'İ',
  'ß',
  'K',
  '王',
  '芳',
  '华星',
  '科技',
  '北京',
  '上海',
  '有限公司',
  '股份有限公司',
  '集团',
  '分公司',
  'Co., Ltd.',
  ' GmbH',
  ' Inc.',
  '+86 ',
  '0086',
  '138',
  '0013',
  '8000',
  '转',
  '路',
  '号',
  'gmail.com',
  'Wang',
  'Fang',
];
const messy = fc.string({ unit: fc.constantFrom(...pieces), maxLength: 12 });
const anyText = fc.oneof(messy, fc.string({ unit: 'grapheme', maxLength: 20 }));

describe('idempotence', () => {
  const normalisers: [string, (input: string) => string][] = [
    ['foldText', foldText],
    ['normalizeEmail', normalizeEmail],
    ['normalizePhone', (input) => normalizePhone(input)],
    ['normalizePersonName', normalizePersonName],
    ['normalizeCompanyName', (input) => normalizeCompanyName(input)],
    ['normalizeAddress', normalizeAddress],
  ];
  for (const [name, normalise] of normalisers) {
    it(`${name}(${name}(x)) = ${name}(x)`, () => {
      fc.assert(
        fc.property(anyText, (input) => {
          const once = normalise(input);
          expect(normalise(once)).toBe(once);
        }),
        { numRuns: 400 },
      );
    });
  }
});

describe('text', () => {
  it('folds case, width, accents, tone marks and whitespace', () => {
    expect(foldText('  Ｗáng　FĀNG  ')).toBe('wang fang');
    expect(foldText('ＡＢＣ１２３（北京）')).toBe('abc123(北京)');
    expect(foldText('Lǚ')).toBe('lu');
  });
});

describe('e-mail', () => {
  it('applies provider rules: Gmail dots and tags, Outlook tags, aliases', () => {
    expect(normalizeEmail('Wang.Fang+crm@GoogleMail.com')).toBe('wangfang@gmail.com');
    expect(normalizeEmail('w.f+news@outlook.com')).toBe('w.f@outlook.com');
    expect(normalizeEmail('ＷＡＮＧ@ＱＱ.com')).toBe('wang@qq.com');
    expect(normalizeEmail('first.last+x@corp.cn')).toBe('first.last+x@corp.cn');
    expect(normalizeEmail('not an address')).toBe('notanaddress');
  });

  it('offers the raw, lower-case and canonical spellings for a lookup', () => {
    expect(emailLookupVariants(' Wang.Fang@Gmail.com ')).toEqual([
      'Wang.Fang@Gmail.com',
      'wang.fang@gmail.com',
      'wangfang@gmail.com',
    ]);
  });
});

describe('phone', () => {
  it('reaches E.164 from Chinese mobile spellings', () => {
    for (const spelling of [
      '13800138000',
      '138 0013 8000',
      '138-0013-8000',
      '+86 138 0013 8000',
      '+8613800138000',
      '0086 138-0013-8000',
      '008613800138000',
      '86 13800138000',
      '(+86) 138-0013-8000',
      '１３８００１３８０００',
      '+86 138 0013 8000 转 123',
    ]) {
      expect(normalizePhone(spelling), spelling).toBe('+8613800138000');
    }
  });

  it('keeps landline area codes with or without the trunk zero', () => {
    for (const spelling of [
      '010-88888888',
      '(010) 8888 8888',
      '+86 10 8888 8888',
      '+86 010 8888 8888',
      '0086-10-88888888',
    ]) {
      expect(normalizePhone(spelling), spelling).toBe('+861088888888');
    }
    expect(normalizePhone('0755-2867 1512')).toBe('+8675528671512');
  });

  it('handles other countries and keeps the digits of what it cannot place', () => {
    expect(normalizePhone('+1 650 253 0000')).toBe('+16502530000');
    expect(normalizePhone('(650) 253-0000', 'US')).toBe('+16502530000');
    expect(normalizePhone('12345')).toBe('12345');
    expect(normalizePhone('fax: n/a')).toBe('');
  });

  it('spells a number the ways a raw-valued index may hold it', () => {
    const variants = phoneLookupVariants('13800138000');
    expect(variants).toEqual(
      expect.arrayContaining(['13800138000', '+8613800138000', '138 0013 8000', '+86 138 0013 8000']),
    );
    expect(variants.every((variant) => normalizePhone(variant) === '+8613800138000')).toBe(true);
  });
});

describe('person names', () => {
  it('puts 王芳, Wang Fang, Fang Wang and Wáng Fāng on the same romanised parts', () => {
    const forms = ['王芳', 'Wang Fang', 'Fang Wang', 'WANG Fang', 'Wáng Fāng', 'wang2 fang1', '王 芳'].map(
      personName,
    );
    for (const form of forms) expect([...form.parts].sort()).toEqual(['fang', 'wang']);
    expect(personName('王芳').orders).toEqual(['wangfang', 'fangwang']);
  });

  it('reads surnames as surnames and keeps compound surnames whole', () => {
    expect(personName('单雄信').parts).toEqual(['shan', 'xiongxin']);
    expect(personName('曾国藩').parts).toEqual(['zeng', 'guofan']);
    expect(personName('欧阳明华').parts).toEqual(['ouyang', 'minghua']);
  });

  it('drops titles and punctuation', () => {
    expect(normalizePersonName('王先生')).toBe('王');
    expect(normalizePersonName("Mr. John O'Brien")).toBe('john obrien');
  });
});

describe('company names', () => {
  it('strips legal forms in Chinese and English', () => {
    for (const name of [
      '华星科技有限公司',
      '华星科技有限责任公司',
      '华星科技股份有限公司',
      '华星科技公司',
      '华星科技',
    ]) {
      expect(normalizeCompanyName(name), name).toBe('华星科技');
    }
    for (const name of [
      'Huaxing Technology Co., Ltd.',
      'Huaxing Technology Ltd',
      'Huaxing Technology Inc.',
      'Huaxing Technology GmbH',
      'Huaxing Technology L.L.C.',
      'The Huaxing Technology Corp',
    ]) {
      expect(normalizeCompanyName(name), name).toBe('huaxing technology');
    }
  });

  it('sets the city aside wherever it is written', () => {
    const forms = [
      '北京华星科技有限公司',
      '华星科技(北京)有限公司',
      '华星科技（北京）有限公司',
      '北京市华星科技有限公司',
    ];
    for (const form of forms)
      expect(companyName(form), form).toMatchObject({ core: '华星科技', city: 'beijing' });
    expect(companyName('Huaxing Technology (Beijing) Co., Ltd.')).toMatchObject({
      core: 'huaxing technology',
      city: 'beijing',
    });
    expect(companyName('北京华星科技', { cities: [] }).core).toBe('北京华星科技');
  });

  it('marks branch offices and groups instead of stripping them away', () => {
    expect(companyName('华星科技(上海)分公司')).toMatchObject({ core: '华星科技', branch: 'shanghai' });
    expect(companyName('华星科技有限公司上海分公司')).toMatchObject({ core: '华星科技', branch: 'shanghai' });
    expect(companyName('华星科技办事处')).toMatchObject({ core: '华星科技', branch: 'branch' });
    expect(companyName('华星集团有限公司')).toMatchObject({ core: '华星', group: true });
    expect(companyName('华星科技有限公司').branch).toBeUndefined();
  });

  it('keeps the brand in pinyin and the industry in English, so scripts can meet', () => {
    expect(companyName('华星科技')).toMatchObject({
      brand: '华星',
      roman: 'huaxing',
      industryEn: ['technology'],
    });
    expect(companyName('Huaxing Tech')).toMatchObject({
      brand: 'huaxing',
      roman: 'huaxing',
      industryEn: ['technology'],
    });
  });

  it('spells a name with the usual legal forms and city placements for a lookup', () => {
    const variants = companyNameLookupVariants('华星科技(北京)');
    expect(variants).toEqual(
      expect.arrayContaining(['华星科技', '华星科技有限公司', '北京华星科技有限公司']),
    );
  });
});

describe('addresses', () => {
  it('cuts Chinese addresses after each marker and spells out Latin abbreviations', () => {
    expect(addressTokens('上海市浦东新区张江路123号5楼')).toEqual([
      '上海市',
      '浦东新区',
      '张江路',
      '123号',
      '5楼',
    ]);
    expect(addressTokens('12 Wallaby Pl.')).toEqual(['12', 'wallaby', 'place']);
  });
});
