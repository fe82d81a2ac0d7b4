/**
 * Helpers for the ERP page's browser tests: mount the page on a database of its own, wait for
 * something to show up (in the page or inside a widget's shadow root), fill the lead form.
 */
import { createDexieStore } from '@kehu/adapter-dexie';
import { type ErpApp, type ErpOptions, startErp } from './erp-app.ts';

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Polls `probe` until it returns something truthy; fails with `message` after `timeout` ms. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  message: string,
  timeout = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`Timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

export interface Mounted {
  app: ErpApp;
  root: HTMLElement;
  database: string;
  /** Stops the page, deletes its database and removes it from the document. */
  unmount(): Promise<void>;
}

let counter = 0;

/** The page on a fresh database with small data (60 deals) and no bot delay on the lead form. */
export function mount(options: ErpOptions = {}, route = 'dashboard'): Mounted {
  const database = options.database ?? `kehu-erp-test-${Date.now()}-${++counter}`;
  history.replaceState(null, '', `#/${route}`);
  const root = document.createElement('div');
  document.body.append(root);
  const app = startErp(root, { deals: 60, minFillMs: 0, chunk: 200, ...options, database });
  return {
    app,
    root,
    database,
    async unmount() {
      await app.stop();
      root.remove();
      await createDexieStore({ name: database }).destroy();
      history.replaceState(null, '', '#/');
    },
  };
}

/** Text of an element including its shadow root (one level), for widgets. */
export function shadowText(element: Element | null | undefined): string {
  if (!element) return '';
  return element.shadowRoot?.textContent ?? element.textContent ?? '';
}

/** Waits for the screen `name` (its `data-screen`) to be shown. */
export function screen(root: HTMLElement, name: string): Promise<HTMLElement> {
  return waitFor(() => root.querySelector<HTMLElement>(`[data-screen="${name}"]`), `screen ${name}`);
}

/** Types into a field of `<kehu-lead-form>` the way a user does (value, then input/change). */
export function fill(form: HTMLElement, name: string, value: string | boolean): void {
  const control = form.shadowRoot?.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    `[name="${name}"]`,
  );
  if (!control) throw new Error(`No field ${name} in the lead form`);
  if (typeof value === 'boolean') {
    if ((control as HTMLInputElement).checked !== value) (control as HTMLInputElement).click();
    return;
  }
  control.value = value;
  const type = control instanceof HTMLSelectElement ? 'change' : 'input';
  control.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}
