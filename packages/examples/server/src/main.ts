/**
 * `pnpm --filter @kehu/example-server start`: the reference server on PGlite in `.data/pglite`
 * (or Postgres when DATABASE_URL is set; KEHU_STORAGE=memory for nothing on disk), migrations
 * applied on start. Configuration through the environment:
 *
 *   PORT (4000), HOST (127.0.0.1), DATABASE_URL, KEHU_DATA_DIR (.data/pglite), KEHU_STORAGE,
 *   KEHU_TOKENS / KEHU_TOKENS_FILE (token → { tenantId, userId, role }),
 *   KEHU_FORMS_FILE ([{ tenantId, config }], the public lead forms)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tokensFromEnvironment } from './auth.ts';
import type { PublicForm } from './lead-capture.ts';
import { createKehuServer } from './server.ts';
import { memoryStoreProvider, postgresStoreProvider } from './store-provider.ts';

const env = process.env;
const dataDir = env.KEHU_DATA_DIR ?? fileURLToPath(new URL('../.data/pglite', import.meta.url));
const storage =
  env.KEHU_STORAGE === 'memory'
    ? memoryStoreProvider()
    : await postgresStoreProvider({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : dataDir });

let tokens = tokensFromEnvironment(env);
if (!tokens) {
  // A development default so the server is usable at once; printed so nobody mistakes it for security.
  tokens = {
    'dev-admin-token': { tenantId: 'demo', userId: 'admin', role: 'admin' },
    'dev-member-token': { tenantId: 'demo', userId: 'rep', role: 'member' },
  };
  console.log('No KEHU_TOKENS set: development tokens dev-admin-token / dev-member-token (tenant "demo").');
}
const forms = env.KEHU_FORMS_FILE
  ? (JSON.parse(readFileSync(env.KEHU_FORMS_FILE, 'utf8')) as PublicForm[])
  : [];

const server = createKehuServer({ tokens, storage, forms });
const { url, graphqlUrl } = await server.listen(Number(env.PORT ?? 4000), env.HOST ?? '127.0.0.1');
console.log(`Kehu server (${storage.kind}${storage.kind === 'pglite' ? ` in ${dataDir}` : ''})`);
console.log(`  GraphQL:    ${graphqlUrl}`);
console.log(`  Lead forms: POST ${url}/forms/leads (${forms.length} form(s))`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
