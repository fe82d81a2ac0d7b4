/**
 * What an element costs a host page: its define module bundled with every dependency (Lit,
 * TanStack Virtual, the parts of @kehu/core it uses), minified and gzipped — what a bundler
 * would ship. Used by the size test and the benchmark report.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleSize {
  entry: string;
  minBytes: number;
  gzipBytes: number;
  /** Input files that contribute bytes to the output (tree-shaken ones excluded). */
  inputs: string[];
}

export async function measureBundle(entry: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    conditions: ['@kehu/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const [output] = Object.values(result.metafile.outputs);
  return {
    entry,
    minBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  };
}
