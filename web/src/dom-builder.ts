/**
 * Builds DOM nodes from data without ever parsing HTML. Lab titles, server
 * messages and the like go in through textContent and setAttribute, so they
 * cannot inject markup; and no style attributes, so a strict CSP holds.
 */
export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  text?: string;
  /** Stable hook for automated tests; rendered as data-testid. */
  testId?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.testId) node.dataset.testid = options.testId;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (name === 'style' || name.startsWith('on')) {
      throw new Error(`el(): refusing attribute "${name}" (CSP forbids inline styles and handlers)`);
    }
    node.setAttribute(name, value);
  }
  if (options.text !== undefined) node.textContent = options.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}
