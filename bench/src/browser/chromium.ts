/**
 * Runs a benchmark page module where browser code must be measured: in headless Chromium (the
 * system's, via puppeteer-core; nothing downloads a browser). A Vite dev server on 127.0.0.1
 * serves bench/src straight from source; the page imports the module, and its exported `run`
 * receives the options plus a `log` callback. Page errors and console warnings fail the run.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { findChromium } from '../../../scripts/chromium.mjs';

function chromium(): string {
  const found = findChromium();
  if (!found) throw new Error('No Chromium found: install Debian\'s "chromium" package or set CHROME_PATH.');
  return found;
}

const page = (module: string) => `<!doctype html>
<html lang="zh-CN">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Kehu benchmark</title></head>
  <body>
    <script>window.process = { env: { NODE_ENV: 'production' } };</script>
    <script type="module">
      import { run } from ${JSON.stringify(module)};
      window.kehuBenchmark = run;
    </script>
  </body>
</html>`;

async function startServer(module: string): Promise<ViteDevServer> {
  const isolation = {
    // Cross-origin isolation gives performance.now() microsecond resolution instead of 100 µs.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('..', import.meta.url)),
    cacheDir: join(tmpdir(), 'kehu-bench-vite'),
    logLevel: 'warn',
    appType: 'custom',
    // Production builds of every library (Lit's development build warns on the console).
    resolve: { conditions: ['@kehu/source', 'module', 'browser', 'production'] },
    // Nothing is pre-bundled mid-run, so the page is never reloaded under a running benchmark.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null, headers: isolation },
    plugins: [
      {
        name: 'kehu-bench-page',
        configureServer(vite) {
          vite.middlewares.use(async (request, response, next) => {
            if (request.url !== '/' && request.url !== '/index.html') return next();
            response.setHeader('Content-Type', 'text/html; charset=utf-8');
            for (const [name, value] of Object.entries(isolation)) response.setHeader(name, value);
            response.end(await vite.transformIndexHtml('/', page(module)));
          });
        },
      },
    ],
  });
  await server.listen();
  return server;
}

/** Imports `module` (a path under bench/src, e.g. `/board/page.ts`) in Chromium and awaits `run(options)`. */
export async function runInChromium<T>(
  module: string,
  options: Record<string, unknown>,
  { verbose = true }: { verbose?: boolean } = {},
): Promise<T> {
  const server = await startServer(module);
  let browser: Browser | undefined;
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('The Vite server did not report its address');
    browser = await puppeteer.launch({
      executablePath: chromium(),
      headless: true,
      protocolTimeout: 60 * 60 * 1000,
      defaultViewport: { width: 1600, height: 900 },
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const tab = await browser.newPage();
    const failures: string[] = [];
    tab.on('pageerror', (error) => failures.push(String(error)));
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') failures.push(message.text());
    });
    await tab.exposeFunction('kehuBenchmarkLog', (line: string) => {
      if (verbose) console.log(`  ${line}`);
    });
    await tab.goto(url, { waitUntil: 'load' });
    await tab.waitForFunction(() => 'kehuBenchmark' in window, { timeout: 120_000 });
    // A string, not a function: tsx's transpiler would add helpers the page does not have.
    const result = (await tab.evaluate(
      `window.kehuBenchmark(Object.assign(${JSON.stringify(options)}, { log: (line) => window.kehuBenchmarkLog(line) }))`,
    )) as T;
    if (failures.length) throw new Error(`The benchmark page reported errors:\n${failures.join('\n')}`);
    return result;
  } finally {
    await browser?.close();
    await server.close();
  }
}
