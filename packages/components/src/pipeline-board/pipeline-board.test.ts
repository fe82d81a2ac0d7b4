/// <reference types="mocha" />
import {
  type Crm,
  createCrm,
  createManualClock,
  createSequentialIds,
  type Deal,
  funnelReport,
  KEY_ACCOUNT_PIPELINE_ID,
  KehuError,
  keyAccountPipeline,
} from '@kehu/core';
import { createMemoryDatabase, createMemoryStore, type MemoryStore } from '@kehu/core/memory';
import { expect, fixture, html, waitUntil as waitUntilDefault } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.ts';
import type { KehuPipelineBoardElement } from './pipeline-board.ts';

const NOW = '2026-11-01T09:00:00.000Z';

/** `waitUntil` with room for a busy CI machine; no assertion here is about speed. */
const waitUntil = (predicate: () => unknown, message?: string) =>
  waitUntilDefault(predicate, message, { timeout: 5_000 });

interface Setup {
  crm: Crm;
  store: MemoryStore;
  deals: Deal[];
}

async function setup(
  options: { store?: MemoryStore; titles?: string[][]; seed?: boolean } = {},
): Promise<Setup> {
  const store = options.store ?? createMemoryStore();
  const crm = createCrm({
    store,
    clock: createManualClock(NOW),
    ids: createSequentialIds('t'),
    actor: () => 'u1',
  });
  if (!options.store || options.seed) {
    await crm.pipelines.create({ ...keyAccountPipeline, id: KEY_ACCOUNT_PIPELINE_ID });
    await crm.users.create({ id: 'u1', name: '李伟' });
    await crm.accounts.create({ id: 'a1', name: '华星科技有限公司', kind: 'company', grade: 'A' });
    await crm.contacts.create({ id: 'c1', accountId: 'a1', name: '王芳' });
    const titles = options.titles ?? [['甲', '乙', '丙'], ['丁'], []];
    const stages = ['qualify', 'needs', 'proposal'];
    for (const [column, list] of titles.entries()) {
      for (const [i, title] of list.entries()) {
        await crm.deals.create({
          title,
          accountId: 'a1',
          pipelineId: KEY_ACCOUNT_PIPELINE_ID,
          stageId: stages[column]!,
          ownerId: 'u1',
          amount: { amount: (i + 1) * 100_000, currency: i === 2 ? 'USD' : 'CNY' },
          ...(column === 2 ? { expectedCloseDate: '2026-12-31' } : {}),
        });
      }
    }
  }
  const deals = (await store.query('deals', { orderBy: 'position' })).items;
  return { crm, store, deals };
}

async function mount(crm: Crm, locale: 'zh-CN' | 'en' = 'en'): Promise<KehuPipelineBoardElement> {
  const board = await fixture<KehuPipelineBoardElement>(
    html`<kehu-pipeline-board .crm=${crm} locale=${locale} pipeline-id="key-account"></kehu-pipeline-board>`,
  );
  await waitUntil(() => board.shadowRoot!.querySelectorAll('[data-deal-id]').length > 0, 'cards render');
  await waitUntil(() => !board.shadowRoot!.textContent!.includes('…'), 'figures computed');
  return board;
}

const titles = (board: KehuPipelineBoardElement, stageId: string) =>
  [...board.shadowRoot!.querySelectorAll(`[data-drop-stage="${stageId}"] .card .title`)].map(
    (el) => el.textContent,
  );

function card(board: KehuPipelineBoardElement, title: string): HTMLElement {
  const found = [...board.shadowRoot!.querySelectorAll<HTMLElement>('.card')].find(
    (el) => el.querySelector('.title')?.textContent === title,
  );
  if (!found) throw new Error(`no card ${title}`);
  return found;
}

