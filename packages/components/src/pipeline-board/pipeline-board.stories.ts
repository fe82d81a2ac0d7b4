import type { Crm } from '@kehu/core';
import { html } from 'lit';
import '../define.ts';
import { emptyCrm, failingCrm, pendingCrm, sampleCrm } from '../stories/story-crm.ts';

interface Args {
  locale: 'zh-CN' | 'en';
  theme: 'light' | 'dark';
  ownerId: string;
  search: string;
  hideFilters: boolean;
}

interface Context {
  args: Args;
  loaded: { crm: Crm };
}

const meta = {
  title: 'Widgets/Pipeline board',
  component: 'kehu-pipeline-board',
  args: { locale: 'zh-CN', theme: 'light', ownerId: '', search: '', hideFilters: false } satisfies Args,
  argTypes: {
    locale: { control: 'inline-radio', options: ['zh-CN', 'en'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
  loaders: [async () => ({ crm: await sampleCrm(300) })],
  render: (args: Args, { loaded }: Context) => html`
    <div style=${args.theme === 'dark' ? 'background:#0d1117;padding:8px' : 'padding:8px'}>
      <kehu-pipeline-board
        .crm=${loaded.crm}
        pipeline-id="key-account"
        locale=${args.locale}
        theme=${args.theme}
        owner-id=${args.ownerId || ''}
        .search=${args.search}
        ?hide-filters=${args.hideFilters}
      ></kehu-pipeline-board>
    </div>
  `,
};
export default meta;

export const Default = {};

export const English = { args: { locale: 'en' } };

export const Dark = { args: { theme: 'dark' } };

export const Filtered = { args: { search: '净水', locale: 'zh-CN' } };

export const Empty = { loaders: [async () => ({ crm: await emptyCrm() })] };

export const Loading = { loaders: [async () => ({ crm: pendingCrm() })] };

export const LoadError = { args: { locale: 'en' }, loaders: [async () => ({ crm: failingCrm() })] };

export const TenThousandDeals = { loaders: [async () => ({ crm: await sampleCrm(10_000) })] };
