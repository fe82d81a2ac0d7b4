/**
 * Which language an element speaks, without any catalogue: the lead form's standalone build
 * resolves its locale through this module alone, so it carries none of the board's messages.
 */
import type { Locale } from '@kehu/core';

export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** `zh`, `zh-Hans-CN`… → zh-CN; `en-GB`… → en; anything else → undefined. */
export function resolveLocale(candidate: string | null | undefined): Locale | undefined {
  if (!candidate) return undefined;
  if (candidate === 'zh-CN' || candidate.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (candidate.toLowerCase().startsWith('en')) return 'en';
  return undefined;
}
