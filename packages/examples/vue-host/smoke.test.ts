/**
 * The Vue 3 host as a visitor gets it: built with Vite, served over HTTP and opened in headless
 * Chromium; the checks are shared by every host (../shared/host-page.ts).
 */
import { describeHostPage } from '../shared/host-page.ts';

describeHostPage('Vue 3 host page', new URL('.', import.meta.url));
