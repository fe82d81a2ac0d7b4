/**
 * The lead's sources and field limits without zod, shared by the lead schema and by the form
 * module, whose validators ship to public web pages and must not carry the full zod API.
 */

export const LEAD_SOURCES = [
  'web_form',
  'phone',
  'exhibition',
  'referral',
  'advertising',
  'social',
  'email',
  'partner',
  'import',
  'other',
] as const;

/** Maximum lengths of a lead's text fields (and the phone's minimum). */
export const LEAD_LIMITS = {
  name: 120,
  company: 200,
  title: 120,
  phoneMin: 3,
  phone: 32,
  region: 64,
  industry: 64,
  product: 64,
  message: 5000,
} as const;
