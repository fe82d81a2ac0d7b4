import { defineConfig } from 'vitest/config';

// Node suites. Browser suites (*.browser.test.ts, packages/components) run in Chromium through
// @web/test-runner (web-test-runner.config.mjs).
export default defineConfig({
  resolve: { conditions: ['@kehu/source', 'module', 'import', 'default'] },
  // Vitest hands these to Node as --conditions for external dependencies, where they also apply to
  // require(): with `import` listed, a CommonJS package (pg) requiring a dual package (pg-pool) got
  // its ESM wrapper. Node adds `import`/`require` by itself, so only the source condition is needed.
  ssr: { resolve: { conditions: ['@kehu/source', 'default'] } },
  test: {
    include: ['packages/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/docs-examples.test.ts'],
    // Component tests run in Chromium, except `*.node.test.ts` (bundle sizes, manifest).
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts', 'packages/components/src/**'],
    setupFiles: ['./scripts/vitest-fail-on-console.ts'],
    testTimeout: 30_000,
    // On CI a test gets one more try; the summary of `npm test` names every test that needed it,
    // so a flaky test is reported, not hidden.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 60_000,
  },
});
