/**
 * The business the sample data describes: an SME selling water-purification equipment and service
 * (清源净水, "Qingyuan Water") to companies, hospitals and schools through key-account deals, and
 * to households through stores and online shops with a membership programme. One catalogue makes
 * deals, orders and loyalty points agree: a hospital's central purification system is a ¥1.2M deal,
 * a household's filter replacements every few months are what RFM and points are about.
 */

export type Bilingual = readonly [zh: string, en: string];

export interface Industry {
  /** The stored value: a locale-neutral code (labels below), so filters work in both languages. */
  code: string;
  label: Bilingual;
  weight: number;
  /** Words that follow the brand in a company name (`华信` + `精密机械` + `有限公司`). */
  words: readonly Bilingual[];
  /** Short tag for the company's web domain (`huaxin-tech.com.cn`). */
  domainTag: string;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    code: 'manufacturing',
    label: ['制造业', 'Manufacturing'],
    weight: 22,
    words: [
      ['精密机械', 'Precision Machinery'],
      ['电子', 'Electronics'],
      ['汽车零部件', 'Auto Parts'],
      ['新材料', 'New Materials'],
      ['智能装备', 'Intelligent Equipment'],
    ],
    domainTag: 'mfg',
  },
  {
    code: 'retail',
    label: ['零售', 'Retail'],
    weight: 11,
    words: [
      ['商贸', 'Trading'],
      ['百货', 'Department Stores'],
      ['连锁超市', 'Supermarkets'],
      ['便利店', 'Convenience Stores'],
    ],
    domainTag: 'retail',
  },
  {
    code: 'healthcare',
    label: ['医疗', 'Healthcare'],
    weight: 10,
    words: [
      ['医疗器械', 'Medical Devices'],
      ['医药', 'Pharmaceutical'],
      ['健康管理', 'Health Management'],
    ],
    domainTag: 'med',
  },
  {
    code: 'education',
    label: ['教育', 'Education'],
    weight: 9,
    words: [
      ['教育科技', 'Education Technology'],
      ['培训', 'Training'],
    ],
    domainTag: 'edu',
  },
  {
    code: 'finance',
    label: ['金融', 'Finance'],
    weight: 6,
    words: [
      ['投资', 'Investment'],
      ['融资租赁', 'Financial Leasing'],
      ['保险代理', 'Insurance Agency'],
    ],
    domainTag: 'capital',
  },
  {
    code: 'logistics',
    label: ['物流', 'Logistics'],
    weight: 9,
    words: [
      ['物流', 'Logistics'],
      ['供应链', 'Supply Chain'],
      ['运输', 'Transport'],
    ],
    domainTag: 'logistics',
  },
  {
    code: 'it',
    label: ['IT/互联网', 'IT'],
    weight: 12,
    words: [
      ['科技', 'Technology'],
      ['信息技术', 'Information Technology'],
      ['软件', 'Software'],
      ['网络科技', 'Network Technology'],
    ],
    domainTag: 'tech',
  },
  {
    code: 'hospitality',
    label: ['酒店餐饮', 'Hospitality'],
    weight: 8,
    words: [
      ['酒店管理', 'Hotel Management'],
      ['餐饮管理', 'Catering Management'],
    ],
    domainTag: 'hotel',
  },
  {
    code: 'food',
    label: ['食品饮料', 'Food & Beverage'],
    weight: 6,
    words: [
      ['食品', 'Foods'],
      ['饮品', 'Beverages'],
    ],
    domainTag: 'food',
  },
  {
    code: 'real_estate',
    label: ['房地产/物业', 'Real Estate'],
    weight: 7,
    words: [
      ['物业服务', 'Property Services'],
      ['置业', 'Properties'],
    ],
    domainTag: 'property',
  },
];

export const COMPANY_SIZES = [
  ['micro', 12],
  ['small', 34],
  ['medium', 30],
  ['large', 17],
  ['enterprise', 7],
] as const;

export type CompanySize = (typeof COMPANY_SIZES)[number][0];

/** Deal value ranges in yuan by customer size: the overall spread is ¥5,000 – ¥2,000,000. */
export const DEAL_RANGE_BY_SIZE: Record<CompanySize, readonly [number, number]> = {
  micro: [5_000, 60_000],
  small: [5_000, 250_000],
  medium: [15_000, 700_000],
  large: [40_000, 2_000_000],
  enterprise: [100_000, 2_000_000],
};

export interface Product {
  sku: string;
  name: Bilingual;
  /** List price in fen. */
  price: number;
  kind: 'b2b' | 'retail';
}

