// The code-generating compiler stays opt-in: nothing but the public entry imports it, and the
// default compiler keeps working where `eval` is forbidden (a strict Content-Security-Policy).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compileScoring, compileScoringCodegen, defineScoring, generateScoringSource } from '../index.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const definition = defineScoring({
  rules: [
    { id: 'mfg', group: 'fit', points: 20, when: { field: 'industry', op: 'eq', value: 'manufacturing' } },
    { id: 'big', group: 'fit', points: 10, when: { field: 'raw.employees', op: 'gte', value: 500 } },
  ],
  groups: { fit: { max: 25 } },
});

describe('compileScoringCodegen', () => {
  it('is imported by the scoring entry only, so bundles that never call it drop it', () => {
    const importers = sourceFiles(SRC).filter((file) =>
      /from\s+['"][^'"]*codegen(\.ts)?['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(importers.map((file) => relative(SRC, file))).toEqual([join('scoring', 'index.ts')]);
  });

  it('generates readable source with each field read once', () => {
    const source = generateScoringSource(definition);
    expect(source).toContain('case "industry": f0 = e[k]; break;');
    expect(source).toContain('const p0 = readTail(f1, K.paths[0]);');
    expect(source).toContain('if (s0 > 2500)');
  });

  it('embeds rule values as literals that cannot escape their expression', () => {
    const hostile = '"); throw new Error("escaped"); ("';
    const scorer = compileScoringCodegen({
      rules: [{ id: 'x', group: 'fit', points: 1, when: { field: 'company', op: 'eq', value: hostile } }],
    });
    expect(scorer.score({ company: hostile }).total).toBe(1);
    expect(scorer.score({ company: 'x' }).total).toBe(0);
  });
});

describe('under a strict CSP (no eval, no new Function)', () => {
  const original = globalThis.Function;
  afterEach(() => {
    globalThis.Function = original;
  });

  it('the closure compiler still works; the code generator cannot', () => {
    const forbidden = new Proxy(original, {
      construct() {
        throw new EvalError('Refused to evaluate a string as JavaScript (unsafe-eval)');
      },
      apply() {
        throw new EvalError('Refused to evaluate a string as JavaScript (unsafe-eval)');
      },
    });
    globalThis.Function = forbidden;
    const scorer = compileScoring(definition);
    expect(scorer.score({ industry: 'manufacturing', raw: { employees: 800 } }).total).toBe(25);
    expect(() => compileScoringCodegen(definition)).toThrow(EvalError);
  });
});
