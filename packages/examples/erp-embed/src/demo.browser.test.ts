/// <reference types="mocha" />
// The demo page's data path in Chromium: generated data → IndexedDB (Dexie) → the dashboard's
// per-stage figures and the board; a second start (a reload) finds the same data instead of
// generating it again, and keeps the screen from the address.
import { check, mount, screen, waitFor } from './test-helpers.ts';

describe('demo page data', () => {
  it('seeds IndexedDB on first start with visible progress and keeps the data across a reload', async () => {
    const first = mount({ deals: 120 }, 'dashboard');
    const status = first.root.querySelector('[role="status"]')!;
    check(status, 'a status line');
    // The shell is there before the data: the page shows at once.
    check(first.root.querySelector('nav a[data-route="pipeline"]'), 'the sidebar renders immediately');
    const seen = new Set<string>();
    const watcher = new MutationObserver(() => seen.add(status.textContent ?? ''));
    watcher.observe(status, { childList: true, characterData: true, subtree: true });
    const session = await first.app.ready;
    watcher.disconnect();
    check(session.seeded, 'the first start generates data');
    check(
      [...seen].some((text) => text.includes('正在写入示例数据')),
      `seeding progress was shown: ${[...seen].join(' | ')}`,
    );
    check(status.textContent?.includes('已生成'), 'the status says the data was generated');

    const dashboard = await screen(first.root, 'dashboard');
    const rows = await waitFor(() => {
      const found = dashboard.querySelectorAll('tr[data-stage]');
      return found.length === 7 && found;
    }, 'a row per stage');
    const counted = [...rows].reduce((sum, row) => sum + Number(row.children[1]?.textContent), 0);
    check(counted === session.deals, `per-stage counts add up to ${counted}, not ${session.deals}`);
    check(
      dashboard.querySelector('tr[data-stage="proposal"]')?.textContent?.includes('方案报价'),
      'stage names',
    );

    // A reload: the page goes away and starts again on the same database, on the pipeline screen.
    await first.app.stop();
    first.root.remove();
    const second = mount({ deals: 120, database: first.database }, 'pipeline');
    const again = await second.app.ready;
    check(!again.seeded, 'a reload reuses the stored data');
    check(again.deals === session.deals, 'same deals after the reload');
    check(
      second.root.querySelector('[role="status"]')?.textContent?.includes('已从本机数据库载入'),
      'says loaded',
    );
    await screen(second.root, 'pipeline');
    const board = second.root.querySelector('kehu-pipeline-board')!;
    await waitFor(() => board.shadowRoot?.querySelector('[data-deal-id]'), 'the board shows cards');
    await second.unmount();
  });
});
