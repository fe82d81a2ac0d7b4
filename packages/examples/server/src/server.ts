/**
 * `createKehuServer`: the reference server behind `@kehu/adapter-graphql`. GraphQL (graphql-yoga)
 * at `/graphql` — storage contract, business actions, change subscription over SSE — and the
 * lead form's REST endpoint at `/forms/leads` (docs/lead-form.md). Tenants come from bearer
 * tokens; each tenant's records come from the `StoreProvider` (memory, PGlite or Postgres).
 *
 *   const server = createKehuServer({ tokens, storage });
 *   const { url } = await server.listen(4000);
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Crm, createCrm, type Store } from '@kehu/core';
import { createYoga, type Plugin } from 'graphql-yoga';
import { createAuthenticator, type Principal, type TokenTable } from './auth.ts';
import { DatabaseChangeHub } from './change-feed.ts';
import { ChangeHub, notifyingStore } from './changes.ts';
import { isGraphQLError } from './errors.ts';
import { createKehuSchema, type RequestContext } from './graphql-schema.ts';
import { type FetchHandler, nodeListener } from './http.ts';
import { type CaptureRateLimits, createLeadCapture, type PublicForm } from './lead-capture.ts';
import { defaultLimits, type Limits, shapeLimitRule } from './limits.ts';
import { memoryStoreProvider, type StoreProvider } from './store-provider.ts';

export interface KehuServerOptions {
  /** Bearer token → tenant, user and role. */
  tokens: TokenTable;
  /** Where tenants' records live. Default: one memory store per tenant. */
  storage?: StoreProvider;
  /** Lead forms served publicly at `/forms/leads` and by `captureLead`, each with its tenant. */
  forms?: readonly PublicForm[];
  limits?: Partial<Limits>;
  captureRateLimits?: Partial<CaptureRateLimits>;
  /** Origins allowed to call `/graphql` from a browser. Default: any (no cookies are used). */
  allowedOrigins?: string[];
  /** Trust `X-Forwarded-For` for the client IP (behind your own proxy only). Default false. */
  trustProxy?: boolean;
  /** Unexpected errors (a bug, a lost database). Default: `console.error`. */
  onError?: (error: unknown) => void;
}

export interface KehuServer {
  /** The Fetch-API handler: call it directly in tests, or mount it in any Fetch-style runtime. */
  fetch: (request: Request, context?: { ip?: string }) => Promise<Response>;
  /** Starts listening (default port 0 = any free port, host 127.0.0.1); resolves with the base URL. */
  listen(port?: number, host?: string): Promise<{ url: string; graphqlUrl: string }>;
  /** Stops listening, ends subscriptions and closes the storage. */
  close(): Promise<void>;
  readonly storage: StoreProvider;
}

const CORS_FORM_HEADERS = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
  Vary: 'Origin',
};

