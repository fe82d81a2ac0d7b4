/**
 * Pointer drag for the board: mouse, pen and touch through Pointer Events, inside shadow roots.
 * It never moves DOM: it tracks the pointer, asks the board where a drop would land, and the
 * board re-renders its preview and drop indicator from that state (Lit owns every node).
 *
 * Why not a drag-and-drop library: Pragmatic drag and drop, the natural choice, resolves
 * `event.target` and so cannot see draggables or drop targets inside a shadow root
 * (atlassian/pragmatic-drag-and-drop#116, #15). This controller is the small part we need.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface DropTarget {
  stageId: string;
  /** Zero-based place among the column's other cards. */
  index: number;
}

export interface PointerDragState {
  dealId: string;
  fromStageId: string;
  /** Pointer position, viewport coordinates. */
  x: number;
  y: number;
  /** Where the pointer grabbed the card, relative to its top-left corner. */
  offsetX: number;
  offsetY: number;
  width: number;
  target: DropTarget | undefined;
}

export interface PointerDragHost extends ReactiveControllerHost {
  /** Where a drop at viewport point (x, y) would land, if anywhere. */
  dropTargetAt(x: number, y: number, dealId: string): DropTarget | undefined;
  /** Scroll containers that should auto-scroll while the pointer is near their edges. */
  autoScrollers(): HTMLElement[];
  drop(dealId: string, fromStageId: string, target: DropTarget): void;
  /** A press that never became a drag. */
  activate(dealId: string): void;
}

/** Pixels the pointer must travel before a press becomes a drag (mouse, pen). */
const DRAG_THRESHOLD = 4;
/** Touch needs a short hold, so a swipe still scrolls the column. */
const TOUCH_HOLD_MS = 220;
const EDGE = 48;
const MAX_SCROLL_STEP = 18;

interface Pending {
  pointerId: number;
  dealId: string;
  fromStageId: string;
  startX: number;
  startY: number;
  offsetX: number;
  offsetY: number;
  width: number;
  touch: boolean;
  armed: boolean;
  holdTimer: ReturnType<typeof setTimeout> | undefined;
}

export class PointerDragController implements ReactiveController {
  state: PointerDragState | undefined;
  private pending: Pending | undefined;
  private frame = 0;

  constructor(private readonly host: PointerDragHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.reset();
  }

  /** Call from a card's `pointerdown`. */
  begin(event: PointerEvent, dealId: string, fromStageId: string, card: HTMLElement): void {
    if (event.button !== 0 || this.pending || this.state) return;
    const rect = card.getBoundingClientRect();
    const touch = event.pointerType === 'touch';
    this.pending = {
      pointerId: event.pointerId,
      dealId,
      fromStageId,
      startX: event.clientX,
      startY: event.clientY,
      offsetX: event.clientX - rect.left,
      offsetY: event.clientY - rect.top,
      width: rect.width,
      touch,
      armed: !touch,
      holdTimer: undefined,
    };
    if (touch) {
      this.pending.holdTimer = setTimeout(() => {
        if (this.pending) this.start(this.pending.startX, this.pending.startY);
      }, TOUCH_HOLD_MS);
    }
    window.addEventListener('pointermove', this.onMove, { passive: true });
    window.addEventListener('pointerup', this.onUp);
    window.addEventListener('pointercancel', this.onCancel);
    window.addEventListener('keydown', this.onKey, true);
    // While a touch drag runs, stop the browser from scrolling the page under the finger.
    window.addEventListener('touchmove', this.onTouchMove, { passive: false });
  }

  private start(x: number, y: number): void {
    const pending = this.pending;
    if (!pending) return;
    this.state = {
      dealId: pending.dealId,
      fromStageId: pending.fromStageId,
      x,
      y,
      offsetX: pending.offsetX,
      offsetY: pending.offsetY,
      width: pending.width,
      target: this.host.dropTargetAt(x, y, pending.dealId),
    };
    this.host.requestUpdate();
    this.frame = requestAnimationFrame(this.autoScroll);
  }

  private readonly onMove = (event: PointerEvent) => {
    const pending = this.pending;
    if (!pending || event.pointerId !== pending.pointerId) return;
    if (!this.state) {
      const distance = Math.hypot(event.clientX - pending.startX, event.clientY - pending.startY);
      if (pending.touch && distance > DRAG_THRESHOLD * 2) {
        // The finger moved before the hold completed: it is a scroll, not a drag.
        this.reset();
        return;
      }
      if (!pending.armed || distance < DRAG_THRESHOLD) return;
      this.start(event.clientX, event.clientY);
    }
    const state = this.state!;
    state.x = event.clientX;
    state.y = event.clientY;
    state.target = this.host.dropTargetAt(state.x, state.y, state.dealId);
    this.host.requestUpdate();
  };

  private readonly onUp = (event: PointerEvent) => {
    const pending = this.pending;
    if (!pending || event.pointerId !== pending.pointerId) return;
    const state = this.state;
    this.reset();
    if (!state) {
      this.host.activate(pending.dealId);
      return;
    }
    if (state.target) this.host.drop(state.dealId, state.fromStageId, state.target);
  };

  private readonly onCancel = () => {
    this.reset();
  };

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.state) {
      event.preventDefault();
      event.stopPropagation();
      this.reset();
    }
  };

  private readonly onTouchMove = (event: TouchEvent) => {
    if (this.state && event.cancelable) event.preventDefault();
  };

  private readonly autoScroll = () => {
    const state = this.state;
    if (!state) return;
    for (const scroller of this.host.autoScrollers()) {
      const rect = scroller.getBoundingClientRect();
      if (state.x < rect.left || state.x > rect.right || state.y < rect.top || state.y > rect.bottom)
        continue;
      scroller.scrollTop += step(state.y - rect.top, rect.bottom - state.y);
      scroller.scrollLeft += step(state.x - rect.left, rect.right - state.x);
    }
    state.target = this.host.dropTargetAt(state.x, state.y, state.dealId);
    this.frame = requestAnimationFrame(this.autoScroll);
  };

  private reset(): void {
    if (this.pending?.holdTimer) clearTimeout(this.pending.holdTimer);
    cancelAnimationFrame(this.frame);
    window.removeEventListener('pointermove', this.onMove);
    window.removeEventListener('pointerup', this.onUp);
    window.removeEventListener('pointercancel', this.onCancel);
    window.removeEventListener('keydown', this.onKey, true);
    window.removeEventListener('touchmove', this.onTouchMove);
    const hadState = this.state !== undefined;
    this.pending = undefined;
    this.state = undefined;
    if (hadState) this.host.requestUpdate();
  }
}

/** Scroll speed grows as the pointer nears an edge; negative towards the start edge. */
function step(fromStart: number, fromEnd: number): number {
  if (fromStart < EDGE) return -Math.ceil(((EDGE - fromStart) / EDGE) * MAX_SCROLL_STEP);
  if (fromEnd < EDGE) return Math.ceil(((EDGE - fromEnd) / EDGE) * MAX_SCROLL_STEP);
  return 0;
}
