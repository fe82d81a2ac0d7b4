/**
 * `<kehu-pipeline-board>` in Chromium: first render vs a plain Lit board and a vanilla-DOM board,
 * one keyboard move vs a frame, and the bundle the board costs a page (min + gzip).
 */
import { measureBundle } from '../../packages/components/size/bundle-size.ts';
import { runInChromium } from './browser/chromium.ts';
import type { Measurement } from './harness.ts';

export async function boardBenchmarks(sizes: number[], options: { time?: number; iterations?: number } = {}) {
  const measurements = await runInChromium<Measurement[]>('/board/page.ts', { sizes, ...options });
  const bundle = await measureBundle(
    new URL('../../packages/components/src/pipeline-board/define.ts', import.meta.url).pathname,
  );
  measurements.push({
    name: 'board/bundle',
    size: 0,
    peer: 'budget 45 KB',
    ours_ms: 0,
    peer_ms: 0,
    ratio: Math.round(((45 * 1024) / bundle.gzipBytes) * 100) / 100,
    kb_gzip: Math.round((bundle.gzipBytes / 1024) * 10) / 10,
    kb_min: Math.round((bundle.minBytes / 1024) * 10) / 10,
  });
  return measurements;
}
