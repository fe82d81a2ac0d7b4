import {
  type Account,
  type Crm,
  type Deal,
  isKehuError,
  type KehuError,
  type Pipeline,
  type Stage,
  type User,
  type Where,
} from '@kehu/core';
import { VirtualizerController } from '@tanstack/lit-virtual';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { KehuElement } from '../shared/kehu-element.ts';
import { tokens } from '../shared/theme.ts';
import { ColumnSource } from './column-source.ts';
import {
  type DealMoveDetail,
  DealMovedEvent,
  DealMoveEvent,
  DealMoveFailedEvent,
  DealSelectEvent,
} from './events.ts';
import { boardStyles, CARD_PITCH } from './pipeline-board.styles.ts';
import { type DropTarget, PointerDragController, type PointerDragHost } from './pointer-drag.ts';

const DAY = 86_400_000;

interface Grab {
  dealId: string;
  origin: DropTarget;
  target: DropTarget;
}

interface PendingMove {
  deal: Deal;
  target: DropTarget;
}

interface ReasonRequest {
  deal: Deal;
  fromStageId: string;
  target: DropTarget;
}

/**
 * The sales pipeline as a board: a column per open stage with its count, total and weighted
 * total (per currency), a card per deal, and won / lost drop zones. Deals move by pointer, touch
 * or keyboard (Space/Enter to pick up, arrows to move, Space to drop, Escape to cancel); every
 * move is announced by a cancelable `kehu-deal-move`, shown at once, saved through
 * `crm.deals.move`, and rolled back with the reason shown when it fails. Columns page through
 * the store with a cursor and render only the visible cards, so tens of thousands of deals stay
 * smooth; the board follows every change to the store, from any tab or widget.
 *
 * @tagname kehu-pipeline-board
 * @summary A drag-and-drop sales pipeline board.
 * @event {DealMoveEvent} kehu-deal-move - Before a move is saved. Cancelable: `preventDefault()` vetoes it.
 * @event {DealMovedEvent} kehu-deal-moved - After a move has been saved; `detail.deal` is the stored deal.
 * @event {DealMoveFailedEvent} kehu-deal-move-failed - A move was refused or failed; `detail.error` says why.
 * @event {DealSelectEvent} kehu-deal-select - A card was clicked.
 * @csspart toolbar - The filter bar.
 * @csspart column - A stage column.
 * @csspart column-header - A column's title and figures.
 * @csspart card - A deal card.
 * @csspart zone - The won and lost drop zones.
 * @csspart drag-preview - The card following the pointer during a drag.
 * @cssproperty --kehu-board-column-width - Width of a column (272px).
 * @cssproperty --kehu-board-height - Height of the columns (640px).
 * @cssproperty --kehu-color-accent - Accent: focus rings, drop indicator.
 */
export class KehuPipelineBoardElement extends KehuElement implements PointerDragHost {
  static override properties = {
    ...KehuElement.properties,
    pipelineId: { attribute: 'pipeline-id', reflect: true },
    ownerId: { attribute: 'owner-id', reflect: true },
    teamId: { attribute: 'team-id', reflect: true },
    search: { reflect: true },
    pageSize: { attribute: 'page-size', type: Number },
    hideFilters: { attribute: 'hide-filters', type: Boolean, reflect: true },
    _pipeline: { state: true },
    _status: { state: true },
    _loadError: { state: true },
    _announcement: { state: true },
    _grab: { state: true },
    _reasonRequest: { state: true },
  };

  static override styles = [tokens, boardStyles];

  /** The pipeline to show. */
  declare pipelineId: string;
  /** Only deals owned by this user. */
  declare ownerId: string | undefined;
  /** Only deals of this team. */
  declare teamId: string | undefined;
  /** Only cards whose title or account contains this text. */
  declare search: string;
  /** Cards fetched per request while scrolling a column. */
  declare pageSize: number;
  /** Hide the owner and search filters (a host that filters itself). */
  declare hideFilters: boolean;

