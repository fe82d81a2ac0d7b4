/**
 * The public embed of `<kehu-lead-form>`: the entry of the standalone build a company's website
 * loads with one `<script type="module">` (`dist/embed/lead-form.js`, made by
 * `scripts/build-embed.mjs`; the snippet comes from `crm.forms.embedSnippet`). It registers the
 * element and nothing else: Lit, the form and the `@kehu/core/forms` validators in one file,
 * budget 30 KB gzip (`size/embed-size.node.test.ts`). Docs: docs/lead-form.md.
 *
 * zod is told to stay jitless before the element's module is even evaluated: under a strict
 * Content-Security-Policy (no `unsafe-eval`) even zod's probe for `new Function` is reported as a
 * violation. The element is therefore imported dynamically, after the call — a static import
 * would be evaluated first, and an element already in the page upgrades (and may parse its
 * configuration) during `customElements.define`. The bundler inlines the import: still one file.
 */
import { useJitlessValidation } from '@kehu/core/forms';

useJitlessValidation();
await import('./define.ts');
