/**
 * Keeps documentation honest: every ```ts block of a Markdown page must appear, verbatim but for
 * indentation, blank lines and imports, in the test file that runs it. A test calls this and
 * asserts that nothing is missing, so an example edited in the docs but not in the test (or the
 * other way round) fails CI.
 */
import { readFileSync } from 'node:fs';

const normalize = (text: string) =>
  text
    .replace(/^import [\s\S]*?;$/gm, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');

export function docExamplesMissingFrom(doc: URL, test: URL): { count: number; missing: string[] } {
  const examples = [...readFileSync(doc, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
    normalize(m[1]!),
  );
  const tests = normalize(readFileSync(test, 'utf8'));
  return { count: examples.length, missing: examples.filter((example) => !tests.includes(example)) };
}
