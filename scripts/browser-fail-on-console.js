// Imported first by every browser test file (see web-test-runner.config.mjs): a console.error or
// console.warn during a test fails that test, as in the Node suites.
const seen = [];
for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    seen.push(`console.${level}: ${args.map(String).join(' ')}`);
    original(...args);
  };
}
// Mocha's globals exist when a test file is evaluated; a top-level hook is a root hook.
beforeEach(() => {
  seen.length = 0;
});
afterEach(() => {
  if (seen.length) {
    const message = seen.join('\n');
    seen.length = 0;
    throw new Error(`The test wrote to the console:\n${message}`);
  }
});
