/**
 * A framework host as a visitor gets it: the page is built with Vite, served over HTTP and
 * opened in headless Chromium. The board shows its stages and cards, clicking a deal puts its
 * account on the customer card, a keyboard move and a logged activity reach the host's typed
 * listeners, the language switch re-renders both elements in English, and the page says nothing
 * on the console.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../scripts/chromium.mjs';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves the built page from `dir` on 127.0.0.1 at a free port. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    try {
      if (!file.startsWith(dir)) throw new Error('outside the build');
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** Text inside an element's shadow root, or '' while it has none. */
function shadowText(page: Page, host: string, selector: string): Promise<string> {
  return page.evaluate(
    (host, selector) =>
      document.querySelector(host)?.shadowRoot?.querySelector(selector)?.textContent?.trim() ?? '',
    host,
    selector,
  );
}

/** Waits for `check` to hold in the page; on a timeout, says what the page reported meanwhile. */
async function until(
  page: Page,
  noise: string[],
  check: Parameters<Page['waitForFunction']>[0],
  ...args: unknown[]
): Promise<void> {
  try {
    await page.waitForFunction(check, { timeout: 10_000 }, ...args);
  } catch (error) {
    throw new Error(`${String(error)}\npage said:\n${noise.join('\n') || '(nothing)'}`);
  }
}

function loggedEvents(page: Page): Promise<string[]> {
  return page.$$eval('#event-log li', (items) => items.map((item) => item.getAttribute('data-event') ?? ''));
}

/**
 * The smoke test of one host: `name` titles the suite, `hostDir` is the host package's folder
 * (built with its own Vite config into a temp dir).
 */
export function describeHostPage(name: string, hostDir: URL): void {
  const root = fileURLToPath(hostDir);
  const outDir = join(tmpdir(), `kehu-${root.split('/').filter(Boolean).at(-1)}-${process.pid}`);
  describe(name, () => {
    let browser: Browser;
    let page: Page;
    let server: Server;
    const noise: string[] = [];

    beforeAll(async () => {
      const executablePath = findChromium();
      if (!executablePath)
        throw new Error('No Chromium: install Debian\'s "chromium" package or set CHROME_PATH.');
      // Vite's CLI in its own process, as `pnpm build` runs it: inside vitest's module runner the Vue
      // plugin's CommonJS dependencies do not load, and NODE_ENV would be `test`.
      await promisify(execFile)(
        process.execPath,
        [
          join(root, 'node_modules/vite/bin/vite.js'),
          'build',
          '--outDir',
          outDir,
          '--emptyOutDir',
          '--logLevel',
          'error',
        ],
        { cwd: root, env: { ...process.env, NODE_ENV: 'production' } },
      );
      const served = await serve(outDir);
      server = served.server;
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      page = await browser.newPage();
      await page.setViewport({ width: 1600, height: 1000 });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warn') {
          noise.push(`console.${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => noise.push(`pageerror: ${String(error)}`));
      page.on('requestfailed', (request) => noise.push(`requestfailed: ${request.url()}`));
      await page.goto(served.url, { waitUntil: 'load' });
    });

    afterAll(async () => {
      await browser?.close();
      if (server) await new Promise((resolve) => server.close(resolve));
      await rm(outDir, { recursive: true, force: true });
    });

    it('renders the board, follows a selected deal on the card, hears typed events, switches language', async () => {
      const wait = (check: Parameters<Page['waitForFunction']>[0], ...args: unknown[]) =>
        until(page, noise, check, ...args);

      // The board: a column per open stage, cards in them, stage names in Chinese.
      await wait(() =>
        document.querySelector('kehu-pipeline-board')?.shadowRoot?.querySelector('[data-deal-id]'),
      );
      const columns = await page.$$eval('kehu-pipeline-board >>> [part~="column"]', (sections) =>
        sections.map((column) => ({
          name: column.querySelector('h3 span')?.textContent?.trim() ?? '',
          cards: column.querySelectorAll('[data-deal-id]').length,
        })),
      );
      expect(columns.length).toBeGreaterThanOrEqual(3);
      expect(columns.filter((column) => column.cards > 0).length).toBeGreaterThanOrEqual(2);
      expect(columns.every((column) => /[\u4e00-\u9fff]/.test(column.name))).toBe(true);

      // Clicking a deal shows its account on the card.
      const deal = await page.$eval('kehu-pipeline-board >>> [data-deal-id]', (card) => ({
        id: card.getAttribute('data-deal-id')!,
        account: card.querySelector('.account')?.textContent?.trim() ?? '',
      }));
      expect(deal.account).not.toBe('');
      const card = `kehu-pipeline-board >>> [data-deal-id="${deal.id}"]`;
      await page.click(card);
      await wait(
        (name) =>
          document
            .querySelector('kehu-customer-card')
            ?.shadowRoot?.querySelector('[part~="name"]')
            ?.textContent?.trim() === name,
        deal.account,
      );
      expect(
        await page.$eval('kehu-customer-card', (element) => element.getAttribute('customer-id')),
      ).toMatch(/^acc-/);
      expect(await loggedEvents(page)).toContain('kehu-deal-select');

      // A keyboard move (Space, ArrowRight, Space) reaches the typed `kehu-deal-moved` listener.
      await page.focus(card);
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Space');
      await wait(() => document.querySelector('#event-log li[data-event="kehu-deal-moved"]'));

      // Logging an activity on the card reaches the typed `kehu-activity-logged` listener.
      await page.click('kehu-customer-card >>> [data-action="activity"]');
      await page.type('kehu-customer-card >>> #activity-subject', 'Smoke test call');
      await page.click('kehu-customer-card >>> #activity-form button[type="submit"]');
      await wait(() => document.querySelector('#event-log li[data-event="kehu-activity-logged"]'));
      expect(
        await page.$eval('#event-log li[data-event="kehu-activity-logged"]', (li) => li.textContent),
      ).toContain('Smoke test call');

      // English, through the provider, on both elements.
      await page.select('#locale', 'en');
      await wait(() =>
        document
          .querySelector('kehu-pipeline-board')
          ?.shadowRoot?.querySelector('.columns')
          ?.getAttribute('aria-label')
          ?.startsWith('Sales pipeline'),
      );
      expect(await shadowText(page, 'kehu-customer-card', '[data-action="activity"]')).toBe('Log activity');

      // The theme reaches the elements.
      await page.select('#theme', 'dark');
      await wait(() => document.querySelector('kehu-pipeline-board')?.getAttribute('theme') === 'dark');

      expect(noise).toEqual([]);
    });
  });
}
