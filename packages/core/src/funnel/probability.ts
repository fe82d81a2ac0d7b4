/** Which probability weights a deal. Free of zod, so widgets can import it cheaply. */
import type { Deal } from '../model/deal.ts';
import type { Stage } from '../model/pipeline.ts';

/** Percent used to weight a deal: 100 won, 0 lost, else the rep's override or the stage's. */
export function dealProbability(
  deal: Pick<Deal, 'probability'>,
  stage: Pick<Stage, 'outcome' | 'probability'>,
): number {
  if (stage.outcome === 'won') return 100;
  if (stage.outcome === 'lost') return 0;
  return deal.probability ?? stage.probability;
}
