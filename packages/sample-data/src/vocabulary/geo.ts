/**
 * Where customers are: the five fixed sales territories, the provinces (and countries) each one
 * covers, and a few real cities per province with their telephone area code and postcode, so that
 * addresses, landlines and `region` agree with each other and with the territory the account is in.
 *
 * `region` values are the official Chinese province names (`江苏省`), the form Chinese CRMs store;
 * a territory's `regions` lists the same strings, so territory matching is plain equality.
 */

export interface City {
  zh: string;
  en: string;
  /** Telephone area code without the trunk prefix (`21` for Shanghai); a country code overseas. */
  areaCode: string;
  postcode: string;
  districts?: readonly (readonly [zh: string, en: string])[];
}

export interface Province {
  /** The canonical region value stored on accounts and leads. */
  region: string;
  en: string;
  /** Relative share of customers located here. */
  weight: number;
  cities: readonly City[];
}

export interface Overseas {
  region: string;
  en: string;
  weight: number;
  /** Telephone country code. */
  countryCode: string;
  cities: readonly City[];
  /** Legal-form suffixes used by companies registered there. */
  legalForms: readonly string[];
  tld: string;
}

export interface TerritoryDef {
  id: string;
  zh: string;
  en: string;
  weight: number;
  provinces: readonly Province[];
  overseas: readonly Overseas[];
}

const city = (
  zh: string,
  en: string,
  areaCode: string,
  postcode: string,
  districts?: readonly (readonly [string, string])[],
): City => (districts ? { zh, en, areaCode, postcode, districts } : { zh, en, areaCode, postcode });

