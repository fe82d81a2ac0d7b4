// The public embed's budget (DESIGN §7): everything a website loads for the lead form — one file,
// dist/embed/lead-form.js — ≤ 30 KB gzip, with no code path that needs `eval`, and only the
// forms part of core inside. Built with the very options of `scripts/build-embed.mjs`.
import { describe, expect, it } from 'vitest';
import { buildEmbed, type EmbedBuild, kilobytes } from '../scripts/build-embed.mjs';

const BUDGET_BYTES = 30 * 1024;

/** The parts of @kehu/core a public form may carry: forms, its errors and the lead limits. */
const ALLOWED_CORE = [
  /\/core\/src\/forms\//,
  /\/core\/src\/errors\.ts$/,
  /\/core\/src\/model\/lead-fields\.ts$/,
];

const isCore = (input: string) => /(^|\/)packages\/core\/|\/@kehu\/core\/|^\.\.\/core\//.test(input);
/** Full zod (classic API, v3, locales, JSON Schema, the `new Function` compiler) where zod/mini belongs. */
const isHeavyZod = (input: string) =>
  /\/zod\/(v3\/|v4\/classic\/|v4\/locales\/|v4\/core\/(json-schema|to-json-schema|compile)\.js|index\.js$|v4\/index\.js$)/.test(
    input,
  );
/**
 * The element is imported dynamically after the jitless switch (see embed.ts), so esbuild wraps
 * every module in a lazy initializer, and a module whose code is all tree-shaken still leaves its
 * empty wrapper (17 bytes). Only an input with more than that carries code.
 */
const WRAPPER_BYTES = 32;

let embed: Promise<EmbedBuild> | undefined;
const built = () => {
  embed ??= buildEmbed();
  return embed;
};

describe('public lead-form embed', () => {
  it('stays within 30 KB gzip (the whole page cost: one file)', async () => {
    const { rawBytes, gzipBytes } = await built();
    console.log(
      `lead-form embed: ${rawBytes} B (${kilobytes(rawBytes)}) minified, ${gzipBytes} B (${kilobytes(gzipBytes)}) gzip — budget ${kilobytes(BUDGET_BYTES)}`,
    );
    expect(gzipBytes, `embed is ${gzipBytes} B gzip, budget ${BUDGET_BYTES} B`).toBeLessThanOrEqual(
      BUDGET_BYTES,
    );
  });

  it('carries only the forms part of @kehu/core and zod/mini, not classic zod', async () => {
    const { inputs, inputBytes } = await built();
    const offending = inputs
      .filter(
        (input) =>
          (isCore(input) && !ALLOWED_CORE.some((allowed) => allowed.test(input))) ||
          (isHeavyZod(input) && inputBytes[input]! > WRAPPER_BYTES),
      )
      // Core first: that is the regression to look at; classic zod's locales follow it in.
      .sort((a, b) => Number(isCore(b)) - Number(isCore(a)))
      .map((input) => `${input} (${inputBytes[input]} B)`);
    expect(offending, `the embed pulls in:\n  ${offending.join('\n  ')}`).toEqual([]);
    expect(inputs.some((input) => /\/core\/src\/forms\//.test(input))).toBe(true);
    expect(inputs.some((input) => /\/zod\/v4\/mini\//.test(input))).toBe(true);
  });

  it('is self-contained and has no eval path (zod compiles nothing)', async () => {
    const text = new TextDecoder().decode((await built()).code);
    // No import left for the page to resolve: a bare `import "lit"` would fail on a website.
    expect(text).not.toMatch(/(^|[;}\s])import\s*[\w{*"']|import\(/);
    expect(text).not.toMatch(/\bnew Function\b|\beval\(|[=(,]Function[;,)]|\bFunction\(/);
  });
});
