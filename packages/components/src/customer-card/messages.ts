/**
 * The customer card's own catalogue, in every language the elements speak. `satisfies` on the
 * record makes a key missing from either language a type error, the same guarantee as the shared
 * catalogue; the shared one still supplies the generic texts (loading, retry, error codes).
 */
import type {
  ActivityType,
  HealthComponentName,
  HealthFact,
  HealthScore,
  Locale,
  Order,
  RfmSegment,
} from '@kehu/core';

export interface CardMessages {
  label: (name: string) => string;
  noCustomer: string;
  notFound: string;
  kind: Record<'company' | 'person', string>;
  owner: string;
  unassigned: string;
  tags: string;
  grade: (grade: string) => string;
  gradeLabel: string;
  score: (total: number) => string;
  showReasons: string;
  scoreReasons: string;
  points: (points: number) => string;
  sections: {
    loyalty: string;
    value: string;
    deals: string;
    recent: string;
    upcoming: string;
    orders: string;
    contacts: string;
    figures: string;
  };
  loyalty: {
    card: (cardNo: string) => string;
    noTier: string;
    memberStatus: Record<'active' | 'frozen' | 'closed', string>;
    available: string;
    lapsed: string;
    progressLabel: (tier: string) => string;
    toNextPoints: (needed: string, tier: string) => string;
    toNextSpend: (needed: string, tier: string) => string;
    topTier: string;
    expiring: (points: string, date: string) => string;
    noneExpiring: string;
    noMembership: string;
  };
  value: {
    segment: string;
    segments: Record<RfmSegment, string>;
    rfm: string;
    rfmScores: (r: number, f: number, m: number) => string;
    recency: (days: number) => string;
    valueGrade: string;
    noModel: string;
    noOrders: string;
    health: string;
    healthScore: (score: number) => string;
    healthStatus: Record<HealthScore['status'], string>;
    components: Record<HealthComponentName, string>;
    /** The figures behind a component's points; money arrives formatted. */
    fact: (fact: HealthFact, money: (minor: number, currency: string) => string) => string;
  };
  deals: {
    none: string;
    weightedTotal: string;
    stage: string;
    amount: string;
    probability: (percent: number) => string;
    weighted: (amount: string) => string;
    closes: (date: string) => string;
    unknownStage: string;
  };
  activities: {
    noneRecent: string;
    noneUpcoming: string;
    types: Record<ActivityType, string>;
    overdue: string;
    due: (date: string) => string;
    done: (date: string) => string;
    noDate: string;
  };
  orders: {
    none: string;
    count: string;
    totals: string;
    first: string;
    last: string;
    recent: string;
    status: Record<Order['status'], string>;
  };
  contacts: { none: string; phone: string; email: string };
  figures: {
    valueGrade: string;
    health: string;
    loyalty: string;
    pipeline: string;
    nextActivity: string;
    none: string;
  };
  actions: {
    label: string;
    logActivity: string;
    newDeal: string;
    cancel: string;
    saving: string;
    activityTitle: string;
    type: string;
    subject: string;
    done: string;
    dueAt: string;
    notes: string;
    saveActivity: string;
    dealTitle: string;
    title: string;
    amount: string;
    currency: string;
    stage: string;
    contact: string;
    /** The accessible name of the contact list's empty choice, shown as "—". */
    noContact: string;
    loadingStages: string;
    expectedCloseDate: string;
    saveDeal: string;
    activityLogged: (subject: string) => string;
    dealCreated: (title: string) => string;
    vetoed: string;
    noOpenStage: string;
  };
  fieldErrors: { required: string; tooLong: string; invalid: string };
}

