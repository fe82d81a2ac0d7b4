import type { Crm } from '@kehu/core';
import { html, nothing, type TemplateResult } from 'lit';
import '../define.ts';
import { customerCrm, failingCrm, pendingCrm, STORY_CUSTOMER_ID } from '../stories/story-crm.ts';

interface Args {
  customerId: string;
  variant: 'full' | 'compact';
  locale: 'zh-CN' | 'en';
  theme: 'light' | 'dark';
}

interface Context {
  args: Args;
  loaded: { crm: Crm; slotted?: boolean };
}

const frame = (args: Args, card: TemplateResult) =>
  html`<div
    style=${args.theme === 'dark' ? 'background:#0d1117;padding:12px;max-width:960px' : 'padding:12px;max-width:960px'}
  >
    ${card}
  </div>`;

/** An ERP's own section and header button, as a host would slot them in. */
const hostSections = html`
  <button slot="header-actions" type="button">在 ERP 中打开</button>
  <section slot="after-sections" aria-label="信用额度" style="padding:8px 12px;border:1px dashed #8c959f;border-radius:6px">
    <strong>信用额度</strong>: ¥500,000 · 已用 ¥182,400 · 账期 60 天
  </section>
`;

const meta = {
  title: 'Widgets/Customer card',
  component: 'kehu-customer-card',
  args: { customerId: STORY_CUSTOMER_ID, variant: 'full', locale: 'zh-CN', theme: 'light' } satisfies Args,
  argTypes: {
    variant: { control: 'inline-radio', options: ['full', 'compact'] },
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
  loaders: [async () => ({ crm: await customerCrm() })],
  render: (args: Args, { loaded }: Context) =>
    frame(
      args,
      html`<kehu-customer-card
        .crm=${loaded.crm}
        customer-id=${args.customerId}
        variant=${args.variant}
        locale=${args.locale}
        theme=${args.theme}
      >
        ${loaded.slotted ? hostSections : nothing}
      </kehu-customer-card>`,
    ),
};
export default meta;

export const Full = {};

export const Compact = { args: { variant: 'compact' } };

export const Dark = { args: { theme: 'dark' } };

export const English = { args: { locale: 'en' } };

export const WithHostSections = { loaders: [async () => ({ crm: await customerCrm(), slotted: true })] };

export const Loading = { loaders: [async () => ({ crm: pendingCrm() })] };

export const NoCustomer = { args: { customerId: '' } };

export const NotFound = { args: { customerId: 'acc-missing' } };

export const LoadError = { args: { locale: 'en' }, loaders: [async () => ({ crm: failingCrm() })] };
