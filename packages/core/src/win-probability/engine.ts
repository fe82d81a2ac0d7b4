/**
 * The win-probability model as a `createCrm` engine: deals are saved with `predictedProbability`
 * when created or moved, and a deal that closes (won or lost) updates the model at once, as
 * Odoo's predictive scoring does. The host persists `model()` where it likes (a settings record,
 * a server) and passes it back in on the next start.
 */
import type { WinProbabilityEngine } from '../crm/engines.ts';
import type { WinProbabilityModel } from './model.ts';
import { predictWinProbability } from './predict.ts';
import { updateWinProbability } from './train.ts';

export interface WinProbabilityEngineHandle extends WinProbabilityEngine {
  /** The model as it stands, including every deal closed since the engine started. */
  model(): WinProbabilityModel;
}

export function winProbabilityEngine(
  initial: WinProbabilityModel,
  options: { onUpdate?: (model: WinProbabilityModel) => void } = {},
): WinProbabilityEngineHandle {
  let current = initial;
  return {
    predict: (deal) => predictWinProbability(current, deal),
    observe(deal) {
      current = updateWinProbability(current, deal);
      options.onUpdate?.(current);
    },
    model: () => current,
  };
}
