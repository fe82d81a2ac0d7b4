import type { Crm } from '@kehu/core';
import type { FormConfigInput } from '@kehu/core/forms';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../define.ts';
import { sampleCrm } from '../stories/story-crm.ts';
import type { KehuLeadFormElement } from './lead-form.ts';

interface Args {
  locale: 'zh-CN' | 'en';
  theme: 'light' | 'dark';
  duplicateHint: boolean;
  endpoint: string;
  config: FormConfigInput | string;
}

interface Context {
  args: Args;
  loaded: { crm?: Crm };
}

/** A trade-show enquiry form with one field of every type. */
const enquiry: FormConfigInput = {
  id: 'expo-enquiry',
  title: { 'zh-CN': '预约产品演示', en: 'Book a product demo' },
  description: {
    'zh-CN': '留下联系方式,销售顾问会在一个工作日内联系您。',
    en: 'Leave your details and a sales adviser will call you within one working day.',
  },
  submitLabel: { 'zh-CN': '提交预约', en: 'Book the demo' },
  fields: [
    { type: 'name', name: 'name', placeholder: { 'zh-CN': '王芳', en: 'Wang Fang' } },
    { type: 'company', name: 'company' },
    {
      type: 'email',
      name: 'email',
      required: true,
      help: { 'zh-CN': '仅用于发送演示邀请。', en: 'Only used to send the invitation.' },
    },
    { type: 'phone', name: 'phone', countries: ['CN', 'HK', 'SG', 'US'] },
    {
      type: 'select',
      name: 'industry',
      maps: 'industry',
      label: { 'zh-CN': '所属行业', en: 'Industry' },
      options: [
        { value: 'retail', label: { 'zh-CN': '零售', en: 'Retail' } },
        { value: 'manufacturing', label: { 'zh-CN': '制造', en: 'Manufacturing' } },
        { value: 'food', label: { 'zh-CN': '食品饮料', en: 'Food and drink' } },
      ],
    },
    { type: 'textarea', name: 'message', maps: 'message', maxLength: 500 },
    {
      type: 'consent',
      name: 'consent',
      text: {
        'zh-CN': '我同意接收产品资讯,可随时退订。',
        en: 'I agree to receive product news and can unsubscribe at any time.',
      },
    },
  ],
  spam: { honeypot: true, minFillMs: 3000 },
};

/** Shows every problem at once, as after a submit with nothing filled in. */
const showErrors = ref((element) => {
  const form = element as KehuLeadFormElement | undefined;
  if (form) void form.updateComplete.then(() => form.reportValidity());
});

const meta = {
  title: 'Widgets/Lead form',
  component: 'kehu-lead-form',
  args: {
    locale: 'zh-CN',
    theme: 'light',
    duplicateHint: false,
    endpoint: '',
    config: enquiry,
  } satisfies Args,
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
  loaders: [async () => ({ crm: await sampleCrm(20) })],
  render: (args: Args, { loaded }: Context) => html`
    <div style=${args.theme === 'dark' ? 'background:#0d1117;padding:8px' : 'padding:8px'}>
      <kehu-lead-form
        .crm=${args.endpoint ? undefined : loaded.crm}
        .config=${args.config}
        endpoint=${args.endpoint || nothing}
        locale=${args.locale}
        theme=${args.theme}
        ?duplicate-hint=${args.duplicateHint}
      ></kehu-lead-form>
    </div>
  `,
};
export default meta;

/** In the app: submissions go through `crm.forms.receive`. */
export const InApp = {};

export const English = { args: { locale: 'en' } };

export const Dark = { args: { theme: 'dark' } };

/** Blur the e-mail field with an address of a sample contact to see who it belongs to. */
export const DuplicateHint = { args: { duplicateHint: true } };

export const ValidationErrors = {
  args: { locale: 'en' },
  render: (args: Args, { loaded }: Context) => html`
    <kehu-lead-form
      .crm=${loaded.crm}
      .config=${args.config}
      locale=${args.locale}
      theme=${args.theme}
      ${showErrors}
    ></kehu-lead-form>
  `,
};

/** A form control in the host's own `<form>`: its values travel in the host's FormData. */
export const InsideHostForm = {
  render: (args: Args, { loaded }: Context) => html`
    <form
      style="display:grid;gap:8px;max-width:36rem"
      @submit=${(event: SubmitEvent) => event.preventDefault()}
    >
      <kehu-lead-form .crm=${loaded.crm} .config=${args.config} locale=${args.locale}></kehu-lead-form>
      <button>${args.locale === 'en' ? 'Save the enquiry' : '保存询盘'}</button>
    </form>
  `,
};

/** A public page: posted as JSON to an endpoint, no CRM on the page. */
export const PublicPage = { args: { endpoint: '/api/leads' } };

export const ConfigError = {
  args: {
    locale: 'en',
    config: JSON.stringify({ id: 'broken', fields: [{ type: 'select', name: 'plan', options: [] }] }),
  },
};
