/** How business actions move an account along its lifecycle: forwards only, never back. */
import type { Lifecycle } from '../model/account.ts';

const FUNNEL: readonly Lifecycle[] = ['prospect', 'lead', 'opportunity', 'customer', 'loyal'];

/**
 * The lifecycle after an event that proves `target` (a deal proves `opportunity`, a paid order
 * `customer`). A later stage is kept; a churned account is won back only by buying again.
 */
export function raiseLifecycle(current: Lifecycle, target: Exclude<Lifecycle, 'churned'>): Lifecycle {
  if (current === 'churned') return target === 'customer' ? target : current;
  return FUNNEL.indexOf(target) > FUNNEL.indexOf(current) ? target : current;
}