// Central China (湖北, 湖南, 河南) is folded into the South and North territories, as many SMEs
// run 华中 out of a neighbouring regional office; the North-west is left out (no customers there).
export const TERRITORIES: readonly TerritoryDef[] = [
  {
    id: 'ter-east',
    zh: '华东',
    en: 'East China',
    weight: 40,
    overseas: [],
    provinces: [
      {
        region: '上海市',
        en: 'Shanghai',
        weight: 10,
        cities: [
          city('上海市', 'Shanghai', '21', '200000', [
            ['浦东新区', 'Pudong New Area'],
            ['徐汇区', 'Xuhui District'],
            ['闵行区', 'Minhang District'],
            ['静安区', "Jing'an District"],
            ['嘉定区', 'Jiading District'],
          ]),
        ],
      },
      {
        region: '江苏省',
        en: 'Jiangsu',
        weight: 9,
        cities: [
          city('南京市', 'Nanjing', '25', '210000', [
            ['鼓楼区', 'Gulou District'],
            ['江宁区', 'Jiangning District'],
          ]),
          city('苏州市', 'Suzhou', '512', '215000', [
            ['工业园区', 'Suzhou Industrial Park'],
            ['吴中区', 'Wuzhong District'],
          ]),
          city('无锡市', 'Wuxi', '510', '214000'),
          city('常州市', 'Changzhou', '519', '213000'),
        ],
      },
      {
        region: '浙江省',
        en: 'Zhejiang',
        weight: 8,
        cities: [
          city('杭州市', 'Hangzhou', '571', '310000', [
            ['西湖区', 'Xihu District'],
            ['滨江区', 'Binjiang District'],
          ]),
          city('宁波市', 'Ningbo', '574', '315000'),
          city('温州市', 'Wenzhou', '577', '325000'),
        ],
      },
      { region: '安徽省', en: 'Anhui', weight: 3, cities: [city('合肥市', 'Hefei', '551', '230000')] },
      {
        region: '福建省',
        en: 'Fujian',
        weight: 3,
        cities: [city('福州市', 'Fuzhou', '591', '350000'), city('厦门市', 'Xiamen', '592', '361000')],
      },
      { region: '江西省', en: 'Jiangxi', weight: 2, cities: [city('南昌市', 'Nanchang', '791', '330000')] },
      {
        region: '山东省',
        en: 'Shandong',
        weight: 5,
        cities: [city('济南市', 'Jinan', '531', '250000'), city('青岛市', 'Qingdao', '532', '266000')],
      },
    ],
  },
  {
    id: 'ter-south',
    zh: '华南',
    en: 'South China',
    weight: 25,
    overseas: [],
    provinces: [
      {
        region: '广东省',
        en: 'Guangdong',
        weight: 12,
        cities: [
          city('广州市', 'Guangzhou', '20', '510000', [
            ['天河区', 'Tianhe District'],
            ['番禺区', 'Panyu District'],
          ]),
          city('深圳市', 'Shenzhen', '755', '518000', [
            ['南山区', 'Nanshan District'],
            ['福田区', 'Futian District'],
            ['宝安区', "Bao'an District"],
          ]),
          city('东莞市', 'Dongguan', '769', '523000'),
          city('佛山市', 'Foshan', '757', '528000'),
        ],
      },
      {
        region: '广西壮族自治区',
        en: 'Guangxi',
        weight: 2,
        cities: [city('南宁市', 'Nanning', '771', '530000')],
      },
      { region: '海南省', en: 'Hainan', weight: 1, cities: [city('海口市', 'Haikou', '898', '570000')] },
      { region: '湖南省', en: 'Hunan', weight: 3, cities: [city('长沙市', 'Changsha', '731', '410000')] },
      { region: '湖北省', en: 'Hubei', weight: 4, cities: [city('武汉市', 'Wuhan', '27', '430000')] },
    ],
  },
  {
    id: 'ter-north',
    zh: '华北',
    en: 'North China',
    weight: 20,
    overseas: [],
    provinces: [
      {
        region: '北京市',
        en: 'Beijing',
        weight: 9,
        cities: [
          city('北京市', 'Beijing', '10', '100000', [
            ['朝阳区', 'Chaoyang District'],
            ['海淀区', 'Haidian District'],
            ['丰台区', 'Fengtai District'],
          ]),
        ],
      },
      { region: '天津市', en: 'Tianjin', weight: 3, cities: [city('天津市', 'Tianjin', '22', '300000')] },
      {
        region: '河北省',
        en: 'Hebei',
        weight: 2,
        cities: [
          city('石家庄市', 'Shijiazhuang', '311', '050000'),
          city('唐山市', 'Tangshan', '315', '063000'),
        ],
      },
      { region: '山西省', en: 'Shanxi', weight: 1, cities: [city('太原市', 'Taiyuan', '351', '030000')] },
      {
        region: '内蒙古自治区',
        en: 'Inner Mongolia',
        weight: 1,
        cities: [city('呼和浩特市', 'Hohhot', '471', '010000')],
      },
      {
        region: '辽宁省',
        en: 'Liaoning',
        weight: 2,
        cities: [city('沈阳市', 'Shenyang', '24', '110000'), city('大连市', 'Dalian', '411', '116000')],
      },
      { region: '吉林省', en: 'Jilin', weight: 1, cities: [city('长春市', 'Changchun', '431', '130000')] },
      {
        region: '黑龙江省',
        en: 'Heilongjiang',
        weight: 1,
        cities: [city('哈尔滨市', 'Harbin', '451', '150000')],
      },
      { region: '河南省', en: 'Henan', weight: 3, cities: [city('郑州市', 'Zhengzhou', '371', '450000')] },
    ],
  },
  {
    id: 'ter-southwest',
    zh: '西南',
    en: 'Southwest',
    weight: 10,
    overseas: [],
    provinces: [
      { region: '重庆市', en: 'Chongqing', weight: 3, cities: [city('重庆市', 'Chongqing', '23', '400000')] },
      {
        region: '四川省',
        en: 'Sichuan',
        weight: 4,
        cities: [
          city('成都市', 'Chengdu', '28', '610000', [
            ['武侯区', 'Wuhou District'],
            ['高新区', 'Chengdu Hi-tech Zone'],
          ]),
          city('绵阳市', 'Mianyang', '816', '621000'),
        ],
      },
      { region: '贵州省', en: 'Guizhou', weight: 1, cities: [city('贵阳市', 'Guiyang', '851', '550000')] },
      { region: '云南省', en: 'Yunnan', weight: 2, cities: [city('昆明市', 'Kunming', '871', '650000')] },
    ],
  },
  {
    id: 'ter-overseas',
    zh: '海外',
    en: 'Overseas',
    weight: 5,
    provinces: [],
    overseas: [
      {
        region: '新加坡',
        en: 'Singapore',
        weight: 3,
        countryCode: '65',
        cities: [city('新加坡', 'Singapore', '6', '018989')],
        legalForms: ['Pte. Ltd.'],
        tld: 'com.sg',
      },
      {
        region: '马来西亚',
        en: 'Malaysia',
        weight: 2,
        countryCode: '60',
        cities: [city('吉隆坡', 'Kuala Lumpur', '3', '50450')],
        legalForms: ['Sdn. Bhd.'],
        tld: 'com.my',
      },
      {
        region: '越南',
        en: 'Vietnam',
        weight: 2,
        countryCode: '84',
        cities: [city('胡志明市', 'Ho Chi Minh City', '28', '700000')],
        legalForms: ['Co., Ltd.', 'JSC'],
        tld: 'vn',
      },
      {
        region: '德国',
        en: 'Germany',
        weight: 2,
        countryCode: '49',
        cities: [city('慕尼黑', 'Munich', '89', '80331'), city('汉堡', 'Hamburg', '40', '20095')],
        legalForms: ['GmbH', 'AG'],
        tld: 'de',
      },
      {
        region: '美国',
        en: 'United States',
        weight: 2,
        countryCode: '1',
        cities: [city('圣何塞', 'San Jose', '408', '95113'), city('芝加哥', 'Chicago', '312', '60601')],
        legalForms: ['Inc.', 'LLC'],
        tld: 'com',
      },
    ],
  },
];