const en: CardMessages = {
  label: (name) => `Customer ${name}`,
  noCustomer: 'No customer selected.',
  notFound: 'This customer does not exist (any more).',
  kind: { company: 'Company', person: 'Individual' },
  owner: 'Owner',
  unassigned: 'Unassigned',
  tags: 'Tags',
  grade: (grade) => `Grade ${grade}`,
  gradeLabel: 'Customer grade',
  score: (total) => `Score ${total}`,
  showReasons: 'Why this score',
  scoreReasons: 'What makes up the score',
  points: (points) => `${points > 0 ? '+' : ''}${points}`,
  sections: {
    loyalty: 'Membership',
    value: 'Value',
    deals: 'Open deals',
    recent: 'Recent activities',
    upcoming: 'Upcoming activities',
    orders: 'Orders',
    contacts: 'Contacts',
    figures: 'Key figures',
  },
  loyalty: {
    card: (cardNo) => `Card ${cardNo}`,
    noTier: 'No tier',
    memberStatus: { active: 'Active', frozen: 'Frozen', closed: 'Closed' },
    available: 'Points',
    lapsed: 'Lapsed, not yet written off',
    progressLabel: (tier) => `Progress to ${tier}`,
    toNextPoints: (needed, tier) => `${needed} more points to ${tier}`,
    toNextSpend: (needed, tier) => `${needed} more spend to ${tier}`,
    topTier: 'Top tier reached',
    expiring: (points, date) => `${points} points expire soon (first on ${date})`,
    noneExpiring: 'No points expire in the next 90 days',
    noMembership: 'Not a member of the loyalty programme.',
  },
  value: {
    segment: 'RFM segment',
    segments: {
      champions: 'Champions',
      loyal: 'Loyal',
      potential: 'Potential loyalists',
      'at-risk': 'At risk',
      hibernating: 'Hibernating',
      lost: 'Lost',
    },
    rfm: 'RFM scores',
    rfmScores: (r, f, m) => `R${r} F${f} M${m}`,
    recency: (days) => (days === 0 ? 'Bought today' : `Last bought ${days} day${days === 1 ? '' : 's'} ago`),
    valueGrade: 'Value grade',
    noModel: 'Segment and value grade appear once the customer base has been analysed.',
    noOrders: 'No paid orders yet.',
    health: 'Health',
    healthScore: (score) => `${score} / 100`,
    healthStatus: { healthy: 'Healthy', watch: 'Watch', 'at-risk': 'At risk' },
    components: { activity: 'Activity', tasks: 'Tasks', orders: 'Orders', deals: 'Deals' },
    fact: (fact, money) => {
      switch (fact.kind) {
        case 'no-activity':
          return 'No activity done yet';
        case 'last-activity':
          return fact.days === 0
            ? 'Last activity done today'
            : `Last activity done ${fact.days} day${fact.days === 1 ? '' : 's'} ago`;
        case 'overdue':
          return fact.count === 0
            ? 'No overdue activities'
            : `${fact.count} overdue activit${fact.count === 1 ? 'y' : 'ies'}`;
        case 'no-orders':
          return `No paid orders in the last ${fact.days} days`;
        case 'revenue': {
          const trend = {
            new: 'New revenue',
            growing: 'Growing',
            stable: 'Stable',
            declining: 'Declining',
            falling: 'Falling',
          }[fact.trend];
          return `${trend}: ${money(fact.current, fact.currency)} in the last ${fact.days} days vs ${money(fact.previous, fact.currency)} before`;
        }
        case 'open-deals':
          return fact.count === 0 ? 'No open deals' : `${fact.count} open deal${fact.count === 1 ? '' : 's'}`;
      }
    },
  },
  deals: {
    none: 'No open deals.',
    weightedTotal: 'Weighted pipeline',
    stage: 'Stage',
    amount: 'Amount',
    probability: (percent) => `${percent}%`,
    weighted: (amount) => `weighted ${amount}`,
    closes: (date) => `closes ${date}`,
    unknownStage: 'Unknown stage',
  },
  activities: {
    noneRecent: 'Nothing done yet.',
    noneUpcoming: 'Nothing planned.',
    types: { visit: 'Visit', call: 'Call', email: 'Email', meeting: 'Meeting', task: 'Task', note: 'Note' },
    overdue: 'Overdue',
    due: (date) => `due ${date}`,
    done: (date) => `done ${date}`,
    noDate: 'no due date',
  },
  orders: {
    none: 'No orders yet.',
    count: 'Paid orders',
    totals: 'Total paid',
    first: 'First order',
    last: 'Last order',
    recent: 'Recent orders',
    status: { paid: 'Paid', refunded: 'Refunded', cancelled: 'Cancelled' },
  },
  contacts: { none: 'No contacts.', phone: 'Phone', email: 'Email' },
  figures: {
    valueGrade: 'Value grade',
    health: 'Health',
    loyalty: 'Membership',
    pipeline: 'Weighted pipeline',
    nextActivity: 'Next activity',
    none: '—',
  },
  actions: {
    label: 'Actions',
    logActivity: 'Log activity',
    newDeal: 'New deal',
    cancel: 'Cancel',
    saving: 'Saving…',
    activityTitle: 'Log an activity',
    type: 'Type',
    subject: 'Subject',
    done: 'Already done',
    dueAt: 'Due',
    notes: 'Notes',
    saveActivity: 'Save activity',
    dealTitle: 'New deal',
    title: 'Title',
    amount: 'Amount',
    currency: 'Currency',
    stage: 'Stage',
    contact: 'Contact',
    noContact: 'No contact',
    loadingStages: 'Loading stages…',
    expectedCloseDate: 'Expected close date',
    saveDeal: 'Create deal',
    activityLogged: (subject) => `Activity “${subject}” saved`,
    dealCreated: (title) => `Deal “${title}” created`,
    vetoed: 'Not saved: the application cancelled it.',
    noOpenStage: 'The pipeline for new deals has no open stage.',
  },
  fieldErrors: { required: 'Required', tooLong: 'Too long', invalid: 'Not valid' },
};

