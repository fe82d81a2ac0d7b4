#!/usr/bin/env node
// The README's test command. On a machine with only Node 20 and npm it installs what the tests
// need (pnpm through npx, the workspace's packages, Debian's chromium when missing and we are
// root), then runs every check and suite and ends with one summary line:
//   tests: N passed, N failed
// Every step runs even when an earlier one fails, so one CI run reports everything.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHROME_NAMES, isExecutable, onPath } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: process.env, ...options });
  if (result.error) console.log(`  could not start ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** Finds Chromium (CHROME_PATH, then PATH); installs Debian's package when missing and root. */
function ensureChromium() {
  if (process.env.CHROME_PATH) {
    if (isExecutable(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
    fail(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which is not an executable file.`);
  }
  const found = onPath(CHROME_NAMES);
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath(['apt-get'])) {
    console.log('Chromium is missing: installing Debian\'s "chromium" package with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { env }) === 0) {
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env });
    }
    const installed = onPath(CHROME_NAMES);
    if (installed) return installed;
    fail(
      'apt-get could not install chromium. Install it yourself, or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
  fail(
    'The browser suites need Chromium and none was found.\n' +
      '  Install it (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium)\n' +
      '  or set CHROME_PATH to a Chrome/Chromium executable, then run the command again.',
  );
}

function fail(message) {
  console.error(`\n${message}\n`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const chrome = ensureChromium();
process.env.CHROME_PATH = chrome;
console.log(`Chromium: ${chrome}`);

if (run('node', ['scripts/pnpm.mjs', 'install', '--prefer-offline']) !== 0) fail('pnpm install failed.');

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  { name: 'lint and format (biome)', command: bin('biome'), args: ['check', '.'] },
  { name: 'types (tsc --noEmit)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'build (ESM + .d.ts)',
    command: 'node',
    args: ['scripts/pnpm.mjs', '-r', '--filter', './packages/**', 'build'],
  },
  {
    // treatWarningsAsErrors in typedoc.json: a broken {@link} or a leaked private type fails here.
    name: 'API reference (TypeDoc)',
    command: bin('typedoc'),
    args: ['--treatWarningsAsErrors'],
  },
  {
    name: 'storybook build (every story must build)',
    command: 'node',
    args: ['scripts/pnpm.mjs', '--filter', '@kehu/components', 'build-storybook'],
    env: { STORYBOOK_DISABLE_TELEMETRY: '1' },
  },
  {
    name: 'node suites (vitest)',
    suite: true,
    command: bin('vitest'),
    args: [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(results, 'vitest.json')}`,
    ],
  },
  {
    name: 'browser suites (web-test-runner, Chromium)',
    suite: true,
    command: bin('wtr'),
    args: ['--config', 'web-test-runner.config.mjs'],
  },
];

const outcomes = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}`);
  const started = Date.now();
  const status = run(step.command, step.args, step.env ? { env: { ...process.env, ...step.env } } : {});
  outcomes.push({
    name: step.name,
    suite: step.suite === true,
    ok: status === 0,
    seconds: (Date.now() - started) / 1000,
  });
}

const vitest = readJson(join(results, 'vitest.json'));
const browser = readJson(join(results, 'browser.json'));
const passed = (vitest?.numPassedTests ?? 0) + (browser?.passed ?? 0);
const failedTests = (vitest?.numFailedTests ?? 0) + (browser?.failed ?? 0);
// A step that failed without failing a test (lint, types, build, a crashed runner) counts as one failure.
const failedSteps = outcomes.filter((outcome) => !outcome.ok && !(outcome.suite && failedTests > 0)).length;
const failed = failedTests + failedSteps;

console.log('\n━━ summary');
for (const outcome of outcomes) {
  console.log(`  ${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.name} (${outcome.seconds.toFixed(1)} s)`);
}
console.log(`  node: ${vitest?.numPassedTests ?? 0} passed, ${vitest?.numFailedTests ?? 0} failed`);
console.log(`  browser: ${browser?.passed ?? 0} passed, ${browser?.failed ?? 0} failed`);
// The failing and the flaky (passed on retry) node tests by name, so a CI log that keeps only its
// last lines still says which test to look at.
for (const file of vitest?.testResults ?? []) {
  for (const test of file.assertionResults ?? []) {
    const where = `${relative(root, file.name)} › ${test.fullName}`;
    if (test.status === 'failed') {
      const reason = String(test.failureMessages?.[0] ?? '')
        .split('\n')[0]
        .slice(0, 300);
      console.log(`  failed: ${where}\n          ${reason}`);
    } else if (test.status === 'passed' && test.failureMessages?.length) {
      const reason = String(test.failureMessages[0]).split('\n')[0].slice(0, 300);
      console.log(`  flaky (failed, then passed on retry): ${where}\n          ${reason}`);
    }
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(outcomes.every((outcome) => outcome.ok) && failed === 0 ? 0 : 1);
