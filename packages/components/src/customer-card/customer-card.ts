import {
  type Activity,
  type Crm,
  isKehuError,
  KEY_ACCOUNT_PIPELINE_ID,
  type Locale,
  type LoyaltyLabel,
  type LoyaltyStatus,
  type Money,
  MoneyAccumulator,
  type OpenDealView,
  type Pipeline,
  type Unsubscribe,
  type UpcomingActivityView,
} from '@kehu/core';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { KehuElement } from '../shared/kehu-element.ts';
import { tokens } from '../shared/theme.ts';
import { cardStyles } from './customer-card.styles.ts';
import { CustomerSource, type CustomerState, type CustomerView } from './customer-source.ts';
import {
  ACTIVITY_FIELDS,
  ACTIVITY_TYPES,
  activityDraft,
  DEAL_FIELDS,
  dealDraft,
  type FormErrors,
  type FormField,
  formErrors,
} from './drafts.ts';
import { ActivityLogEvent, ActivityLoggedEvent, DealCreatedEvent, DealCreateEvent } from './events.ts';
import { type CardMessages, cardMessages } from './messages.ts';

type ActionForm = 'activity' | 'deal';
type SaveOutcome = { saved: string } | { refused: string };

const DAY_MS = 86_400_000;

/**
 * A loyalty label in `locale`. Core's `labelIn` does the same, but lives beside the programme's
 * zod schemas, which would pull zod into the bundle.
 */
function labelIn(label: LoyaltyLabel, locale: Locale): string {
  return typeof label === 'string' ? label : label[locale];
}
/** Currencies the new-deal form always offers, besides those the customer already deals in. */
const COMMON_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD'];

/**
 * A customer's 360 view: who they are (name, kind, owner, tags, grade, score and its reasons),
 * their membership (tier, points, progress to the next tier, points about to lapse), their value
 * (RFM segment, value grade, health and its reasons), open deals with their weighted amounts,
 * recent and upcoming activities (overdue ones marked), orders and contacts. Everything comes
 * from one `crm.customers.view360` and follows the store live: a change to any of the account's
 * records, from this tab or another, re-renders the card.
 *
 * The full layout also lets a rep log an activity or open a deal in place (in an open stage of
 * `pipeline-id` the rep picks, with one of the account's contacts if they like); each is announced
 * by a cancelable event before it is saved through core. A host that vetoes one closes the form
 * with `closeForms()` once it has dealt with it. The `compact` layout shows the header and the key
 * figures only, for lists and side panels.
 *
 * @tagname kehu-customer-card
 * @summary The customer 360 view, full or compact.
 * @event {ActivityLogEvent} kehu-activity-log - Before an activity is saved; `detail` is the draft. Cancelable.
 * @event {ActivityLoggedEvent} kehu-activity-logged - An activity was saved; `detail.activity` is the stored record.
 * @event {DealCreateEvent} kehu-deal-create - Before a deal is saved; `detail` is the draft. Cancelable.
 * @event {DealCreatedEvent} kehu-deal-created - A deal was saved; `detail.deal` is the stored record.
 * @slot header-actions - Host controls in the header, next to the grade and score (e.g. "open in ERP").
 * @slot before-sections - Host content between the header and the card's sections.
 * @slot after-sections - Host content after the card's sections (e.g. an ERP's credit limit).
 * @csspart base - The card's frame.
 * @csspart state - The loading, empty, not-found and error messages.
 * @csspart header - Name, kind, owner, tags, grade and score.
 * @csspart name - The customer's name.
 * @csspart tags - The list of tags; each tag is `tag`.
 * @csspart tag - One tag.
 * @csspart grade - The customer grade badge.
 * @csspart score - The score and its disclosure button.
 * @csspart score-reasons - The list of what makes up the score.
 * @csspart figures - The compact layout's key figures.
 * @csspart actions - The "log activity" and "new deal" buttons.
 * @csspart action - One action button.
 * @csspart form - Both inline action forms.
 * @csspart activity-form - The "log activity" form.
 * @csspart deal-form - The "new deal" form.
 * @csspart field-error - The message next to a field that failed validation, and the form's alert.
 * @csspart sections - The grid holding the sections.
 * @csspart section - Every section.
 * @csspart section-loyalty - Membership: tier, points, progress, lapsing points.
 * @csspart section-value - RFM segment, value grade, health and its reasons.
 * @csspart section-deals - Open deals and their weighted total.
 * @csspart section-upcoming - Open activities, overdue ones marked.
 * @csspart section-recent - Done activities.
 * @csspart section-orders - Order count, totals per currency, recent orders.
 * @csspart section-contacts - The account's contacts.
 * @csspart member - One membership card's figures.
 * @csspart progress - The progress bar to the next loyalty tier.
 * @csspart health - The health score and its status.
 * @csspart deal - One open deal.
 * @csspart activity - One activity, done or upcoming.
 * @csspart order - One recent order.
 * @csspart contact - One contact.
 * @csspart overdue - The marker on an overdue activity.
 * @cssproperty --kehu-customer-card-section-min - Narrowest a section column gets before the grid wraps (260px).
 * @cssproperty --kehu-customer-card-gap - Space between sections (12px).
 * @cssproperty --kehu-color-danger - Overdue activities and errors.
 * @cssproperty --kehu-color-accent - Buttons, focus rings and progress bars.
 */
