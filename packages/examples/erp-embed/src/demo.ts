/**
 * The demo until the ERP page lands: bilingual sample data generated in the browser on first
 * start and kept in IndexedDB (the Dexie adapter) across reloads, the deals per stage that core
 * computes from it, and the pipeline board on the same store.
 */
import { createDexieStore } from '@kehu/adapter-dexie';
import '@kehu/components/define';
import { createCrm, type Deal, KEY_ACCOUNT_PIPELINE_ID, type Store } from '@kehu/core';
import { generateSampleData, seedStore } from '@kehu/sample-data';

export interface StageRow {
  stageId: string;
  name: string;
  count: number;
  /** Sum per currency, in minor units. */
  totals: Record<string, number>;
}

/** Count and per-currency totals of the deals in each stage of a pipeline, via indexed queries. */
export async function dealsPerStage(store: Store, pipelineId: string): Promise<StageRow[]> {
  const pipeline = await store.get('pipelines', pipelineId);
  if (!pipeline) throw new Error(`No pipeline ${pipelineId}`);
  return Promise.all(
    pipeline.stages.map(async (stage) => {
      const { items } = await store.query('deals', { where: { pipelineId, stageId: stage.id } });
      const totals: Record<string, number> = {};
      for (const deal of items as Deal[]) {
        totals[deal.amount.currency] = (totals[deal.amount.currency] ?? 0) + deal.amount.amount;
      }
      return {
        stageId: stage.id,
        name: `${stage.name['zh-CN']} ${stage.name.en}`,
        count: items.length,
        totals,
      };
    }),
  );
}

function formatTotals(totals: Record<string, number>): string {
  const parts = Object.entries(totals).map(([currency, minor]) =>
    new Intl.NumberFormat('zh-CN', { style: 'currency', currency }).format(minor / 100),
  );
  return parts.join(' + ') || '—';
}

/** Renders the table with DOM APIs (textContent), so generated names can never inject markup. */
export function renderTable(root: HTMLElement, rows: StageRow[]): HTMLTableElement {
  const table = document.createElement('table');
  const caption = table.createCaption();
  caption.textContent = '各阶段商机 Deals per stage';
  const head = table.createTHead().insertRow();
  for (const [label, numeric] of [
    ['阶段 Stage', false],
    ['数量 Count', true],
    ['金额 Amount', true],
  ] as const) {
    const th = document.createElement('th');
    th.textContent = label;
    if (numeric) th.className = 'num';
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.stage = row.stageId;
    const cells = [row.name, String(row.count), formatTotals(row.totals)];
    cells.forEach((text, index) => {
      const td = tr.insertCell();
      td.textContent = text;
      if (index > 0) td.className = 'num';
    });
  }
  root.append(table);
  return table;
}

export interface DemoOptions {
  deals: number;
  seed?: number;
  /** IndexedDB database name. */
  database?: string;
  /** The day the generated history leads up to; default now, so ages and rotting look real. */
  now?: string;
}

/** Opens (or creates and seeds) the demo database, renders the table and the board. */
export async function startDemo(root: HTMLElement, options: DemoOptions) {
  const store = createDexieStore({ name: options.database ?? 'kehu-demo' });
  let seeded = false;
  if ((await store.count('deals')) === 0) {
    const now = options.now ?? new Date().toISOString();
    await seedStore(store, generateSampleData({ deals: options.deals, seed: options.seed ?? 1, now }));
    seeded = true;
  }
  const crm = createCrm({ store });
  const rows = await dealsPerStage(store, KEY_ACCOUNT_PIPELINE_ID);
  root.replaceChildren();
  renderTable(root, rows);
  const board = document.createElement('kehu-pipeline-board');
  board.crm = crm;
  board.pipelineId = KEY_ACCOUNT_PIPELINE_ID;
  root.append(board);
  return {
    store,
    crm,
    rows,
    seeded,
    deals: await store.count('deals'),
    accounts: await store.count('accounts'),
    /** Deletes the database; the next start generates fresh data. */
    reset: () => store.destroy(),
  };
}
