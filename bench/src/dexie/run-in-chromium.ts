/**
 * Runs the Dexie benchmark (page.ts) where it means something: in headless Chromium, on its real
 * IndexedDB, through the shared browser runner (a Vite dev server on 127.0.0.1 serving bench/src
 * from source, puppeteer-core driving the system's Chromium). Progress lines from the page are
 * printed as they come; a 100k run takes many minutes.
 */
import { runInChromium } from '../browser/chromium.ts';
import type { Measurement } from '../harness.ts';
import type { PageOptions } from './page.ts';

export interface DexieBenchmarkOptions extends Omit<PageOptions, 'log' | 'sizes'> {
  /** Print the page's progress lines (default true). */
  verbose?: boolean;
}

/**
 * Measures the Dexie adapter against raw IndexedDB in Chromium at each size (number of deals):
 * bulk upsert and update, the board column's first page and count, a full load, and (up to
 * 10k) bulkPut against one transaction per record.
 */
export async function dexieBenchmarks(
  sizes: number[],
  options: DexieBenchmarkOptions = {},
): Promise<Measurement[]> {
  const { verbose = true, ...pageOptions } = options;
  return runInChromium<Measurement[]>('/dexie/page.ts', { sizes, ...pageOptions }, { verbose });
}