export class KehuCustomerCardElement extends KehuElement {
  static override properties = {
    ...KehuElement.properties,
    customerId: { attribute: 'customer-id', reflect: true },
    variant: { reflect: true },
    pipelineId: { attribute: 'pipeline-id', reflect: true },
    _state: { state: true },
    _reasonsOpen: { state: true },
    _form: { state: true },
    _errors: { state: true },
    _saving: { state: true },
    _announcement: { state: true },
    _pipeline: { state: true },
  };

  static override styles = [tokens, cardStyles];

  /** The account to show. */
  declare customerId: string | undefined;
  /** `full` (default): every section and the actions. `compact`: the header and key figures. */
  declare variant: 'full' | 'compact';
  /** The pipeline new deals open in; the form offers its open stages, the first one preselected. */
  declare pipelineId: string;

  declare private _state: CustomerState | undefined;
  declare private _reasonsOpen: boolean;
  declare private _form: ActionForm | undefined;
  declare private _errors: FormErrors | undefined;
  declare private _saving: boolean;
  declare private _announcement: string;
  /** `pipelineId`'s record, live: `undefined` while loading, `null` when missing or unreadable. */
  declare private _pipeline: Pipeline | null | undefined;

  private source: CustomerSource | undefined;
  private connectedCrm: Crm | undefined;
  private connectedId: string | undefined;
  /** The watch on `pipelineId`'s record, which fills the deal form's stage list. */
  private pipelineWatch: { crm: Crm; id: string; stop: Unsubscribe } | undefined;
  /** An element to focus after the next render (a form's first field, or the button that opened it). */
  private focusSelector: string | undefined;

  constructor() {
    super();
    this.variant = 'full';
    this.pipelineId = KEY_ACCOUNT_PIPELINE_ID;
    this._reasonsOpen = false;
    this._saving = false;
    this._announcement = '';
  }

  /** Reloads the view now: after `crm.customers.analyze()`, which changes no record the card watches. */
  refresh(): void {
    this.source?.reload();
  }

  /**
   * Closes the open "log activity" or "new deal" form, discarding what was typed. For a host that
   * vetoed the action (`preventDefault()` on `kehu-activity-log` or `kehu-deal-create`) and has
   * dealt with it — saved it its own way, or asked the rep elsewhere: call it in the listener or
   * any time later. Without it, a vetoed form stays open as typed, with the veto's message. Focus
   * goes back to the form's button when it was inside the form; otherwise it stays where it is.
   */
  closeForms(): void {
    const form = this._form;
    if (!form) return;
    const focused = this.shadowRoot?.activeElement;
    const inForm = focused ? this.renderRoot.querySelector(`#${form}-form`)?.contains(focused) : false;
    this._form = undefined;
    this._errors = undefined;
    this.focusSelector = inForm ? `[data-action="${form}"]` : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // No state is set here: an update while disconnected would subscribe again.
    this.pipelineWatch?.stop();
    this.pipelineWatch = undefined;
    this.source?.dispose();
    this.source = undefined;
    this.connectedCrm = undefined;
    this.connectedId = undefined;
  }

  /** (Re)subscribes when the CRM in effect or the customer changes; nothing else needs a reload. */
  protected override willUpdate(): void {
    this.followPipeline();
    const crm = this.activeCrm;
    const id = this.customerId || undefined;
    if (crm === this.connectedCrm && id === this.connectedId) return;
    this.connectedCrm = crm;
    this.connectedId = id;
    this.source?.dispose();
    this.source = undefined;
    this._state = undefined;
    this._form = undefined;
    this._errors = undefined;
    this._reasonsOpen = false;
    if (!crm || !id) return;
    const source = new CustomerSource(crm, id, (state) => {
      if (this.source === source) this._state = state;
    });
    this.source = source;
    this._state = source.state;
    source.start();
  }

  /**
   * Watches `pipelineId`'s record while the full layout shows (the compact one has no forms), so
   * the stage list is ready when the deal form opens and follows renamed or reordered stages.
   */
  private followPipeline(): void {
    const crm = this.variant === 'compact' ? undefined : this.activeCrm;
    const id = this.pipelineId || undefined;
    const wanted = crm && id ? { crm, id } : undefined;
    const current = this.pipelineWatch;
    if (current?.crm === wanted?.crm && current?.id === wanted?.id) return;
    current?.stop();
    this.pipelineWatch = undefined;
    this._pipeline = undefined;
    if (!wanted) return;
    const watch = { ...wanted, stop: (() => undefined) as Unsubscribe };
    this.pipelineWatch = watch;
    watch.stop = wanted.crm.store.watch(
      'pipelines',
      { where: { id: wanted.id } },
      {
        next: (page) => {
          if (this.pipelineWatch === watch) this._pipeline = page.items[0] ?? null;
        },
        error: () => {
          if (this.pipelineWatch === watch) this._pipeline = null;
        },
      },
    );
  }

