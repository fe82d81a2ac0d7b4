// The TypeScript examples of docs/lead-form.md, run: every ```ts block of the page must appear
// here verbatim (scripts/doc-examples.ts), and the endpoint handler it shows must keep the contract.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCrm } from '@kehu/core';
import type { FormConfig, FormConfigInput } from '@kehu/core/forms';
import { createMemoryStore } from '@kehu/core/memory';
import { describe, expect, it } from 'vitest';
import { docExamplesMissingFrom } from '../../../scripts/doc-examples.ts';

const contactForm = {
  id: 'contact-us',
  fields: [
    { type: 'name', name: 'name' },
    { type: 'email', name: 'email', required: true },
  ],
  spam: { honeypot: true, minFillMs: 3000 },
} satisfies FormConfigInput;

// ── docs/lead-form.md, "Public embed" ──────────────────────────────────────────
const crm = createCrm({ store: createMemoryStore() }); // your CRM, on its real store
const snippet = crm.forms.embedSnippet(contactForm, {
  endpoint: 'https://crm.example.cn/api/leads',
  scriptUrl: 'https://static.example.cn/kehu/lead-form.js',
});

// ── docs/lead-form.md, "What a server must do" ─────────────────────────────────
const forms = new Map<string, FormConfig>([[contactForm.id, crm.forms.parse(contactForm)]]);
const hits = new Map<string, number[]>();
const rateLimit = ({ clientKey }: { clientKey: string | undefined }) => {
  const now = Date.now();
  const recent = (hits.get(clientKey ?? '') ?? []).filter((at) => now - at < 60_000);
  hits.set(clientKey ?? '', [...recent, now]);
  return recent.length < 5;
};

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 64 * 1024) throw new Error('too large');
  }
  return JSON.parse(text);
}

const server = createServer(async (request, response) => {
  response.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*');
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  response.setHeader('Vary', 'Origin');
  if (request.method === 'OPTIONS') return void response.writeHead(204).end();
  const body = await readBody(request).catch(() => undefined);
  const form = forms.get(String((body as { formId?: unknown } | undefined)?.formId));
  if (!form) {
    const error = { code: 'NOT_FOUND', message: 'No such form', issues: [], details: {} };
    response.writeHead(404, { 'Content-Type': 'application/json' });
    return void response.end(JSON.stringify({ ok: false, error }));
  }
  const receipt = await crm.forms.receive(form, body, {
    rateLimit,
    clientKey: request.socket.remoteAddress,
  });
  if (receipt.status === 429) response.setHeader('Retry-After', '60');
  // The body only: never `receipt.lead`, which is the CRM's record.
  response.writeHead(receipt.status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(receipt.body));
});
// ────────────────────────────────────────────────────────────────────────────────

describe('docs/lead-form.md', () => {
  it('shows only TypeScript examples that this test runs', () => {
    const { count, missing } = docExamplesMissingFrom(
      new URL('../../../docs/lead-form.md', import.meta.url),
      new URL(import.meta.url),
    );
    expect(count).toBeGreaterThanOrEqual(2);
    expect(missing).toEqual([]);
  });

  it('builds the snippet it describes', () => {
    expect(snippet).toMatch(
      /^<script type="module" src="https:\/\/static\.example\.cn\/kehu\/lead-form\.js"><\/script>\n<kehu-lead-form endpoint="https:\/\/crm\.example\.cn\/api\/leads" config="\{&quot;id&quot;:&quot;contact-us&quot;/,
    );
  });

  it('has an endpoint handler that keeps the contract: 201, 200 on a resend, 422, 400, 404, 429', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (body: unknown) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://www.example.cn' },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as { ok: boolean; error?: { code: string; details: unknown } },
        origin: response.headers.get('access-control-allow-origin'),
        retryAfter: response.headers.get('retry-after'),
      };
    };
    const submission = {
      formId: 'contact-us',
      submissionId: 'docs-example-0001',
      values: { name: '张伟', email: 'zhang.wei@example.cn' },
      locale: 'zh-CN',
      elapsedMs: 12_000,
    };
    try {
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: { Origin: 'https://www.example.cn' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type');

      const first = await post(submission);
      expect(first).toMatchObject({ status: 201, origin: 'https://www.example.cn' });
      expect(first.body).toEqual({ ok: true, leadId: 'form-docs-example-0001', duplicate: false });
      expect((await post(submission)).body).toMatchObject({ ok: true, duplicate: true });
      expect(
        (await post({ ...submission, submissionId: 'docs-example-0002', elapsedMs: 50 })).body,
      ).toMatchObject({
        error: { code: 'GUARD_REJECTED', details: { rule: 'min-fill-time' } },
      });
      expect(
        (await post({ ...submission, submissionId: 'docs-example-0003', values: { name: '' } })).status,
      ).toBe(400);
      expect((await post({ ...submission, formId: 'nope' })).status).toBe(404);
      // The limit counts what reaches it (5 a minute here): two more refused entries fill it.
      for (const id of ['docs-example-0005', 'docs-example-0006']) {
        expect((await post({ ...submission, submissionId: id, values: { name: '' } })).status).toBe(400);
      }
      const limited = await post({ ...submission, submissionId: 'docs-example-0004' });
      expect(limited).toMatchObject({ status: 429, retryAfter: '60' });
      expect(limited.body.error?.code).toBe('RATE_LIMITED');
      expect((await crm.leads.list({ limit: 10 })).items).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
