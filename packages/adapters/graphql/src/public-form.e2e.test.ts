// (Lives in the adapter package with the server's other integration tests.)
// The public lead form against the REFERENCE SERVER, end to end: the built embed on a plain page of
// another origin under a strict Content-Security-Policy, in real Chromium, posting to the server's
// `POST /forms/leads` (PGlite storage); the lead is read back through the server's GraphQL with the
// tenant's token. Then the endpoint contract the browser cannot provoke on its own: a field the form
// does not have, the per-IP-and-form rate limit, and a resent submission. The reference server
// configures no scoring or assignment engines, so the lead carries no score and no owner.
import type { Lead } from '@kehu/core';
import { embedSnippet, type FormConfigInput } from '@kehu/core/forms';
import { createKehuServer, type KehuServer, postgresStoreProvider } from '@kehu/example-server';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../../scripts/chromium.mjs';
import { buildEmbed } from '../../../components/scripts/build-embed.mjs';
import { type EmbedSite, startEmbedSite, strictPolicy } from '../../../components/test-server/embed-site.ts';
import { createGraphQLStore, type GraphQLStore } from './index.ts';

const TENANT = 'xinghe';
const TOKEN = 'xinghe-admin';
const MIN_FILL_MS = 800;
/** Posts one IP may make to one form per minute; the browser and scenario 2 stay below it on `contact-us`. */
const PER_CLIENT = 5;
const SUCCESS = '感谢您的留言,我们会在一个工作日内联系您。';
const CONSENT = '我同意接收产品资讯。';

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
    { type: 'textarea', name: 'message', maps: 'message' },
    { type: 'consent', name: 'consent', required: true, text: { 'zh-CN': CONSENT, en: 'I agree.' } },
  ],
} satisfies FormConfigInput;

/** A second form of the same tenant, so the rate-limit probe leaves `contact-us`'s window alone. */
const newsletterForm = {
  id: 'newsletter',
  spam: { honeypot: true, minFillMs: 0 },
  fields: [
    { type: 'name', name: 'name' },
    { type: 'email', name: 'email', required: true },
  ],
} satisfies FormConfigInput;

const TYPED: Record<string, string> = {
  name: '张伟',
  company: '星河科技有限公司',
  email: 'zhang.wei@xinghe.example.cn',
  phone: '13800138000',
  message: '我们有 50 名销售,想了解私有化部署。',
};

interface Noise {
  kind: 'console' | 'pageerror' | 'csp';
  text: string;
}

const unexpected: unknown[] = [];
let server: KehuServer;
let serverUrl: string;
let leadsUrl: string;
let site: EmbedSite;
let browser: Browser;
let store: GraphQLStore;
/** The body the browser posted in scenario 1, resent in scenario 3. */
let browserSubmission: { formId: string; submissionId: string; elapsedMs: number } | undefined;

/** What `/forms/leads` answers (docs/lead-form.md). */
interface Answer {
  ok: boolean;
  leadId?: string;
  duplicate?: boolean;
  error?: { code: string; message: string; issues: { path: (string | number)[] }[] };
}

