import type { Locale } from '@kehu/core';
import {
  CALLING_CODES,
  type FormConfig,
  type FormField,
  type FormText,
  isRequired,
  type LeadSubmission,
  maxLengthOf,
  parseFormConfig,
  phoneCountries,
  validateField,
} from '@kehu/core/forms';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { KehuBaseElement } from '../shared/kehu-base.ts';
import { tokens } from '../shared/theme.ts';
import { type Delivery, deliverInApp, deliverToEndpoint, type LeadFailureCode } from './delivery.ts';
import { findOwner, type KnownOwner } from './duplicate-lookup.ts';
import { LeadCapturedEvent, LeadFailedEvent, LeadSubmitEvent } from './events.ts';
import { leadFormStyles } from './lead-form.styles.ts';
import { type LeadFormMessages, leadFormMessages } from './messages.ts';
import { clearSubmission, loadSubmission, saveSubmission } from './saved-submission.ts';

/** What the status line says; kept as data so that a change of language re-renders it. */
type Notice =
  | { kind: 'success'; duplicate: boolean }
  | { kind: 'invalid'; count: number }
  | { kind: 'tooSoon' }
  | { kind: 'tooManyAttempts' }
  | { kind: 'restored' }
  | { kind: 'noTarget' }
  | {
      kind: 'failed';
      code: LeadFailureCode;
      retryable: boolean;
      /** Fields the server refused that this form does not have. */
      unknown: string[];
      retryInSeconds?: number;
      offline?: boolean;
    };

/** The ARIA attributes every control of a field carries. */
interface ControlAria {
  describedBy: string | typeof nothing;
  invalid: 'true' | 'false';
  required: 'true' | typeof nothing;
}

interface Hint extends KnownOwner {
  kind: 'email' | 'phone';
}

/** The client-side rate-limit hook: `false` refuses the submission before anything is sent. */
export type LeadRateLimit = (submission: LeadSubmission) => boolean | Promise<boolean>;

/** Automatic resends of one submission in endpoint mode (network back, 5xx, 429) before giving up. */
const MAX_AUTO_RETRIES = 5;
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 300_000;

const regionNames = new Map<string, Intl.DisplayNames>();

/** "中国" / "China" for `CN`, from the browser's own data (no table shipped). */
function regionName(locale: Locale, country: string): string {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region' });
    regionNames.set(locale, names);
  }
  return names.of(country) ?? country;
}

/** The idempotency key. `randomUUID` needs a secure context; a plain-http page gets random bytes. */
function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/** The first problem of a config error, as a dotted path (`fields.2.options`). */
function configErrorPath(error: unknown): string {
  const issues = (error as { issues?: { path?: unknown }[] } | null)?.issues;
  const paths = (Array.isArray(issues) ? issues : [])
    .map((issue) => (Array.isArray(issue.path) ? issue.path.join('.') : ''))
    .map((path) => path || '(root)');
  return [...new Set(paths)].slice(0, 3).join(', ') || '(root)';
}

/**
 * A lead-capture form built from a JSON configuration: labelled native controls with localized
 * validation next to each field, consent, a honeypot and a minimum fill time against bots, and a
 * client-side rate-limit hook. It sends a submission either in-app through
 * `crm.forms.receive` (a `crm` property or an enclosing `<kehu-provider>`) or, on a public page,
 * as JSON to `endpoint`. Each filled form gets one submission id, kept across every retry and
 * across a reload (`sessionStorage`), so a resend never creates a second lead; when sending fails
 * the entries stay, a retry is offered, and in endpoint mode it is resent by itself when the
 * browser is back online or after a backoff.
 *
 * Inside a host `<form>` it is a form control (ElementInternals): no submit button of its own,
 * its fields' values go into the host form's `FormData` under their names, and an invalid entry
 * blocks the host form's submission.
 *
 * @tagname kehu-lead-form
 * @summary A lead-capture form from a JSON configuration.
 * @event {LeadSubmitEvent} kehu-lead-submit - Before a submission is sent; `detail` is the submission. Cancelable.
 * @event {LeadCapturedEvent} kehu-lead-captured - The CRM has the lead: `detail.leadId`, `detail.duplicate`, in-app `detail.lead`.
 * @event {LeadFailedEvent} kehu-lead-failed - Sending failed or was refused: `detail.code`, `detail.retryable`.
 * @csspart base - The form's root (a `<form>` standalone, a group inside a host form).
 * @csspart form - Same element as `base`.
 * @csspart title - The configured title.
 * @csspart field - One field: its label, control, help, hint and error.
 * @csspart label - A field's label.
 * @csspart input - A field's control (input, select, textarea, checkbox).
 * @csspart country - A phone field's country selector (also `input`).
 * @csspart help - A field's help text.
 * @csspart error - A field's error message.
 * @csspart hint - The in-app duplicate hint under an e-mail or phone field.
 * @csspart status - The status line: success, failure, error count.
 * @csspart retry - The retry button of the status line.
 * @csspart submit - The submit button (standalone only).
 * @cssproperty --kehu-form-max-width - Widest the form grows (36rem).
 * @cssproperty --kehu-form-gap - Space between fields (2 × --kehu-space).
 * @cssproperty --kehu-form-control-height - Height of inputs and buttons (36px).
 * @cssproperty --kehu-color-accent - Submit button and focus ring.
 * @cssproperty --kehu-color-danger - Error messages and invalid borders.
 * @cssstate sending - A submission is on its way.
 * @cssstate failed - The last send failed; the entries are kept.
 */
