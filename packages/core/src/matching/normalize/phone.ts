/**
 * Phone numbers to E.164 (`+8613800138000`) through libphonenumber-js, with China as the default
 * region: `+86`, `0086`, `86 …`, spaces, dashes, brackets, full-width digits and landline area codes
 * with their trunk `0` (`010-8888 8888`, `+86 010 …`) all reach the same number. Anything the library
 * cannot place keeps its digits, so two equally odd spellings still compare equal.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { unique } from './text.ts';

export type PhoneRegion = CountryCode;

// Extensions are written many ways in Chinese forms: 转 (transfer), 分机 (extension), ext., x, #.
const EXTENSION = /(?:转|分机|ext\.?|extension|(?<=[\d\s])x|#).*$/i;

/** `+` and digits only, the extension cut off; full-width digits folded first. */
function dialString(input: string): string {
  const text = input.normalize('NFKC').replace(EXTENSION, '');
  const plus = /^\s*\+/.test(text);
  const digits = text.replace(/\D/g, '');
  return digits ? (plus ? `+${digits}` : digits) : '';
}

/** E.164 when the number is possible in its region, else its dial string. Idempotent. */
export function normalizePhone(input: string, region: PhoneRegion = 'CN'): string {
  let current = dialString(input);
  if (current.replace('+', '').length < 3) return current;
  // Parse until the number stops changing: an odd input (`+86 0…`) can lose a trunk zero only on
  // the second pass, and the result must be a fixed point for normalising to be idempotent.
  for (let pass = 0; pass < 4; pass++) {
    const parsed = parsePhoneNumberFromString(current, region);
    const next = parsed?.isPossible() ? parsed.number : current;
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Spellings of the same number worth looking up in a store that keeps numbers as typed: E.164,
 * national and international formats, with spaces, dashes or nothing between the groups, and the
 * `0086` prefix. Bounded (about 16), so it fits one `in` query.
 */
export function phoneLookupVariants(input: string, region: PhoneRegion = 'CN'): string[] {
  const trimmed = input.trim();
  if (!trimmed) return [];
  const e164 = normalizePhone(trimmed, region);
  const parsed = e164.startsWith('+') ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed) return unique([trimmed, e164].filter(Boolean));
  const national = parsed.formatNational();
  const international = parsed.formatInternational();
  const code = parsed.countryCallingCode;
  const spaced = [national, international, `00${international.slice(1)}`];
  const variants = [trimmed, e164, `00${e164.slice(1)}`, `${code} ${parsed.nationalNumber}`];
  for (const form of spaced) {
    variants.push(form, form.replace(/ /g, '-'), form.replace(/ /g, ''));
  }
  variants.push(`+${code} ${parsed.nationalNumber}`, `+${code}-${parsed.nationalNumber}`);
  return unique(variants);
}