export const PRODUCTS: readonly Product[] = [
  { sku: 'WP-C500', name: ['商用净水设备 C500', 'Commercial purifier C500'], price: 1_280_000, kind: 'b2b' },
  {
    sku: 'WP-C1000',
    name: ['商用净水设备 C1000', 'Commercial purifier C1000'],
    price: 2_680_000,
    kind: 'b2b',
  },
  { sku: 'CS-200', name: ['中央净水系统', 'Central purification system'], price: 16_800_000, kind: 'b2b' },
  { sku: 'DS-10', name: ['智能饮水机', 'Smart drinking station'], price: 368_000, kind: 'b2b' },
  { sku: 'SV-Y', name: ['年度维保服务', 'Annual maintenance plan'], price: 680_000, kind: 'b2b' },
  { sku: 'FL-C', name: ['商用滤芯套装', 'Commercial filter pack'], price: 128_000, kind: 'b2b' },
  { sku: 'WT-01', name: ['水质检测服务', 'Water-quality testing'], price: 150_000, kind: 'b2b' },
  { sku: 'IN-01', name: ['安装调试服务', 'Installation and commissioning'], price: 200_000, kind: 'b2b' },
  { sku: 'RO-600', name: ['家用净水器 RO-600', 'Home RO purifier 600G'], price: 299_900, kind: 'retail' },
  { sku: 'RO-1000', name: ['家用净水器 RO-1000', 'Home RO purifier 1000G'], price: 459_900, kind: 'retail' },
  { sku: 'PF-01', name: ['前置过滤器', 'Whole-house pre-filter'], price: 89_900, kind: 'retail' },
  { sku: 'HD-01', name: ['即热饮水机', 'Instant hot-water dispenser'], price: 129_900, kind: 'retail' },
  { sku: 'FR-RO', name: ['家用 RO 滤芯', 'Replacement RO filter'], price: 39_900, kind: 'retail' },
  { sku: 'FR-PP', name: ['PP 棉滤芯', 'PP sediment filter'], price: 5_900, kind: 'retail' },
  { sku: 'SV-H', name: ['上门清洗服务', 'Home cleaning service'], price: 19_900, kind: 'retail' },
];

/**
 * What a key-account deal is about, for its title (`华信科技-厂区直饮水改造项目`); projects tied to a
 * kind of site only go to customers in those industries (no ward projects for a convenience store).
 */
export const DEAL_PROJECTS: readonly { name: Bilingual; industries?: readonly string[] }[] = [
  { name: ['办公楼净水设备采购', 'office purifier purchase'] },
  { name: ['年度滤芯维保合同', 'annual filter maintenance contract'] },
  { name: ['中央净水系统建设', 'central purification system'] },
  { name: ['食堂净水升级', 'canteen water upgrade'] },
  { name: ['新园区饮水工程', 'new campus drinking-water project'] },
  {
    name: ['厂区直饮水改造项目', 'factory drinking-water upgrade'],
    industries: ['manufacturing', 'logistics', 'food'],
  },
  { name: ['门店饮水机租赁', 'store dispenser lease'], industries: ['retail', 'hospitality', 'finance'] },
  { name: ['病房直饮水项目', 'ward drinking-water project'], industries: ['healthcare'] },
  { name: ['校园直饮水工程', 'campus drinking-water project'], industries: ['education'] },
  { name: ['酒店客房净水方案', 'hotel room water solution'], industries: ['hospitality', 'real_estate'] },
];

export const WON_REASONS: readonly Bilingual[] = [
  ['方案匹配度高', 'Best fit for their needs'],
  ['价格有优势', 'Competitive price'],
  ['售后响应快', 'Fast after-sales response'],
  ['老客户推荐', 'Referred by an existing customer'],
  ['产品质量口碑好', 'Product quality and reputation'],
  ['本地化服务团队', 'Local service team'],
];

export const LOST_REASONS: readonly Bilingual[] = [
  ['价格过高', 'Price too high'],
  ['选择了竞争对手', 'Chose a competitor'],
  ['预算取消', 'Budget cancelled'],
  ['需求延期', 'Project postponed'],
  ['联系人离职', 'Our contact left the company'],
  ['未能接触决策人', 'Never reached the decision maker'],
];

export const DISQUALIFY_REASONS: readonly Bilingual[] = [
  ['联系方式无效', 'Invalid contact details'],
  ['非目标客户', 'Not a target customer'],
  ['重复线索', 'Duplicate lead'],
  ['暂无预算', 'No budget'],
  ['同行咨询', 'Competitor enquiry'],
];

