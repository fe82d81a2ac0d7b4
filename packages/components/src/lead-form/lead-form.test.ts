/// <reference types="mocha" />
import { type Crm, createCrm, createManualClock, KehuError, type Lead } from '@kehu/core';
import type { FormConfigInput, LeadSubmission } from '@kehu/core/forms';
import { matchingEngine } from '@kehu/core/matching';
import { createMemoryStore } from '@kehu/core/memory';
import { expect, fixture, fixtureSync, html, waitUntil as waitUntilDefault } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { nothing } from 'lit';
import '../define.ts';
import type { LeadCapturedDetail, LeadFailedDetail } from './events.ts';
import type { KehuLeadFormElement } from './lead-form.ts';

const NOW = '2026-11-01T09:00:00.000Z';
const XSS = '<img src=x onerror=alert(1)>';

/** `waitUntil` with room for a busy CI machine; no assertion here is about speed. */
const waitUntil = (predicate: () => unknown, message?: string) =>
  waitUntilDefault(predicate, message, { timeout: 5_000 });

const both = (text: string) => ({ 'zh-CN': text, en: text });

/** One field of every type. */
function fullConfig(overrides: Partial<FormConfigInput> = {}): FormConfigInput {
  return {
    id: 'contact-us',
    title: { 'zh-CN': '联系我们', en: 'Contact us' },
    fields: [
      { type: 'name', name: 'name' },
      { type: 'company', name: 'company' },
      {
        type: 'email',
        name: 'email',
        required: true,
        help: { 'zh-CN': '我们只用它回复您', en: 'Only to answer you' },
      },
      { type: 'phone', name: 'phone', countries: ['CN', 'HK', 'US'] },
      {
        type: 'select',
        name: 'industry',
        maps: 'industry',
        options: [
          { value: 'retail', label: { 'zh-CN': '零售', en: 'Retail' } },
          { value: 'tea', label: { 'zh-CN': '茶叶', en: 'Tea' } },
        ],
      },
      { type: 'textarea', name: 'message', maps: 'message', maxLength: 200 },
      { type: 'text', name: 'budget', maxLength: 10 },
      {
        type: 'consent',
        name: 'consent',
        text: { 'zh-CN': '我同意接收营销邮件', en: 'I agree to receive marketing e-mail' },
      },
    ],
    spam: { honeypot: true, minFillMs: 0 },
    ...overrides,
  };
}

async function memoryCrm(): Promise<Crm> {
  const crm = createCrm({ store: createMemoryStore(), clock: createManualClock(NOW) });
  await crm.accounts.create({ id: 'a1', name: '华星科技', kind: 'company' });
  await crm.contacts.create({
    id: 'c1',
    accountId: 'a1',
    name: '王芳',
    emails: ['wang.fang@huaxing.cn'],
    phones: ['+8613900139000'],
  });
  return crm;
}

const leadsOf = async (crm: Crm): Promise<Lead[]> => (await crm.store.query('leads', {})).items;

interface MountOptions {
  crm?: Crm;
  endpoint?: string;
  locale?: 'zh-CN' | 'en';
  config?: FormConfigInput;
  duplicateHint?: boolean;
}

async function mount(options: MountOptions): Promise<KehuLeadFormElement> {
  const form = await fixture<KehuLeadFormElement>(
    html`<kehu-lead-form
      .crm=${options.crm}
      endpoint=${options.endpoint ?? nothing}
      locale=${options.locale ?? 'zh-CN'}
      .config=${options.config ?? fullConfig()}
      ?duplicate-hint=${options.duplicateHint ?? false}
    ></kehu-lead-form>`,
  );
  await waitUntil(() => form.shadowRoot!.querySelector('#f-name'), 'fields render');
  return form;
}

const $ = <T extends Element = HTMLElement>(form: KehuLeadFormElement, selector: string) =>
  form.shadowRoot!.querySelector<T & Element>(selector);

function control(form: KehuLeadFormElement, name: string): HTMLInputElement {
  const found = $<HTMLInputElement>(form, `#f-${name}`);
  if (!found) throw new Error(`no control ${name}`);
  return found;
}

