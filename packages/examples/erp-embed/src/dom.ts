/**
 * A few lines of DOM building for the host page. Every string child becomes a text node and
 * attributes are set with `setAttribute`, so customer names, lead messages and other data can
 * never become markup; there is no `innerHTML` anywhere in the page.
 */
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Adds a listener and returns the element, for building and wiring in one expression. */
export function on<E extends HTMLElement, K extends keyof HTMLElementEventMap>(
  element: E,
  type: K,
  listener: (event: HTMLElementEventMap[K]) => void,
): E {
  element.addEventListener(type, listener);
  return element;
}

/** A table from header labels and rows of cells; `numeric` columns are right-aligned. */
export function table(
  caption: string | undefined,
  headers: readonly string[],
  rows: readonly (readonly Child[])[],
  options: { numeric?: readonly number[]; rowAttributes?: (index: number) => Record<string, string> } = {},
): HTMLTableElement {
  const numeric = new Set(options.numeric ?? []);
  const element = h('table', { class: 'grid' });
  if (caption) element.createCaption().textContent = caption;
  const head = element.createTHead().insertRow();
  headers.forEach((label, index) => {
    head.append(h('th', { scope: 'col', class: numeric.has(index) ? 'num' : undefined }, label));
  });
  const body = element.createTBody();
  rows.forEach((cells, rowIndex) => {
    const tr = body.insertRow();
    for (const [name, value] of Object.entries(options.rowAttributes?.(rowIndex) ?? {})) {
      tr.setAttribute(name, value);
    }
    cells.forEach((cell, index) => {
      const td = tr.insertCell();
      if (numeric.has(index)) td.className = 'num';
      append(td, [cell]);
    });
  });
  return element;
}