export class KehuLeadFormElement extends KehuBaseElement {
  static formAssociated = true;

  static override properties = {
    ...KehuBaseElement.properties,
    config: {},
    endpoint: { reflect: true },
    duplicateHint: { attribute: 'duplicate-hint', type: Boolean, reflect: true },
    rateLimit: { attribute: false },
    _config: { state: true },
    _configError: { state: true },
    _values: { state: true },
    _countries: { state: true },
    _errors: { state: true },
    _hints: { state: true },
    _notice: { state: true },
    _sending: { state: true },
    _disabled: { state: true },
  };

  static override styles = [tokens, leadFormStyles];

  /**
   * The form's configuration: JSON in the attribute (as the embed snippet writes it) or an object
   * as a property. Validated with `parseFormConfig`; an invalid one shows which path is wrong.
   */
  declare config: FormConfig | Record<string, unknown> | string | undefined;
  /** Public pages: where submissions are `POST`ed as JSON. Takes precedence over a `crm`. */
  declare endpoint: string | undefined;
  /** In-app only: say when a typed e-mail or phone already belongs to a contact. Off by default. */
  declare duplicateHint: boolean;
  /** Asked before each send; `false` shows "too many attempts" and sends nothing. */
  declare rateLimit: LeadRateLimit | undefined;

  declare private _config: FormConfig | undefined;
  declare private _configError: string | undefined;
  /** What the controls hold: text, a phone field's number as typed, a consent's checked state. */
  declare private _values: Record<string, string | boolean>;
  declare private _countries: Record<string, string>;
  /** Issue codes (`FormIssueCode`, or a server's) of the fields showing an error. */
  declare private _errors: Record<string, string>;
  declare private _hints: Record<string, Hint>;
  declare private _notice: Notice | undefined;
  declare private _sending: boolean;
  declare private _disabled: boolean;

