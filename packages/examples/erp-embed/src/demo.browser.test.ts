/// <reference types="mocha" />
// The demo page's data path in Chromium: generated data → IndexedDB (Dexie) → per-stage figures
// and the board; a second start (a reload) finds the same data instead of generating it again.
import type { KehuPipelineBoardElement } from '@kehu/components';
import { startDemo } from './demo.ts';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

describe('demo page', () => {
  it('shows deals per stage from IndexedDB and keeps them across a reload', async () => {
    const database = `kehu-demo-test-${Date.now()}`;
    const root = document.createElement('main');
    document.body.append(root);
    const first = await startDemo(root, { deals: 300, database });
    check(first.seeded, 'the first start generates data');
    check(root.querySelectorAll('tbody tr').length === 7, 'a row per stage');
    const counted = first.rows.reduce((sum, row) => sum + row.count, 0);
    check(counted === first.deals, `per-stage counts add up to ${counted}, not ${first.deals}`);
    check(root.querySelector('tr[data-stage="proposal"]')?.textContent?.includes('方案报价'), 'stage names');
    const board = root.querySelector<KehuPipelineBoardElement>('kehu-pipeline-board')!;
    for (let i = 0; i < 100 && !board.shadowRoot?.querySelector('[data-deal-id]'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    check(board.shadowRoot?.querySelector('[data-deal-id]'), 'the board shows cards');
    await first.store.close();

    const second = await startDemo(root, { deals: 300, database });
    check(!second.seeded, 'a reload reuses the stored data');
    check(second.deals === first.deals, 'same deals after the reload');
    await second.reset();
    root.remove();
  });
});
