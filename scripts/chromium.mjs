// Where Chromium is: CHROME_PATH if set, else the first Chrome/Chromium on PATH. Shared by the
// test command, the browser test runner and the browser benchmarks; nothing here downloads one.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROME_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` found on PATH, or undefined. */
export function onPath(names) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** CHROME_PATH (when executable), else Chromium found on PATH, else undefined. */
export function findChromium() {
  const configured = process.env.CHROME_PATH;
  if (configured) return isExecutable(configured) ? configured : undefined;
  return onPath(CHROME_NAMES);
}
