/**
 * A small ERP ("清源 ERP") with Kehu embedded: the shell (sidebar, top bar with language, theme
 * and "reset demo data"), hash routing so a reload keeps the screen, the CRM data in IndexedDB,
 * and the ERP's own reaction to a won deal (booking the sales order, see erp-orders.ts).
 *
 * The shell renders at once; the data opens (or is generated and seeded, with progress on the
 * role=status line) behind it, and the screens appear when it is ready.
 */
import '@kehu/components/define';
import type { KehuProviderElement } from '@kehu/components';
import type { Crm } from '@kehu/core';
import type { CrmSession, Progress } from './data.ts';
import { h, on } from './dom.ts';
import { bookOrdersForWonDeals } from './erp-orders.ts';
import { type Labels, type Locale, labels } from './i18n.ts';
import type { Screen, ScreenContext } from './screens.ts';
import { installStyles } from './styles.ts';

export type Theme = 'light' | 'dark';

/** What the status line says: fixed text, or text in the current language. */
export type StatusMessage = string | ((labels: Labels) => string);

export const ROUTES = ['dashboard', 'orders', 'customers', 'leads', 'pipeline'] as const;
export type RouteName = (typeof ROUTES)[number];

type Screens = Record<RouteName, (ctx: ScreenContext) => Screen>;

/**
 * The data layer (the generator, the engines) and the screens load after the shell has painted:
 * they are most of the page's code, and the sidebar and the status line need none of it.
 */
async function loadModules(): Promise<{ openCrm: typeof import('./data.ts').openCrm; screens: Screens }> {
  const [data, screens] = await Promise.all([import('./data.ts'), import('./screens.ts')]);
  return {
    openCrm: data.openCrm,
    screens: {
      dashboard: screens.dashboardScreen,
      orders: screens.ordersScreen,
      customers: screens.customersScreen,
      leads: screens.leadsScreen,
      pipeline: screens.pipelineScreen,
    },
  };
}

export interface ErpOptions {
  /** IndexedDB database name. Default `kehu-erp-demo`. */
  database?: string;
  /** Deals generated on first start. Default 400. */
  deals?: number;
  seed?: number;
  /** The day the generated history leads up to; default now. */
  now?: string;
  locale?: Locale;
  theme?: Theme;
  /** Remember language and theme in localStorage (the real page does; tests do not). */
  persist?: boolean;
  /** The lead form's minimum fill time against bots. */
  minFillMs?: number;
  /** Records per seeding transaction. */
  chunk?: number;
}

export interface ErpApp {
  readonly root: HTMLElement;
  /** Resolves when the data is open and the first screen is shown. */
  readonly ready: Promise<CrmSession>;
  readonly session: CrmSession | undefined;
  /** The CRM of the current session; throws before `ready`. */
  readonly crm: Crm;
  readonly locale: Locale;
  readonly theme: Theme;
  readonly route: RouteName;
  setLocale(locale: Locale): void;
  setTheme(theme: Theme): void;
  /** `orders`, `orders/<id>`, `customers/<id>`, … */
  navigate(route: string): void;
  /** Deletes the database and generates the data again. */
  reset(): Promise<CrmSession>;
  /** Stops listening and closes the database connection (the tab goes away). */
  stop(): Promise<void>;
}