  protected override updated(): void {
    if (!this.focusSelector) return;
    const target = this.renderRoot.querySelector<HTMLElement>(this.focusSelector);
    if (target) {
      this.focusSelector = undefined;
      target.focus();
    }
  }

  private get messages(): CardMessages {
    return cardMessages[this.activeLocale];
  }

  private announce(text: string): void {
    // Cleared first, so the same text said twice is announced twice.
    this._announcement = '';
    void this.updateComplete.then(() => {
      this._announcement = text;
    });
  }

  private errorText(error: unknown): string {
    const errors = this.format.messages.errors;
    return isKehuError(error) ? (errors[error.code] ?? errors.UNKNOWN) : errors.UNKNOWN;
  }

  // ── Actions ─────────────────────────────────────────────────────────────────

  private toggleForm(form: ActionForm): void {
    const opening = this._form !== form;
    this._form = opening ? form : undefined;
    this._errors = undefined;
    this.focusSelector = opening ? `#${form}-form :is(input, select, textarea)` : `[data-action="${form}"]`;
  }

  private closeForm(): void {
    const form = this._form;
    if (!form) return;
    this._form = undefined;
    this._errors = undefined;
    this.focusSelector = `[data-action="${form}"]`;
  }

  private async submitActivity(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const crm = this.connectedCrm;
    const accountId = this.connectedId;
    if (this._saving || !crm || !accountId) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    await this.save('activity', form, data, ACTIVITY_FIELDS, async () => {
      const request = new ActivityLogEvent(activityDraft(data, accountId));
      if (!this.dispatchEvent(request)) return { refused: this.messages.actions.vetoed };
      // `detail`, as the listeners left it: they may have filled in fields.
      const activity = await crm.activities.create(request.detail);
      this.dispatchEvent(new ActivityLoggedEvent({ activity }));
      return { saved: this.messages.actions.activityLogged(activity.subject) };
    });
  }

  private async submitDeal(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const crm = this.connectedCrm;
    const state = this._state;
    if (this._saving || !crm || state?.status !== 'ready') return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    await this.save('deal', form, data, DEAL_FIELDS, async () => {
      const pipeline = await crm.pipelines.require(this.pipelineId);
      // The stage chosen in the form; the first open one while the list was still loading.
      const first = pipeline.stages.find((candidate) => candidate.outcome === 'open');
      if (!first) return { refused: this.messages.actions.noOpenStage };
      const { account } = state.view;
      const request = new DealCreateEvent(
        dealDraft(data, {
          accountId: account.id,
          pipelineId: pipeline.id,
          stageId: first.id,
          ownerId: account.ownerId,
        }),
      );
      if (!this.dispatchEvent(request)) return { refused: this.messages.actions.vetoed };
      const deal = await crm.deals.create(request.detail);
      this.dispatchEvent(new DealCreatedEvent({ deal }));
      return { saved: this.messages.actions.dealCreated(deal.title) };
    });
  }

  /**
   * Runs a form's save. Saved: the form closes and the outcome is announced. Refused (vetoed by
   * the host, or impossible): the form stays as typed, with the reason — unless the host closed it
   * meanwhile (`closeForms()`). Failed: the error is shown next to the fields its issues name, and
   * the first of them takes focus; announced instead if the form has been closed.
   */
  private async save(
    kind: ActionForm,
    form: HTMLFormElement,
    data: FormData,
    fields: readonly FormField[],
    work: () => Promise<SaveOutcome>,
  ): Promise<void> {
    const source = this.source;
    this._saving = true;
    this._errors = undefined;
    try {
      const outcome = await work();
      if (source !== this.source) return;
      if ('refused' in outcome) {
        if (this._form === kind) this._errors = { fields: {}, general: outcome.refused };
        return;
      }
      form.reset();
      this.closeForm();
      this.announce(outcome.saved);
      // The watch reloads too; this covers stores whose watches report late.
      source?.schedule();
    } catch (error) {
      if (source !== this.source) return;
      const errors = formErrors(error, fields, data, {
        field: this.messages.fieldErrors,
        codes: this.format.messages.errors,
      });
      if (this._form !== kind) {
        const first = fields.map((field) => errors.fields[field]).find(Boolean);
        this.announce(errors.general ?? first ?? this.format.messages.errors.UNKNOWN);
        return;
      }
      this._errors = errors;
      const first = fields.find((field) => errors.fields[field]);
      this.focusSelector = first ? `form [name="${first}"]` : undefined;
    } finally {
      this._saving = false;
    }
  }

  // ── Rendering ───────────────────────────────────────────────────────────────

