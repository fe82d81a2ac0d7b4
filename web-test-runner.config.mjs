// Browser suites in real Chromium: Debian's chromium (CHROME_PATH, else found on PATH) run
// headless with --no-sandbox; nothing downloads a browser. Sources are served straight from
// src/ through the `@kehu/source` export condition, TypeScript compiled by esbuild.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { leadEndpointMiddleware } from './packages/components/test-server/lead-endpoint.mjs';
import { findChromium } from './scripts/chromium.mjs';

function findChrome() {
  const found = findChromium();
  if (!found) throw new Error('No Chromium found: install Debian\'s "chromium" package or set CHROME_PATH.');
  return found;
}

/** Every browser test file first imports the guard that fails a test on console.error/warn. */
function failOnConsole() {
  const guard = '/scripts/browser-fail-on-console.js';
  return {
    name: 'kehu-fail-on-console',
    transform(context) {
      if (/\.test\.ts$/.test(context.path) && typeof context.body === 'string') {
        return { body: `import '${guard}';\n${context.body}` };
      }
      return undefined;
    },
  };
}

/** Writes pass/fail counts for scripts/test.mjs's summary line. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const test of suite?.tests ?? []) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite?.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        walk(session.testResults);
        // A file that failed to load or threw outside a test has no test results: count it.
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync(join('.test-results', 'browser.json'), JSON.stringify({ passed, failed }));
    },
  };
}

export default {
  rootDir: '.',
  files: ['packages/**/*.browser.test.ts', 'packages/components/src/**/*.test.ts', '!**/node_modules/**'],
  nodeResolve: { exportConditions: ['@kehu/source', 'browser', 'production'] },
  // The lead-form endpoint contract, served by the local test server on the test page's origin.
  // It runs on the built @kehu/core: the test command builds before it runs the browser suites.
  middleware: [leadEndpointMiddleware('/__kehu/lead-endpoint')],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), failOnConsole()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome(),
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 2,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 20_000 } },
  // Libraries written for bundlers (TanStack Virtual) read process.env.NODE_ENV, which a bundler
  // replaces; the test page is unbundled, so define it the way a production build would.
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html><head><meta charset="utf-8"></head><body>
      <script>window.process = { env: { NODE_ENV: 'production' } };</script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
  reporters: [defaultReporter(), countingReporter()],
};