/** Roads that exist in most Chinese cities, with their usual English signage. */
export const ROADS: readonly (readonly [zh: string, en: string])[] = [
  ['人民路', 'Renmin Road'],
  ['中山路', 'Zhongshan Road'],
  ['解放路', 'Jiefang Road'],
  ['建设路', 'Jianshe Road'],
  ['长江路', 'Changjiang Road'],
  ['和平路', 'Heping Road'],
  ['新华路', 'Xinhua Road'],
  ['东风路', 'Dongfeng Road'],
  ['文化路', 'Wenhua Road'],
  ['青年路', 'Qingnian Road'],
  ['光明路', 'Guangming Road'],
  ['学府路', 'Xuefu Road'],
  ['湖滨路', 'Hubin Road'],
  ['科技园路', 'Science Park Road'],
  ['创新大道', 'Chuangxin Avenue'],
  ['工业大道', 'Gongye Avenue'],
  ['高新大道', 'Gaoxin Avenue'],
  ['世纪大道', 'Century Avenue'],
  ['滨江大道', 'Binjiang Avenue'],
  ['迎宾大道', 'Yingbin Avenue'],
];

/** Mobile number prefixes in use (China Mobile, Unicom, Telecom, Broadnet), weighted by share. */
export const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ...'130 131 132 133 134 135 136 137 138 139'.split(' ').map((p) => [p, 6] as const),
  ...'150 151 152 153 155 156 157 158 159'.split(' ').map((p) => [p, 4] as const),
  ...'180 181 182 183 184 185 186 187 188 189'.split(' ').map((p) => [p, 4] as const),
  ...'166 170 173 175 176 177 178 191 195 198 199'.split(' ').map((p) => [p, 1] as const),
];

/** Free mail providers Chinese consumers use, weighted (QQ Mail dominates). */
export const FREE_MAIL: readonly (readonly [string, number])[] = [
  ['qq.com', 40],
  ['163.com', 25],
  ['126.com', 10],
  ['sina.com', 6],
  ['foxmail.com', 5],
  ['139.com', 4],
  ['outlook.com', 5],
  ['gmail.com', 5],
];