  declare private _pipeline: Pipeline | undefined;
  declare private _status: 'idle' | 'loading' | 'ready' | 'error' | 'missing';
  declare private _loadError: unknown;
  declare private _announcement: string;
  declare private _grab: Grab | undefined;
  declare private _reasonRequest: ReasonRequest | undefined;

  private sources = new Map<string, ColumnSource>();
  private virtualizers = new Map<string, VirtualizerController<HTMLElement, HTMLElement>>();
  private readonly pending = new Map<string, PendingMove>();
  private readonly cardErrors = new Map<string, string>();
  private readonly accounts = new Map<string, Account | null>();
  private users: User[] = [];
  private usersById = new Map<string, User>();
  private readonly views = new Map<string, Deal[]>();
  private connectedCrm: Crm | undefined;
  private stopPipelineWatch: (() => void) | undefined;
  private focusDealId: string | undefined;
  /** The card that takes Tab focus into the board (the last one focused). */
  private activeDealId: string | undefined;
  private readonly drag = new PointerDragController(this);

  constructor() {
    super();
    this.pipelineId = 'key-account';
    this.search = '';
    this.pageSize = 50;
    this.hideFilters = false;
    this._status = 'idle';
    this._announcement = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
    this.connectedCrm = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const crm = this.activeCrm;
    const filterChanged = changed.has('pipelineId') || changed.has('ownerId') || changed.has('teamId');
    if (crm !== this.connectedCrm || (filterChanged && crm)) {
      this.connectedCrm = crm;
      this.teardown();
      if (crm) void this.load(crm);
      else this._status = 'idle';
    }
    for (const [stageId, controller] of this.virtualizers) {
      const virtualizer = controller.getVirtualizer();
      const count = this.columnItems(stageId).length;
      if (virtualizer.options.count !== count) virtualizer.setOptions({ ...virtualizer.options, count });
    }
  }

