/** Lead forms: configuration, validation, submissions captured once, and the embed snippet. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeadCaptureSchema } from '../crm/schemas.ts';
import {
  type Crm,
  createCrm,
  createManualClock,
  createSequentialIds,
  isKehuError,
  KehuError,
  type Store,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';
import {
  type FormConfigInput,
  isValidPhone,
  type LeadSubmission,
  leadIdOf,
  parseFormConfig,
  toLeadCapture,
  validateField,
  validateValues,
} from './index.ts';

const NOW = '2026-11-20T08:00:00.000Z';
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const CONFIG: FormConfigInput = {
  id: 'contact-us',
  title: text('联系我们', 'Contact us'),
  campaignId: 'cmp-expo',
  fields: [
    { type: 'name', name: 'name' },
    { type: 'company', name: 'company', required: true },
    { type: 'email', name: 'email', required: true },
    { type: 'phone', name: 'phone', countries: ['CN', 'HK', 'US'] },
    {
      type: 'select',
      name: 'industry',
      maps: 'industry',
      options: [
        { value: 'manufacturing', label: text('制造业', 'Manufacturing') },
        { value: 'retail', label: text('零售', 'Retail') },
      ],
    },
    { type: 'text', name: 'jobTitle', maps: 'title' },
    { type: 'textarea', name: 'message', maps: 'message', maxLength: 500 },
    { type: 'textarea', name: 'notes' },
    { type: 'consent', name: 'consent', text: text('同意接收产品资讯', 'I agree to receive product news') },
  ],
  spam: { minFillMs: 2000 },
};
const config = parseFormConfig(CONFIG);

const VALID: Record<string, string | boolean> = {
  name: '王芳',
  company: '华星科技有限公司',
  email: 'wang.fang@example.cn',
  phone: '+8613812345678',
  industry: 'manufacturing',
  jobTitle: '采购经理',
  message: '想了解报价',
  notes: '周五下午方便',
  consent: true,
};

function submission(overrides: Partial<LeadSubmission> = {}): LeadSubmission {
  return {
    formId: 'contact-us',
    submissionId: 'sub-0001',
    values: VALID,
    elapsedMs: 9000,
    locale: 'zh-CN',
    ...overrides,
  };
}

function facade(store: Store = createMemoryStore()): Crm {
  return createCrm({ store, clock: createManualClock(NOW), ids: createSequentialIds('id') });
}

const fieldsOf = (error: unknown) => (error as KehuError).fields;

describe('form configuration', () => {
  it('fills in defaults: version 1, web_form source, honeypot on, three seconds minimum', () => {
    const minimal = parseFormConfig({ id: 'f', fields: [{ type: 'name', name: 'name' }] });
    expect(minimal).toMatchObject({
      version: 1,
      source: 'web_form',
      spam: { honeypot: true, minFillMs: 3000 },
    });
  });

  it('names each bad path: duplicate names, a second e-mail, no name field, an empty select, unknown keys', () => {
    const error = (() => {
      try {
        parseFormConfig({
          id: 'bad id!',
          fields: [
            { type: 'email', name: 'email' },
            { type: 'email', name: 'email' },
            { type: 'select', name: 'pick', options: [] },
            { type: 'text', name: 'x', colour: 'red' },
          ],
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isKehuError(error, 'VALIDATION')).toBe(true);
    expect(fieldsOf(error)).toEqual(expect.arrayContaining(['id', 'fields.2.options', 'fields.3.colour']));
    // The cross-field rules run once the shape is right.
    const rules = (() => {
      try {
        parseFormConfig({
          id: 'f',
          fields: [
            { type: 'email', name: 'e' },
            { type: 'email', name: 'e' },
          ],
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(fieldsOf(rules)).toEqual(['fields.1.name', 'fields.1.type', 'fields']);
  });
});

describe('field validation', () => {
  const field = (name: string) => config.fields.find((f) => f.name === name)!;

  it('accepts the valid values', () => {
    expect(validateValues(config, VALID)).toEqual([]);
  });

  it.each([
    ['name', '', 'required'],
    ['name', '   ', 'required'],
    ['name', 'x'.repeat(121), 'too_long'],
    ['company', undefined, 'required'],
    ['email', 'not-an-email', 'email'],
    ['email', 'a@b', 'email'],
    ['phone', '13812345678', 'phone'],
    ['phone', '+8612345678901', 'phone'],
    ['phone', '+44 20 7946 0958', 'phone'],
    ['industry', 'mining', 'option'],
    ['message', 'x'.repeat(501), 'too_long'],
    ['consent', 'yes', 'type'],
    ['name', true, 'type'],
  ] as const)('%s = %j → %s', (name, value, code) => {
    expect(validateField(field(name), value)).toBe(code);
  });

  it('requires consent only where the configuration says so', () => {
    expect(validateField(field('consent'), false)).toBeUndefined();
    const required = parseFormConfig({
      id: 'f',
      fields: [
        { type: 'name', name: 'n' },
        { type: 'consent', name: 'c', required: true, text: text('同意', 'Agree') },
      ],
    });
    expect(validateValues(required, { n: '李' })).toEqual([{ field: 'c', code: 'required' }]);
    expect(validateValues(required, { n: '李', c: true })).toEqual([]);
  });

  it('reads phone numbers by the field’s countries: CN mobiles and landlines, others by length', () => {
    const phone = field('phone');
    expect(isValidPhone(phone, '+8613812345678')).toBe(true);
    expect(isValidPhone(phone, '+86057187654321')).toBe(true);
    expect(isValidPhone(phone, '+8657187654321')).toBe(true);
    expect(isValidPhone(phone, '+85291234567')).toBe(true);
    expect(isValidPhone(phone, '+12025550123')).toBe(true);
    // Germany is not offered by this field.
    expect(isValidPhone(phone, '+4930123456')).toBe(false);
  });

  it('reports names the form does not have', () => {
    expect(validateValues(config, { ...VALID, admin: 'true' })).toEqual([
      { field: 'admin', code: 'unknown' },
    ]);
  });

  it('never accepts what lead capture would refuse', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 140 }),
      fc.constantFrom('', ' ', 'a@b.cn', '+8613812345678'),
    );
    fc.assert(
      fc.property(
        fc.record({ name: value, company: value, email: value, jobTitle: value, notes: value }),
        (values) => {
          const all = { ...VALID, ...values };
          if (validateValues(config, all).length > 0) return;
          const capture = toLeadCapture(config, submission({ values: all }));
          expect(LeadCaptureSchema.safeParse(capture).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('toLeadCapture', () => {
  it('maps built-in fields, mapped fields and consent, and keeps the submission in raw', () => {
    expect(toLeadCapture(config, submission())).toEqual({
      id: leadIdOf('sub-0001'),
      source: 'web_form',
      campaignId: 'cmp-expo',
      name: '王芳',
      company: '华星科技有限公司',
      email: 'wang.fang@example.cn',
      phone: '+8613812345678',
      industry: 'manufacturing',
      title: '采购经理',
      message: '想了解报价',
      consent: true,
      raw: {
        formId: 'contact-us',
        formVersion: 1,
        submissionId: 'sub-0001',
        locale: 'zh-CN',
        values: VALID,
        consentText: '同意接收产品资讯',
      },
    });
  });

  it('records the consent text in the language the visitor read', () => {
    const capture = toLeadCapture(config, submission({ locale: 'en' }));
    expect(capture.raw?.consentText).toBe('I agree to receive product news');
    const declined = toLeadCapture(config, submission({ values: { ...VALID, consent: false } }));
    expect(declined.consent).toBeUndefined();
    expect(declined.raw?.consentText).toBeUndefined();
  });
});

describe('crm.forms.receive', () => {
  it('captures a lead with consent time, and answers 201', async () => {
    const crm = facade();
    const receipt = await crm.forms.receive(config, submission());
    expect(receipt.status).toBe(201);
    expect(receipt.body).toEqual({ ok: true, leadId: 'form-sub-0001', duplicate: false });
    const lead = await crm.leads.require('form-sub-0001');
    expect(lead).toMatchObject({ name: '王芳', source: 'web_form', consentAt: NOW, campaignId: 'cmp-expo' });
  });

  it('captures a resent submission once: the second answer is 200 with the same lead', async () => {
    const crm = facade();
    await crm.forms.receive(config, submission());
    const again = await crm.forms.receive(config, submission());
    expect(again).toMatchObject({
      status: 200,
      body: { ok: true, leadId: 'form-sub-0001', duplicate: true },
    });
    expect((await crm.leads.list()).items).toHaveLength(1);
  });

  it('captures two copies sent at the same moment once', async () => {
    const crm = facade();
    const receipts = await Promise.all([1, 2, 3].map(() => crm.forms.receive(config, submission())));
    expect(receipts.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect((await crm.leads.list()).items).toHaveLength(1);
  });

  it('refuses a filled honeypot and a submission faster than the minimum fill time, saving nothing', async () => {
    const crm = facade();
    const honeypot = await crm.forms.receive(config, submission({ honeypot: 'http://spam.example' }));
    expect(honeypot).toMatchObject({
      status: 422,
      body: { error: { code: 'GUARD_REJECTED', details: { rule: 'honeypot' } } },
    });
    const fast = await crm.forms.receive(config, submission({ submissionId: 'sub-0002', elapsedMs: 800 }));
    expect(fast).toMatchObject({ status: 422, body: { error: { details: { rule: 'min-fill-time' } } } });
    expect((await crm.leads.list()).items).toEqual([]);
  });

  it('asks the rate-limit hook with the form and the client key, and answers 429 when it says no', async () => {
    const crm = facade();
    const asked: unknown[] = [];
    const receipt = await crm.forms.receive(config, submission(), {
      clientKey: '203.0.113.7',
      rateLimit: (request) => {
        asked.push(request);
        return false;
      },
    });
    expect(receipt).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect(asked).toEqual([{ formId: 'contact-us', clientKey: '203.0.113.7' }]);
    expect((await crm.leads.list()).items).toEqual([]);
  });

  it('answers 400 naming each bad value, 400 for a malformed body, 404 for another form', async () => {
    const crm = facade();
    const bad = await crm.forms.receive(
      config,
      submission({ values: { ...VALID, email: 'nope', name: '' } }),
    );
    expect(bad.status).toBe(400);
    if (bad.status === 400) {
      expect(bad.body.error.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
        ['values.name', 'required'],
        ['values.email', 'email'],
      ]);
    }
    const malformed = await crm.forms.receive(config, { formId: 'contact-us', values: 'x' });
    expect(malformed.status).toBe(400);
    if (malformed.status === 400) {
      expect(malformed.body.error.issues.map((i) => i.path.join('.'))).toEqual(
        expect.arrayContaining(['submissionId', 'values', 'elapsedMs']),
      );
    }
    const other = await crm.forms.receive(config, submission({ formId: 'newsletter' }));
    expect(other.status).toBe(404);
  });

  it('answers 503 when the store fails, saving nothing; the same submission later is captured once', async () => {
    const store = createMemoryStore();
    let failNext = true;
    const flaky: Store = {
      ...store,
      transaction: (collections, work) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new KehuError('STORAGE', 'disk full'));
        }
        return store.transaction(collections, work);
      },
    };
    const crm = facade(flaky);
    const first = await crm.forms.receive(config, submission());
    expect(first).toMatchObject({ status: 503, body: { error: { code: 'STORAGE' } } });
    expect((await crm.leads.list()).items).toEqual([]);
    expect((await crm.forms.receive(config, submission())).status).toBe(201);
    expect((await crm.leads.list()).items).toHaveLength(1);
  });

  it('validates the configuration it is given', async () => {
    const crm = facade();
    await expect(crm.forms.receive({ id: 'x', fields: [] }, submission())).rejects.toSatisfy((e) =>
      isKehuError(e, 'VALIDATION'),
    );
  });
});

describe('embedSnippet', () => {
  const crm = facade();

  it('is one module script and the element, with the parsed configuration as an attribute', () => {
    const html = crm.forms.embedSnippet(CONFIG, {
      endpoint: 'https://crm.example.cn/api/leads',
      scriptUrl: 'https://static.example.cn/kehu/lead-form.js',
      locale: 'en',
    });
    const [script, element] = html.split('\n');
    expect(script).toBe('<script type="module" src="https://static.example.cn/kehu/lead-form.js"></script>');
    expect(element).toMatch(
      /^<kehu-lead-form endpoint="https:\/\/crm\.example\.cn\/api\/leads" locale="en" config="/,
    );
    const attribute = /config="([^"]*)"/.exec(element!)![1]!;
    const decoded = attribute
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    expect(JSON.parse(decoded)).toEqual(config);
  });

  it('escapes markup in every text, so nothing in a configuration can break out of the attribute', () => {
    const payload = `"><script>alert(1)</script><img src=x onerror='alert(2)'>&`;
    const html = crm.forms.embedSnippet(
      { ...CONFIG, title: text(payload, payload) },
      { endpoint: '/api/leads', scriptUrl: '/lead-form.js' },
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html.split('"').length).toBe(9);
  });

  it('refuses URLs that are not http(s) or a path, and a bad configuration, naming them', () => {
    const refused = (options: Record<string, unknown>) => {
      try {
        crm.forms.embedSnippet(CONFIG, options as never);
      } catch (error) {
        return fieldsOf(error);
      }
      return [];
    };
    expect(refused({ endpoint: 'javascript:alert(1)', scriptUrl: '/x.js' })).toEqual(['endpoint']);
    expect(refused({ endpoint: '/api', scriptUrl: 'https://a.example/x.js" onload="alert(1)' })).toEqual([
      'scriptUrl',
    ]);
    expect(refused({ endpoint: '/api', scriptUrl: '/x.js', locale: 'fr' })).toEqual(['locale']);
    expect(() =>
      crm.forms.embedSnippet({ id: 'x', fields: [] }, { endpoint: '/a', scriptUrl: '/b' }),
    ).toThrow(KehuError);
  });
});
