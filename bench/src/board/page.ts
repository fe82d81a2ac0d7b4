/**
 * The board benchmark, run inside Chromium. First render of `<kehu-pipeline-board>` over N deals
 * (five open stages) against two peers given the same deals already grouped in memory: a plain
 * Lit board that renders every card with `repeat`, and a vanilla-DOM board building every card.
 * Then the time for one keyboard move to show in the DOM, against the 16.7 ms frame budget.
 */
import { type Crm, createCrm, createManualClock, type Deal } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import '@kehu/components/define';
import type { KehuPipelineBoardElement } from '@kehu/components';
import { generateSampleData, seedStore } from '@kehu/sample-data';
import { css, html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { compare, type Measurement } from '../harness.ts';

const NOW = '2026-11-01T09:00:00.000Z';
const OPEN = ['qualify', 'needs', 'proposal', 'negotiation', 'contract'];

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves once the browser has laid out and painted what is in the DOM now. */
async function painted(root: HTMLElement): Promise<void> {
  void root.offsetHeight;
  await frame();
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const money = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

/** The peer: the board most Lit code would write first — every card, in `repeat`. */
class PlainLitBoard extends LitElement {
  static override properties = { columns: { attribute: false } };
  static override styles = css`
    :host { display: flex; gap: 8px; }
    section { width: 272px; height: 640px; overflow: auto; }
    .card { height: 96px; margin-bottom: 8px; border: 1px solid #ccc; }
  `;
  declare columns: Deal[][];
  protected override render() {
    return html`${this.columns.map(
      (deals) => html`<section>
        <ul>
          ${repeat(
            deals,
            (deal) => deal.id,
            (deal) => html`<li class="card">
              <span>${deal.title}</span><span>${money.format(deal.amount.amount / 100)}</span>
            </li>`,
          )}
        </ul>
      </section>`,
    )}`;
  }
}
customElements.define('plain-lit-board', PlainLitBoard);

function vanillaBoard(host: HTMLElement, columns: Deal[][]): void {
  const root = document.createElement('div');
  root.style.display = 'flex';
  for (const deals of columns) {
    const section = document.createElement('section');
    section.style.cssText = 'width:272px;height:640px;overflow:auto';
    const list = document.createElement('ul');
    for (const deal of deals) {
      const item = document.createElement('li');
      item.style.height = '96px';
      const title = document.createElement('span');
      title.textContent = deal.title;
      const amount = document.createElement('span');
      amount.textContent = money.format(deal.amount.amount / 100);
      item.append(title, amount);
      list.append(item);
    }
    section.append(list);
    root.append(section);
  }
  host.append(root);
}

async function dataset(size: number): Promise<{ crm: Crm; columns: Deal[][] }> {
  const data = generateSampleData({ deals: size, seed: 5, now: NOW });
  // Every deal open, spread over the five open stages, as on a busy board.
  data.deals = data.deals.map((deal, i) => ({
    ...deal,
    stageId: OPEN[i % OPEN.length]!,
    status: 'open' as const,
    closedAt: undefined,
    history: [{ from: null, to: OPEN[i % OPEN.length]!, at: deal.stageEnteredAt }],
    expectedCloseDate: '2026-12-31',
  }));
  const store = createMemoryStore({ name: `board-${size}` });
  await seedStore(store, data);
  const crm = createCrm({ store, clock: createManualClock(NOW) });
  const columns = await Promise.all(
    OPEN.map(
      async (stageId) => (await store.query('deals', { where: { stageId }, orderBy: 'position' })).items,
    ),
  );
  return { crm, columns };
}

export interface BoardPageOptions {
  sizes: number[];
  time?: number;
  iterations?: number;
  log?: (line: string) => void;
}

export async function run(options: BoardPageOptions): Promise<Measurement[]> {
  const host = document.createElement('div');
  document.body.append(host);
  const measurements: Measurement[] = [];
  for (const size of options.sizes) {
    options.log?.(`board: preparing ${size} deals`);
    const { crm, columns } = await dataset(size);
    const cardsIn = (board: KehuPipelineBoardElement) =>
      board.shadowRoot?.querySelectorAll('[data-deal-id]').length ?? 0;

    const ours = async () => {
      const board = document.createElement('kehu-pipeline-board');
      board.crm = crm;
      board.locale = 'zh-CN';
      host.append(board);
      while (cardsIn(board) < OPEN.length) await frame();
      await painted(host);
      const count = cardsIn(board);
      board.remove();
      return count > 0;
    };
    const plainLit = async () => {
      const board = document.createElement('plain-lit-board') as PlainLitBoard;
      board.columns = columns;
      host.append(board);
      await board.updateComplete;
      await painted(host);
      const count = board.shadowRoot!.querySelectorAll('.card').length;
      board.remove();
      return count > 0;
    };
    const vanilla = async () => {
      vanillaBoard(host, columns);
      await painted(host);
      const count = host.querySelectorAll('li').length;
      host.replaceChildren();
      return count > 0;
    };
    const settings = { size, time: options.time, iterations: options.iterations ?? 5 };
    options.log?.(`board: first render at ${size}`);
    measurements.push(
      await compare({
        name: 'board/first-render',
        peer: 'plain Lit board (repeat, every card)',
        ours,
        theirs: plainLit,
        ...settings,
      }),
      await compare({
        name: 'board/first-render-vs-vanilla',
        peer: 'vanilla DOM board (every card)',
        ours,
        theirs: vanilla,
        ...settings,
      }),
    );

    options.log?.(`board: keyboard move at ${size}`);
    const board = document.createElement('kehu-pipeline-board');
    board.crm = crm;
    host.append(board);
    while (cardsIn(board) < OPEN.length) await frame();
    const keyboardMove = async () => {
      const card = board.shadowRoot!.querySelector<HTMLElement>(
        '[data-drop-stage="qualify"] [data-deal-id]',
      )!;
      const id = card.dataset.dealId!;
      card.focus();
      const press = (key: string) =>
        card.dispatchEvent(
          new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
        );
      press(' ');
      await board.updateComplete;
      const started = performance.now();
      board.shadowRoot!.querySelector<HTMLElement>(`[data-deal-id="${id}"]`)!.dispatchEvent(
        new KeyboardEvent('keydown', {
          key: 'ArrowRight',
          bubbles: true,
          composed: true,
          cancelable: true,
        }),
      );
      await board.updateComplete;
      const moved =
        board.shadowRoot!.querySelector(`[data-drop-stage="needs"] [data-deal-id="${id}"]`) !== null;
      const inDom = performance.now() - started;
      await painted(host);
      paintedSamples.push(performance.now() - started);
      board
        .shadowRoot!.querySelector<HTMLElement>(`[data-deal-id="${id}"]`)!
        .dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }),
        );
      await board.updateComplete;
      if (!moved) throw new Error('the card did not move');
      return inDom;
    };
    const paintedSamples: number[] = [];
    const samples: number[] = [];
    for (let i = 0; i < 15; i++) samples.push(await keyboardMove());
    const median = medianOf(samples);
    measurements.push({
      name: 'board/keyboard-move',
      size,
      peer: 'one frame (16.7 ms)',
      ours_ms: Math.round(median * 1000) / 1000,
      peer_ms: 16.7,
      ratio: Math.round((16.7 / median) * 100) / 100,
      within_frame: median <= 16.7,
      // Until the next frame has painted it, which includes waiting for that frame.
      painted_ms: Math.round(medianOf(paintedSamples) * 1000) / 1000,
    });
    board.remove();
  }
  host.remove();
  return measurements;
}