  protected override render(): TemplateResult {
    const messages = this.messages;
    const shared = this.format.messages;
    if (!this.activeCrm) return this.renderState(shared.noCrm);
    if (!this.customerId) return this.renderState(messages.noCustomer);
    const state = this._state;
    if (!state || state.status === 'loading') return this.renderState(shared.loading, true);
    if (state.status === 'missing') return this.renderState(messages.notFound);
    if (state.status === 'error') {
      return html`<div class="state error" part="base state" role="alert">
        <p>${shared.errorTitle}: ${this.errorText(state.error)}</p>
        <button type="button" @click=${() => this.source?.reload()}>${shared.retry}</button>
      </div>`;
    }
    const { view, refreshing } = state;
    const compact = this.variant === 'compact';
    return html`<article
      class="card"
      part="base"
      aria-labelledby="name"
      aria-busy=${refreshing ? 'true' : 'false'}
    >
      ${this.renderHeader(view)}
      <slot name="before-sections"></slot>
      ${compact ? this.renderFigures(view) : this.renderFull(view)}
      <slot name="after-sections"></slot>
      <div class="visually-hidden" role="status" aria-live="polite">${this._announcement}</div>
    </article>`;
  }

  private renderState(text: string, busy = false): TemplateResult {
    return html`<p class="state" part="base state" role="status" aria-busy=${busy ? 'true' : 'false'}>
      ${text}
    </p>`;
  }

  private renderHeader(view: CustomerView): TemplateResult {
    const messages = this.messages;
    const { account, owner } = view;
    const score = account.score;
    return html`<header class="header" part="header">
      <div class="identity">
        <h2 id="name" part="name">${account.name}</h2>
        <p class="meta">
          <span data-field="kind">${messages.kind[account.kind]}</span>
          <span data-field="owner">${messages.owner}: ${owner?.name ?? messages.unassigned}</span>
        </p>
        ${
          account.tags.length
            ? html`<ul class="tags" part="tags" aria-label=${messages.tags}>
              ${account.tags.map((tag) => html`<li class="tag" part="tag">${tag}</li>`)}
            </ul>`
            : nothing
        }
      </div>
      <div class="badges">
        ${
          account.grade
            ? html`<span class="badge grade" part="grade" data-grade=${account.grade}
              ><span class="visually-hidden">${messages.gradeLabel}: </span>${messages.grade(account.grade)}</span
            >`
            : nothing
        }
        ${
          score
            ? html`<span class="score" part="score">
              <span data-figure="score">${messages.score(Math.round(score.total))}</span>
              <button
                type="button"
                class="link"
                aria-expanded=${this._reasonsOpen ? 'true' : 'false'}
                aria-controls="score-reasons"
                @click=${() => {
                  this._reasonsOpen = !this._reasonsOpen;
                }}
              >
                ${messages.showReasons}
              </button>
            </span>`
            : nothing
        }
        <slot name="header-actions"></slot>
      </div>
      ${
        score
          ? html`<ul
            id="score-reasons"
            class="reasons"
            part="score-reasons"
            aria-label=${messages.scoreReasons}
            ?hidden=${!this._reasonsOpen}
          >
            ${score.reasons.map(
              (reason) =>
                html`<li>
                  <span>${reason.label ?? reason.ruleId}</span>
                  <span class="points">${messages.points(reason.points)}</span>
                </li>`,
            )}
          </ul>`
          : nothing
      }
    </header>`;
  }

  private renderFigures(view: CustomerView): TemplateResult {
    const messages = this.messages;
    const figures = messages.figures;
    const [loyalty] = view.loyalty;
    const next = view.upcomingActivities[0];
    const pipeline = this.weightedTotals(view.openDeals);
    return html`<dl class="figures" part="figures" aria-label=${messages.sections.figures}>
      <div>
        <dt>${figures.valueGrade}</dt>
        <dd data-figure="value-grade">${view.value.grade ?? figures.none}</dd>
      </div>
      <div>
        <dt>${figures.health}</dt>
        <dd data-figure="health">
          ${messages.value.healthScore(view.health.score)} · ${messages.value.healthStatus[view.health.status]}
        </dd>
      </div>
      <div>
        <dt>${figures.loyalty}</dt>
        <dd data-figure="loyalty">
          ${loyalty ? `${this.tierName(loyalty)} · ${this.format.number(loyalty.available)}` : figures.none}
        </dd>
      </div>
      <div>
        <dt>${figures.pipeline}</dt>
        <dd data-figure="pipeline">
          ${pipeline.length ? pipeline.map((money) => this.format.compactMoney(money)).join(' · ') : figures.none}
        </dd>
      </div>
      <div>
        <dt>${figures.nextActivity}</dt>
        <dd data-figure="next-activity" ?data-overdue=${next?.overdue}>
          ${next ? html`${next.activity.subject} · ${this.dueText(next.activity)} ${this.renderOverdue(next)}` : figures.none}
        </dd>
      </div>
    </dl>`;
  }

  private renderFull(view: CustomerView): TemplateResult {
    return html`${this.renderActions(view)}
      <div class="sections" part="sections">
        ${this.renderLoyalty(view)} ${this.renderValue(view)} ${this.renderDeals(view)}
        ${this.renderUpcoming(view)} ${this.renderRecent(view)} ${this.renderOrders(view)}
        ${this.renderContacts(view)}
      </div>`;
  }

