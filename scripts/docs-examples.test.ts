// Keeps docs/ honest. Every ```ts block of every page is written out as its own module and
// type-checked against the real packages in one TypeScript program; blocks marked ```ts run are
// also executed; every ```html block must be well-formed and free of classic inline scripts; the
// element reference in docs/components.md must match the components' custom-elements manifest.
// A block that is deliberately a fragment is marked ```ts nocheck (keep those rare).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docExamplesMissingFrom } from './doc-examples.ts';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const docs = join(root, 'docs');
// Inside bench/ because its node_modules links every @kehu package (and dexie, lit), so the
// examples import them exactly as a user would; `zz-*` is git-ignored, and the folder is removed
// after the run.
const scratch = join(root, 'bench', 'zz-docs-examples');

interface Block {
  page: string;
  /** 1-based among the page's blocks of this language. */
  number: number;
  line: number;
  lang: 'ts' | 'html';
  flags: string[];
  code: string;
  file?: string;
}

function pages(): string[] {
  return readdirSync(docs, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md') && !name.startsWith('api'))
    .sort()
    .map((name) => join(docs, name));
}

function blocksOf(path: string): Block[] {
  const page = relative(root, path);
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: Block[] = [];
  const counts = { ts: 0, html: 0 };
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    const start = i;
    for (i++; i < lines.length && !lines[i]!.startsWith(fence); i++) body.push(lines[i]!);
    const lang = open[2];
    if (lang !== 'ts' && lang !== 'html') continue;
    counts[lang]++;
    blocks.push({
      page,
      number: counts[lang],
      line: start + 1,
      lang,
      flags: open[3]!.split(/\s+/).filter(Boolean),
      code: body.join('\n'),
    });
  }
  return blocks;
}

/**
 * Engine pages whose examples build on each other from block to block (a `crm` made in the first
 * block, used in the next). Each is run, block by block, by the test named here instead of being
 * type-checked one block at a time. `verbatim`: that test checks every block appears in it
 * word for word (`docExamplesMissingFrom`), which is asserted below too.
 */
const RUN_ELSEWHERE: Record<string, { test: string; verbatim: boolean }> = {
  'docs/rules/scoring.md': { test: 'packages/core/src/scoring/docs-examples.test.ts', verbatim: true },
  'docs/rules/loyalty.md': { test: 'packages/core/src/loyalty/docs-examples.test.ts', verbatim: true },
  'docs/rules/funnel.md': { test: 'packages/core/src/funnel/docs-examples.test.ts', verbatim: false },
  'docs/rules/assignment.md': { test: 'packages/core/src/assignment/docs-examples.test.ts', verbatim: false },
  'docs/lead-form.md': {
    test: 'packages/components/test-server/lead-form-docs.node.test.ts',
    verbatim: true,
  },
};

/**
 * Pages with API sketches (elisions such as `[...]`, `…`) that no test runs yet. Listed as todos in
 * every run so they stay visible; the page's owner turns them into checked examples or marks them
 * ```ts nocheck, then removes the entry.
 */
const SKETCHES: Record<string, string> = {
  'docs/matching.md': 'API overview and merge options written with elisions',
};

/** Modules examples import by a relative path, standing in for the reader's own code. */
const SUPPORT: Record<string, string> = {
  // docs/storage-contract.md: the reader's adapter under test.
  'my-store.ts': [
    "import type { Store } from '@kehu/core';",
    "import { createMemoryStore } from '@kehu/core/memory';",
    'export function createMyStore(_options: { name: string }): Store {',
    '  return createMemoryStore();',
    '}',
  ].join('\n'),
};

