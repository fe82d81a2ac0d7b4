/**
 * The default key-account (大客户) pipeline: the five-stage funnel of the source documents, each
 * stage with its key actions, plus won and lost.
 */
import type { z } from 'zod';
import type { PipelineSchema } from '../model/pipeline.ts';

export type PipelineDefinition = Omit<
  z.input<typeof PipelineSchema>,
  'id' | 'version' | 'createdAt' | 'updatedAt'
>;

export const KEY_ACCOUNT_PIPELINE_ID = 'key-account';

export const keyAccountPipeline: PipelineDefinition = {
  name: { 'zh-CN': '大客户销售', en: 'Key-account sales' },
  defaultCurrency: 'CNY',
  stages: [
    {
      id: 'qualify',
      name: { 'zh-CN': '初步接洽', en: 'Qualification' },
      probability: 10,
      forecastCategory: 'pipeline',
      rotAfterDays: 14,
      guidance: [
        {
          'zh-CN': '确认预算、决策人、需求和时间(BANT)',
          en: 'Confirm budget, authority, need and timing (BANT)',
        },
        { 'zh-CN': '记录首次拜访或电话', en: 'Log the first visit or call' },
      ],
    },
    {
      id: 'needs',
      name: { 'zh-CN': '需求分析', en: 'Needs analysis' },
      probability: 25,
      forecastCategory: 'pipeline',
      rotAfterDays: 21,
      guidance: [
        { 'zh-CN': '调研客户业务流程与痛点', en: "Map the customer's process and pain points" },
        { 'zh-CN': '识别关键决策链', en: 'Identify the decision chain' },
      ],
    },
    {
      id: 'proposal',
      name: { 'zh-CN': '方案报价', en: 'Proposal' },
      probability: 50,
      forecastCategory: 'best_case',
      requiredFields: ['expectedCloseDate'],
      rotAfterDays: 14,
      guidance: [
        { 'zh-CN': '提交解决方案与报价', en: 'Send the solution and quotation' },
        { 'zh-CN': '安排方案演示', en: 'Hold a solution demo' },
      ],
    },
    {
      id: 'negotiation',
      name: { 'zh-CN': '商务谈判', en: 'Negotiation' },
      probability: 75,
      forecastCategory: 'commit',
      requiredFields: ['expectedCloseDate', 'contactId'],
      rotAfterDays: 14,
      guidance: [
        { 'zh-CN': '确认价格、付款与交付条款', en: 'Agree price, payment and delivery terms' },
        { 'zh-CN': '获得决策人口头承诺', en: 'Get a verbal commitment from the decision maker' },
      ],
    },
    {
      id: 'contract',
      name: { 'zh-CN': '合同签订', en: 'Contract' },
      probability: 90,
      forecastCategory: 'commit',
      requiredFields: ['expectedCloseDate', 'contactId'],
      rotAfterDays: 7,
      guidance: [
        { 'zh-CN': '合同审批与盖章', en: 'Contract review and signature' },
        { 'zh-CN': '安排交付启动会', en: 'Schedule the delivery kick-off' },
      ],
    },
    {
      id: 'won',
      name: { 'zh-CN': '赢单', en: 'Won' },
      probability: 100,
      forecastCategory: 'closed',
      outcome: 'won',
      guidance: [{ 'zh-CN': '录入订单并移交服务团队', en: 'Record the order and hand over to service' }],
    },
    {
      id: 'lost',
      name: { 'zh-CN': '输单', en: 'Lost' },
      probability: 0,
      forecastCategory: 'omitted',
      outcome: 'lost',
      guidance: [{ 'zh-CN': '记录输单原因,安排再培育', en: 'Record why, plan re-nurturing' }],
    },
  ],
};
