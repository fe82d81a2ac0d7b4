// @ts-check
/**
 * A small local implementation of the lead-form endpoint contract (docs/lead-form.md) for tests
 * and for trying the public embed before a backend exists: Node's http server, a memory-store
 * CRM, and `crm.forms.receive` doing the work. Test-only control routes make the next requests
 * fail in the two ways that matter (refused before saving, or saved with the answer lost).
 *
 *   node packages/components/test-server/lead-endpoint.mjs [--port 8787] [--form form.json]
 *
 * Runs on the built `@kehu/core` (`dist/`): build core first.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createCrm } from '@kehu/core';
import { parseFormConfig } from '@kehu/core/forms';
import { createMemoryStore } from '@kehu/core/memory';

const MAX_BODY = 64 * 1024;

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {'before-save' | 'after-save'} FailureMode */

/**
 * @param {{ forms?: unknown[], rateLimit?: { max: number, windowMs: number } }} [options]
 */
export function createLeadEndpoint(options = {}) {
  /** @type {ReturnType<typeof createCrm>} */
  let crm;
  /** @type {Map<string, import('@kehu/core/forms').FormConfig>} */
  const forms = new Map();
  /** @type {FailureMode[]} */
  let failures = [];
  let limit = options.rateLimit ?? { max: 1000, windowMs: 60_000 };
  /** @type {Map<string, number[]>} */
  const hits = new Map();

  /** @param {unknown} config */
  const register = (config) => {
    const parsed = parseFormConfig(config);
    forms.set(parsed.id, parsed);
    return parsed;
  };
  const reset = () => {
    crm = createCrm({ store: createMemoryStore() });
    forms.clear();
    failures = [];
    hits.clear();
    limit = options.rateLimit ?? { max: 1000, windowMs: 60_000 };
    for (const form of options.forms ?? []) register(form);
  };
  reset();

  /** A sliding window per client key: at most `max` submissions per `windowMs`. */
  const rateLimit = (/** @type {{ clientKey: string | undefined }} */ { clientKey }) => {
    const now = Date.now();
    const key = clientKey ?? 'anonymous';
    const recent = (hits.get(key) ?? []).filter((at) => now - at < limit.windowMs);
    if (recent.length >= limit.max) return false;
    recent.push(now);
    hits.set(key, recent);
    return true;
  };

  /**
   * Handles one request whose path is relative to where the endpoint is mounted.
   * @param {Request} req
   * @param {Response} res
   * @param {string} path
   */
  async function handle(req, res, path) {
    cors(req, res);
    if (req.method === 'OPTIONS') return send(res, 204);
    try {
      if (req.method === 'POST' && path === '/leads') return await submit(req, res);
      if (req.method === 'POST' && path === '/forms') return send(res, 201, register(await readJson(req)));
      if (req.method === 'GET' && path === '/__control/leads') {
        return send(res, 200, (await crm.leads.list({ limit: 1000 })).items);
      }
      if (req.method === 'POST' && path === '/__control/fail') {
        const { count = 1, mode = 'before-save' } = /** @type {any} */ (await readJson(req));
        failures.push(...Array.from({ length: count }, () => /** @type {FailureMode} */ (mode)));
        return send(res, 204);
      }
      if (req.method === 'POST' && path === '/__control/rate-limit') {
        limit = /** @type {any} */ (await readJson(req));
        hits.clear();
        return send(res, 204);
      }
      if (req.method === 'POST' && path === '/__control/reset') {
        reset();
        return send(res, 204);
      }
      return send(res, 404, failure('NOT_FOUND', `No route ${req.method} ${path}`));
    } catch (error) {
      if (error instanceof BodyError) return send(res, error.status, failure('VALIDATION', error.message));
      const code = /** @type {any} */ (error)?.code === 'VALIDATION' ? 'VALIDATION' : 'STORAGE';
      return send(
        res,
        code === 'VALIDATION' ? 400 : 500,
        failure(code, String(/** @type {any} */ (error)?.message)),
      );
    }
  }

  /** @param {Request} req @param {Response} res */
  async function submit(req, res) {
    const body = /** @type {any} */ (await readJson(req));
    const config = forms.get(String(body?.formId));
    if (!config) return send(res, 404, failure('NOT_FOUND', `No form ${String(body?.formId)}`));
    const mode = failures.shift();
    if (mode === 'before-save') return send(res, 503, failure('STORAGE', 'Simulated outage'));
    const receipt = await crm.forms.receive(config, body, { rateLimit, clientKey: req.socket.remoteAddress });
    // Saved, but the answer never arrives: the browser must retry without creating a twin.
    if (mode === 'after-save') return void req.socket.destroy();
    if (receipt.status === 429) res.setHeader('Retry-After', String(Math.ceil(limit.windowMs / 1000)));
    return send(res, receipt.status, receipt.body);
  }

  return {
    handle,
    register,
    reset,
    get crm() {
      return crm;
    },
  };
}

/** Mounts an endpoint at `prefix` inside a Koa server (@web/dev-server, @web/test-runner). */
export function leadEndpointMiddleware(prefix = '/__kehu/lead-endpoint', endpoint = createLeadEndpoint()) {
  return async (/** @type {any} */ ctx, /** @type {() => Promise<void>} */ next) => {
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    // Koa keeps 404 as the status it logs unless told otherwise; the handler writes the real one.
    ctx.status = 200;
    ctx.respond = false;
    await endpoint.handle(ctx.req, ctx.res, ctx.path.slice(prefix.length));
  };
}

/**
 * Starts the endpoint on 127.0.0.1; resolves with its base URL (`…/leads` is the endpoint).
 * @param {{ port?: number, forms?: unknown[], rateLimit?: { max: number, windowMs: number } }} [options]
 */
export async function startLeadEndpoint(options = {}) {
  const endpoint = createLeadEndpoint(options);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    void endpoint.handle(req, res, path);
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    endpoint,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

class BodyError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {Request} req */
async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BodyError(413, 'Body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new BodyError(400, 'Body is not JSON');
  }
}

/** A public form posts from any site: allow it, and nothing else (no cookies, no credentials). */
function cors(/** @type {Request} */ req, /** @type {Response} */ res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
}

/** @param {string} code @param {string} message */
function failure(code, message) {
  return { ok: false, error: { code, message, issues: [], details: {} } };
}

/** @param {Response} res @param {number} status @param {unknown} [body] */
function send(res, status, body) {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (/** @type {string} */ name) => {
    const index = process.argv.indexOf(name);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const form = arg('--form');
  const { url } = await startLeadEndpoint({
    port: Number(arg('--port') ?? 8787),
    forms: form ? [JSON.parse(readFileSync(form, 'utf8'))] : [],
  });
  console.log(`lead endpoint: POST ${url}/leads`);
}
