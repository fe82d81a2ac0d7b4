/**
 * E-mail addresses to one canonical mailbox: lower case, width folded, and the provider's own
 * rules applied — Gmail ignores dots and `+tags`, Outlook and iCloud ignore `+tags` — so two spellings
 * of one mailbox compare equal. Providers whose rules we do not know keep their local part as typed.
 */
import { foldText, unique } from './text.ts';

interface ProviderRule {
  /** The provider ignores dots in the local part. */
  dots?: boolean;
  /** Everything from this character on is a sub-address (`+` for most, `-` for Yahoo). */
  tag?: '+' | '-';
  /** Another domain for the same mailboxes. */
  alias?: string;
}

const PROVIDERS: Readonly<Record<string, ProviderRule>> = {
  'gmail.com': { dots: true, tag: '+' },
  'googlemail.com': { alias: 'gmail.com' },
  'outlook.com': { tag: '+' },
  'hotmail.com': { tag: '+' },
  'live.com': { tag: '+' },
  'msn.com': { tag: '+' },
  'icloud.com': { tag: '+' },
  'me.com': { alias: 'icloud.com' },
  'mac.com': { alias: 'icloud.com' },
  'fastmail.com': { tag: '+' },
  'proton.me': { tag: '+' },
  'protonmail.com': { tag: '+' },
  'yahoo.com': { tag: '-' },
};

/** Free mailbox providers: a shared domain says nothing about two people belonging together. */
export const FREE_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  ...Object.keys(PROVIDERS),
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'sohu.com',
  '139.com',
  '189.cn',
  'aliyun.com',
  'yahoo.com.cn',
  'yandex.ru',
  'mail.ru',
  'aol.com',
  'gmx.de',
  'web.de',
]);

/** The canonical mailbox: `'Wang.Fang+crm@GoogleMail.com'` → `'wangfang@gmail.com'`. Idempotent. */
export function normalizeEmail(input: string): string {
  const text = foldText(input)
    .replace(/\s+/g, '')
    .replace(/^mailto:/, '');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return text;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1).replace(/\.+$/, '');
  let rule = PROVIDERS[domain];
  if (rule?.alias) {
    domain = rule.alias;
    rule = PROVIDERS[domain];
  }
  if (rule?.tag) {
    const cut = local.indexOf(rule.tag);
    // A local part that is only a tag (`+x@gmail.com`) is kept: it is not a real mailbox anyway.
    if (cut > 0) local = local.slice(0, cut);
  }
  if (rule?.dots) {
    const undotted = local.replace(/\./g, '');
    if (undotted) local = undotted;
  }
  return `${local}@${domain}`;
}

/** The domain of a canonical address, or `''`. */
export function emailDomain(canonical: string): string {
  const at = canonical.lastIndexOf('@');
  return at < 0 ? '' : canonical.slice(at + 1);
}

/**
 * Spellings worth looking up in a store that keeps addresses as typed: as given, trimmed, lower
 * case and canonical. Stores index raw values, so a lookup can only find the forms it asks for.
 */
export function emailLookupVariants(input: string): string[] {
  const trimmed = input.trim();
  if (!trimmed) return [];
  const lower = trimmed.toLowerCase();
  return unique([trimmed, lower, foldText(trimmed).replace(/\s+/g, ''), normalizeEmail(trimmed)]);
}
