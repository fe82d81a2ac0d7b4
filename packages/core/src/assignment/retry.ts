/**
 * Retrying a whole business action after a `CONFLICT` on assignment state. With the memory store
 * and IndexedDB this never fires: they run capture transactions one at a time, so the state a
 * capture reads is the state it overwrites. A store that checks versions optimistically at commit
 * (a remote adapter) can lose that race; then the only correct retry is the whole action — the
 * lead's routing, pick and state write all depend on the state read — which is what this does.
 */
import { isKehuError } from '../errors.ts';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** The collections whose conflicts are worth a retry. Default: `assignmentStates`. */
  collections?: readonly string[];
}

/**
 * Runs `action` (e.g. `() => crm.leads.capture(input)`) and runs it again when it fails with a
 * `CONFLICT` on assignment state. Any other error, and a conflict on anything else (a lead id that
 * already exists will exist again), is passed through at once.
 */
export async function retryOnConflict<T>(action: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const collections = options.collections ?? ['assignmentStates'];
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const retriable =
        isKehuError(error, 'CONFLICT') && collections.includes(String(error.details.collection));
      if (!retriable || attempt >= attempts) throw error;
    }
  }
}