/** `[title, is decision maker]`: the first contact of a company is usually a decision maker. */
export const TITLES: readonly (readonly [zh: string, en: string, decisionMaker: boolean])[] = [
  ['总经理', 'General Manager', true],
  ['采购总监', 'Purchasing Director', true],
  ['行政总监', 'Head of Administration', true],
  ['财务总监', 'CFO', true],
  ['采购经理', 'Purchasing Manager', false],
  ['行政主管', 'Office Manager', false],
  ['设备部经理', 'Facilities Manager', false],
  ['后勤主管', 'Logistics Supervisor', false],
  ['IT 经理', 'IT Manager', false],
  ['项目经理', 'Project Manager', false],
];

export const CONTACT_TAGS = {
  decisionMaker: ['决策人', 'decision maker'],
  influencer: ['影响者', 'influencer'],
} as const;

export const ACCOUNT_TAGS = {
  keyAccount: ['重点客户', 'key account'],
  tender: ['招投标', 'tender'],
  member: ['会员', 'member'],
  vip: ['VIP', 'VIP'],
  publicPool: ['公海', 'public pool'],
} as const;

export interface CampaignTemplate {
  name: Bilingual;
  /** Free text in the schema; these values line up with lead sources (see `CHANNEL_SOURCE`). */
  channel: string;
  /** Cost range in yuan. */
  cost: readonly [number, number];
  days: number;
}

export const CAMPAIGNS: readonly CampaignTemplate[] = [
  {
    name: ['中国国际水展(上海)', 'Aquatech China, Shanghai'],
    channel: 'exhibition',
    cost: [150_000, 400_000],
    days: 4,
  },
  { name: ['百度搜索推广', 'Baidu search ads'], channel: 'advertising', cost: [30_000, 120_000], days: 60 },
  { name: ['微信朋友圈广告', 'WeChat Moments ads'], channel: 'social', cost: [20_000, 80_000], days: 30 },
  {
    name: ['线上研讨会:企业饮水健康', 'Webinar: healthy water at work'],
    channel: 'webinar',
    cost: [5_000, 20_000],
    days: 1,
  },
  {
    name: ['老客户推荐有礼', 'Customer referral programme'],
    channel: 'referral',
    cost: [10_000, 50_000],
    days: 90,
  },
  { name: ['春季邮件营销', 'Spring e-mail campaign'], channel: 'email', cost: [3_000, 10_000], days: 21 },
  {
    name: ['华南净水行业展会(广州)', 'South China Water Expo, Guangzhou'],
    channel: 'exhibition',
    cost: [80_000, 200_000],
    days: 3,
  },
  { name: ['抖音直播', 'Douyin live stream'], channel: 'social', cost: [10_000, 60_000], days: 14 },
  {
    name: ['医院后勤管理峰会', 'Hospital facilities summit'],
    channel: 'exhibition',
    cost: [40_000, 100_000],
    days: 2,
  },
  { name: ['618 线上大促', '618 online sale'], channel: 'advertising', cost: [50_000, 150_000], days: 20 },
  {
    name: ['合作伙伴渠道大会', 'Partner channel conference'],
    channel: 'partner',
    cost: [60_000, 150_000],
    days: 2,
  },
  {
    name: ['线上研讨会:中央净水系统', 'Webinar: central purification'],
    channel: 'webinar',
    cost: [5_000, 20_000],
    days: 1,
  },
  {
    name: ['小红书种草', 'Xiaohongshu content seeding'],
    channel: 'social',
    cost: [20_000, 60_000],
    days: 45,
  },
  {
    name: ['双十一会员日', "Singles' Day member event"],
    channel: 'advertising',
    cost: [80_000, 200_000],
    days: 11,
  },
  { name: ['秋季邮件营销', 'Autumn e-mail campaign'], channel: 'email', cost: [3_000, 10_000], days: 21 },
  {
    name: ['新加坡国际水周', 'Singapore International Water Week'],
    channel: 'exhibition',
    cost: [200_000, 450_000],
    days: 5,
  },
  { name: ['知乎问答推广', 'Zhihu Q&A promotion'], channel: 'advertising', cost: [10_000, 30_000], days: 30 },
  {
    name: ['校园饮水安全巡讲', 'School water-safety roadshow'],
    channel: 'exhibition',
    cost: [30_000, 80_000],
    days: 30,
  },
  { name: ['经销商招募会', 'Dealer recruitment day'], channel: 'partner', cost: [20_000, 60_000], days: 1 },
  {
    name: ['年末客户答谢会', 'Year-end customer appreciation'],
    channel: 'referral',
    cost: [50_000, 120_000],
    days: 1,
  },
];

/** Which lead source a campaign's leads arrive through. */
export const CHANNEL_SOURCE: Record<string, string> = {
  exhibition: 'exhibition',
  advertising: 'advertising',
  social: 'social',
  webinar: 'web_form',
  email: 'email',
  referral: 'referral',
  partner: 'partner',
};