function parseHash(hash: string): { route: RouteName; param: string | undefined } {
  const [name, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const route = (ROUTES as readonly string[]).includes(name ?? '') ? (name as RouteName) : 'dashboard';
  const param = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  return { route, param: param || undefined };
}

function stored<T extends string>(key: string, allowed: readonly T[]): T | undefined {
  try {
    const value = localStorage.getItem(key);
    return allowed.find((option) => option === value);
  } catch {
    return undefined;
  }
}

export function startErp(root: HTMLElement, options: ErpOptions = {}): ErpApp {
  installStyles(root.ownerDocument);
  const persist = options.persist ?? false;
  let locale: Locale =
    options.locale ?? (persist ? stored('kehu-erp-locale', ['zh-CN', 'en'] as const) : undefined) ?? 'zh-CN';
  let theme: Theme =
    options.theme ?? (persist ? stored('kehu-erp-theme', ['light', 'dark'] as const) : undefined) ?? 'light';
  let t: Labels = labels[locale];
  let session: CrmSession | undefined;
  let screen: Screen | undefined;
  let screens: Screens | undefined;
  let stopBooking: (() => void) | undefined;
  let stopped = false;
  let current = parseHash(location.hash);

  // ——— the shell ———
  const navLinks = new Map<RouteName, HTMLAnchorElement>();
  const navList = h('ul', {});
  for (const route of ROUTES) {
    const link = h('a', { href: `#/${route}`, 'data-route': route });
    navLinks.set(route, link);
    navList.append(h('li', {}, link));
  }
  const brandName = h('strong', {});
  const brandSub = h('span', {});
  const nav = h('nav', {}, navList);
  const side = h('aside', { class: 'erp-side' }, h('div', { class: 'erp-brand' }, brandName, brandSub), nav);

  const title = h('h1', {});
  const languageLabel = h('span', {});
  const languageSelect = h(
    'select',
    { 'data-control': 'locale' },
    h('option', { value: 'zh-CN', lang: 'zh-CN' }, '中文'),
    h('option', { value: 'en', lang: 'en' }, 'English'),
  );
  const themeToggle = h('input', { type: 'checkbox', role: 'switch', 'data-control': 'theme' });
  const themeLabel = h('span', {});
  const resetButton = h('button', { type: 'button', 'data-control': 'reset', disabled: true });
  const top = h(
    'header',
    { class: 'erp-top' },
    title,
    h(
      'div',
      { class: 'erp-tools' },
      h('label', {}, languageLabel, ' ', languageSelect),
      h('label', {}, themeToggle, ' ', themeLabel),
      resetButton,
    ),
  );
  const status = h('p', { class: 'erp-status', role: 'status', 'aria-live': 'polite' });
  const screenHost = h('main', { class: 'erp-screen', tabindex: -1 });
  const provider = document.createElement('kehu-provider') as KehuProviderElement;
  provider.append(screenHost);
  const app = h('div', { class: 'erp' }, side, h('div', { class: 'erp-main' }, top, status, provider));
  root.replaceChildren(app);

  // The status line keeps what it says as a function of the labels, so it follows a language switch.
  let message: StatusMessage = (labels) => labels.preparing;
  const paintStatus = () => {
    status.textContent = typeof message === 'function' ? message(t) : message;
  };
  const notify = (next: StatusMessage, kind: 'info' | 'error' = 'info') => {
    message = next;
    status.dataset.kind = kind;
    paintStatus();
  };

  const applyChrome = () => {
    root.ownerDocument.documentElement.lang = locale;
    app.lang = locale;
    app.dataset.theme = theme;
    provider.locale = locale;
    provider.theme = theme;
    brandName.textContent = t.brand;
    brandSub.textContent = t.brandSub;
    nav.setAttribute('aria-label', t.nav);
    for (const [route, link] of navLinks) {
      link.textContent = t[route];
      if (route === current.route) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    title.textContent = t[current.route];
    languageLabel.textContent = t.language;
    languageSelect.value = locale;
    themeLabel.textContent = t.themeDark;
    themeToggle.checked = theme === 'dark';
    resetButton.textContent = t.reset;
    paintStatus();
  };

  const renderScreen = () => {
    screen?.dispose();
    screen = undefined;
    applyChrome();
    if (!session || !screens) {
      screenHost.replaceChildren(h('p', { class: 'muted' }, t.preparing));
      return;
    }
    screen = screens[current.route]({
      crm: session.crm,
      store: session.store,
      locale,
      t,
      param: current.param,
      navigate: (route) => api.navigate(route),
      notify,
      minFillMs: options.minFillMs,
    });
    screenHost.replaceChildren(screen.element);
  };

  const onHashChange = () => {
    current = parseHash(location.hash);
    renderScreen();
  };
  window.addEventListener('hashchange', onHashChange);

  const progressText =
    (progress: Progress): StatusMessage =>
    (labels) =>
      progress.phase === 'generating'
        ? labels.generating
        : progress.phase === 'seeding'
          ? labels.seeding(progress.done, progress.total)
          : labels.analysing;

  const open = async (): Promise<CrmSession> => {
    notify((labels) => labels.preparing);
    resetButton.disabled = true;
    const modules = await loadModules();
    screens = modules.screens;
    const opened = await modules.openCrm({
      database: options.database ?? 'kehu-erp-demo',
      deals: options.deals ?? 400,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.chunk === undefined ? {} : { chunk: options.chunk }),
      locale,
      onProgress: (progress) => notify(progressText(progress)),
    });
    if (stopped) {
      await opened.store.close();
      return opened;
    }
    session = opened;
    provider.crm = opened.crm;
    stopBooking = bookOrdersForWonDeals(
      opened.crm,
      (booking) => {
        if (!booking.created) return;
        void opened.crm.store.get('accounts', booking.order.accountId ?? '').then((account) => {
          notify((labels) =>
            labels.orderBooked(booking.order.number ?? booking.order.id, account?.name ?? ''),
          );
        });
      },
      (error) => notify(error instanceof Error ? error.message : String(error), 'error'),
    );
    notify((labels) =>
      opened.seeded
        ? labels.seeded(opened.deals, opened.accounts)
        : labels.loaded(opened.deals, opened.accounts),
    );
    resetButton.disabled = false;
    renderScreen();
    return opened;
  };

  const close = async () => {
    screen?.dispose();
    screen = undefined;
    stopBooking?.();
    stopBooking = undefined;
    const closing = session;
    session = undefined;
    provider.crm = undefined;
    return closing;
  };

  on(languageSelect, 'change', () => api.setLocale(languageSelect.value === 'en' ? 'en' : 'zh-CN'));
  on(themeToggle, 'change', () => api.setTheme(themeToggle.checked ? 'dark' : 'light'));
  on(resetButton, 'click', () => {
    if (!confirm(t.resetConfirm)) return;
    api.reset().catch((error: unknown) => notify((labels) => labels.failed(String(error)), 'error'));
  });

  renderScreen();
  const ready = open().catch((error: unknown) => {
    notify((labels) => labels.failed(error instanceof Error ? error.message : String(error)), 'error');
    throw error;
  });
  let readyNow = ready;

  const api: ErpApp = {
    root,
    get ready() {
      return readyNow;
    },
    get session() {
      return session;
    },
    get crm() {
      if (!session) throw new Error('The ERP is not ready yet');
      return session.crm;
    },
    get locale() {
      return locale;
    },
    get theme() {
      return theme;
    },
    get route() {
      return current.route;
    },
    setLocale(next) {
      locale = next;
      t = labels[next];
      if (persist) localStorage.setItem('kehu-erp-locale', next);
      renderScreen();
    },
    setTheme(next) {
      theme = next;
      if (persist) localStorage.setItem('kehu-erp-theme', next);
      applyChrome();
    },
    navigate(route) {
      const hash = `#/${route}`;
      if (location.hash === hash) onHashChange();
      else location.hash = hash;
    },
    async reset() {
      await readyNow.catch(() => undefined);
      const closing = await close();
      renderScreen();
      await closing?.store.destroy();
      readyNow = open();
      return readyNow;
    },
    async stop() {
      stopped = true;
      window.removeEventListener('hashchange', onHashChange);
      const closing = await close();
      await closing?.store.close();
    },
  };
  return api;
}