  private section(name: string, title: string, body: unknown, aside: unknown = nothing): TemplateResult {
    return html`<section class="section" part=${`section section-${name}`} aria-labelledby=${`h-${name}`}>
      <div class="section-head">
        <h3 id=${`h-${name}`}>${title}</h3>
        ${aside}
      </div>
      ${body}
    </section>`;
  }

  // ── Actions and their forms ─────────────────────────────────────────────────

  private renderActions(view: CustomerView): TemplateResult {
    const actions = this.messages.actions;
    const button = (form: ActionForm, label: string) => html`<button
      type="button"
      part="action"
      data-action=${form}
      aria-expanded=${this._form === form ? 'true' : 'false'}
      aria-controls=${this._form === form ? `${form}-form` : nothing}
      @click=${() => this.toggleForm(form)}
    >
      ${label}
    </button>`;
    return html`<div class="actions" part="actions" role="group" aria-label=${actions.label}>
        ${button('activity', actions.logActivity)} ${button('deal', actions.newDeal)}
      </div>
      ${this._form === 'activity' ? this.renderActivityForm() : nothing}
      ${this._form === 'deal' ? this.renderDealForm(view) : nothing}`;
  }

  /** A labelled control with its error message, wired through `aria-describedby`. */
  private field(form: ActionForm, name: FormField, label: string, control: (id: string) => unknown) {
    const id = `${form}-${name}`;
    const error = this._errors?.fields[name];
    return html`<div class="field" ?data-invalid=${error !== undefined}>
      <label for=${id}>${label}</label>
      ${control(id)}
      ${error ? html`<p id=${`${id}-error`} class="field-error" part="field-error">${error}</p>` : nothing}
    </div>`;
  }

  private controlAttributes(id: string, name: FormField) {
    const invalid = this._errors?.fields[name] !== undefined;
    return { invalid: invalid ? 'true' : 'false', describedBy: invalid ? `${id}-error` : undefined };
  }

  private renderFormFrame(form: ActionForm, title: string, submit: string, body: TemplateResult) {
    const actions = this.messages.actions;
    const general = this._errors?.general;
    return html`<form
      id=${`${form}-form`}
      class="form"
      part=${`form ${form}-form`}
      novalidate
      aria-labelledby=${`${form}-form-title`}
      aria-busy=${this._saving ? 'true' : 'false'}
      @submit=${(event: SubmitEvent) =>
        void (form === 'activity' ? this.submitActivity(event) : this.submitDeal(event))}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          this.closeForm();
        }
      }}
    >
      <h3 id=${`${form}-form-title`}>${title}</h3>
      ${general ? html`<p class="form-error" part="field-error" role="alert">${general}</p>` : nothing}
      ${body}
      <div class="form-actions">
        <button type="button" @click=${() => this.closeForm()}>${actions.cancel}</button>
        <button type="submit" class="primary" ?disabled=${this._saving}>
          ${this._saving ? actions.saving : submit}
        </button>
      </div>
    </form>`;
  }

  private renderActivityForm(): TemplateResult {
    const messages = this.messages;
    const actions = messages.actions;
    const subject = (id: string) => {
      const { invalid, describedBy } = this.controlAttributes(id, 'subject');
      return html`<input
        id=${id}
        name="subject"
        autocomplete="off"
        maxlength="200"
        aria-invalid=${invalid}
        aria-describedby=${describedBy ?? nothing}
      />`;
    };
    const due = (id: string) => {
      const { invalid, describedBy } = this.controlAttributes(id, 'dueAt');
      return html`<input
        id=${id}
        name="dueAt"
        type="datetime-local"
        aria-invalid=${invalid}
        aria-describedby=${describedBy ?? nothing}
      />`;
    };
    return this.renderFormFrame(
      'activity',
      actions.activityTitle,
      actions.saveActivity,
      html`<div class="row">
          ${this.field(
            'activity',
            'type',
            actions.type,
            (id) =>
              html`<select id=${id} name="type">
                ${ACTIVITY_TYPES.map((type) => html`<option value=${type}>${messages.activities.types[type]}</option>`)}
              </select>`,
          )}
          ${this.field('activity', 'subject', actions.subject, subject)}
        </div>
        <div class="row">
          <div class="field check">
            <input id="activity-done" name="done" type="checkbox" checked />
            <label for="activity-done">${actions.done}</label>
          </div>
          ${this.field('activity', 'dueAt', actions.dueAt, due)}
        </div>
        ${this.field(
          'activity',
          'description',
          actions.notes,
          (id) => html`<textarea id=${id} name="description" rows="2" maxlength="5000"></textarea>`,
        )}`,
    );
  }

