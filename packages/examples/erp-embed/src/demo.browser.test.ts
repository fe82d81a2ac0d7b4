/// <reference types="mocha" />
// The demo page's data path in Chromium: generated data → memory store → per-stage figures.
import { startDemo } from './demo.ts';

describe('demo page', () => {
  it('shows deals per stage computed by core from generated data', async () => {
    const root = document.createElement('main');
    document.body.append(root);
    const { rows, deals } = await startDemo(root, { deals: 300 });
    const bodyRows = root.querySelectorAll('tbody tr');
    if (bodyRows.length !== 7) throw new Error(`expected 7 stage rows, got ${bodyRows.length}`);
    const counted = rows.reduce((sum, row) => sum + row.count, 0);
    if (counted !== deals) throw new Error(`per-stage counts add up to ${counted}, not ${deals}`);
    const proposal = root.querySelector('tr[data-stage="proposal"]');
    if (!proposal?.textContent?.includes('方案报价')) throw new Error('proposal row missing its name');
    root.remove();
  });
});
