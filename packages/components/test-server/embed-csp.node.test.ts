/**
 * The public embed as a website runs it: the built `lead-form.js` on a page of another origin
 * than the endpoint, under a strict Content-Security-Policy (no inline script or style, no eval,
 * requests to the endpoint only), in real Chromium. A person fills the form with the keyboard; the
 * endpoint fails before and after saving; bots are turned away; hostile configuration text stays
 * text. Every console message, page error and CSP violation fails the test, except the browser's
 * own "Failed to load resource" lines for the endpoint answers a scenario provokes on purpose.
 */
import { embedSnippet, type FormConfigInput, parseFormConfig } from '@kehu/core/forms';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { findChromium } from '../../../scripts/chromium.mjs';
import { buildEmbed } from '../scripts/build-embed.mjs';
import { type EmbedSite, startEmbedSite, strictPolicy } from './embed-site.ts';
import { startLeadEndpoint } from './lead-endpoint.mjs';

const MIN_FILL_MS = 300;
const SUCCESS = '感谢您的留言,我们会在一个工作日内联系您。';

const contactForm = {
  id: 'contact-us',
  title: { 'zh-CN': '联系我们', en: 'Contact us' },
  successMessage: { 'zh-CN': SUCCESS, en: 'Thank you, we will be in touch within a working day.' },
  campaignId: 'spring-expo',
  spam: { honeypot: true, minFillMs: MIN_FILL_MS },
  fields: [
    { type: 'name', name: 'name' },
    { type: 'company', name: 'company' },
    { type: 'email', name: 'email', required: true },
    { type: 'phone', name: 'phone', countries: ['CN', 'HK'] },
    {
      type: 'select',
      name: 'interest',
      maps: 'product',
      required: true,
      options: [
        { value: 'crm', label: { 'zh-CN': '客户管理', en: 'CRM' } },
        { value: 'erp', label: { 'zh-CN': '企业资源计划', en: 'ERP' } },
      ],
    },
    { type: 'textarea', name: 'message', maps: 'message' },
    {
      type: 'consent',
      name: 'consent',
      required: true,
      text: { 'zh-CN': '我同意接收产品资讯。', en: 'I agree to receive product news.' },
    },
  ],
} satisfies FormConfigInput;

/** Too slow for a script: a bot that submits at once is refused on the fill time. */
const slowForm = { ...contactForm, id: 'slow-form', spam: { honeypot: true, minFillMs: 60_000 } };

const XSS_IMG = '<img src=x onerror="window.__kehuXss=1">';
const XSS_SCRIPT = '"><script>window.__kehuXss=2</script>';
const hostile = (tag: string) => ({ 'zh-CN': `${tag} ${XSS_IMG} ${XSS_SCRIPT}`, en: `${tag} ${XSS_IMG}` });
const hostileForm = {
  id: 'hostile',
  title: hostile('标题'),
  description: hostile('说明'),
  submitLabel: hostile('提交'),
  spam: { honeypot: true, minFillMs: MIN_FILL_MS },
  fields: [
    {
      type: 'name',
      name: 'name',
      label: hostile('姓名'),
      help: hostile('帮助'),
      placeholder: hostile('占位'),
    },
    {
      type: 'select',
      name: 'pick',
      label: hostile('选择'),
      options: [
        { value: '"><img src=x>', label: hostile('选项') },
        { value: 'plain', label: hostile('普通') },
      ],
    },
    { type: 'consent', name: 'consent', text: hostile('同意') },
  ],
} satisfies FormConfigInput;

interface Noise {
  kind: 'console' | 'pageerror' | 'csp';
  text: string;
  url?: string;
}

interface Visit {
  page: Page;
  context: BrowserContext;
  noise: Noise[];
}

interface StoredLead {
  id: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  product?: string;
  message?: string;
  campaignId?: string;
  consentAt?: string;
  raw: { formId: string; submissionId: string; values: Record<string, unknown>; consentText?: string };
}

let browser: Browser;
let endpoint: Awaited<ReturnType<typeof startLeadEndpoint>>;
let site: EmbedSite;
let leadsUrl: string;
const visits: Visit[] = [];

