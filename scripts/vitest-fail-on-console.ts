// A console.error or console.warn during a test fails it: noise in a test run is a bug somewhere.
import { afterEach, beforeEach } from 'vitest';

const seen: string[] = [];
const original = { error: console.error, warn: console.warn };

beforeEach(() => {
  seen.length = 0;
  console.error = (...args: unknown[]) => {
    seen.push(`console.error: ${args.map(String).join(' ')}`);
    original.error(...args);
  };
  console.warn = (...args: unknown[]) => {
    seen.push(`console.warn: ${args.map(String).join(' ')}`);
    original.warn(...args);
  };
});

afterEach(() => {
  console.error = original.error;
  console.warn = original.warn;
  if (seen.length) throw new Error(`The test wrote to the console:\n${seen.join('\n')}`);
});