/** Lead sources with a realistic mix for an SME selling B2B and B2C. */
export const LEAD_SOURCES = [
  ['web_form', 24],
  ['phone', 12],
  ['exhibition', 14],
  ['referral', 12],
  ['advertising', 10],
  ['social', 11],
  ['email', 5],
  ['partner', 6],
  ['import', 4],
  ['other', 2],
] as const;

export const LEAD_MESSAGES: readonly Bilingual[] = [
  ['想了解商用净水设备报价,办公室约 200 人', 'Looking for a quote for a 200-person office'],
  ['工厂有 3 个车间需要直饮水,请联系', 'Three workshops need drinking water, please call'],
  ['医院新大楼饮水方案咨询', 'Drinking water for our new hospital building'],
  ['学校要做直饮水改造,需要方案和报价', 'Our school needs a drinking-water upgrade'],
  ['现有设备滤芯多久换一次?', 'How often should the filters be replaced?'],
  ['家里想装净水器,有上门安装吗?', 'Do you install home purifiers on site?'],
  ['连锁门店饮水机租赁,能否月付', 'Can dispensers for our stores be leased monthly?'],
  ['展会上看到你们的产品,请发资料', 'Saw you at the exhibition, please send brochures'],
];

export type ActivityKind = 'visit' | 'call' | 'email' | 'meeting' | 'task' | 'note';

export const ACTIVITY_TYPES: readonly (readonly [ActivityKind, number])[] = [
  ['call', 30],
  ['visit', 18],
  ['email', 15],
  ['meeting', 14],
  ['task', 16],
  ['note', 7],
];

export const ACTIVITY_SUBJECTS: Record<ActivityKind, readonly Bilingual[]> = {
  visit: [
    ['上门拜访:了解用水需求', 'On-site visit: review water needs'],
    ['现场勘测安装位置', 'Site survey for installation'],
    ['回访已安装设备', 'Check installed equipment'],
  ],
  call: [
    ['电话跟进报价', 'Follow-up call on the quote'],
    ['电话确认决策人', 'Call to confirm the decision maker'],
    ['首次电话沟通', 'First call'],
  ],
  email: [
    ['发送产品资料', 'Send product brochure'],
    ['发送报价单', 'Send the quotation'],
    ['发送合同草案', 'Send the draft contract'],
  ],
  meeting: [
    ['方案演示会', 'Solution demo'],
    ['商务谈判会议', 'Negotiation meeting'],
    ['技术交流会', 'Technical workshop'],
  ],
  task: [
    ['准备报价单', 'Prepare the quotation'],
    ['安排水质检测', 'Arrange a water-quality test'],
    ['提交合同审批', 'Submit the contract for approval'],
  ],
  note: [
    ['客户关注售后响应时间', 'Customer cares about service response time'],
    ['预算需下季度审批', 'Budget needs approval next quarter'],
    ['竞争对手也在接触', 'A competitor is also talking to them'],
  ],
};

/** How finished activities went, by type (a call can go unanswered, an e-mail cannot). */
export const ACTIVITY_OUTCOMES: Record<Exclude<ActivityKind, 'note'>, readonly Bilingual[]> = {
  visit: [
    ['客户认可方案,约定下周复谈', 'They like the proposal; follow-up next week'],
    ['现场条件已确认,可安装', 'Site confirmed, installation possible'],
    ['决策人出差,改期', 'Decision maker travelling, rescheduled'],
  ],
  call: [
    ['未接通,稍后再拨', 'No answer, will call again'],
    ['需求已确认,准备报价', 'Needs confirmed, preparing the quote'],
    ['对价格有疑虑,需申请折扣', 'Price concerns, requesting a discount'],
  ],
  email: [
    ['已发送,对方确认收到', 'Sent and acknowledged'],
    ['已发送,暂无回复', 'Sent, no reply yet'],
  ],
  meeting: [
    ['客户认可方案,约定下周复谈', 'They like the proposal; follow-up next week'],
    ['需补充技术参数', 'They need more technical details'],
    ['对价格有疑虑,需申请折扣', 'Price concerns, requesting a discount'],
  ],
  task: [
    ['已完成', 'Done'],
    ['已完成,已提交审批', 'Done, submitted for approval'],
  ],
};

export const REDEEM_NOTES: readonly Bilingual[] = [
  ['积分兑换滤芯券', 'Redeemed for a filter voucher'],
  ['积分抵扣现金', 'Points used as cash'],
  ['兑换上门清洗服务', 'Redeemed for a home cleaning'],
];

export const SKILLS = [
  'key_account',
  'tender',
  'installation',
  'healthcare_sales',
  'negotiation',
  'english',
] as const;