export function createKehuServer(options: KehuServerOptions): KehuServer {
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const storage = options.storage ?? memoryStoreProvider();
  const onError = options.onError ?? ((error: unknown) => console.error('[kehu-server]', error));
  const auth = createAuthenticator(options.tokens);
  // With a database change feed (Postgres/PGlite) the subscription is fed from LISTEN only, so
  // writes through other instances arrive too and this instance's own are not delivered twice
  // (see change-feed.ts); the memory store publishes its writes in-process.
  const feedHub = storage.changes ? new DatabaseChangeHub(storage.changes, onError) : undefined;
  const localHub = feedHub ? undefined : new ChangeHub();
  const hub = feedHub ?? localHub!;
  const stores = new Map<string, Promise<Store>>();

  const storeFor = (tenantId: string): Promise<Store> => {
    let store = stores.get(tenantId);
    if (!store) {
      store = localHub
        ? storage
            .storeFor(tenantId)
            .then((inner) => notifyingStore(inner, (change) => localHub.publish(tenantId, change)))
        : storage.storeFor(tenantId);
      stores.set(tenantId, store);
      store.catch(() => stores.delete(tenantId));
    }
    return store;
  };
  const crmFor = async (tenantId: string, principal?: Principal): Promise<Crm> =>
    createCrm({ store: await storeFor(tenantId), actor: () => principal?.userId });

  const capture = createLeadCapture({
    forms: options.forms ?? [],
    crmFor: (tenantId) => crmFor(tenantId),
    rateLimits: options.captureRateLimits,
  });

  const yoga = createYoga<{ ip: string | undefined }, RequestContext>({
    schema: createKehuSchema({ storeFor, crmFor, hub, capture, limits, onError }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    batching: false,
    // One body limit, ours (Node's listener enforces it first); Yoga's own default is 25 MB.
    maxRequestBodySize: limits.maxBodyBytes,
    multipart: false,
    cors: {
      origin: options.allowedOrigins ?? '*',
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept'],
    },
    // Quiet by default: unexpected errors go to `onError`, nothing else is printed.
    logging: {
      debug: () => {},
      info: () => {},
      warn: () => {},
      // Typed errors already reached the client; only the unexpected ones are worth a report.
      error: (...args: unknown[]) => {
        const errors = args.filter((arg) => !isGraphQLError(arg));
        if (errors.length) onError(errors.length === 1 ? errors[0] : errors);
      },
    },
    context: ({ request, ip }) => ({
      principal: auth.authenticate(request.headers.get('authorization')),
      ip,
    }),
    plugins: [
      {
        onValidate({ addValidationRule }) {
          addValidationRule(shapeLimitRule(limits));
        },
      } satisfies Plugin<RequestContext>,
    ],
  });

  const clientIp = (request: Request, ip: string | undefined) =>
    (options.trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined) || ip;

  async function formsEndpoint(request: Request, ip: string | undefined): Promise<Response> {
    const origin = request.headers.get('origin');
    const cors = { 'Access-Control-Allow-Origin': origin ?? '*', ...CORS_FORM_HEADERS };
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    if (request.method !== 'POST') {
      return new Response(null, { status: 405, headers: { ...cors, Allow: 'POST, OPTIONS' } });
    }
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      body = undefined;
    }
    let status: number;
    let payload: unknown;
    const headers: Record<string, string> = { ...cors, 'Content-Type': 'application/json' };
    try {
      const { receipt, retryAfter } = await capture(body, clientIp(request, ip));
      status = receipt.status;
      payload = receipt.body;
      if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    } catch (error) {
      onError(error);
      status = 500;
      payload = {
        ok: false,
        error: {
          code: 'STORAGE',
          message: 'The lead could not be saved; try again',
          issues: [],
          details: {},
        },
      };
    }
    return new Response(JSON.stringify(payload), { status, headers });
  }

  const handler: FetchHandler = async (request, { ip }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/forms/leads') return formsEndpoint(request, ip);
    if (pathname === '/health') return Response.json({ ok: true, storage: storage.kind });
    if (pathname === '/graphql') return yoga.fetch(request, { ip: clientIp(request, ip) });
    return new Response('Not found', { status: 404 });
  };

  let server: Server | undefined;
  const sockets = new Set<import('node:net').Socket>();

  return {
    storage,
    fetch: (request, context = {}) => handler(request, { ip: context.ip }),
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server = createServer(
          nodeListener(handler, (path) =>
            path === '/forms/leads' ? limits.maxFormBodyBytes : limits.maxBodyBytes,
          ),
        );
        server.on('connection', (socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
        });
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: bound } = server!.address() as AddressInfo;
          const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
          resolve({ url, graphqlUrl: `${url}/graphql` });
        });
      });
    },
    async close() {
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        // Open SSE streams and idle keep-alive connections would hold `close` for ever.
        for (const socket of sockets) socket.destroy();
        await closing;
        server = undefined;
      }
      await feedHub?.close();
      await storage.close();
    },
  };
}
