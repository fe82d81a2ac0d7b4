#!/usr/bin/env node
// Regenerates generated/custom-elements.json and generated/custom-elements-jsx.d.ts. Our events
// are typed Event subclasses carrying `detail`, not CustomEvent<T>, so handler types are fixed
// up after generation: `(e: CustomEvent<DealMoveEvent>)` becomes `(e: DealMoveEvent)`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const result = spawnSync('cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.status !== 0) process.exit(result.status ?? 1);
const jsx = new URL('generated/custom-elements-jsx.d.ts', `file://${root}`);
const text = readFileSync(jsx, 'utf8').replace(/CustomEvent<(\w+Event)>/g, '$1');
writeFileSync(jsx, text);