  private renderDealForm(view: CustomerView): TemplateResult {
    const actions = this.messages.actions;
    const currencies = [
      ...new Set([
        ...view.openDeals.map((open) => open.deal.amount.currency),
        ...view.orders.totals.map((total) => total.currency),
        ...COMMON_CURRENCIES,
      ]),
    ];
    const input =
      (name: FormField, type: string, extra: { inputmode?: string; maxlength?: number } = {}) =>
      (id: string) => {
        const { invalid, describedBy } = this.controlAttributes(id, name);
        return html`<input
          id=${id}
          name=${name}
          type=${type}
          autocomplete="off"
          inputmode=${extra.inputmode ?? nothing}
          maxlength=${extra.maxlength ?? nothing}
          aria-invalid=${invalid}
          aria-describedby=${describedBy ?? nothing}
        />`;
      };
    const pipeline = this._pipeline;
    const stages = pipeline?.stages.filter((stage) => stage.outcome === 'open') ?? [];
    const stage = (id: string) => {
      const { invalid, describedBy } = this.controlAttributes(id, 'stageId');
      // Disabled, it sends nothing: the save then takes the first open stage, or says there is none.
      return stages.length
        ? html`<select id=${id} name="stageId" aria-invalid=${invalid} aria-describedby=${describedBy ?? nothing}>
            ${repeat(
              stages,
              (open) => open.id,
              (open, index) =>
                html`<option value=${open.id} ?selected=${index === 0}>${open.name[this.activeLocale]}</option>`,
            )}
          </select>`
        : html`<select id=${id} name="stageId" disabled>
            <option value="">${pipeline === undefined ? actions.loadingStages : actions.noOpenStage}</option>
          </select>`;
    };
    const contact = (id: string) => {
      const { invalid, describedBy } = this.controlAttributes(id, 'contactId');
      return html`<select id=${id} name="contactId" aria-invalid=${invalid} aria-describedby=${describedBy ?? nothing}>
        <option value="" aria-label=${actions.noContact} selected>—</option>
        ${repeat(
          view.contacts,
          (person) => person.id,
          (person) => html`<option value=${person.id}>${person.name}</option>`,
        )}
      </select>`;
    };
    return this.renderFormFrame(
      'deal',
      actions.dealTitle,
      actions.saveDeal,
      html`${this.field('deal', 'title', actions.title, input('title', 'text', { maxlength: 200 }))}
        <div class="row">
          ${this.field('deal', 'stageId', actions.stage, stage)}
          ${this.field('deal', 'contactId', actions.contact, contact)}
        </div>
        <div class="row">
          ${this.field('deal', 'amount', actions.amount, input('amount', 'text', { inputmode: 'decimal' }))}
          <div class="field">
            <label for="deal-currency">${actions.currency}</label>
            <select id="deal-currency" name="currency">
              ${currencies.map((currency) => html`<option value=${currency}>${currency}</option>`)}
            </select>
          </div>
        </div>
        ${this.field('deal', 'expectedCloseDate', actions.expectedCloseDate, input('expectedCloseDate', 'date'))}`,
    );
  }

  // ── Sections ────────────────────────────────────────────────────────────────

  private tierName(status: LoyaltyStatus): string {
    return status.tier ? labelIn(status.tier.label, this.activeLocale) : this.messages.loyalty.noTier;
  }

  private renderLoyalty(view: CustomerView): TemplateResult {
    const messages = this.messages.loyalty;
    const body = view.loyalty.length
      ? html`<ul class="members">
          ${repeat(
            view.loyalty,
            (status) => status.member.id,
            (status) => this.renderMember(status),
          )}
        </ul>`
      : html`<p class="empty">${messages.noMembership}</p>`;
    return this.section('loyalty', this.messages.sections.loyalty, body);
  }

  private renderMember(status: LoyaltyStatus): TemplateResult {
    const messages = this.messages.loyalty;
    const { member, next } = status;
    const id = `progress-${member.id}`;
    const base = status.tier?.threshold ?? 0;
    const span = next ? Math.max(1, next.threshold - base) : 1;
    const reached = next ? Math.min(span, Math.max(0, status.qualifying - base)) : 1;
    const nextName = next ? labelIn(next.label, this.activeLocale) : '';
    const needed =
      status.qualification.metric === 'spend'
        ? messages.toNextSpend(this.spend(status.needed), nextName)
        : messages.toNextPoints(this.format.number(status.needed), nextName);
    const soon = this.firstExpiry(status);
    return html`<li class="member" part="member" data-member-id=${member.id}>
      <p class="tier-line">
        <span class="badge tier" data-figure="tier">${this.tierName(status)}</span>
        <span class="muted">${messages.card(member.cardNo)}</span>
        ${
          member.status === 'active'
            ? nothing
            : html`<span class="badge warn">${messages.memberStatus[member.status]}</span>`
        }
      </p>
      <dl class="stats">
        <div>
          <dt>${messages.available}</dt>
          <dd data-figure="points">${this.format.number(status.available)}</dd>
        </div>
        ${
          status.lapsed > 0
            ? html`<div>
              <dt>${messages.lapsed}</dt>
              <dd>${this.format.number(status.lapsed)}</dd>
            </div>`
            : nothing
        }
      </dl>
      ${
        next
          ? html`<label class="progress-label" for=${id}>${messages.progressLabel(nextName)}</label>
            <progress id=${id} part="progress" max=${span} .value=${reached}></progress>
            <p class="muted" data-figure="to-next">${needed}</p>`
          : html`<p class="muted" data-figure="to-next">${messages.topTier}</p>`
      }
      <p class="expiring" data-figure="expiring" ?data-soon=${soon !== undefined}>
        ${
          soon
            ? messages.expiring(this.format.number(status.expiring.in90Days), this.format.date(soon))
            : messages.noneExpiring
        }
      </p>
    </li>`;
  }

