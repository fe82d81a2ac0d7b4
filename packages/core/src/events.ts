/**
 * A tiny typed publish/subscribe primitive (the shape TanStack Query uses): `subscribe()` returns
 * the function that undoes it. A throwing listener never stops the others; its error is reported
 * through `onListenerError` instead of being swallowed.
 */

export type Unsubscribe = () => void;

export type Listener<T> = (payload: T) => void;

export interface Emitter<Events extends Record<string, unknown>> {
  /** Listen to one event type. */
  subscribe<K extends keyof Events & string>(type: K, listener: Listener<Events[K]>): Unsubscribe;
  /** Listen to every event; the listener receives `{ type, payload }`. */
  subscribeAll(listener: Listener<AnyEvent<Events>>): Unsubscribe;
  emit<K extends keyof Events & string>(type: K, payload: Events[K]): void;
  /** Number of listeners, for leak checks in tests. */
  readonly listenerCount: number;
}

export type AnyEvent<Events extends Record<string, unknown>> = {
  [K in keyof Events & string]: { type: K; payload: Events[K] };
}[keyof Events & string];

export function createEmitter<Events extends Record<string, unknown>>(
  onListenerError: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  },
): Emitter<Events> {
  const byType = new Map<string, Set<Listener<never>>>();
  const all = new Set<Listener<AnyEvent<Events>>>();

  const call = <T>(listener: Listener<T>, payload: T) => {
    try {
      listener(payload);
    } catch (error) {
      onListenerError(error);
    }
  };

  return {
    subscribe(type, listener) {
      let set = byType.get(type);
      if (!set) {
        set = new Set();
        byType.set(type, set);
      }
      const entry = listener as Listener<never>;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    subscribeAll(listener) {
      all.add(listener);
      return () => {
        all.delete(listener);
      };
    },
    emit(type, payload) {
      const set = byType.get(type);
      if (set) for (const listener of [...set]) call(listener as Listener<typeof payload>, payload);
      if (all.size) {
        const event = { type, payload } as AnyEvent<Events>;
        for (const listener of [...all]) call(listener, event);
      }
    },
    get listenerCount() {
      let count = all.size;
      for (const set of byType.values()) count += set.size;
      return count;
    },
  };
}