  protected override updated(): void {
    if (this.focusDealId) {
      const card = this.renderRoot.querySelector<HTMLElement>(
        `[data-deal-id="${CSS.escape(this.focusDealId)}"]`,
      );
      if (card) {
        if (this.shadowRoot?.activeElement !== card) card.focus();
        this.focusDealId = undefined;
      }
    }
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) {
      dialog.showModal();
      dialog.querySelector('textarea')?.focus();
    }
  }

  private teardown(): void {
    for (const source of this.sources.values()) source.dispose();
    for (const controller of this.virtualizers.values()) this.removeController(controller);
    this.sources = new Map();
    this.virtualizers = new Map();
    this.stopPipelineWatch?.();
    this.stopPipelineWatch = undefined;
    this.pending.clear();
  }

  private async load(crm: Crm): Promise<void> {
    this._status = 'loading';
    try {
      const [pipeline, users] = await Promise.all([
        crm.store.get('pipelines', this.pipelineId),
        crm.store.query('users', { limit: 2_000 }),
      ]);
      if (crm !== this.connectedCrm) return;
      this.users = users.items;
      this.usersById = new Map(users.items.map((user) => [user.id, user]));
      if (!pipeline) {
        this._status = 'missing';
        return;
      }
      this._pipeline = pipeline;
      const where: Where<'deals'> = { pipelineId: pipeline.id };
      if (this.ownerId) where.ownerId = this.ownerId;
      if (this.teamId) where.teamId = this.teamId;
      for (const stage of pipeline.stages) {
        if (stage.outcome !== 'open') continue;
        const source = new ColumnSource(
          crm.store,
          stage,
          { ...where, stageId: stage.id },
          this.pageSize,
          () => this.sourceChanged(),
        );
        this.sources.set(stage.id, source);
        this.virtualizers.set(stage.id, this.createVirtualizer(stage.id));
        source.start();
      }
      // A change anywhere in the pipeline (another tab, another widget) refreshes every column's figures.
      this.stopPipelineWatch = crm.store.watch(
        'deals',
        { where, orderBy: { field: 'updatedAt', direction: 'desc' }, limit: 1 },
        () => {
          for (const source of this.sources.values()) source.refreshTotals();
        },
      );
      this._status = 'ready';
    } catch (error) {
      this._loadError = error;
      this._status = 'error';
    }
  }

  private createVirtualizer(stageId: string): VirtualizerController<HTMLElement, HTMLElement> {
    return new VirtualizerController<HTMLElement, HTMLElement>(this, {
      count: 0,
      getScrollElement: () =>
        this.renderRoot.querySelector<HTMLElement>(`[data-scroller="${CSS.escape(stageId)}"]`),
      estimateSize: () => CARD_PITCH,
      overscan: 6,
      initialRect: { width: 272, height: 640 },
      getItemKey: (index) => this.columnItems(stageId)[index]?.id ?? index,
    });
  }

  private sourceChanged(): void {
    void this.loadAccounts();
    this.requestUpdate();
  }

  private async loadAccounts(): Promise<void> {
    const crm = this.connectedCrm;
    if (!crm) return;
    const missing = new Set<string>();
    for (const source of this.sources.values()) {
      for (const deal of source.items) if (!this.accounts.has(deal.accountId)) missing.add(deal.accountId);
    }
    if (missing.size === 0) return;
    const ids = [...missing];
    for (const id of ids) this.accounts.set(id, null);
    const found = await crm.store.getMany('accounts', ids);
    ids.forEach((id, i) => {
      this.accounts.set(id, found[i] ?? null);
    });
    this.requestUpdate();
  }

  /**
   * Every state change goes through `requestUpdate`, so the column views computed since the last
   * one are still right; dropping them here keeps `columnItems` from being rebuilt per card.
   */
  override requestUpdate(...args: Parameters<KehuElement['requestUpdate']>): void {
    // Lit calls this from its constructor, before the cache exists.
    this.views?.clear();
    super.requestUpdate(...args);
  }

  /** The cards a column shows (cached until the next state change). */
  private columnItems(stageId: string): Deal[] {
    let items = this.views.get(stageId);
    if (!items) {
      items = this.computeColumnItems(stageId);
      this.views.set(stageId, items);
    }
    return items;
  }

  /** Stored order, with drags in progress, unsaved moves and the text filter applied. */
  private computeColumnItems(stageId: string): Deal[] {
    const source = this.sources.get(stageId);
    if (!source) return [];
    const moving = new Set<string>(this.pending.keys());
    if (this._grab) moving.add(this._grab.dealId);
    const needle = this.search.trim().toLowerCase();
    let items = source.items.filter((deal) => !moving.has(deal.id));
    if (needle) {
      items = items.filter(
        (deal) =>
          deal.title.toLowerCase().includes(needle) ||
          (this.accounts.get(deal.accountId)?.name.toLowerCase().includes(needle) ?? false),
      );
    }
    const inserts: PendingMove[] = [...this.pending.values()].filter(
      (move) => move.target.stageId === stageId,
    );
    if (this._grab?.target.stageId === stageId) {
      const deal = this.findDeal(this._grab.dealId);
      if (deal) inserts.push({ deal, target: this._grab.target });
    }
    for (const move of inserts.sort((a, b) => a.target.index - b.target.index)) {
      items.splice(Math.min(move.target.index, items.length), 0, move.deal);
    }
    return items;
  }

  private findDeal(id: string): Deal | undefined {
    const pending = this.pending.get(id);
    if (pending) return pending.deal;
    for (const source of this.sources.values()) {
      const deal = source.items.find((item) => item.id === id);
      if (deal) return deal;
    }
    return undefined;
  }

  private stageOf(stageId: string): Stage | undefined {
    return this._pipeline?.stages.find((stage) => stage.id === stageId);
  }

  private get openStages(): Stage[] {
    return this._pipeline?.stages.filter((stage) => stage.outcome === 'open') ?? [];
  }

  private get closedStages(): Stage[] {
    return this._pipeline?.stages.filter((stage) => stage.outcome !== 'open') ?? [];
  }

  private stageName(stage: Stage | undefined): string {
    return stage ? stage.name[this.activeLocale] : '';
  }

  // ── Pointer drag host ───────────────────────────────────────────────────────

  dropTargetAt(x: number, y: number, dealId: string): DropTarget | undefined {
    const hit = this.renderRoot.querySelectorAll<HTMLElement>('[data-drop-stage]');
    for (const element of hit) {
      const rect = element.getBoundingClientRect();
      if (x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) continue;
      const stageId = element.dataset.dropStage!;
      const scroller = element.querySelector<HTMLElement>('[data-scroller]');
      if (!scroller) return { stageId, index: 0 };
      const scrollerRect = scroller.getBoundingClientRect();
      const others = this.columnItems(stageId).filter((deal) => deal.id !== dealId);
      const offset = y - scrollerRect.top + scroller.scrollTop - 6;
      return { stageId, index: Math.max(0, Math.min(others.length, Math.round(offset / CARD_PITCH))) };
    }
    return undefined;
  }

  autoScrollers(): HTMLElement[] {
    return [
      ...this.renderRoot.querySelectorAll<HTMLElement>('[data-scroller]'),
      ...this.renderRoot.querySelectorAll<HTMLElement>('.columns'),
    ];
  }

  drop(dealId: string, fromStageId: string, target: DropTarget): void {
    const deal = this.findDeal(dealId);
    if (deal) void this.requestMove(deal, fromStageId, target);
  }

  activate(dealId: string): void {
    const deal = this.findDeal(dealId);
    if (deal) this.dispatchEvent(new DealSelectEvent({ deal }));
  }

  // ── Moving ──────────────────────────────────────────────────────────────────

  /** Starts a move: asks for a reason first when the target closes the deal. */
  private async requestMove(
    deal: Deal,
    fromStageId: string,
    target: DropTarget,
    reason?: string,
  ): Promise<void> {
    const stage = this.stageOf(target.stageId);
    if (!stage) return;
    const index = this.columnItems(fromStageId).findIndex((item) => item.id === deal.id);
    if (fromStageId === target.stageId && index === target.index) return;
    if (stage.outcome !== 'open' && reason === undefined) {
      this._reasonRequest = { deal, fromStageId, target };
      return;
    }
    await this.commitMove(deal, fromStageId, target, reason);
  }

  private async commitMove(
    deal: Deal,
    fromStageId: string,
    target: DropTarget,
    reason?: string,
  ): Promise<void> {
    const crm = this.connectedCrm;
    if (!crm) return;
    const messages = this.format.messages;
    const detail: DealMoveDetail = { deal, fromStageId, toStageId: target.stageId, index: target.index };
    if (reason !== undefined) detail.reason = reason;
    const announced = new DealMoveEvent(detail);
    this.dispatchEvent(announced);
    if (announced.defaultPrevented) {
      this.cardErrors.set(deal.id, messages.board.vetoed);
      this.announce(messages.board.vetoed);
      this.focusDealId = deal.id;
      this.requestUpdate();
      return;
    }
    const neighbours = this.neighbours(target, deal.id);
    this.pending.set(deal.id, { deal, target });
    this.cardErrors.delete(deal.id);
    this.focusDealId = deal.id;
    this.requestUpdate();
    try {
      const saved = await crm.deals.move(deal.id, target.stageId, {
        expectedVersion: deal.version,
        ...(neighbours ? { position: neighbours } : {}),
        ...(reason !== undefined ? { reason } : {}),
      });
      // Place the saved deal locally at once; the columns' watches confirm it right after.
      this.pending.delete(deal.id);
      this.sources.get(fromStageId)?.removeLocal(deal.id);
      this.sources.get(target.stageId)?.insertLocal(saved, neighbours);
      this.requestUpdate();
      this.sources.get(fromStageId)?.refreshTotals(0);
      this.sources.get(target.stageId)?.refreshTotals(0);
      const total = this.columnItems(target.stageId).length || 1;
      this.announce(
        messages.board.dropped(
          saved.title,
          this.stageName(this.stageOf(target.stageId)),
          target.index + 1,
          total,
        ),
      );
      this.dispatchEvent(new DealMovedEvent({ ...detail, deal: saved }));
    } catch (error) {
      this.pending.delete(deal.id);
      const text = this.errorText(error);
      this.cardErrors.set(deal.id, text);
      this.announce(`${messages.board.moveFailed}: ${text}`);
      this.focusDealId = deal.id;
      this.dispatchEvent(
        new DealMoveFailedEvent({
          ...detail,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
      );
    }
    this.requestUpdate();
  }

  /** The cards the moved one lands between, for a fractional position. */
  private neighbours(target: DropTarget, dealId: string): { after?: string; before?: string } | undefined {
    if (this.stageOf(target.stageId)?.outcome !== 'open') return undefined;
    const others = this.columnItems(target.stageId).filter((deal) => deal.id !== dealId);
    const after = others[target.index - 1]?.id;
    const before = others[target.index]?.id;
    if (!after && !before) return undefined;
    return { ...(after ? { after } : {}), ...(before ? { before } : {}) };
  }

  private errorText(error: unknown): string {
    const messages = this.format.messages;
    if (!isKehuError(error)) return messages.errors.UNKNOWN;
    const kehu = error as KehuError;
    if (kehu.code === 'GUARD_REJECTED') {
      const missing = kehu.issues
        .filter((issue) => issue.code === 'required')
        .map((issue) => String(issue.path[0]));
      if (missing.length) {
        return messages.errors.missingFields(
          missing.map((field) => messages.fields[field] ?? field).join(', '),
        );
      }
      const transition = kehu.details as { from?: string; to?: string };
      if (transition.from && transition.to) {
        return messages.errors.transition(
          this.stageName(this.stageOf(transition.from)),
          this.stageName(this.stageOf(transition.to)),
        );
      }
    }
    return messages.errors[kehu.code] ?? messages.errors.UNKNOWN;
  }

  private announce(text: string): void {
    // Clear, render, then set: screen readers announce a repeated text too. Waiting for the
    // render rather than a frame keeps it working in background tabs, where frames pause.
    this._announcement = '';
    void this.updateComplete.then(() => {
      this._announcement = text;
    });
  }

  // ── Keyboard ────────────────────────────────────────────────────────────────

  private targets(): string[] {
    return [...this.openStages, ...this.closedStages].map((stage) => stage.id);
  }

  private onCardKeydown(event: KeyboardEvent, deal: Deal, stageId: string): void {
    const messages = this.format.messages.board;
    const grab = this._grab;
    if (!grab) {
      const items = this.columnItems(stageId);
      const index = items.findIndex((item) => item.id === deal.id);
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        const origin = { stageId, index };
        this._grab = { dealId: deal.id, origin, target: origin };
        this.focusDealId = deal.id;
        this.announce(
          messages.grabbed(deal.title, this.stageName(this.stageOf(stageId)), index + 1, items.length),
        );
        return;
      }
      const open = this.openStages.map((stage) => stage.id);
      const column = open.indexOf(stageId);
      let next: Deal | undefined;
      if (event.key === 'ArrowDown') next = items[index + 1];
      else if (event.key === 'ArrowUp') next = items[index - 1];
      else if (event.key === 'Home') next = items[0];
      else if (event.key === 'End') next = items.at(-1);
      else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        const other = open[column + (event.key === 'ArrowRight' ? 1 : -1)];
        const otherItems = other ? this.columnItems(other) : [];
        next = otherItems[Math.min(index, otherItems.length - 1)];
      } else return;
      event.preventDefault();
      if (next) this.focusCard(next.id, next.stageId);
      return;
    }
    event.preventDefault();
    if (event.key === 'Escape') {
      this._grab = undefined;
      this.focusDealId = deal.id;
      this.announce(messages.cancelled(deal.title));
      return;
    }
    if (event.key === ' ' || event.key === 'Enter') {
      this._grab = undefined;
      void this.requestMove(deal, grab.origin.stageId, grab.target);
      return;
    }
    const targets = this.targets();
    let { stageId: targetStage, index } = grab.target;
    const count = (id: string) => this.columnItems(id).filter((item) => item.id !== deal.id).length;
    if (event.key === 'ArrowDown') index = Math.min(index + 1, count(targetStage));
    else if (event.key === 'ArrowUp') index = Math.max(index - 1, 0);
    else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      const at = targets.indexOf(targetStage) + (event.key === 'ArrowRight' ? 1 : -1);
      if (at < 0 || at >= targets.length) return;
      targetStage = targets[at]!;
      index = Math.min(index, count(targetStage));
    } else return;
    this._grab = { ...grab, target: { stageId: targetStage, index } };
    this.focusDealId = deal.id;
    this.scrollToCard(targetStage, index);
    const total = count(targetStage) + 1;
    this.announce(messages.moved(this.stageName(this.stageOf(targetStage)), index + 1, total));
  }

  private focusCard(dealId: string, stageId: string): void {
    this.focusDealId = dealId;
    const index = this.columnItems(stageId).findIndex((deal) => deal.id === dealId);
    this.scrollToCard(stageId, index);
    this.requestUpdate();
  }

  private scrollToCard(stageId: string, index: number): void {
    if (index >= 0) this.virtualizers.get(stageId)?.getVirtualizer().scrollToIndex(index, { align: 'auto' });
  }

  // ── Rendering ───────────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const messages = this.format.messages;
    if (!this.activeCrm) return html`<p class="state" role="status">${messages.noCrm}</p>`;
    if (this._status === 'error') {
      return html`<div class="state error" role="alert">
        <p>${messages.errorTitle}: ${this.errorText(this._loadError)}</p>
        <button type="button" @click=${() => this.retry()}>${messages.retry}</button>
      </div>`;
    }
    if (this._status === 'missing')
      return html`<p class="state" role="status">${messages.errors.NOT_FOUND}</p>`;
    if (this._status !== 'ready' || !this._pipeline) {
      return html`<p class="state" role="status" aria-busy="true">${messages.loading}</p>`;
    }
    const loaded = [...this.sources.values()].every((source) => source.loaded);
    const empty = loaded && [...this.sources.values()].every((source) => source.items.length === 0);
    return html`
      ${this.hideFilters ? nothing : this.renderToolbar()}
      ${empty ? html`<p class="state" role="status">${messages.board.empty}</p>` : nothing}
      <div
        class="columns"
        role="group"
        aria-label=${`${messages.board.label}: ${this._pipeline.name[this.activeLocale]}`}
        tabindex=${this.firstCardId() ? nothing : 0}
      >
        ${this.openStages.map((stage) => this.renderColumn(stage))}
      </div>
      <div class="zones">${this.closedStages.map((stage) => this.renderZone(stage))}</div>
      ${this.renderPreview()} ${this.renderReasonDialog()}
      <p class="visually-hidden" id="hint">${messages.board.keyboardHint}</p>
      <div class="visually-hidden" role="status" aria-live="assertive" aria-atomic="true">${this._announcement}</div>
    `;
  }

  private retry(): void {
    this.connectedCrm = undefined;
    this.requestUpdate();
  }

  private renderToolbar(): TemplateResult {
    const messages = this.format.messages.board;
    return html`<div class="toolbar" part="toolbar">
      <label
        >${messages.filterOwner}
        <select
          .value=${this.ownerId ?? ''}
          @change=${(event: Event) => {
            this.ownerId = (event.target as HTMLSelectElement).value || undefined;
          }}
        >
          <option value="">${messages.filterAll}</option>
          ${this.users.map(
            (user) =>
              html`<option value=${user.id} ?selected=${user.id === this.ownerId}>${user.name}</option>`,
          )}
        </select>
      </label>
      <label
        >${messages.filterText}
        <input
          type="search"
          .value=${this.search}
          @input=${(event: Event) => {
            this.search = (event.target as HTMLInputElement).value;
          }}
        />
      </label>
    </div>`;
  }

  private renderFigures(source: ColumnSource): TemplateResult {
    const messages = this.format.messages.board;
    const totals = source.totals;
    const money = (values: Record<string, number> | undefined) =>
      values && Object.keys(values).length
        ? Object.entries(values)
            .map(([currency, amount]) => this.format.compactMoney({ amount, currency }))
            .join(' · ')
        : totals
          ? '—'
          : '…';
    return html`<dl class="figures">
      <dt>${messages.total}</dt>
      <dd data-figure="total">${money(totals?.amount)}</dd>
      <dt>${messages.weighted}</dt>
      <dd data-figure="weighted">${money(totals?.weighted)}</dd>
    </dl>`;
  }

  private renderColumn(stage: Stage): TemplateResult {
    const source = this.sources.get(stage.id)!;
    const messages = this.format.messages.board;
    const items = this.columnItems(stage.id);
    const virtualizer = this.virtualizers.get(stage.id)!.getVirtualizer();
    const virtualItems = virtualizer.getVirtualItems();
    const last = virtualItems.at(-1);
    if (last && last.index >= items.length - 5 && source.hasMore && !source.loadingMore) {
      queueMicrotask(() => void source.loadMore());
    }
    const dragTarget = this.drag.state?.target ?? this._grab?.target;
    const isTarget = dragTarget?.stageId === stage.id;
    const count = source.totals?.count ?? source.items.length;
    const headingId = `h-${stage.id}`;
    const indicator =
      this.drag.state && isTarget
        ? html`<div class="indicator" style=${`top:${6 + dragTarget!.index * CARD_PITCH - 5}px`}></div>`
        : nothing;
    return html`<section
      class="column"
      part="column"
      data-drop-stage=${stage.id}
      ?data-target=${isTarget}
      aria-labelledby=${headingId}
    >
      <header class="column-header" part="column-header">
        <h3 id=${headingId}>
          <span>${this.stageName(stage)}</span>
          <span data-figure="count">${this.format.compact(count)}${source.totals || !source.hasMore ? '' : '+'}</span>
        </h3>
        <span class="visually-hidden">${messages.count(count)}</span>
        ${this.renderFigures(source)}
      </header>
      <div class="scroller" data-scroller=${stage.id}>
        ${source.error ? html`<p class="state error" role="alert">${this.errorText(source.error)}</p>` : nothing}
        ${source.loaded && items.length === 0 ? html`<p class="empty-column">${messages.emptyColumn}</p>` : nothing}
        <ul class="list" style=${`height:${virtualizer.getTotalSize()}px`} aria-labelledby=${headingId}>
          ${repeat(
            virtualItems,
            (item) => items[item.index]?.id ?? item.index,
            (item) => {
              const deal = items[item.index];
              return deal
                ? html`<li class="slot" style=${`transform:translateY(${item.start}px)`}>${this.renderCard(deal, stage)}</li>`
                : nothing;
            },
          )}
        </ul>
        ${indicator}
        ${source.loadingMore ? html`<p class="more">${this.format.messages.loading}</p>` : nothing}
      </div>
    </section>`;
  }

  private renderZone(stage: Stage): TemplateResult {
    const dragTarget = this.drag.state?.target ?? this._grab?.target;
    const isTarget = dragTarget?.stageId === stage.id;
    const held = this._grab?.target.stageId === stage.id ? this.findDeal(this._grab.dealId) : undefined;
    return html`<div
      class="zone"
      part="zone"
      data-drop-stage=${stage.id}
      data-outcome=${stage.outcome}
      ?data-target=${isTarget}
    >
      ${held ? this.renderCard(held, stage) : this.stageName(stage)}
    </div>`;
  }

  private renderCard(deal: Deal, stage: Stage): TemplateResult {
    const messages = this.format.messages.board;
    const now = this.connectedCrm?.clock.now() ?? Date.now();
    const days = Math.max(0, Math.floor((now - Date.parse(deal.stageEnteredAt)) / DAY));
    const rotting = stage.outcome === 'open' && stage.rotAfterDays !== undefined && days > stage.rotAfterDays;
    const account = this.accounts.get(deal.accountId);
    const owner = deal.ownerId === undefined ? undefined : this.usersById.get(deal.ownerId);
    const grabbed = this._grab?.dealId === deal.id;
    const error = this.cardErrors.get(deal.id);
    const tabbable = (this.focusDealId ?? this.activeDealId ?? this.firstCardId()) === deal.id;
    return html`<div
      class="card"
      part="card"
      role="button"
      tabindex=${tabbable || grabbed ? 0 : -1}
      aria-pressed=${grabbed ? 'true' : 'false'}
      aria-roledescription=${messages.cardRole}
      aria-describedby="hint"
      data-deal-id=${deal.id}
      ?data-dragging=${this.drag.state?.dealId === deal.id}
      ?data-rotting=${rotting}
      @pointerdown=${(event: PointerEvent) => this.drag.begin(event, deal.id, stage.id, event.currentTarget as HTMLElement)}
      @keydown=${(event: KeyboardEvent) => this.onCardKeydown(event, deal, stage.id)}
      @focus=${() => {
        this.activeDealId = deal.id;
      }}
    >
      <span class="title">${deal.title}</span>
      <span class="account">${account?.name ?? ''}</span>
      ${
        error
          ? html`<span class="card-error" role="alert"
              >${error}
              <button type="button" @click=${() => this.dismissError(deal.id)} @pointerdown=${stop}>
                ${messages.dismiss}
              </button></span
            >`
          : html`<span class="row">
              <span class="amount">${this.format.money(deal.amount)}</span>
              <span class="meta">${owner?.name ?? messages.unassigned}</span>
            </span>
            <span class="row">
              <span class="meta">${messages.daysInStage(days)}</span>
              <span>
                ${rotting ? html`<span class="badge rotting">${messages.rotting}</span>` : nothing}
                ${account?.grade ? html`<span class="badge">${messages.grade(account.grade)}</span>` : nothing}
                ${
                  deal.predictedProbability !== undefined
                    ? html`<span class="badge">${Math.round(deal.predictedProbability)}%</span>`
                    : nothing
                }
              </span>
            </span>`
      }
    </div>`;
  }

  private firstCardId(): string | undefined {
    for (const stage of this.openStages) {
      const first = this.columnItems(stage.id)[0];
      if (first) return first.id;
    }
    return undefined;
  }

  private dismissError(dealId: string): void {
    this.cardErrors.delete(dealId);
    this.requestUpdate();
  }

  private renderPreview(): TemplateResult | typeof nothing {
    const state = this.drag.state;
    if (!state) return nothing;
    const deal = this.findDeal(state.dealId);
    const stage = this.stageOf(state.fromStageId);
    if (!deal || !stage) return nothing;
    return html`<div
      class="preview"
      part="drag-preview"
      aria-hidden="true"
      style=${`left:${state.x - state.offsetX}px;top:${state.y - state.offsetY}px;width:${state.width}px`}
    >
      ${this.renderCard(deal, stage)}
    </div>`;
  }

  private renderReasonDialog(): TemplateResult | typeof nothing {
    const request = this._reasonRequest;
    if (!request) return nothing;
    const messages = this.format.messages.board;
    const stage = this.stageName(this.stageOf(request.target.stageId));
    const close = (reason?: string) => {
      this._reasonRequest = undefined;
      if (reason) void this.commitMove(request.deal, request.fromStageId, request.target, reason);
      else {
        this.focusDealId = request.deal.id;
        this.announce(messages.cancelled(request.deal.title));
      }
    };
    return html`<dialog
      aria-labelledby="reason-title"
      @cancel=${(event: Event) => {
        event.preventDefault();
        close();
      }}
    >
      <form
        method="dialog"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          const value = (event.target as HTMLFormElement).querySelector('textarea')!.value.trim();
          if (value) close(value);
        }}
      >
        <h2 id="reason-title">${messages.reasonTitle(stage)}</h2>
        <label for="reason">${messages.reasonLabel}</label>
        <textarea id="reason" required maxlength="500"></textarea>
        <div class="actions">
          <button type="button" @click=${() => close()}>${messages.reasonCancel}</button>
          <button type="submit" class="primary">${messages.reasonConfirm}</button>
        </div>
      </form>
    </dialog>`;
  }
}

function stop(event: Event): void {
  event.stopPropagation();
}