/** Types into a field as a person would: input events, then leaving the field. */
async function fill(form: KehuLeadFormElement, name: string, value: string | boolean): Promise<void> {
  const input = control(form, name);
  if (typeof value === 'boolean') {
    if (input.checked !== value) input.click();
  } else {
    input.value = value;
    input.dispatchEvent(
      new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }),
    );
  }
  input.dispatchEvent(new Event('blur'));
  await form.updateComplete;
}

const errorOf = (form: KehuLeadFormElement, name: string) =>
  $(form, `[data-field="${name}"] [part="error"]`)?.textContent?.trim();
const status = (form: KehuLeadFormElement) => $(form, '[part="status"] [role="status"]')!.textContent!.trim();
const submitButton = (form: KehuLeadFormElement) => $<HTMLButtonElement>(form, '[part="submit"]')!;
const retryButton = (form: KehuLeadFormElement) => $<HTMLButtonElement>(form, '[part="retry"]');

async function fillValid(form: KehuLeadFormElement): Promise<void> {
  await fill(form, 'name', '李雷');
  await fill(form, 'email', 'li.lei@example.cn');
}

function captured(form: KehuLeadFormElement): LeadCapturedDetail[] {
  const seen: LeadCapturedDetail[] = [];
  form.addEventListener('kehu-lead-captured', (event) => seen.push(event.detail));
  return seen;
}

function submissions(form: KehuLeadFormElement): LeadSubmission[] {
  const seen: LeadSubmission[] = [];
  form.addEventListener('kehu-lead-submit', (event) => seen.push(event.detail));
  return seen;
}

/** A crm whose `forms.receive` is replaced; everything else is the real facade. */
function withReceive(crm: Crm, receive: Crm['forms']['receive']): Crm {
  return { ...crm, forms: { ...crm.forms, receive } } as Crm;
}

beforeEach(() => {
  sessionStorage.clear();
});

