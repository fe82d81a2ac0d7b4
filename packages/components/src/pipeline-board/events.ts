/** Events `<kehu-pipeline-board>` dispatches. All bubble and cross shadow roots. */
import type { Deal, KehuError } from '@kehu/core';

export interface DealMoveDetail {
  deal: Deal;
  fromStageId: string;
  toStageId: string;
  /** Zero-based place in the target column the deal is dropped at. */
  index: number;
  /** The reason given for won/lost. */
  reason?: string;
}

/**
 * Announced before a move is saved. Call `preventDefault()` to veto it: the card goes back and
 * nothing is written.
 */
export class DealMoveEvent extends Event {
  static readonly type = 'kehu-deal-move';
  constructor(readonly detail: DealMoveDetail) {
    super(DealMoveEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** A move has been saved; `detail.deal` is the deal as stored. */
export class DealMovedEvent extends Event {
  static readonly type = 'kehu-deal-moved';
  constructor(readonly detail: DealMoveDetail) {
    super(DealMovedEvent.type, { bubbles: true, composed: true });
  }
}

/** A move was refused or failed; the card is back where it was. */
export class DealMoveFailedEvent extends Event {
  static readonly type = 'kehu-deal-move-failed';
  constructor(readonly detail: DealMoveDetail & { error: KehuError | Error }) {
    super(DealMoveFailedEvent.type, { bubbles: true, composed: true });
  }
}

/** A card was activated (clicked or Enter while not dragging); hosts open their deal page. */
export class DealSelectEvent extends Event {
  static readonly type = 'kehu-deal-select';
  constructor(readonly detail: { deal: Deal }) {
    super(DealSelectEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'kehu-deal-move': DealMoveEvent;
    'kehu-deal-moved': DealMovedEvent;
    'kehu-deal-move-failed': DealMoveFailedEvent;
    'kehu-deal-select': DealSelectEvent;
  }
}
