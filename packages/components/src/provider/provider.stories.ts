import type { Crm } from '@kehu/core';
import { html } from 'lit';
import '../define.ts';
import { sampleCrm } from '../stories/story-crm.ts';

interface Args {
  locale: 'zh-CN' | 'en';
  theme: 'light' | 'dark';
}

const meta = {
  title: 'Widgets/Provider',
  component: 'kehu-provider',
  args: { locale: 'zh-CN', theme: 'light' } satisfies Args,
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
  loaders: [async () => ({ crm: await sampleCrm(300) })],
  // The board inside takes its crm, language and theme from the provider alone.
  render: (args: Args, { loaded }: { args: Args; loaded: { crm: Crm } }) => html`
    <div style=${args.theme === 'dark' ? 'background:#0d1117;padding:8px' : 'padding:8px'}>
      <kehu-provider .crm=${loaded.crm} locale=${args.locale} theme=${args.theme}>
        <kehu-pipeline-board hide-filters></kehu-pipeline-board>
      </kehu-provider>
    </div>
  `,
};
export default meta;

export const SharesCrmAndLocale = {};

export const DarkEnglish = { args: { locale: 'en', theme: 'dark' } };