  /** When the first of the points lapsing within 90 days lapses. */
  private firstExpiry(status: LoyaltyStatus): string | undefined {
    if (status.expiring.in90Days <= 0) return undefined;
    const horizon = Date.parse(status.asOf) + 90 * DAY_MS;
    let first: string | undefined;
    for (const lot of status.lots) {
      const at = lot.expiresAt;
      if (at === undefined || at <= status.asOf || Date.parse(at) > horizon) continue;
      if (first === undefined || at < first) first = at;
    }
    return first;
  }

  private spend(minor: number): string {
    const currency = this.connectedCrm?.loyalty?.program.currency;
    return currency ? this.format.money({ amount: minor, currency }) : this.format.number(minor);
  }

  private renderValue(view: CustomerView): TemplateResult {
    const messages = this.messages.value;
    const { metrics, rfm, grade } = view.value;
    const health = view.health;
    const note = !metrics ? messages.noOrders : !rfm ? messages.noModel : undefined;
    return this.section(
      'value',
      this.messages.sections.value,
      html`<dl class="stats">
          <div>
            <dt>${messages.segment}</dt>
            <dd data-figure="segment" data-segment=${rfm?.segment ?? nothing}>
              ${rfm ? messages.segments[rfm.segment] : '—'}
            </dd>
          </div>
          <div>
            <dt>${messages.rfm}</dt>
            <dd data-figure="rfm">${rfm ? messages.rfmScores(rfm.r, rfm.f, rfm.m) : '—'}</dd>
          </div>
          <div>
            <dt>${messages.valueGrade}</dt>
            <dd data-figure="value-grade">${grade ?? '—'}</dd>
          </div>
        </dl>
        ${metrics ? html`<p class="muted">${messages.recency(metrics.recencyDays)}</p>` : nothing}
        ${note ? html`<p class="muted">${note}</p>` : nothing}
        <h4 id="h-health">${messages.health}</h4>
        <p class="health" part="health" data-status=${health.status} data-figure="health">
          <strong>${messages.healthScore(health.score)}</strong>
          <span class="badge">${messages.healthStatus[health.status]}</span>
        </p>
        <ul class="reasons" aria-labelledby="h-health">
          ${health.components.map(
            (component) =>
              html`<li data-component=${component.component}>
                <span>${messages.components[component.component]}</span>
                <span class="points">${component.points} / ${component.max}</span>
                <span class="reason muted">${messages.fact(component.fact, (amount, currency) =>
                  this.format.money({ amount, currency }),
                )}</span>
              </li>`,
          )}
        </ul>`,
    );
  }

  /** Weighted amounts of the open deals, one total per currency (never summed across currencies). */
  private weightedTotals(deals: readonly OpenDealView[]): Money[] {
    const totals = new MoneyAccumulator();
    for (const open of deals) totals.add(open.weighted);
    return Object.entries(totals.result()).map(([currency, amount]) => ({ amount, currency }));
  }

  private renderDeals(view: CustomerView): TemplateResult {
    const messages = this.messages.deals;
    const totals = this.weightedTotals(view.openDeals);
    const aside = totals.length
      ? html`<p class="total">
          <span class="visually-hidden">${messages.weightedTotal}: </span>
          <span data-figure="weighted-total">${totals.map((money) => this.format.money(money)).join(' · ')}</span>
        </p>`
      : nothing;
    const body = view.openDeals.length
      ? html`<ul class="list">
          ${repeat(
            view.openDeals,
            (open) => open.deal.id,
            (open) => html`<li part="deal" data-deal-id=${open.deal.id}>
              <span class="title">${open.deal.title}</span>
              <span class="row">
                <span class="badge" data-field="stage">
                  ${open.stageName?.[this.activeLocale] ?? messages.unknownStage}
                </span>
                <span data-field="amount">${this.format.money(open.deal.amount)}</span>
                <span class="muted">${messages.probability(open.probability)}</span>
              </span>
              <span class="row muted">
                <span data-field="weighted">${messages.weighted(this.format.money(open.weighted))}</span>
                ${
                  open.deal.expectedCloseDate
                    ? html`<span>${messages.closes(this.format.date(open.deal.expectedCloseDate))}</span>`
                    : nothing
                }
              </span>
            </li>`,
          )}
        </ul>`
      : html`<p class="empty">${messages.none}</p>`;
    return this.section('deals', this.messages.sections.deals, body, aside);
  }

