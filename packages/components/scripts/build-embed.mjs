#!/usr/bin/env node
// @ts-check
/**
 * Builds the public embed of the lead form: `dist/embed/lead-form.js`, one self-contained,
 * minified ES module (Lit, the element and the `@kehu/core/forms` validators, no imports left)
 * plus its source map. A website loads it with the snippet of `crm.forms.embedSnippet`. The size
 * test and the strict-CSP browser test build with these same options (`embedBuildOptions`).
 *
 *   node scripts/build-embed.mjs        (part of `pnpm build`, after tsc)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The embed's entry module. */
export const EMBED_ENTRY = join(packageRoot, 'src/lead-form/embed.ts');
/** Where `pnpm build` writes the embed. */
export const EMBED_OUTFILE = join(packageRoot, 'dist/embed/lead-form.js');

/**
 * The esbuild options of the embed. Source files (`@kehu/source`) so that the embed never depends
 * on core having been built; `production` picks Lit's production build (no dev-mode warnings).
 * @param {string} outfile
 * @returns {import('esbuild').BuildOptions & { metafile: true, write: false }}
 */
export function embedBuildOptions(outfile = EMBED_OUTFILE) {
  return {
    absWorkingDir: packageRoot,
    entryPoints: [EMBED_ENTRY],
    outfile,
    bundle: true,
    splitting: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@kehu/source', 'browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // The form's Chinese texts as UTF-8, not \u escapes (module scripts are always UTF-8).
    charset: 'utf8',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  };
}

/**
 * @typedef {object} EmbedBuild
 * @property {Uint8Array} code The embed, as served.
 * @property {Uint8Array | undefined} map Its source map.
 * @property {number} rawBytes
 * @property {number} gzipBytes gzip level 9, what a server or CDN sends.
 * @property {string[]} inputs Input files that put bytes into the embed (tree-shaken ones left out).
 * @property {Record<string, number>} inputBytes Of those, how many bytes each put into the embed.
 */

/**
 * Builds the embed in memory; `write: true` writes it (and its map) to `outfile`.
 * @param {{ outfile?: string, write?: boolean }} [options]
 * @returns {Promise<EmbedBuild>}
 */
export async function buildEmbed({ outfile = EMBED_OUTFILE, write = false } = {}) {
  const result = await build(embedBuildOptions(outfile));
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!js) throw new Error('esbuild produced no JavaScript for the embed');
  if (write) {
    for (const file of result.outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
  }
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  const inputBytes = Object.fromEntries(
    Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path, input]) => [path, input.bytesInOutput]),
  );
  return {
    code: js.contents,
    map: map?.contents,
    rawBytes: js.contents.byteLength,
    gzipBytes: gzipSync(js.contents, { level: 9 }).byteLength,
    inputs: Object.keys(inputBytes),
    inputBytes,
  };
}

/** @param {number} bytes */
export const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const embed = await buildEmbed({ write: true });
  console.log(
    `embed: dist/embed/lead-form.js ${kilobytes(embed.rawBytes)} minified, ${kilobytes(embed.gzipBytes)} gzip (budget 30 KB)`,
  );
}
