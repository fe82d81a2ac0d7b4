// The two host functions core relies on, present in every runtime it supports (browsers, Node,
// workers, React Native), declared here so core compiles without the DOM library.
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