beforeAll(async () => {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found: install Debian\'s "chromium" package or set CHROME_PATH.');
  }
  // `url: ''`: PGlite in memory even when DATABASE_URL is set.
  const [embed, storage] = await Promise.all([buildEmbed(), postgresStoreProvider({ url: '' })]);
  server = createKehuServer({
    tokens: { [TOKEN]: { tenantId: TENANT, userId: 'admin', role: 'admin' } },
    storage,
    forms: [
      { tenantId: TENANT, config: contactForm },
      { tenantId: TENANT, config: newsletterForm },
    ],
    captureRateLimits: { perClient: { max: PER_CLIENT, windowMs: 60_000 } },
    onError: (error) => unexpected.push(error),
  });
  const { url, graphqlUrl } = await server.listen();
  serverUrl = url;
  leadsUrl = `${url}/forms/leads`;
  store = createGraphQLStore({ url: graphqlUrl, headers: () => ({ Authorization: `Bearer ${TOKEN}` }) });
  [site, browser] = await Promise.all([
    startEmbedSite({
      pages: { '/': embedSnippet(contactForm, { endpoint: leadsUrl, scriptUrl: '/lead-form.js' }) },
      script: embed.code,
      map: embed.map,
      policy: strictPolicy(serverUrl),
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
  await store?.close();
  await Promise.all([site?.close(), server?.close()]);
  expect(unexpected).toEqual([]);
});

/** The tenant's leads of one form, read through the server's GraphQL. */
async function leadsOf(formId: string): Promise<Lead[]> {
  const { items } = await store.query('leads', { limit: 1000 });
  return items.filter((lead) => (lead.raw as { formId?: string } | undefined)?.formId === formId);
}

async function post(body: unknown) {
  const response = await fetch(leadsUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'https://www.xinghe.example.cn' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Answer };
}

const submission = (formId: string, submissionId: string, values: Record<string, string | boolean>) => ({
  formId,
  submissionId,
  values,
  locale: 'zh-CN',
  elapsedMs: 5_000,
  honeypot: '',
});

/** The focused control, through the form's shadow root. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const control = active as HTMLInputElement | null;
    return { tag: control?.localName ?? '', type: control?.type ?? '', name: control?.name ?? '' };
  });

/** Tab from the top of the page to the submit button, typing into each text field and ticking consent. */
async function fillWithKeyboard(page: Page): Promise<void> {
  const seen: string[] = [];
  for (let step = 0; step < 20; step++) {
    await page.keyboard.press('Tab');
    const { tag, type, name } = await focused(page);
    seen.push(`${tag}[${name || type}]`);
    if (tag === 'button' && type === 'submit') return;
    if (type === 'checkbox') await page.keyboard.press('Space');
    else if ((tag === 'input' || tag === 'textarea') && TYPED[name]) await page.keyboard.type(TYPED[name]!);
  }
  throw new Error(`Tab never reached the submit button; focus went through ${seen.join(' → ')}`);
}

describe('public lead form → reference server (Chromium, strict CSP, PGlite)', () => {
  it('a person fills it in with the keyboard; the tenant gets exactly one lead, with consent', async () => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      const noise: Noise[] = [];
      page.on('console', (message) =>
        noise.push({ kind: 'console', text: `${message.type()}: ${message.text()}` }),
      );
      page.on('pageerror', (error) => noise.push({ kind: 'pageerror', text: String(error) }));
      const posts: { body: string; allowOrigin?: string; credentials?: string; status: number }[] = [];
      page.on('response', (response) => {
        const request = response.request();
        if (request.url() !== leadsUrl || request.method() !== 'POST') return;
        posts.push({
          body: request.postData() ?? '',
          allowOrigin: response.headers()['access-control-allow-origin'],
          credentials: response.headers()['access-control-allow-credentials'],
          status: response.status(),
        });
      });
      await page.exposeFunction('__kehuReport', (text: string) => noise.push({ kind: 'csp', text }));
      // Added through the DevTools protocol, so the page's CSP does not apply to it.
      await page.evaluateOnNewDocument(() => {
        const report = (window as unknown as { __kehuReport: (text: string) => void }).__kehuReport;
        document.addEventListener('securitypolicyviolation', (event) =>
          report(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sample})`),
        );
      });
      const response = await page.goto(`${site.url}/`, { waitUntil: 'load' });
      expect(response?.headers()['content-security-policy']).toBe(strictPolicy(serverUrl));
      await page.waitForSelector('kehu-lead-form >>> form');
      const shown = Date.now();

      await fillWithKeyboard(page);
      const wait = MIN_FILL_MS + 200 - (Date.now() - shown);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (text) => document.querySelector('kehu-lead-form')?.shadowRoot?.textContent?.includes(text),
        { timeout: 10_000 },
        SUCCESS,
      );

      // One POST, cross-origin (CORS answered for the site's origin, never with credentials).
      expect(posts).toEqual([
        { body: expect.any(String), allowOrigin: site.url, credentials: undefined, status: 201 },
      ]);
      browserSubmission = JSON.parse(posts[0]!.body);
      expect(browserSubmission).toMatchObject({ formId: 'contact-us', locale: 'zh-CN' });
      expect(browserSubmission!.elapsedMs).toBeGreaterThanOrEqual(MIN_FILL_MS);

      const leads = await leadsOf('contact-us');
      expect(leads).toHaveLength(1);
      const [lead] = leads;
      expect(lead).toMatchObject({
        id: `form-${browserSubmission!.submissionId}`,
        source: 'web_form',
        status: 'new',
        name: TYPED.name,
        company: TYPED.company,
        email: TYPED.email,
        phone: '+8613800138000',
        message: TYPED.message,
        campaignId: 'spring-expo',
        raw: {
          formId: 'contact-us',
          submissionId: browserSubmission!.submissionId,
          consentText: CONSENT,
          page: `${site.url}/`,
          values: { consent: true },
        },
      });
      expect(lead!.consentAt).toEqual(expect.any(String));
      expect(await store.count('leads')).toBe(1);
      expect(noise).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a field the form does not have: 400 VALIDATION naming values.<field>, nothing stored', async () => {
    const { status, json } = await post(
      submission('contact-us', 'unknown-field-1', {
        name: '李娜',
        email: 'li.na@example.cn',
        consent: true,
        fax: '010-12345678',
      }),
    );
    expect(status).toBe(400);
    expect(json).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [expect.objectContaining({ path: ['values', 'fax'] })] },
    });
    expect(json.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['values.fax']);
    expect(await leadsOf('contact-us')).toHaveLength(1);
  });

  it(`answers 429 with Retry-After after ${PER_CLIENT} posts from one IP to one form, and saves nothing then`, async () => {
    const values = { name: '王芳', email: 'wang.fang@example.cn' };
    for (let i = 1; i <= PER_CLIENT; i++) {
      const { status, json } = await post(submission('newsletter', `newsletter-${i}-aaaa`, values));
      expect(status, JSON.stringify(json)).toBe(201);
    }
    const limited = await post(submission('newsletter', 'newsletter-over-limit', values));
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Browsers may read the 429 cross-origin.
    expect(limited.headers.get('access-control-allow-origin')).toBe('https://www.xinghe.example.cn');
    expect(await leadsOf('newsletter')).toHaveLength(PER_CLIENT);
    // The window is per form: the same IP still reaches `contact-us` (refused there on its values, not its rate).
    const other = await post(submission('contact-us', 'still-open-1', { name: '王芳' }));
    expect(other.status).toBe(400);
    expect(other.json.error?.code).toBe('VALIDATION');
  });

  it('a resend of the browser’s submission (same submissionId) creates no second lead', async () => {
    expect(browserSubmission).toBeDefined();
    const before = await leadsOf('contact-us');
    const { status, json } = await post(browserSubmission);
    expect(status).toBe(200);
    expect(json).toEqual({ ok: true, leadId: `form-${browserSubmission!.submissionId}`, duplicate: true });
    const after = await leadsOf('contact-us');
    expect(after).toHaveLength(1);
    expect(after[0]).toEqual(before[0]);
  });
});
