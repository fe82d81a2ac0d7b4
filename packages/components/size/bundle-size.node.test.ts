// Bundle budgets (DESIGN §7): the board with its dependencies ≤ 45 KB min+gzip; the customer card,
// which needs no virtualizer, ≤ 30 KB (measured 22.2 KB).
import { describe, expect, it } from 'vitest';
import { measureBundle } from './bundle-size.ts';

const src = new URL('../src/', import.meta.url).pathname;

describe('bundle size', () => {
  it('keeps <kehu-pipeline-board> with its dependencies within 45 KB min+gzip, without zod', async () => {
    const size = await measureBundle(`${src}pipeline-board/define.ts`);
    expect(size.inputs.some((input) => input.includes('/zod/'))).toBe(false);
    expect(size.gzipBytes).toBeLessThanOrEqual(45 * 1024);
  });

  it('keeps <kehu-customer-card> with its dependencies within 30 KB min+gzip, without zod', async () => {
    const size = await measureBundle(`${src}customer-card/define.ts`);
    expect(size.inputs.some((input) => input.includes('/zod/'))).toBe(false);
    expect(size.gzipBytes).toBeLessThanOrEqual(30 * 1024);
  });
});
