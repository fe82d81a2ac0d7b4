/** The demo page's entry: the ERP with Kehu embedded, on this browser's IndexedDB. */
import { startErp } from './erp-app.ts';

const root = document.querySelector<HTMLElement>('#app')!;
if (!location.hash) history.replaceState(null, '', '#/dashboard');
startErp(root, { deals: 400, persist: true });
