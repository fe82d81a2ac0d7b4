/**
 * The HTML a website pastes to show a lead form: one module script and the element, with the
 * configuration as an attribute. No inline script, so it runs under `script-src 'self'` (or the
 * script's own origin) without `unsafe-inline`.
 */
import { KehuError, type KehuIssue } from '../errors.ts';
import { type FormConfigInput, type FormLocale, parseFormConfig } from './config.ts';

export interface EmbedSnippetOptions {
  /** Where submissions are posted (absolute `https://…` or a same-origin path). */
  endpoint: string;
  /** Where the page loads the standalone form build (`@kehu/components/embed/lead-form.js`). */
  scriptUrl: string;
  /** The form's language; default: the page's `lang`, else zh-CN. */
  locale?: FormLocale;
}

const URL_PATTERN = /^(?:https?:\/\/[^\s"'<>`]+|\/[^\s"'<>`]*)$/;

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** The snippet for `config`; `VALIDATION` for a bad config or a URL that is not http(s) or a path. */
export function embedSnippet(config: FormConfigInput, options: EmbedSnippetOptions): string {
  const parsed = parseFormConfig(config);
  const issues: KehuIssue[] = (['endpoint', 'scriptUrl'] as const)
    .filter((key) => typeof options?.[key] !== 'string' || !URL_PATTERN.test(options[key]))
    .map((key) => ({ path: [key], code: 'invalid_url', message: `${key} must be an http(s) URL or a path` }));
  if (options?.locale !== undefined && options.locale !== 'zh-CN' && options.locale !== 'en') {
    issues.push({ path: ['locale'], code: 'invalid_value', message: 'locale must be zh-CN or en' });
  }
  if (issues.length > 0) {
    throw new KehuError('VALIDATION', `Invalid snippet options: ${issues.map((i) => i.path[0]).join(', ')}`, {
      issues,
    });
  }
  const attributes = [
    `endpoint="${escapeAttribute(options.endpoint)}"`,
    ...(options.locale ? [`locale="${options.locale}"`] : []),
    `config="${escapeAttribute(JSON.stringify(parsed))}"`,
  ];
  return [
    `<script type="module" src="${escapeAttribute(options.scriptUrl)}"></script>`,
    `<kehu-lead-form ${attributes.join(' ')}></kehu-lead-form>`,
  ].join('\n');
}