const zhCN: CardMessages = {
  label: (name) => `客户 ${name}`,
  noCustomer: '未选择客户。',
  notFound: '该客户不存在或已被删除。',
  kind: { company: '企业', person: '个人' },
  owner: '负责人',
  unassigned: '未分配',
  tags: '标签',
  grade: (grade) => `${grade} 级`,
  gradeLabel: '客户等级',
  score: (total) => `评分 ${total}`,
  showReasons: '评分依据',
  scoreReasons: '评分构成',
  points: (points) => `${points > 0 ? '+' : ''}${points}`,
  sections: {
    loyalty: '会员',
    value: '客户价值',
    deals: '进行中的商机',
    recent: '最近活动',
    upcoming: '待办活动',
    orders: '订单',
    contacts: '联系人',
    figures: '关键指标',
  },
  loyalty: {
    card: (cardNo) => `卡号 ${cardNo}`,
    noTier: '无等级',
    memberStatus: { active: '正常', frozen: '已冻结', closed: '已注销' },
    available: '可用积分',
    lapsed: '已过期待核销',
    progressLabel: (tier) => `升级至${tier}的进度`,
    toNextPoints: (needed, tier) => `再获得 ${needed} 积分升级为${tier}`,
    toNextSpend: (needed, tier) => `再消费 ${needed} 升级为${tier}`,
    topTier: '已是最高等级',
    expiring: (points, date) => `${points} 积分即将过期(最早 ${date})`,
    noneExpiring: '未来 90 天内没有积分过期',
    noMembership: '尚未加入会员计划。',
  },
  value: {
    segment: 'RFM 分群',
    segments: {
      champions: '重要价值客户',
      loyal: '忠诚客户',
      potential: '潜力客户',
      'at-risk': '流失风险客户',
      hibernating: '沉睡客户',
      lost: '已流失客户',
    },
    rfm: 'RFM 评分',
    rfmScores: (r, f, m) => `R${r} F${f} M${m}`,
    recency: (days) => (days === 0 ? '今天有消费' : `最近一次消费在 ${days} 天前`),
    valueGrade: '价值等级',
    noModel: '完成客户价值分析后显示分群与价值等级。',
    noOrders: '暂无已付款订单。',
    health: '健康度',
    healthScore: (score) => `${score} / 100`,
    healthStatus: { healthy: '健康', watch: '需关注', 'at-risk': '有风险' },
    components: { activity: '跟进', tasks: '待办', orders: '订单', deals: '商机' },
    fact: (fact, money) => {
      switch (fact.kind) {
        case 'no-activity':
          return '尚无已完成的跟进';
        case 'last-activity':
          return fact.days === 0 ? '今天有跟进' : `最近一次跟进在 ${fact.days} 天前`;
        case 'overdue':
          return fact.count === 0 ? '没有逾期待办' : `${fact.count} 项待办已逾期`;
        case 'no-orders':
          return `近 ${fact.days} 天没有已付款订单`;
        case 'revenue': {
          const trend = {
            new: '新增收入',
            growing: '增长',
            stable: '持平',
            declining: '下降',
            falling: '大幅下降',
          }[fact.trend];
          return `${trend}：近 ${fact.days} 天 ${money(fact.current, fact.currency)}，之前 ${fact.days} 天 ${money(fact.previous, fact.currency)}`;
        }
        case 'open-deals':
          return fact.count === 0 ? '没有进行中的商机' : `${fact.count} 个进行中的商机`;
      }
    },
  },
  deals: {
    none: '暂无进行中的商机。',
    weightedTotal: '加权商机总额',
    stage: '阶段',
    amount: '金额',
    probability: (percent) => `${percent}%`,
    weighted: (amount) => `加权 ${amount}`,
    closes: (date) => `预计 ${date} 成交`,
    unknownStage: '未知阶段',
  },
  activities: {
    noneRecent: '暂无已完成的活动。',
    noneUpcoming: '暂无待办活动。',
    types: { visit: '拜访', call: '电话', email: '邮件', meeting: '会议', task: '任务', note: '备注' },
    overdue: '已逾期',
    due: (date) => `截止 ${date}`,
    done: (date) => `完成于 ${date}`,
    noDate: '无截止日期',
  },
  orders: {
    none: '暂无订单。',
    count: '已付款订单',
    totals: '付款总额',
    first: '首次下单',
    last: '最近下单',
    recent: '最近订单',
    status: { paid: '已付款', refunded: '已退款', cancelled: '已取消' },
  },
  contacts: { none: '暂无联系人。', phone: '电话', email: '邮箱' },
  figures: {
    valueGrade: '价值等级',
    health: '健康度',
    loyalty: '会员',
    pipeline: '加权商机',
    nextActivity: '下一项活动',
    none: '—',
  },
  actions: {
    label: '操作',
    logActivity: '记录活动',
    newDeal: '新建商机',
    cancel: '取消',
    saving: '保存中…',
    activityTitle: '记录一项活动',
    type: '类型',
    subject: '主题',
    done: '已完成',
    dueAt: '截止时间',
    notes: '备注',
    saveActivity: '保存活动',
    dealTitle: '新建商机',
    title: '名称',
    amount: '金额',
    currency: '币种',
    stage: '阶段',
    contact: '联系人',
    noContact: '不指定联系人',
    loadingStages: '正在加载阶段…',
    expectedCloseDate: '预计成交日期',
    saveDeal: '创建商机',
    activityLogged: (subject) => `已保存活动「${subject}」`,
    dealCreated: (title) => `已创建商机「${title}」`,
    vetoed: '未保存:应用已取消此操作。',
    noOpenStage: '新商机所在的销售流程没有进行中的阶段。',
  },
  fieldErrors: { required: '必填', tooLong: '内容过长', invalid: '格式不正确' },
};

export const cardMessages = { 'zh-CN': zhCN, en } satisfies Record<Locale, CardMessages>;