beforeAll(async () => {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found: install Debian\'s "chromium" package or set CHROME_PATH.');
  }
  const [embed, server] = await Promise.all([
    buildEmbed(),
    startLeadEndpoint({ forms: [contactForm, slowForm, hostileForm] }),
  ]);
  endpoint = server;
  leadsUrl = `${endpoint.url}/leads`;
  const snippet = (config: FormConfigInput) =>
    embedSnippet(config, { endpoint: leadsUrl, scriptUrl: '/lead-form.js' });
  [site, browser] = await Promise.all([
    startEmbedSite({
      pages: {
        '/': snippet(contactForm),
        '/slow': snippet(slowForm),
        '/hostile': snippet(hostileForm),
        // Proves the recorder hears a violation: an inline script the policy must block.
        '/canary': `${snippet(contactForm)}\n<script>window.__kehuInline = 1;</script>`,
      },
      script: embed.code,
      map: embed.map,
      policy: strictPolicy(endpoint.url),
    }),
    puppeteer.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([site?.close(), endpoint?.close()]);
});

beforeEach(async () => {
  await control('/__control/reset');
});

async function control(path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${endpoint.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  expect(response.ok, `${path} answered ${response.status}`).toBe(true);
}

async function storedLeads(): Promise<StoredLead[]> {
  return (await fetch(`${endpoint.url}/__control/leads`)).json() as Promise<StoredLead[]>;
}

/** Opens `path` of the site in a fresh incognito context, recording everything the page says. */
async function visit(path = '/'): Promise<Visit> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const noise: Noise[] = [];
  const entry: Visit = { page, context, noise };
  visits.push(entry);
  page.on('console', (message) =>
    noise.push({
      kind: 'console',
      text: `${message.type()}: ${message.text()}`,
      url: message.location().url,
    }),
  );
  page.on('pageerror', (error) => noise.push({ kind: 'pageerror', text: String(error) }));
  await page.exposeFunction('__kehuReport', (text: string) => noise.push({ kind: 'csp', text }));
  // Added through the DevTools protocol, so the page's CSP does not apply to it.
  await page.evaluateOnNewDocument(() => {
    const report = (window as unknown as { __kehuReport: (text: string) => void }).__kehuReport;
    document.addEventListener('securitypolicyviolation', (event) =>
      report(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sample})`),
    );
    const events: string[] = [];
    (window as unknown as { __kehuEvents: string[] }).__kehuEvents = events;
    for (const type of ['kehu-lead-captured', 'kehu-lead-failed']) {
      document.addEventListener(type, () => events.push(type));
    }
  });
  const response = await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await page.waitForFunction(
    () => customElements.get('kehu-lead-form') && document.querySelector('kehu-lead-form')?.shadowRoot,
  );
  await page.waitForSelector('kehu-lead-form >>> form');
  return entry;
}

/** Fails on anything the page said, except failed endpoint requests when `expectFailedRequests`. */
function expectSilence({ noise }: Visit, { expectFailedRequests = false } = {}): void {
  const unexpected = noise.filter(
    (item) =>
      !(
        expectFailedRequests &&
        item.kind === 'console' &&
        item.url === leadsUrl &&
        item.text.includes('Failed to load resource')
      ),
  );
  expect(unexpected).toEqual([]);
}

/** Waits until the form's shadow root shows `text`. */
const waitForText = (page: Page, text: string, timeout = 10_000) =>
  page.waitForFunction(
    (wanted) => document.querySelector('kehu-lead-form')?.shadowRoot?.textContent?.includes(wanted),
    { timeout },
    text,
  );

/** The focused element, through shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const control = active as HTMLInputElement | null;
    return {
      tag: control?.localName ?? '',
      type: control?.type ?? '',
      name: control?.name ?? control?.getAttribute('name') ?? '',
      value: control?.value ?? '',
      checked: control?.checked ?? false,
    };
  });

/** The current values of the form's named controls. */
const controlValues = (page: Page) =>
  page.$eval('kehu-lead-form', (form) => {
    const values: Record<string, string | boolean> = {};
    for (const control of form.shadowRoot?.querySelectorAll<HTMLInputElement>('input, select, textarea') ??
      []) {
      if (!control.name) continue;
      values[control.name] = control.type === 'checkbox' ? control.checked : control.value;
    }
    return values;
  });

const TYPED: Record<string, string> = {
  name: '张伟',
  company: '星河科技有限公司',
  email: 'zhang.wei@xinghe.example.cn',
  phone: '13800138000',
  message: '我们有 50 名销售,想了解私有化部署。',
};

/**
 * Fills the contact form the way a keyboard user does: Tab from the top of the page through
 * every control, typing into text fields, ArrowDown on the product select, Space on the consent
 * box, until the submit button has focus. Returns the select's chosen value.
 */
async function fillWithKeyboard(page: Page): Promise<string> {
  let chosen = '';
  const seen: string[] = [];
  for (let step = 0; step < 30; step++) {
    await page.keyboard.press('Tab');
    const control = await focused(page);
    seen.push(`${control.tag}[${control.name || control.type}]`);
    if (control.tag === 'button' && control.type === 'submit') return chosen;
    if (control.tag === 'select' && control.name === 'interest') {
      await page.keyboard.press('ArrowDown');
      chosen = (await focused(page)).value;
      if (!chosen) {
        await page.keyboard.press('ArrowDown');
        chosen = (await focused(page)).value;
      }
    } else if (control.tag === 'input' && control.type === 'checkbox' && !control.checked) {
      await page.keyboard.press('Space');
    } else if ((control.tag === 'input' || control.tag === 'textarea') && TYPED[control.name]) {
      await page.keyboard.type(TYPED[control.name]!);
    }
  }
  throw new Error(`Tab never reached the submit button; focus went through ${seen.join(' → ')}`);
}

/** Fills every field through the DOM, as a script (or a hurried test) would; `honeypot` fills the trap too. */
async function fillByScript(page: Page, honeypot?: string): Promise<void> {
  await page.$eval(
    'kehu-lead-form',
    (form, values, trap) => {
      for (const control of form.shadowRoot!.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
        const value = (values as Record<string, string>)[control.name];
        if (control.id === 'kehu-hp') {
          if (trap === undefined) continue;
          control.value = trap as string;
        } else if (control.type === 'checkbox') control.checked = true;
        else if (control.name === 'interest') control.value = 'erp';
        else if (value !== undefined) control.value = value;
        else continue;
        control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      }
    },
    TYPED,
    honeypot,
  );
}

const submitButton = 'kehu-lead-form >>> button[part="submit"]';
const retryButton = 'kehu-lead-form >>> button[part="retry"]';
const events = (page: Page) =>
  page.evaluate(() => (window as unknown as { __kehuEvents: string[] }).__kehuEvents);

describe('public lead-form embed under a strict CSP (Chromium)', () => {
  afterAll(async () => {
    await Promise.all(visits.map((entry) => entry.context.close().catch(() => undefined)));
  });

  it('hears a violation when there is one (the recorder works)', async () => {
    const entry = await visit('/canary');
    expect(await entry.page.evaluate(() => '__kehuInline' in window)).toBe(false);
    await vi.waitFor(() =>
      expect(entry.noise.filter((item) => item.kind === 'csp')).toEqual([
        expect.objectContaining({ text: expect.stringContaining('script-src') }),
      ]),
    );
  });

  it('a person fills it in with the keyboard and one lead arrives, with consent', async () => {
    const entry = await visit('/');
    const { page } = entry;
    const chosen = await fillWithKeyboard(page);
    expect(chosen).toMatch(/^(crm|erp)$/);
    await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS));
    await page.keyboard.press('Enter');
    await waitForText(page, SUCCESS);
    expect(await events(page)).toEqual(['kehu-lead-captured']);

    const leads = await storedLeads();
    expect(leads).toHaveLength(1);
    const [lead] = leads;
    expect(lead).toMatchObject({
      name: TYPED.name,
      company: TYPED.company,
      email: TYPED.email,
      phone: '+8613800138000',
      product: chosen,
      message: TYPED.message,
      campaignId: 'spring-expo',
      raw: { formId: 'contact-us', consentText: '我同意接收产品资讯。' },
    });
    expect(lead!.consentAt).toEqual(expect.any(String));
    expect(lead!.raw.values).toMatchObject({ interest: chosen, consent: true });
    expectSilence(entry);
  });

  it('keeps the entries when the endpoint fails before saving, and a retry sends one lead', async () => {
    const entry = await visit('/');
    const { page } = entry;
    await control('/__control/fail', { count: 1, mode: 'before-save' });
    await fillByScript(page);
    const before = await controlValues(page);
    await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS));
    await page.click(submitButton);
    await waitForText(page, '服务器暂时无法处理');
    expect(await controlValues(page)).toEqual(before);
    expect(await storedLeads()).toHaveLength(0);

    await page.click(retryButton);
    await waitForText(page, SUCCESS);
    expect(await storedLeads()).toHaveLength(1);
    expectSilence(entry, { expectFailedRequests: true });
  });

  it('makes no second lead when the answer is lost after saving', async () => {
    const entry = await visit('/');
    const { page } = entry;
    // Twice: Chromium itself resends a request once when a reused keep-alive connection closes
    // without an answer; the second loss reaches the page.
    await control('/__control/fail', { count: 2, mode: 'after-save' });
    await fillByScript(page);
    const before = await controlValues(page);
    await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS));
    await page.click(submitButton);
    await waitForText(page, '网络连接失败');
    expect(await events(page)).toEqual(['kehu-lead-failed']);
    expect(await controlValues(page)).toEqual(before);
    expect(await storedLeads()).toHaveLength(1);

    await page.click(retryButton);
    // Should the manual resend be lost as well, the automatic one (after 4 s) goes through.
    await waitForText(page, SUCCESS, 15_000);
    const leads = await storedLeads();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.email).toBe(TYPED.email);
    expectSilence(entry, { expectFailedRequests: true });
  });

  it('turns away a bot that fills the honeypot', async () => {
    const entry = await visit('/');
    const { page } = entry;
    await fillByScript(page, 'https://spam.example/buy');
    await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS));
    await page.click(submitButton);
    await page.waitForFunction(
      () => (window as unknown as { __kehuEvents: string[] }).__kehuEvents.length > 0,
      { timeout: 5_000 },
    );
    expect(await events(page)).not.toContain('kehu-lead-captured');
    expect(await storedLeads()).toEqual([]);
    expectSilence(entry, { expectFailedRequests: true });
  });

  it('turns away a bot that submits sooner than the minimum fill time', async () => {
    const entry = await visit('/slow');
    const { page } = entry;
    await fillByScript(page);
    await page.click(submitButton);
    await waitForText(page, '请花点时间填写后再提交');
    expect(await events(page)).not.toContain('kehu-lead-captured');
    expect(await storedLeads()).toEqual([]);
    expectSilence(entry, { expectFailedRequests: true });
  });

  it('renders hostile configuration text as text, and the snippet keeps the config intact', async () => {
    const entry = await visit('/hostile');
    const { page } = entry;
    const dom = await page.evaluate(() => {
      const forms = document.querySelectorAll('kehu-lead-form');
      const root = forms[0]?.shadowRoot;
      return {
        forms: forms.length,
        scripts: [...document.querySelectorAll('script')].map((script) => script.getAttribute('src')),
        images: document.querySelectorAll('img').length,
        shadowImagesOrScripts: root?.querySelectorAll('img, script').length,
        config: forms[0]?.getAttribute('config'),
        endpoint: forms[0]?.getAttribute('endpoint'),
        text: root?.textContent ?? '',
        xss: (window as unknown as { __kehuXss?: number }).__kehuXss,
      };
    });
    expect(dom.forms).toBe(1);
    expect(dom.scripts).toEqual(['/lead-form.js']);
    expect(dom.images).toBe(0);
    expect(dom.shadowImagesOrScripts).toBe(0);
    expect(dom.xss).toBeUndefined();
    expect(dom.endpoint).toBe(leadsUrl);
    expect(JSON.parse(dom.config ?? 'null')).toEqual(parseFormConfig(hostileForm));
    // The markup is shown to the reader, literally.
    for (const tag of ['标题', '说明', '姓名', '帮助', '选择', '同意']) {
      expect(dom.text).toContain(`${tag} ${XSS_IMG} ${XSS_SCRIPT}`);
    }
    const optionLabels = await page.$$eval('kehu-lead-form >>> option', (options) =>
      options.map((option) => option.textContent?.trim() ?? ''),
    );
    expect(optionLabels).toContain(`选项 ${XSS_IMG} ${XSS_SCRIPT}`);
    expectSilence(entry);
  });
});