const all = pages().flatMap(blocksOf);
const tsBlocks = all.filter(
  (block) =>
    block.lang === 'ts' &&
    !block.flags.includes('nocheck') &&
    !(block.page in RUN_ELSEWHERE) &&
    !(block.page in SKETCHES),
);
const htmlBlocks = all.filter((block) => block.lang === 'html');
const where = (block: Block) => `${block.page} ${block.lang} block ${block.number} (line ${block.line})`;

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  for (const [name, code] of Object.entries(SUPPORT)) writeFileSync(join(scratch, name), `${code}\n`);
  for (const block of tsBlocks) {
    const name = `${block.page.replace(/^docs\//, '').replace(/[^A-Za-z0-9]+/g, '-')}${block.number}.ts`;
    block.file = join(scratch, name);
    // A block without import/export is still a module (its own scope, top-level await allowed).
    const isModule = /^\s*(import|export)\s/m.test(block.code);
    writeFileSync(block.file, `${block.code}\n${isModule ? '' : 'export {};\n'}`);
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('docs examples', () => {
  it('finds the pages and their examples', () => {
    expect(pages().map((path) => relative(docs, path))).toContain('getting-started.md');
    expect(tsBlocks.length).toBeGreaterThan(15);
    // Fragments are the exception, and getting started has none.
    const fragments = all.filter((block) => block.flags.includes('nocheck'));
    expect(fragments.filter((block) => block.page === 'docs/getting-started.md')).toEqual([]);
    expect(fragments.length).toBeLessThanOrEqual(5);
  });

  for (const [page, { test, verbatim }] of Object.entries(RUN_ELSEWHERE)) {
    it(`leaves ${page} to ${test}${verbatim ? ', which holds every example verbatim' : ''}`, () => {
      const missing = docExamplesMissingFrom(
        pathToFileURL(join(root, page)),
        pathToFileURL(join(root, test)),
      );
      expect(missing.count).toBeGreaterThan(0);
      if (verbatim) expect(missing.missing).toEqual([]);
    });
  }

  for (const [page, why] of Object.entries(SKETCHES)) {
    it.todo(`${page}: ${why} — not type-checked yet`);
  }

  it('type-checks every ```ts block against the packages, in one program', () => {
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const options: ts.CompilerOptions = {
      ...parsed.options,
      customConditions: ['@kehu/source'],
      noEmit: true,
      // Examples name values they show but do not use again.
      noUnusedLocals: false,
    };
    const files = tsBlocks.map((block) => block.file!);
    const program = ts.createProgram(files, options);
    const problems: string[] = [];
    for (const block of tsBlocks) {
      const source = program.getSourceFile(block.file!);
      if (!source) {
        problems.push(`${where(block)}: not part of the program`);
        continue;
      }
      const diagnostics = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
      for (const diagnostic of diagnostics) {
        const { line } =
          diagnostic.start === undefined
            ? { line: 0 }
            : source.getLineAndCharacterOfPosition(diagnostic.start);
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
        problems.push(`${where(block)}, example line ${line + 1}: TS${diagnostic.code} ${message}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  const runnable = tsBlocks.filter((block) => block.flags.includes('run'));
  it('has runnable examples in getting started', () => {
    expect(runnable.some((block) => block.page === 'docs/getting-started.md')).toBe(true);
  });
  for (const block of runnable) {
    it(`runs ${where(block)}`, async () => {
      const log = console.log;
      console.log = () => {};
      try {
        await import(/* @vite-ignore */ pathToFileURL(block.file!).href);
      } finally {
        console.log = log;
      }
    });
  }

  it('has only well-formed ```html blocks without classic inline scripts', () => {
    const problems = htmlBlocks.flatMap((block) =>
      htmlProblems(block.code).map((p) => `${where(block)}: ${p}`),
    );
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

describe('docs/components.md', () => {
  it('has an element reference generated from the current custom-elements manifest', () => {
    const result = spawnSync('node', ['scripts/components-reference.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status, `${result.stderr}${result.stdout}`).toBe(0);
  });
});

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** Unclosed or stray tags, and inline scripts that are not modules (or import maps / JSON). */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const tag =
    /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/gi;
  let at = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    if (/[<>]/.test(html.slice(at, match.index).replace(/=>|<=|\s<\s|\s>\s/g, ''))) {
      problems.push(`unparsable markup near "${html.slice(at, match.index).trim().slice(0, 40)}"`);
    }
    at = tag.lastIndex;
    const [, closing, rawName, attributes = '', selfClosing] = match;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (closing) {
      if (open.at(-1) !== name) problems.push(`</${name}> does not close <${open.at(-1) ?? 'nothing'}>`);
      else open.pop();
      continue;
    }
    if (VOID.has(name) || selfClosing) continue;
    if (name === 'script' || name === 'style') {
      const end = html.toLowerCase().indexOf(`</${name}>`, tag.lastIndex);
      if (end === -1) {
        problems.push(`<${name}> is never closed`);
        break;
      }
      const inline = html.slice(tag.lastIndex, end).trim() !== '';
      const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1];
      if (
        name === 'script' &&
        inline &&
        type !== 'module' &&
        type !== 'importmap' &&
        type !== 'application/json'
      ) {
        problems.push('an inline <script> must be type="module"');
      }
      tag.lastIndex = end + name.length + 3;
      at = tag.lastIndex;
      continue;
    }
    open.push(name);
  }
  for (const name of open) problems.push(`<${name}> is never closed`);
  return problems;
}

describe('htmlProblems', () => {
  it('accepts nested elements, void elements, module scripts and comments', () => {
    expect(
      htmlProblems(
        '<!-- x --><kehu-provider locale="en"><img src="a.png"><script type="module">if (1 < 2) {}</script></kehu-provider>',
      ),
    ).toEqual([]);
  });
  it('reports unclosed tags and classic inline scripts', () => {
    expect(htmlProblems('<div><span></div>')).toContain('</div> does not close <span>');
    expect(htmlProblems('<script>alert(1)</script>')).toEqual(['an inline <script> must be type="module"']);
    expect(htmlProblems('<kehu-lead-form>')).toEqual(['<kehu-lead-form> is never closed']);
  });
});