  private dueText(activity: Activity): string {
    const messages = this.messages.activities;
    return activity.dueAt ? messages.due(this.format.date(activity.dueAt)) : messages.noDate;
  }

  private renderOverdue(view: UpcomingActivityView): TemplateResult | typeof nothing {
    if (!view.overdue) return nothing;
    return html`<span class="overdue" part="overdue"
      ><span aria-hidden="true">⚠</span> ${this.messages.activities.overdue}</span
    >`;
  }

  private renderActivity(activity: Activity, when: string, marker: unknown = nothing, overdue = false) {
    return html`<li part="activity" data-activity-id=${activity.id} ?data-overdue=${overdue}>
      <span class="row">
        <span class="badge" data-field="type">${this.messages.activities.types[activity.type]}</span>
        <span class="title">${activity.subject}</span>
      </span>
      <span class="row muted"><span>${when}</span>${marker}</span>
    </li>`;
  }

  private renderUpcoming(view: CustomerView): TemplateResult {
    const messages = this.messages.activities;
    const body = view.upcomingActivities.length
      ? html`<ul class="list">
          ${repeat(
            view.upcomingActivities,
            (upcoming) => upcoming.activity.id,
            (upcoming) =>
              this.renderActivity(
                upcoming.activity,
                this.dueText(upcoming.activity),
                this.renderOverdue(upcoming),
                upcoming.overdue,
              ),
          )}
        </ul>`
      : html`<p class="empty">${messages.noneUpcoming}</p>`;
    return this.section('upcoming', this.messages.sections.upcoming, body);
  }

  private renderRecent(view: CustomerView): TemplateResult {
    const messages = this.messages.activities;
    const body = view.recentActivities.length
      ? html`<ul class="list">
          ${repeat(
            view.recentActivities,
            (activity) => activity.id,
            (activity) =>
              this.renderActivity(
                activity,
                activity.doneAt ? messages.done(this.format.date(activity.doneAt)) : '',
              ),
          )}
        </ul>`
      : html`<p class="empty">${messages.noneRecent}</p>`;
    return this.section('recent', this.messages.sections.recent, body);
  }

  private renderOrders(view: CustomerView): TemplateResult {
    const messages = this.messages.orders;
    const { orders } = view;
    const body = orders.recent.length
      ? html`<dl class="stats">
            <div>
              <dt>${messages.count}</dt>
              <dd data-figure="order-count">${this.format.number(orders.count)}</dd>
            </div>
            <div>
              <dt>${messages.totals}</dt>
              <dd data-figure="order-totals">
                ${orders.totals.length ? orders.totals.map((money) => html`<span>${this.format.money(money)}</span>`) : '—'}
              </dd>
            </div>
            ${
              orders.firstOrderAt
                ? html`<div>
                  <dt>${messages.first}</dt>
                  <dd data-figure="first-order">${this.format.date(orders.firstOrderAt)}</dd>
                </div>`
                : nothing
            }
            ${
              orders.lastOrderAt
                ? html`<div>
                  <dt>${messages.last}</dt>
                  <dd data-figure="last-order">${this.format.date(orders.lastOrderAt)}</dd>
                </div>`
                : nothing
            }
          </dl>
          <h4 id="h-recent-orders">${messages.recent}</h4>
          <ul class="list" aria-labelledby="h-recent-orders">
            ${repeat(
              orders.recent,
              (order) => order.id,
              (order) => html`<li part="order" data-order-id=${order.id} data-status=${order.status}>
                <span class="row">
                  <span>${order.number ?? this.format.date(order.orderedAt)}</span>
                  <span data-field="amount">${this.format.money(order.amount)}</span>
                </span>
                <span class="row muted">
                  ${order.number ? html`<span>${this.format.date(order.orderedAt)}</span>` : nothing}
                  ${order.status === 'paid' ? nothing : html`<span class="badge warn">${messages.status[order.status]}</span>`}
                </span>
              </li>`,
            )}
          </ul>`
      : html`<p class="empty">${messages.none}</p>`;
    return this.section('orders', this.messages.sections.orders, body);
  }

  private renderContacts(view: CustomerView): TemplateResult {
    const messages = this.messages.contacts;
    const body = view.contacts.length
      ? html`<ul class="list">
          ${repeat(
            view.contacts,
            (contact) => contact.id,
            (contact) => html`<li part="contact" data-contact-id=${contact.id}>
              <span class="row">
                <span class="title">${contact.name}</span>
                ${contact.title ? html`<span class="muted">${contact.title}</span>` : nothing}
              </span>
              ${
                contact.phones.length || contact.emails.length
                  ? html`<span class="row muted">
                    ${contact.phones.map((phone) => html`<span><span class="visually-hidden">${messages.phone}: </span>${phone}</span>`)}
                    ${contact.emails.map((email) => html`<span><span class="visually-hidden">${messages.email}: </span>${email}</span>`)}
                  </span>`
                  : nothing
              }
            </li>`,
          )}
        </ul>`
      : html`<p class="empty">${messages.none}</p>`;
    return this.section('contacts', this.messages.sections.contacts, body);
  }
}