describe('<kehu-pipeline-board>', () => {
  it('renders a column per open stage with counts and totals matching core analytics', async () => {
    const { crm, deals } = await setup();
    const board = await mount(crm);
    const pipeline = (await crm.store.get('pipelines', KEY_ACCOUNT_PIPELINE_ID))!;
    const report = funnelReport(deals, { pipeline, now: Date.parse(NOW) });
    const columns = board.shadowRoot!.querySelectorAll('.column');
    expect(columns.length).to.equal(5);
    for (const stage of report.stages.filter((s) => s.outcome === 'open')) {
      const column = board.shadowRoot!.querySelector(`[data-drop-stage="${stage.stageId}"]`)!;
      expect(column.querySelector('[data-figure="count"]')!.textContent).to.equal(String(stage.count));
      const expected = Object.entries(stage.amount).map(([currency, amount]) =>
        new Intl.NumberFormat('en', {
          style: 'currency',
          currency,
          notation: 'compact',
          maximumFractionDigits: 1,
        }).format(amount / 100),
      );
      const total = column.querySelector('[data-figure="total"]')!.textContent!;
      for (const text of expected) expect(total).to.contain(text);
    }
    expect(titles(board, 'qualify')).to.deep.equal(['甲', '乙', '丙']);
    expect(
      board.shadowRoot!.querySelector('[data-drop-stage="qualify"] [data-figure="total"]')!.textContent,
    ).to.contain('$');
  });

  it('moves a card with the keyboard, announcing each step, and saves it', async () => {
    const { crm } = await setup();
    const board = await mount(crm);
    const moved: string[] = [];
    board.addEventListener('kehu-deal-moved', (event) => moved.push(event.detail.deal.stageId));
    card(board, '甲').focus();
    await sendKeys({ press: 'Space' });
    await board.updateComplete;
    await sendKeys({ press: 'ArrowRight' });
    await board.updateComplete;
    await waitUntil(() =>
      board.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent!.includes('Needs'),
    );
    expect(board.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent).to.equal(
      'Moved to Needs analysis, position 1 of 2',
    );
    await sendKeys({ press: 'ArrowDown' });
    await board.updateComplete;
    expect(board.shadowRoot!.activeElement?.querySelector('.title')?.textContent).to.equal('甲');
    await sendKeys({ press: 'Space' });
    await waitUntil(() => moved.length === 1, 'saved');
    const stored = (await crm.store.query('deals', { where: { stageId: 'needs' }, orderBy: 'position' }))
      .items;
    expect(stored.map((deal) => deal.title)).to.deep.equal(['丁', '甲']);
    await waitUntil(() => titles(board, 'needs').join() === '丁,甲');
  });

  it('cancels a keyboard move with Escape', async () => {
    const { crm } = await setup();
    const board = await mount(crm);
    card(board, '乙').focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Escape' });
    await board.updateComplete;
    expect(titles(board, 'qualify')).to.deep.equal(['甲', '乙', '丙']);
    expect((await crm.store.query('deals', { where: { stageId: 'needs' } })).items.length).to.equal(1);
  });

  it('lets the host veto a move, and nothing is written', async () => {
    const { crm } = await setup();
    const board = await mount(crm);
    board.addEventListener('kehu-deal-move', (event) => event.preventDefault());
    card(board, '甲').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => card(board, '甲').textContent!.includes('cancelled by the application'));
    expect(titles(board, 'qualify')).to.deep.equal(['甲', '乙', '丙']);
    expect((await crm.store.query('deals', { where: { stageId: 'needs' } })).items.length).to.equal(1);
  });

  it('rolls back when a guard refuses, showing the missing fields next to the card', async () => {
    const { crm } = await setup({ titles: [['甲'], [], []] });
    const board = await mount(crm);
    const failures: string[] = [];
    board.addEventListener('kehu-deal-move-failed', (event) => failures.push(event.detail.toStageId));
    card(board, '甲').focus();
    await sendKeys({ press: 'Space' });
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => failures.length === 1, 'failure reported');
    await waitUntil(() => titles(board, 'qualify').join() === '甲', 'back in place');
    expect(card(board, '甲').querySelector('.card-error')!.textContent).to.contain(
      'Fill in first: expected close date, contact.',
    );
    expect(failures).to.deep.equal(['negotiation']);
  });

  it('follows changes written by another crm on another connection to the same database', async () => {
    const database = createMemoryDatabase();
    const seeded = await setup({ store: createMemoryStore({ database }), seed: true });
    const board = await mount(seeded.crm);
    const other = createCrm({ store: createMemoryStore({ database }), clock: createManualClock(NOW) });
    const deal = seeded.deals.find((d) => d.title === '丙')!;
    await other.deals.move(deal.id, 'needs', { expectedVersion: deal.version });
    await waitUntil(() => titles(board, 'needs').includes('丙'), 'live update');
    expect(titles(board, 'qualify')).to.deep.equal(['甲', '乙']);
    await waitUntil(
      () =>
        board.shadowRoot!.querySelector('[data-drop-stage="needs"] [data-figure="count"]')!.textContent ===
        '2',
    );
  });

  it('moves a card by pointer drag to the top of another column', async () => {
    const { crm } = await setup();
    const board = await mount(crm);
    const source = card(board, '乙');
    const from = source.getBoundingClientRect();
    const target = board
      .shadowRoot!.querySelector<HTMLElement>('[data-scroller="needs"]')!
      .getBoundingClientRect();
    const pointer = (type: string, x: number, y: number) =>
      new PointerEvent(type, {
        pointerId: 7,
        button: 0,
        clientX: x,
        clientY: y,
        bubbles: true,
        composed: true,
      });
    source.dispatchEvent(pointer('pointerdown', from.left + 10, from.top + 10));
    window.dispatchEvent(pointer('pointermove', from.left + 30, from.top + 30));
    window.dispatchEvent(pointer('pointermove', target.left + 40, target.top + 20));
    await board.updateComplete;
    expect(
      board.shadowRoot!.querySelector('[data-drop-stage="needs"]')!.hasAttribute('data-target'),
    ).to.equal(true);
    expect(board.shadowRoot!.querySelector('[part="drag-preview"]')).to.not.equal(null);
    window.dispatchEvent(pointer('pointerup', target.left + 40, target.top + 20));
    await waitUntil(() => titles(board, 'needs').join() === '乙,丁', 'dropped above the first card');
    const stored = await crm.store.query('deals', { where: { stageId: 'needs' }, orderBy: 'position' });
    expect(stored.items.map((d) => d.title)).to.deep.equal(['乙', '丁']);
    expect(board.shadowRoot!.querySelector('[part="drag-preview"]')).to.equal(null);
  });

  it('rolls back when the store fails, and when the version is stale', async () => {
    const { store } = await setup();
    const failing = createCrm({
      store: { ...store, transaction: async () => Promise.reject(new KehuError('STORAGE', 'disk full')) },
      clock: createManualClock(NOW),
    });
    const board = await mount(failing);
    card(board, '甲').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => card(board, '甲').textContent!.includes('could not be saved'), 'storage message');
    expect(titles(board, 'qualify')).to.deep.equal(['甲', '乙', '丙']);

    const fresh = await setup();
    const conflicted = await mount(fresh.crm);
    conflicted.addEventListener('kehu-deal-move', (event) => {
      // Another user saves the same deal first: the board's version is now stale.
      void fresh.crm.deals.update(
        event.detail.deal.id,
        { title: '甲 (edited)' },
        { expectedVersion: event.detail.deal.version },
      );
    });
    card(conflicted, '甲').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await waitUntil(
      () => card(conflicted, '甲 (edited)').textContent!.includes('Someone else changed'),
      'conflict',
    );
    expect(titles(conflicted, 'qualify')[0]).to.equal('甲 (edited)');
  });

  it('asks why when a deal is dropped on won, and records the reason', async () => {
    const { crm } = await setup();
    const board = await mount(crm);
    card(board, '甲').focus();
    await sendKeys({ press: 'Space' });
    for (let i = 0; i < 5; i++) await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => board.shadowRoot!.querySelector('dialog')?.open, 'dialog opens');
    await expect(board).to.be.accessible();
    await sendKeys({ type: '签约' });
    board.shadowRoot!.querySelector<HTMLButtonElement>('dialog button.primary')!.click();
    await waitUntil(
      async () => (await crm.store.query('deals', { where: { status: 'won' } })).items.length === 1,
    );
    const [won] = (await crm.store.query('deals', { where: { status: 'won' } })).items;
    expect(won).to.include({ title: '甲', wonReason: '签约' });
    expect(titles(board, 'qualify')).to.deep.equal(['乙', '丙']);
  });

  it('renders hostile titles as text', async () => {
    const { crm } = await setup({ titles: [['<img src=x onerror=alert(1)>'], [], []] });
    const board = await mount(crm);
    const title = board.shadowRoot!.querySelector('.card .title')!;
    expect(title.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(board.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('speaks Chinese', async () => {
    const { crm } = await setup();
    const board = await mount(crm, 'zh-CN');
    expect(board.shadowRoot!.querySelector('[data-drop-stage="proposal"] h3')!.textContent).to.contain(
      '方案报价',
    );
    card(board, '甲').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() =>
      board.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent!.includes('方案报价'),
    );
    expect(board.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent).to.equal(
      '移至 方案报价,第 1 / 1 位',
    );
    await sendKeys({ press: 'Escape' });
  });

  it('is accessible', async () => {
    const { crm } = await setup();
    const board = await mount(crm);
    await expect(board).to.be.accessible();
  });
});