  private readonly internals: ElementInternals;
  private parsedFrom: unknown;
  private honeypot = '';
  private submissionId: string | undefined;
  /** When the fields first showed (`performance.now()`), and time spent before a reload. */
  private shownAt: number | undefined;
  private elapsedBefore = 0;
  /** Fields changed since they rendered: blur validates those, not every field tabbed through. */
  private readonly dirty = new Set<string>();
  /** The submission last sent; automatic retries resend exactly this. */
  private pending: LeadSubmission | undefined;
  private autoRetries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private lookups = 0;
  private focusName: string | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.duplicateHint = false;
    this._values = {};
    this._countries = {};
    this._errors = {};
    this._hints = {};
    this._sending = false;
    this._disabled = false;
    this.addEventListener('invalid', () => {
      // The host form refused to submit because of us: show every problem, as on our own submit.
      this.validateAll();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    this.cancelAutoRetry();
  }

  private get messages(): LeadFormMessages {
    return leadFormMessages[this.activeLocale];
  }

  /** The form's host `<form>`, when it sits in one. */
  private get hostForm(): HTMLFormElement | null {
    return this.internals.form;
  }

  private get mode(): 'endpoint' | 'app' | undefined {
    if (this.endpoint) return 'endpoint';
    return this.activeCrm ? 'app' : undefined;
  }

  // ── Form-associated custom element callbacks ───────────────────────────────

  /** @internal */
  formAssociatedCallback(): void {
    this.requestUpdate();
  }

  /** @internal The host form was reset: so are the entries. */
  formResetCallback(): void {
    this.reset();
  }

  /** @internal A disabled `<fieldset>` or form around the element disables its controls. */
  formDisabledCallback(disabled: boolean): void {
    this._disabled = disabled;
  }

  // ── Lifecycle ───────────────────────────────────────────────────────────────

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('config') && this.config !== this.parsedFrom) this.parseConfig();
  }

  protected override updated(): void {
    if (this._config && this.shownAt === undefined) this.shownAt = performance.now();
    if (this.focusName) {
      this.renderRoot.querySelector<HTMLElement>(`#f-${this.focusName}`)?.focus();
      this.focusName = undefined;
    }
    this.syncFormValue();
  }

  private parseConfig(): void {
    this.parsedFrom = this.config;
    let input: unknown = this.config;
    this._configError = undefined;
    try {
      if (typeof input === 'string') input = JSON.parse(input);
    } catch {
      this._config = undefined;
      this._configError = 'JSON';
      return;
    }
    if (input === undefined || input === null || input === '') {
      this._config = undefined;
      return;
    }
    let config: FormConfig;
    try {
      config = parseFormConfig(input);
    } catch (error) {
      this._config = undefined;
      this._configError = configErrorPath(error);
      return;
    }
    const sameForm = this._config?.id === config.id;
    this._config = config;
    if (!sameForm) this.startAfresh(config);
  }

  /** Empty entries for `config`, or the unsent ones a previous page load kept. */
  private startAfresh(config: FormConfig): void {
    this.clearEntries(config);
    const saved = loadSubmission(config.id);
    if (!saved) return;
    for (const field of config.fields) {
      const value = saved.values[field.name];
      if (typeof value === (field.type === 'consent' ? 'boolean' : 'string'))
        this._values[field.name] = value!;
      const country = saved.countries[field.name];
      if (country && phoneCountries(field).includes(country)) this._countries[field.name] = country;
    }
    this.submissionId = saved.submissionId;
    this.elapsedBefore = saved.elapsedMs;
    this._notice = { kind: 'restored' };
  }

  private clearEntries(config: FormConfig | undefined): void {
    const values: Record<string, string | boolean> = {};
    const countries: Record<string, string> = {};
    for (const field of config?.fields ?? []) {
      values[field.name] = field.type === 'consent' ? false : '';
      const [first] = phoneCountries(field);
      if (first) countries[field.name] = first;
    }
    this._values = values;
    this._countries = countries;
    this._errors = {};
    this._hints = {};
    this.honeypot = '';
    this.submissionId = undefined;
    this.pending = undefined;
    this.elapsedBefore = 0;
    this.shownAt = undefined;
    this.dirty.clear();
    this.cancelAutoRetry();
    this.autoRetries = 0;
  }

  // ── Values and validation ───────────────────────────────────────────────────

  /** The value a field submits: trimmed text, `+<code><digits>` for a phone, a boolean for consent. */
  private valueFor(field: FormField): string | boolean {
    const raw = this._values[field.name];
    if (field.type === 'consent') return raw === true;
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (field.type !== 'phone' || text === '') return text;
    const digits = text.replace(/\D/g, '');
    // Typed with its country code ("+86 138…"): taken as written.
    if (text.startsWith('+')) return `+${digits}`;
    const country = this._countries[field.name] ?? phoneCountries(field)[0]!;
    return `+${CALLING_CODES[country] ?? ''}${digits}`;
  }

  private submissionValues(config: FormConfig): Record<string, string | boolean> {
    const values: Record<string, string | boolean> = {};
    for (const field of config.fields) {
      const value = this.valueFor(field);
      if (value !== '') values[field.name] = value;
    }
    return values;
  }

  private issueOf(field: FormField): string | undefined {
    return validateField(field, this.valueFor(field));
  }

  /** Validates every field and shows each problem; the names of the invalid fields, in order. */
  private validateAll(): string[] {
    const errors: Record<string, string> = {};
    for (const field of this._config?.fields ?? []) {
      const issue = this.issueOf(field);
      if (issue) errors[field.name] = issue;
    }
    this._errors = errors;
    return Object.keys(errors);
  }

  private validateOne(field: FormField): void {
    const issue = this.issueOf(field);
    const { [field.name]: _previous, ...others } = this._errors;
    this._errors = issue ? { ...others, [field.name]: issue } : others;
  }

  private issueText(field: FormField | undefined, code: string): string {
    const issues = this.messages.issues;
    if (code === 'too_long') return issues.too_long(field ? maxLengthOf(field) : 0);
    return code in issues ? (issues[code as keyof typeof issues] as string) : issues.type;
  }

  /** Keeps the host form's view current: our values in its FormData, our validity blocking it. */
  private syncFormValue(): void {
    const config = this._config;
    if (!config) {
      this.internals.setFormValue(null);
      this.internals.setValidity({});
      return;
    }
    const data = new FormData();
    for (const [name, value] of Object.entries(this.submissionValues(config))) {
      if (value !== false) data.append(name, String(value));
    }
    this.internals.setFormValue(data);
    const invalid = config.fields.find((field) => this.issueOf(field));
    const anchor = invalid ? this.renderRoot.querySelector<HTMLElement>(`#f-${invalid.name}`) : null;
    if (invalid && anchor) {
      const label = this.labelOf(invalid);
      this.internals.setValidity(
        { customError: true },
        `${label}: ${this.issueText(invalid, this.issueOf(invalid)!)}`,
        anchor,
      );
    } else {
      this.internals.setValidity({});
    }
  }

  // ── Input handlers ─────────────────────────────────────────────────────────

  private onInput(field: FormField, value: string | boolean): void {
    this._values = { ...this._values, [field.name]: value };
    this.dirty.add(field.name);
    if (this._hints[field.name]) {
      const { [field.name]: _stale, ...others } = this._hints;
      this._hints = others;
    }
    // An error shown goes away as soon as the entry is right, not only at the next blur.
    if (this._errors[field.name] !== undefined) this.validateOne(field);
  }

  private onCountry(field: FormField, country: string): void {
    this._countries = { ...this._countries, [field.name]: country };
    if (this._errors[field.name] !== undefined || this._values[field.name]) this.validateOne(field);
  }

  private onBlur(field: FormField): void {
    if (!this.dirty.has(field.name) && this._errors[field.name] === undefined) return;
    this.validateOne(field);
    if ((field.type === 'email' || field.type === 'phone') && this._errors[field.name] === undefined) {
      void this.lookUpOwner(field, field.type);
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    // Implicit submission does not cross the shadow boundary: Enter in a text input submits the
    // host form as it would for a native input.
    if (event.key !== 'Enter' || !this.hostForm) return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLInputElement && target.type !== 'checkbox') {
      event.preventDefault();
      this.hostForm.requestSubmit();
    }
  }

  /** The in-app duplicate hint; never on a public page, never unless asked for. */
  private async lookUpOwner(field: FormField, kind: 'email' | 'phone'): Promise<void> {
    const crm = this.activeCrm;
    if (!this.duplicateHint || this.mode !== 'app' || !crm) return;
    const value = this.valueFor(field);
    if (typeof value !== 'string' || value === '') return;
    const nameField = this._config?.fields.find((candidate) => candidate.type === 'name');
    const name = nameField ? String(this.valueFor(nameField)) : '';
    const lookup = ++this.lookups;
    let owner: KnownOwner | undefined;
    try {
      owner = await findOwner(crm, kind, value, name);
    } catch {
      // A hint is a courtesy: a failed lookup shows none.
      return;
    }
    // The entry changed while we asked: the answer is about an old value.
    if (lookup !== this.lookups || this.valueFor(field) !== value) return;
    const { [field.name]: _old, ...others } = this._hints;
    this._hints = owner ? { ...others, [field.name]: { ...owner, kind } } : others;
  }

  // ── Sending ─────────────────────────────────────────────────────────────────

  /**
   * Validates and sends the entries, as the submit button does: through `crm.forms.receive`
   * in-app, or to `endpoint`. Resolves when the attempt is over (captured, refused or failed).
   */
  async submit(): Promise<void> {
    const config = this._config;
    if (!config || this._sending || this._disabled) return;
    const invalid = this.validateAll();
    if (invalid.length > 0) {
      this.notify({ kind: 'invalid', count: invalid.length });
      this.focusName = invalid[0];
      return;
    }
    if (!this.mode) {
      this.notify({ kind: 'noTarget' });
      return;
    }
    const elapsedMs = Math.round(
      this.elapsedBefore + performance.now() - (this.shownAt ?? performance.now()),
    );
    if (elapsedMs < config.spam.minFillMs) {
      this.notify({ kind: 'tooSoon' });
      return;
    }
    this.submissionId ??= newSubmissionId();
    const submission: LeadSubmission = {
      formId: config.id,
      submissionId: this.submissionId,
      values: this.submissionValues(config),
      locale: this.activeLocale,
      elapsedMs,
      ...(this.honeypot ? { honeypot: this.honeypot.slice(0, 1000) } : {}),
      ...(this.mode === 'endpoint' ? { page: `${location.origin}${location.pathname}`.slice(0, 2000) } : {}),
    };
    // Set before the first await: a double click, or a click during the rate-limit check, is one send.
    this._sending = true;
    let allowed = true;
    try {
      allowed = this.rateLimit ? await this.rateLimit(submission) : true;
    } catch {
      allowed = false;
    }
    if (!allowed) {
      this._sending = false;
      this.notify({ kind: 'tooManyAttempts' });
      return;
    }
    const announced = new LeadSubmitEvent(submission);
    this.dispatchEvent(announced);
    if (announced.defaultPrevented || this._config !== config) {
      this._sending = false;
      return;
    }
    this.cancelAutoRetry();
    this.autoRetries = 0;
    this.pending = submission;
    saveSubmission(config.id, {
      submissionId: submission.submissionId,
      values: { ...this._values },
      countries: { ...this._countries },
      elapsedMs,
    });
    await this.send(config, submission);
  }

  /** Whether every entry is valid, as a native control answers (fires `invalid` when not). */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Shows every problem next to its field and focuses the first; `true` when there is none. */
  reportValidity(): boolean {
    const invalid = this.validateAll();
    if (invalid.length > 0) {
      this.notify({ kind: 'invalid', count: invalid.length });
      this.focusName = invalid[0];
    }
    return invalid.length === 0;
  }

  /** Clears the entries and any unsent submission; the next submit gets a new submission id. */
  reset(): void {
    if (this._config) clearSubmission(this._config.id);
    this.clearEntries(this._config);
    this._notice = undefined;
  }

  /** One attempt; the caller has set `_sending`. */
  private async send(config: FormConfig, submission: LeadSubmission): Promise<void> {
    this.internals.states?.add('sending');
    const crm = this.activeCrm;
    let delivery: Delivery;
    if (this.endpoint) delivery = await deliverToEndpoint(this.endpoint, submission);
    else if (crm) delivery = await deliverInApp(crm, config, submission);
    else delivery = { ok: false, code: 'UNKNOWN', retryable: true, issues: [] };
    this._sending = false;
    this.internals.states?.delete('sending');
    // The form was reconfigured or reset meanwhile: the answer is about entries no longer shown.
    if (this._config !== config || this.submissionId !== submission.submissionId) return;
    if (delivery.ok) this.captured(config, delivery);
    else this.failed(config, submission, delivery);
  }

  private captured(config: FormConfig, delivery: Extract<Delivery, { ok: true }>): void {
    clearSubmission(config.id);
    this.clearEntries(config);
    this.internals.states?.delete('failed');
    this.notify({ kind: 'success', duplicate: delivery.duplicate });
    this.dispatchEvent(
      new LeadCapturedEvent({
        leadId: delivery.leadId,
        duplicate: delivery.duplicate,
        ...(delivery.lead ? { lead: delivery.lead } : {}),
      }),
    );
  }

  private failed(
    config: FormConfig,
    submission: LeadSubmission,
    delivery: Extract<Delivery, { ok: false }>,
  ): void {
    this.internals.states?.add('failed');
    const fields = new Map(config.fields.map((field) => [field.name, field]));
    const errors: Record<string, string> = {};
    const unknown: string[] = [];
    for (const issue of delivery.issues) {
      if (fields.has(issue.field)) errors[issue.field] ??= issue.code;
      else unknown.push(issue.field);
    }
    if (Object.keys(errors).length > 0) {
      this._errors = errors;
      this.focusName = Object.keys(errors)[0];
    }
    const notice: Notice = delivery.tooSoon
      ? { kind: 'tooSoon' }
      : { kind: 'failed', code: delivery.code, retryable: delivery.retryable, unknown };
    if (notice.kind === 'failed' && delivery.retryable && this.mode === 'endpoint') {
      this.scheduleAutoRetry(notice, delivery.retryAfterMs);
    }
    this.notify(notice);
    this.dispatchEvent(
      new LeadFailedEvent({
        code: delivery.code,
        retryable: delivery.retryable,
        submissionId: submission.submissionId,
        ...(delivery.status !== undefined ? { status: delivery.status } : {}),
      }),
    );
  }

  /** Endpoint mode: resend when the network is back, or after a growing wait (or `Retry-After`). */
  private scheduleAutoRetry(
    notice: Extract<Notice, { kind: 'failed' }>,
    retryAfterMs: number | undefined,
  ): void {
    if (notice.code === 'NETWORK' && !navigator.onLine) {
      notice.offline = true;
      return;
    }
    if (this.autoRetries >= MAX_AUTO_RETRIES) return;
    const delay = Math.min(retryAfterMs ?? RETRY_BASE_MS * 2 ** this.autoRetries, RETRY_MAX_MS);
    this.autoRetries++;
    notice.retryInSeconds = Math.max(1, Math.round(delay / 1000));
    this.retryTimer = setTimeout(() => this.resend(), delay);
  }

  private cancelAutoRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Sends the last submission again as it was: same id, same values. */
  private resend(): void {
    this.cancelAutoRetry();
    const config = this._config;
    if (!config || !this.pending || this._sending) return;
    this._sending = true;
    void this.send(config, this.pending);
  }

  private readonly onOnline = (): void => {
    if (this.mode !== 'endpoint' || this._sending) return;
    const notice = this._notice;
    if (this.pending && notice?.kind === 'failed' && notice.retryable) {
      // Back online is news: the backoff starts over.
      this.autoRetries = 0;
      this.resend();
    } else if (!this.pending && notice?.kind === 'restored') {
      void this.submit();
    }
  };

  /** Shows a notice; cleared first so that the same text twice is announced twice. */
  private notify(notice: Notice): void {
    this._notice = undefined;
    void this.updateComplete.then(() => {
      this._notice = notice;
    });
  }

  // ── Rendering ───────────────────────────────────────────────────────────────

  private text(text: FormText | undefined): string | undefined {
    return text?.[this.activeLocale];
  }

  private labelOf(field: FormField): string {
    return this.text(field.label) ?? this.messages.defaultLabels[field.type];
  }

  protected override render(): TemplateResult {
    const messages = this.messages;
    if (this._configError !== undefined) {
      return html`<p class="state error" part="base status" role="alert">
        ${messages.configError(this._configError)}
      </p>`;
    }
    const config = this._config;
    if (!config) return html`<p class="state" part="base status" role="status">${messages.noConfig}</p>`;
    const hosted = this.hostForm !== null;
    const title = this.text(config.title);
    const description = this.text(config.description);
    const body = html`
      ${title ? html`<h2 id="title" part="title">${title}</h2>` : nothing}
      ${description ? html`<p class="description">${description}</p>` : nothing}
      ${config.fields.some(isRequired) ? html`<p class="legend">${messages.requiredLegend}</p>` : nothing}
      ${config.fields.map((field) => this.renderField(field))}
      ${config.spam.honeypot ? this.renderHoneypot() : nothing} ${this.renderStatus()}
      ${
        hosted
          ? nothing
          : html`<div class="actions">
            <button
              type="submit"
              class="primary"
              part="submit"
              ?disabled=${this._sending || this._disabled}
              aria-busy=${this._sending ? 'true' : 'false'}
            >
              ${this._sending ? messages.sending : (this.text(config.submitLabel) ?? messages.submit)}
            </button>
          </div>`
      }
    `;
    if (hosted) {
      return html`<div
        class="form"
        part="base form"
        role="group"
        aria-labelledby=${title ? 'title' : nothing}
        aria-busy=${this._sending ? 'true' : 'false'}
      >
        ${body}
      </div>`;
    }
    return html`<form
      class="form"
      part="base form"
      data-standalone
      novalidate
      aria-labelledby=${title ? 'title' : nothing}
      aria-busy=${this._sending ? 'true' : 'false'}
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        void this.submit();
      }}
    >
      ${body}
    </form>`;
  }

  private renderField(field: FormField): TemplateResult {
    const id = `f-${field.name}`;
    const code = this._errors[field.name];
    const help = this.text(field.help);
    const hint = this._hints[field.name];
    const showsHint =
      this.duplicateHint && this.mode === 'app' && (field.type === 'email' || field.type === 'phone');
    const describedBy = [
      code !== undefined ? `${id}-error` : '',
      hint ? `${id}-hint` : '',
      help ? `${id}-help` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const required = isRequired(field);
    const marker = required ? html`<span class="required" aria-hidden="true">*</span>` : nothing;
    const label =
      field.type === 'consent'
        ? nothing
        : html`<label part="label" for=${id}>${this.labelOf(field)}${marker}</label>`;
    return html`<div class="field" part="field" data-field=${field.name} data-type=${field.type}>
      ${field.type === 'consent' && field.label ? html`<span class="field-title">${this.labelOf(field)}</span>` : nothing}
      ${label} ${this.renderControl(field, id, describedBy, code !== undefined, required, marker)}
      ${help ? html`<p class="help" part="help" id=${`${id}-help`}>${help}</p>` : nothing}
      ${
        showsHint
          ? html`<p class="hint" part="hint" id=${`${id}-hint`} aria-live="polite">
            ${hint ? this.messages.duplicate[hint.kind](hint.contactName, hint.accountName) : ''}
          </p>`
          : nothing
      }
      ${
        code !== undefined
          ? html`<p class="error" part="error" id=${`${id}-error`}>${this.issueText(field, code)}</p>`
          : nothing
      }
    </div>`;
  }

  private renderControl(
    field: FormField,
    id: string,
    describedBy: string,
    invalid: boolean,
    required: boolean,
    marker: TemplateResult | typeof nothing,
  ): TemplateResult {
    const value = this._values[field.name];
    const text = typeof value === 'string' ? value : '';
    const placeholder = this.text(field.placeholder) ?? nothing;
    const common: ControlAria = {
      describedBy: describedBy || nothing,
      invalid: invalid ? 'true' : 'false',
      required: required ? 'true' : nothing,
    };
    const onInput = (event: Event) =>
      this.onInput(field, (event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value);
    const onBlur = () => this.onBlur(field);
    switch (field.type) {
      case 'consent':
        return html`<div class="check">
          <input
            id=${id}
            type="checkbox"
            part="input"
            name=${field.name}
            .checked=${value === true}
            ?disabled=${this._disabled}
            aria-describedby=${common.describedBy}
            aria-invalid=${common.invalid}
            aria-required=${common.required}
            @change=${(event: Event) => this.onInput(field, (event.target as HTMLInputElement).checked)}
            @blur=${onBlur}
          />
          <label part="label" for=${id}>${this.text(field.text)}${marker}</label>
        </div>`;
      case 'select':
        return html`<select
          id=${id}
          part="input"
          name=${field.name}
          ?disabled=${this._disabled}
          aria-describedby=${common.describedBy}
          aria-invalid=${common.invalid}
          aria-required=${common.required}
          @change=${onInput}
          @blur=${onBlur}
        >
          <option value="" ?selected=${text === ''}>${this.messages.choose}</option>
          ${field.options.map(
            (option) =>
              html`<option value=${option.value} ?selected=${option.value === text}>${this.text(option.label)}</option>`,
          )}
        </select>`;
      case 'textarea':
        return html`<textarea
          id=${id}
          part="input"
          name=${field.name}
          maxlength=${maxLengthOf(field)}
          placeholder=${placeholder}
          .value=${text}
          ?disabled=${this._disabled}
          aria-describedby=${common.describedBy}
          aria-invalid=${common.invalid}
          aria-required=${common.required}
          @input=${onInput}
          @blur=${onBlur}
        ></textarea>`;
      case 'phone': {
        const countries = phoneCountries(field);
        const country = this._countries[field.name] ?? countries[0]!;
        const locale = this.activeLocale;
        const code = (iso: string) => `+${CALLING_CODES[iso] ?? ''}`;
        return html`<div class="phone">
          ${
            countries.length > 1
              ? html`<select
                part="input country"
                aria-label=${`${this.labelOf(field)}: ${this.messages.country}`}
                autocomplete="tel-country-code"
                ?disabled=${this._disabled}
                @change=${(event: Event) => this.onCountry(field, (event.target as HTMLSelectElement).value)}
              >
                ${countries.map(
                  (iso) =>
                    html`<option value=${iso} ?selected=${iso === country}>${code(iso)} ${regionName(locale, iso)}</option>`,
                )}
              </select>`
              : html`<span class="calling-code" title=${regionName(locale, country)}>${code(country)}</span>`
          }
          ${this.renderInput(field, id, 'tel', 'tel-national', text, placeholder, common, onInput, onBlur)}
        </div>`;
      }
      default: {
        const type = field.type === 'email' ? 'email' : 'text';
        const autocomplete =
          field.type === 'name'
            ? 'name'
            : field.type === 'company'
              ? 'organization'
              : field.type === 'email'
                ? 'email'
                : nothing;
        return this.renderInput(field, id, type, autocomplete, text, placeholder, common, onInput, onBlur);
      }
    }
  }

  private renderInput(
    field: FormField,
    id: string,
    type: 'text' | 'email' | 'tel',
    autocomplete: string | typeof nothing,
    value: string,
    placeholder: string | typeof nothing,
    common: ControlAria,
    onInput: (event: Event) => void,
    onBlur: () => void,
  ): TemplateResult {
    return html`<input
      id=${id}
      type=${type}
      part="input"
      name=${field.name}
      maxlength=${type === 'tel' ? 24 : maxLengthOf(field)}
      autocomplete=${autocomplete}
      inputmode=${type === 'tel' ? 'tel' : nothing}
      placeholder=${placeholder}
      .value=${value}
      ?disabled=${this._disabled}
      aria-describedby=${common.describedBy}
      aria-invalid=${common.invalid}
      aria-required=${common.required}
      @input=${onInput}
      @blur=${onBlur}
      @keydown=${this.onKeydown}
    />`;
  }

  private renderHoneypot(): TemplateResult {
    // Hidden from sight, from assistive technology and from the tab order: only a bot fills it.
    return html`<div class="honeypot" aria-hidden="true">
      <label for="kehu-hp">${this.messages.honeypot}</label>
      <input
        id="kehu-hp"
        name="website"
        type="text"
        tabindex="-1"
        autocomplete="off"
        @input=${(event: Event) => {
          this.honeypot = (event.target as HTMLInputElement).value;
        }}
      />
    </div>`;
  }

  private renderStatus(): TemplateResult {
    const notice = this._notice;
    const retry =
      (notice?.kind === 'failed' && notice.retryable) || notice?.kind === 'restored'
        ? html`<button type="button" part="retry" ?disabled=${this._sending} @click=${() => void this.submit()}>
            ${this.messages.retry}
          </button>`
        : nothing;
    const tone =
      notice?.kind === 'success' ? 'success' : notice?.kind === 'restored' || !notice ? 'info' : 'error';
    return html`<div class="status" part="status" data-tone=${tone}>
      <p role="status" aria-atomic="true">${notice ? this.noticeText(notice) : ''}</p>
      ${retry}
    </div>`;
  }

  private noticeText(notice: Notice): string {
    const messages = this.messages;
    switch (notice.kind) {
      case 'success':
        return this.text(this._config?.successMessage) ?? messages.success;
      case 'invalid':
        return messages.errorCount(notice.count);
      case 'tooSoon':
        return messages.tooSoon;
      case 'tooManyAttempts':
        return messages.tooManyAttempts;
      case 'restored':
        return messages.restored;
      case 'noTarget':
        return messages.noTarget;
      case 'failed':
        return [
          messages.failures[notice.code],
          ...notice.unknown.map((name) => messages.unknownField(name)),
          notice.offline ? messages.waitingForNetwork : '',
          notice.retryInSeconds ? messages.retryingIn(notice.retryInSeconds) : '',
        ]
          .filter(Boolean)
          .join(' ');
    }
  }
}
