/**
 * A submission not yet confirmed as received, kept in `sessionStorage` so that a reload — while
 * offline, or after a failed send — loses nothing, and a resend keeps its submission id (the
 * idempotency key) instead of risking a second lead. Storage can be missing, full or forbidden
 * (privacy modes, sandboxed frames): every access is guarded and a failure means "not kept".
 */

export interface SavedSubmission {
  submissionId: string;
  /** What the inputs held, by field name (a phone field's national number, not its E.164). */
  values: Record<string, string | boolean>;
  /** The country chosen per phone field. */
  countries: Record<string, string>;
  /** Time already spent on the form before the reload. */
  elapsedMs: number;
}

const keyOf = (formId: string) => `kehu-lead-form:${formId}`;

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function saveSubmission(formId: string, saved: SavedSubmission): void {
  try {
    storage()?.setItem(keyOf(formId), JSON.stringify(saved));
  } catch {
    // Quota or a forbidden store: the entries stay on the page, only a reload would lose them.
  }
}

export function clearSubmission(formId: string): void {
  try {
    storage()?.removeItem(keyOf(formId));
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

/** The saved submission of `formId`, if one is stored and well-formed. */
export function loadSubmission(formId: string): SavedSubmission | undefined {
  let text: string | null | undefined;
  try {
    text = storage()?.getItem(keyOf(formId));
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    const saved = JSON.parse(text) as Partial<SavedSubmission> | null;
    if (
      typeof saved?.submissionId !== 'string' ||
      !/^[A-Za-z0-9_-]{8,64}$/.test(saved.submissionId) ||
      !isRecord(saved.values) ||
      !isRecord(saved.countries)
    ) {
      return undefined;
    }
    return {
      submissionId: saved.submissionId,
      values: pick(
        saved.values,
        (value) => typeof value === 'string' || typeof value === 'boolean',
      ) as Record<string, string | boolean>,
      countries: pick(saved.countries, (value) => typeof value === 'string') as Record<string, string>,
      elapsedMs: typeof saved.elapsedMs === 'number' && saved.elapsedMs >= 0 ? saved.elapsedMs : 0,
    };
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(record: Record<string, unknown>, keep: (value: unknown) => boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => keep(value)));
}
