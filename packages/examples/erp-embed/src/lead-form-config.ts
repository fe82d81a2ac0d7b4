/**
 * The ERP's "new enquiry" form for `<kehu-lead-form>`: what a sales assistant types in when a
 * customer calls or writes. Industry and region are selects whose values are the codes the
 * scoring and routing rules read (`manufacturing`, `江苏省`).
 */
import type { FormConfigInput } from '@kehu/core/forms';

const INDUSTRIES: readonly [string, string, string][] = [
  ['manufacturing', '制造业', 'Manufacturing'],
  ['hospitality', '酒店', 'Hotels'],
  ['healthcare', '医疗', 'Healthcare'],
  ['food', '餐饮食品', 'Food & beverage'],
  ['education', '教育', 'Education'],
  ['retail', '零售', 'Retail'],
  ['finance', '金融', 'Finance'],
  ['logistics', '物流', 'Logistics'],
  ['it', '信息技术', 'IT'],
  ['real_estate', '房地产', 'Real estate'],
];

const REGIONS: readonly [string, string][] = [
  ['上海市', 'Shanghai'],
  ['江苏省', 'Jiangsu'],
  ['浙江省', 'Zhejiang'],
  ['山东省', 'Shandong'],
  ['北京市', 'Beijing'],
  ['天津市', 'Tianjin'],
  ['广东省', 'Guangdong'],
  ['四川省', 'Sichuan'],
  ['重庆市', 'Chongqing'],
  ['新加坡', 'Singapore'],
];

/** `minFillMs`: the bot guard's minimum time between showing the form and sending it. */
export function enquiryForm(options: { minFillMs?: number } = {}): FormConfigInput {
  return {
    id: 'erp-enquiry',
    title: { 'zh-CN': '登记新线索', en: 'Register an enquiry' },
    submitLabel: { 'zh-CN': '保存线索', en: 'Save lead' },
    successMessage: { 'zh-CN': '线索已保存并完成评分与分配。', en: 'Lead saved, scored and assigned.' },
    source: 'phone',
    fields: [
      { type: 'name', name: 'name', required: true },
      { type: 'company', name: 'company' },
      { type: 'email', name: 'email' },
      { type: 'phone', name: 'phone', countries: ['CN', 'HK', 'US'] },
      {
        type: 'select',
        name: 'industry',
        maps: 'industry',
        label: { 'zh-CN': '行业', en: 'Industry' },
        options: INDUSTRIES.map(([value, zh, en]) => ({ value, label: { 'zh-CN': zh, en } })),
      },
      {
        type: 'select',
        name: 'region',
        maps: 'region',
        label: { 'zh-CN': '地区', en: 'Region' },
        options: REGIONS.map(([value, en]) => ({ value, label: { 'zh-CN': value, en } })),
      },
      { type: 'textarea', name: 'message', maps: 'message', label: { 'zh-CN': '需求', en: 'Request' } },
      {
        type: 'consent',
        name: 'consent',
        text: {
          'zh-CN': '客户同意接收产品资讯与活动通知。',
          en: 'The customer agrees to receive product news and event invitations.',
        },
      },
    ],
    spam: { honeypot: true, minFillMs: options.minFillMs ?? 1_500 },
  };
}