describe('<kehu-lead-form> in the app', () => {
  it('renders every field type with its label and sends every value into the captured lead', async () => {
    const crm = await memoryCrm();
    const form = await mount({ crm });
    const labels = [...form.shadowRoot!.querySelectorAll('label[part="label"]')].map((label) =>
      label.textContent!.replace('*', '').trim(),
    );
    expect(labels).to.deep.equal([
      '姓名',
      '公司',
      '邮箱',
      '手机',
      '请选择',
      '留言',
      '补充信息',
      '我同意接收营销邮件',
    ]);
    expect(control(form, 'email').type).to.equal('email');
    expect(control(form, 'phone').type).to.equal('tel');
    expect(control(form, 'message').maxLength).to.equal(200);
    expect(control(form, 'consent').type).to.equal('checkbox');
    const countries = [...form.shadowRoot!.querySelectorAll('[part~="country"] option')].map(
      (o) => o.textContent,
    );
    expect(countries[0]).to.equal('+86 中国');
    expect(countries).to.have.length(3);
    expect(control(form, 'email').getAttribute('aria-describedby')).to.equal('f-email-help');

    const seen = captured(form);
    await fill(form, 'name', '李雷');
    await fill(form, 'company', '清源茶业');
    await fill(form, 'email', 'li.lei@example.cn');
    await fill(form, 'phone', '138 0013 8000');
    await fill(form, 'industry', 'retail');
    await fill(form, 'message', '想了解批发价格');
    await fill(form, 'budget', '50万');
    await fill(form, 'consent', true);
    submitButton(form).click();
    await waitUntil(() => seen.length === 1, 'captured');

    const [lead] = await leadsOf(crm);
    expect(lead).to.include({
      name: '李雷',
      company: '清源茶业',
      email: 'li.lei@example.cn',
      phone: '+8613800138000',
      industry: 'retail',
      message: '想了解批发价格',
      source: 'web_form',
    });
    expect(lead!.consentAt).to.be.a('string');
    expect(lead!.raw).to.deep.include({ consentText: '我同意接收营销邮件' });
    expect((lead!.raw as { values: Record<string, unknown> }).values.budget).to.equal('50万');
    expect(seen[0]).to.include({ leadId: lead!.id, duplicate: false });
    expect(seen[0]!.lead?.id).to.equal(lead!.id);
    await waitUntil(() => status(form) === '提交成功,我们会尽快与您联系。', 'success shown');
    expect(control(form, 'name').value).to.equal('', 'the form starts afresh');
    expect(control(form, 'consent').checked).to.equal(false);
  });

  for (const [locale, texts] of [
    [
      'zh-CN',
      {
        required: '此项为必填项。',
        too_long: '最多 10 个字符。',
        email: '请输入有效的邮箱地址,例如 name@example.com。',
        phone: '请输入有效的电话号码。',
        option: '请从列表中选择一项。',
        type: '此项的值格式不正确。',
        count: '有 4 项需要修改。',
        unknown: '请修改标出的项后再提交。 表单中没有「nickname」项。',
      },
    ],
    [
      'en',
      {
        required: 'This field is required.',
        too_long: 'Use at most 10 characters.',
        email: 'Enter a valid e-mail address, such as name@example.com.',
        phone: 'Enter a valid phone number.',
        option: 'Choose one of the options.',
        type: 'This value has the wrong format.',
        count: '4 fields need your attention.',
        unknown: 'Please correct the marked fields and submit again. The form has no field “nickname”.',
      },
    ],
  ] as const) {
    it(`shows every validation message in ${locale}, next to its field, and announces the count`, async () => {
      const crm = await memoryCrm();
      const form = await mount({ crm, locale });
      const sent = submissions(form);
      await fill(form, 'email', 'not-an-e-mail');
      expect(errorOf(form, 'email'), 'validated on blur').to.equal(texts.email);
      await fill(form, 'phone', '12345');
      await fill(form, 'budget', '12345678901');
      submitButton(form).click();
      await waitUntil(() => status(form) === texts.count, 'count announced');
      expect(errorOf(form, 'name')).to.equal(texts.required);
      expect(errorOf(form, 'email')).to.equal(texts.email);
      expect(errorOf(form, 'phone')).to.equal(texts.phone);
      expect(errorOf(form, 'budget')).to.equal(texts.too_long);
      const name = control(form, 'name');
      expect(name.getAttribute('aria-invalid')).to.equal('true');
      expect(name.getAttribute('aria-describedby')).to.equal('f-name-error');
      expect(control(form, 'email').getAttribute('aria-describedby')).to.equal('f-email-error f-email-help');
      expect(form.shadowRoot!.activeElement).to.equal(name, 'focus on the first invalid field');
      expect(sent).to.have.length(0);
      await fill(form, 'name', '李雷');
      expect(errorOf(form, 'name'), 'fixed on input').to.equal(undefined);
      expect(name.getAttribute('aria-invalid')).to.equal('false');

      // What only a server can refuse: an option it no longer offers, a wrong type, an unknown field.
      const refusing = withReceive(crm, async () => ({
        status: 400,
        body: {
          ok: false,
          error: {
            code: 'VALIDATION',
            message: 'Invalid values',
            details: {},
            issues: [
              { path: ['values', 'industry'], code: 'option', message: '' },
              { path: ['values', 'budget'], code: 'type', message: '' },
              { path: ['values', 'nickname'], code: 'unknown', message: '' },
            ],
          },
        },
      }));
      const other = await mount({ crm: refusing, locale });
      await fillValid(other);
      submitButton(other).click();
      await waitUntil(() => errorOf(other, 'industry') === texts.option, 'option');
      expect(errorOf(other, 'budget')).to.equal(texts.type);
      expect(status(other)).to.equal(texts.unknown);
      expect(control(other, 'name').value).to.equal('李雷', 'entries kept');
    });
  }

  it('is completed with the keyboard alone', async () => {
    const crm = await memoryCrm();
    const form = await mount({
      crm,
      locale: 'en',
      config: {
        id: 'keyboard',
        fields: [
          { type: 'name', name: 'name' },
          { type: 'email', name: 'email' },
          { type: 'phone', name: 'phone' },
          { type: 'consent', name: 'consent', required: true, text: both('Yes, contact me') },
        ],
        spam: { honeypot: true, minFillMs: 0 },
      },
    });
    const seen = captured(form);
    control(form, 'name').focus();
    await sendKeys({ type: 'Han Meimei' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'han@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '13800138000' });
    await sendKeys({ press: 'Tab' });
    expect(form.shadowRoot!.activeElement).to.equal(control(form, 'consent'));
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    expect(form.shadowRoot!.activeElement).to.equal(submitButton(form), 'the honeypot is never tabbed to');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => seen.length === 1, 'captured');
    const [lead] = await leadsOf(crm);
    expect(lead).to.include({ name: 'Han Meimei', email: 'han@example.com', phone: '+8613800138000' });
    expect(lead!.consentAt).to.be.a('string');
  });

  it('refuses a filled honeypot: no lead', async () => {
    const crm = await memoryCrm();
    const form = await mount({ crm, locale: 'en' });
    const failures: LeadFailedDetail[] = [];
    form.addEventListener('kehu-lead-failed', (event) => failures.push(event.detail));
    const honeypot = $<HTMLInputElement>(form, '.honeypot input')!;
    expect(honeypot.tabIndex).to.equal(-1);
    expect(honeypot.getAttribute('autocomplete')).to.equal('off');
    expect(honeypot.closest('[aria-hidden="true"]')).to.not.equal(null);
    honeypot.value = 'http://spam.example';
    honeypot.dispatchEvent(new Event('input'));
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => failures.length === 1, 'refused');
    expect(failures[0]).to.include({ code: 'GUARD_REJECTED', retryable: false });
    expect(status(form)).to.equal('This form could not be submitted.');
    expect(await leadsOf(crm)).to.have.length(0);
  });

  it('asks for a moment when sent sooner than the minimum fill time: nothing sent', async () => {
    const crm = await memoryCrm();
    const form = await mount({
      crm,
      locale: 'en',
      config: fullConfig({ spam: { honeypot: true, minFillMs: 60_000 } }),
    });
    const sent = submissions(form);
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => status(form) === 'Please take a moment to complete the form.', 'message');
    expect(sent).to.have.length(0);
    expect(await leadsOf(crm)).to.have.length(0);
  });

  it('sends nothing when the rate-limit hook says no', async () => {
    const crm = await memoryCrm();
    let received = 0;
    const counting = withReceive(crm, (...args) => {
      received++;
      return crm.forms.receive(...args);
    });
    const form = await mount({ crm: counting, locale: 'en' });
    const asked: LeadSubmission[] = [];
    form.rateLimit = async (submission) => {
      asked.push(submission);
      return false;
    };
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => status(form) === 'Too many attempts. Please try again later.', 'message');
    expect(asked).to.have.length(1);
    expect(asked[0]!.values).to.deep.include({ name: '李雷' });
    expect(received).to.equal(0);
    expect(await leadsOf(crm)).to.have.length(0);
  });

  it('keeps the entries when saving fails, and a retry captures exactly one lead', async () => {
    const store = createMemoryStore();
    let failuresLeft = 1;
    const flaky = {
      ...store,
      transaction: ((...args: Parameters<typeof store.transaction>) =>
        failuresLeft-- > 0
          ? Promise.reject(new KehuError('STORAGE', 'disk full'))
          : store.transaction(...args)) as typeof store.transaction,
    };
    const crm = createCrm({ store: flaky, clock: createManualClock(NOW) });
    const form = await mount({ crm, locale: 'en' });
    const sent = submissions(form);
    const failures: LeadFailedDetail[] = [];
    form.addEventListener('kehu-lead-failed', (event) => failures.push(event.detail));
    const seen = captured(form);
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => retryButton(form), 'retry offered');
    expect(status(form)).to.equal(
      'The server could not take your request. Your entries are kept; please try again.',
    );
    expect(failures[0]).to.include({ code: 'STORAGE', retryable: true });
    expect(control(form, 'name').value).to.equal('李雷');
    retryButton(form)!.click();
    await waitUntil(() => seen.length === 1, 'captured on retry');
    expect((await store.query('leads', {})).items).to.have.length(1);
    expect(sent.map((s) => s.submissionId)).to.deep.equal([sent[0]!.submissionId, sent[0]!.submissionId]);
  });

  it('a lead saved whose answer was lost is not captured twice on retry', async () => {
    const crm = await memoryCrm();
    let calls = 0;
    const losing = withReceive(crm, async (...args) => {
      const receipt = await crm.forms.receive(...args);
      if (++calls === 1) throw new Error('the answer was lost');
      return receipt;
    });
    const form = await mount({ crm: losing, locale: 'en' });
    const seen = captured(form);
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => retryButton(form), 'retry offered');
    expect(await leadsOf(crm)).to.have.length(1);
    retryButton(form)!.click();
    // A double click on retry is one request.
    retryButton(form)?.click();
    await waitUntil(() => seen.length === 1, 'captured');
    expect(seen[0]!.duplicate).to.equal(true);
    expect(calls).to.equal(2);
    expect(await leadsOf(crm)).to.have.length(1);
  });

  it('hints that an e-mail or phone already belongs to a contact, when asked to', async () => {
    for (const engines of [{}, { matching: matchingEngine() }]) {
      const store = createMemoryStore();
      const crm = createCrm({ store, clock: createManualClock(NOW), engines });
      await crm.accounts.create({ id: 'a1', name: '华星科技', kind: 'company' });
      await crm.contacts.create({
        id: 'c1',
        accountId: 'a1',
        name: '王芳',
        emails: ['wang.fang@huaxing.cn'],
        phones: ['+8613900139000'],
      });
      const form = await mount({ crm, duplicateHint: true });
      await fill(form, 'email', 'wang.fang@huaxing.cn');
      await waitUntil(() => $(form, '#f-email-hint')?.textContent?.trim(), 'e-mail hint');
      expect($(form, '#f-email-hint')!.textContent!.trim()).to.equal('该邮箱已属于 华星科技 的 王芳');
      expect(control(form, 'email').getAttribute('aria-describedby')).to.contain('f-email-hint');
      form.locale = 'en';
      await form.updateComplete;
      expect($(form, '#f-email-hint')!.textContent!.trim()).to.equal(
        'This e-mail already belongs to 王芳 at 华星科技',
      );
      await fill(form, 'phone', '13900139000');
      await waitUntil(() => $(form, '#f-phone-hint')?.textContent?.trim(), 'phone hint');
      expect($(form, '#f-phone-hint')!.textContent!.trim()).to.equal(
        'This phone number already belongs to 王芳 at 华星科技',
      );
      await fill(form, 'email', 'someone.else@example.com');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect($(form, '#f-email-hint')!.textContent!.trim()).to.equal('');
    }
  });

  it('looks nothing up and shows no hint without duplicate-hint', async () => {
    const crm = await memoryCrm();
    let lookups = 0;
    const watched = {
      ...crm,
      contacts: {
        ...crm.contacts,
        list: (...args: Parameters<Crm['contacts']['list']>) => {
          lookups++;
          return crm.contacts.list(...args);
        },
      },
    } as Crm;
    const form = await mount({ crm: watched });
    await fill(form, 'email', 'wang.fang@huaxing.cn');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lookups).to.equal(0);
    expect($(form, '[part="hint"]')).to.equal(null);
  });

  it('takes part in a host <form>: FormData, validity, reset and disabled', async () => {
    const crm = await memoryCrm();
    // fixtureSync: `fixture` waits an animation frame for a non-Lit root, and a background tab
    // (two test files run at once) may not paint for a long time.
    const host = fixtureSync<HTMLFormElement>(html`<form>
      <fieldset>
        <kehu-lead-form .crm=${crm} locale="en" .config=${fullConfig()}></kehu-lead-form>
      </fieldset>
      <button>Send</button>
    </form>`);
    const form = host.querySelector('kehu-lead-form')!;
    await waitUntil(() => form.shadowRoot!.querySelector('#f-name'), 'fields render');
    expect($(form, '[part="submit"]'), 'no button of its own').to.equal(null);
    expect($(form, 'form'), 'no nested form').to.equal(null);
    expect(host.checkValidity()).to.equal(false);
    await fill(form, 'name', '李雷');
    await fill(form, 'email', 'li.lei@example.cn');
    await fill(form, 'phone', '13800138000');
    await fill(form, 'industry', 'tea');
    await fill(form, 'consent', true);
    expect(host.checkValidity()).to.equal(true);
    const data = new FormData(host);
    expect(data.get('name')).to.equal('李雷');
    expect(data.get('email')).to.equal('li.lei@example.cn');
    expect(data.get('phone')).to.equal('+8613800138000');
    expect(data.get('industry')).to.equal('tea');
    expect(data.get('consent')).to.equal('true');
    expect(data.has('company')).to.equal(false);

    await fill(form, 'email', 'broken');
    expect(host.checkValidity()).to.equal(false);
    host.reset();
    await form.updateComplete;
    expect(control(form, 'name').value).to.equal('');
    expect([...new FormData(host).keys()]).to.deep.equal([]);

    host.querySelector('fieldset')!.disabled = true;
    await waitUntil(() => control(form, 'name').disabled, 'disabled with its fieldset');
  });

  it('renders hostile configuration and input as text', async () => {
    const crm = await memoryCrm();
    const hostile = both(XSS);
    const form = await mount({
      crm,
      config: {
        id: 'hostile',
        title: hostile,
        description: hostile,
        submitLabel: hostile,
        fields: [
          { type: 'name', name: 'name', label: hostile, help: hostile, placeholder: hostile },
          { type: 'select', name: 'pick', label: hostile, options: [{ value: 'x', label: hostile }] },
          { type: 'consent', name: 'consent', text: hostile },
        ],
        spam: { honeypot: true, minFillMs: 0 },
      },
    });
    await fill(form, 'name', XSS);
    expect(form.shadowRoot!.querySelector('img')).to.equal(null);
    expect($(form, 'label[for="f-name"]')!.textContent).to.contain(XSS);
    expect($(form, '#f-name-help')!.textContent).to.equal(XSS);
    expect($(form, '#f-pick option[value="x"]')!.textContent).to.equal(XSS);
    expect($(form, 'label[for="f-consent"]')!.textContent).to.contain(XSS);
    expect(control(form, 'name').value).to.equal(XSS);
    submitButton(form).click();
    await waitUntil(async () => (await leadsOf(crm)).length === 1, 'captured');
    expect(form.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('restores an unsent submission after the element is created again, with the same id', async () => {
    const crm = await memoryCrm();
    const down = withReceive(crm, () => Promise.reject(new KehuError('STORAGE', 'offline')));
    const first = await mount({ crm: down, locale: 'en' });
    const sent = submissions(first);
    await fillValid(first);
    await fill(first, 'phone', '13800138000');
    await fill(first, 'consent', true);
    submitButton(first).click();
    await waitUntil(() => retryButton(first), 'failed');
    first.remove();

    const second = await mount({ crm, locale: 'en' });
    expect(control(second, 'name').value).to.equal('李雷');
    expect(control(second, 'phone').value).to.equal('13800138000');
    expect(control(second, 'consent').checked).to.equal(true);
    await waitUntil(() => status(second) === 'We restored the entries you had not sent yet.', 'restored');
    const seen = captured(second);
    retryButton(second)!.click();
    await waitUntil(() => seen.length === 1, 'captured');
    expect(seen[0]!.leadId).to.equal(`form-${sent[0]!.submissionId}`);
    expect(sessionStorage.length).to.equal(0, 'cleared on success');
  });

  it('shows which path of an invalid configuration is wrong', async () => {
    const form = await fixture<KehuLeadFormElement>(
      html`<kehu-lead-form
        locale="en"
        config=${JSON.stringify({ id: 'bad', fields: [{ type: 'select', name: 'x', options: [] }] })}
      ></kehu-lead-form>`,
    );
    await form.updateComplete;
    expect($(form, '[role="alert"]')!.textContent!.trim()).to.equal(
      'The form configuration is invalid: fields.0.options, fields',
    );
    form.setAttribute('config', '{not json');
    await form.updateComplete;
    expect($(form, '[role="alert"]')!.textContent!.trim()).to.equal(
      'The form configuration is invalid: JSON',
    );
  });

  it('is accessible, with errors shown and in dark', async () => {
    const crm = await memoryCrm();
    const form = await mount({ crm, duplicateHint: true });
    await expect(form).to.be.accessible();
    submitButton(form).click();
    await waitUntil(() => errorOf(form, 'name'), 'errors shown');
    form.theme = 'dark';
    await form.updateComplete;
    await expect(form).to.be.accessible();
  });
});

describe('<kehu-lead-form> with an endpoint', () => {
  const base = '/__kehu/lead-endpoint';
  const endpoint = `${base}/leads`;
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const serverLeads = async (): Promise<Lead[]> => (await fetch(`${base}/__control/leads`)).json();

  beforeEach(async () => {
    await post('/__control/reset', {});
    await post('/forms', fullConfig());
  });

  it('posts the submission and captures one lead', async () => {
    const form = await mount({ endpoint, locale: 'en' });
    const seen = captured(form);
    await fillValid(form);
    await fill(form, 'phone', '13800138000');
    submitButton(form).click();
    await waitUntil(() => seen.length === 1, 'captured');
    expect(seen[0]).to.include({ duplicate: false });
    expect(seen[0]!.lead).to.equal(undefined);
    const leads = await serverLeads();
    expect(leads).to.have.length(1);
    expect(leads[0]).to.include({ id: seen[0]!.leadId, name: '李雷', phone: '+8613800138000' });
  });

  it('keeps the entries when the server fails before saving; a retry captures one lead', async () => {
    await post('/__control/fail', { count: 1, mode: 'before-save' });
    const form = await mount({ endpoint, locale: 'en' });
    const seen = captured(form);
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => retryButton(form), 'retry offered');
    expect(status(form)).to.match(/^The server could not take your request\. .*Trying again in 2 s\.$/);
    expect(control(form, 'name').value).to.equal('李雷');
    retryButton(form)!.click();
    await waitUntil(() => seen.length === 1, 'captured');
    expect(await serverLeads()).to.have.length(1);
  });

  it('a lead saved whose answer was lost is captured once, as a duplicate, on retry', async () => {
    // Chromium itself resends a request once when a reused keep-alive connection closes without
    // an answer, so two lost answers are needed for the failure to reach the form.
    await post('/__control/fail', { count: 2, mode: 'after-save' });
    const form = await mount({ endpoint, locale: 'en' });
    const seen = captured(form);
    const failures: LeadFailedDetail[] = [];
    form.addEventListener('kehu-lead-failed', (event) => failures.push(event.detail));
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => retryButton(form), 'retry offered');
    expect(failures[0]).to.include({ code: 'NETWORK', retryable: true });
    expect(await serverLeads()).to.have.length(1);
    await waitUntil(() => {
      // Retry whenever it is offered: each attempt resends the same submission id.
      if (seen.length === 0 && !retryButton(form)?.disabled) retryButton(form)?.click();
      return seen.length === 1;
    }, 'captured');
    expect(seen[0]!.duplicate).to.equal(true);
    expect(await serverLeads()).to.have.length(1);
  });

  it('resends by itself when the browser comes back online', async () => {
    await post('/__control/fail', { count: 1, mode: 'before-save' });
    const form = await mount({ endpoint, locale: 'en' });
    const seen = captured(form);
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => retryButton(form), 'failed');
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => seen.length === 1, 'captured after online');
    expect(await serverLeads()).to.have.length(1);
  });

  it('waits as long as a 429 Retry-After says, then resends once by itself', async () => {
    // One submission per second from this client: an invalid one (refused after the limiter
    // counted it) uses up the second, so the form's own submission meets a 429.
    await post('/__control/rate-limit', { max: 1, windowMs: 1000 });
    await post('/leads', {
      formId: 'contact-us',
      submissionId: 'quota-user-1',
      values: { name: '' },
      elapsedMs: 60_000,
    });
    const form = await mount({ endpoint, locale: 'en' });
    const seen = captured(form);
    const failures: LeadFailedDetail[] = [];
    form.addEventListener('kehu-lead-failed', (event) => failures.push(event.detail));
    await fillValid(form);
    submitButton(form).click();
    await waitUntil(() => failures.length === 1, 'rate limited');
    expect(failures[0]).to.include({ code: 'RATE_LIMITED', retryable: true });
    expect(status(form)).to.contain('Too many submissions');
    await waitUntil(() => seen.length === 1, 'captured after Retry-After');
    expect(failures).to.have.length(1);
    expect(await serverLeads()).to.have.length(1);
  });

  it('never shows a duplicate hint on a public page', async () => {
    const crm = await memoryCrm();
    const form = await mount({ endpoint, crm, duplicateHint: true });
    await fill(form, 'email', 'wang.fang@huaxing.cn');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect($(form, '[part="hint"]')).to.equal(null);
  });
});
