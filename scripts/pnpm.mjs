#!/usr/bin/env node
// Runs the pnpm pinned in package.json#packageManager through npx, so a machine with only
// Node and npm needs no global pnpm and no corepack (whose signature check fails against some
// registries). Every root script that needs pnpm goes through here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const version = /^pnpm@(\d+\.\d+\.\d+)/.exec(packageManager)?.[1];
if (!version) {
  console.error(`package.json#packageManager must pin pnpm (found ${packageManager})`);
  process.exit(1);
}
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['--yes', `pnpm@${version}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: new URL('.', root).pathname,
  env: { ...process.env, COREPACK_ENABLE_STRICT: '0' },
});
process.exit(result.status ?? 1);
