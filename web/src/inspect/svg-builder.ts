/**
 * `el()` for SVG: the inspectors draw with SVG elements built from data,
 * attributes set one by one (never markup, never a style attribute, so the
 * page's CSP holds; colours come from classes in styles.css).
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export type SvgAttributes = Record<string, string | number>;

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: SvgAttributes = {},
  ...children: Array<SVGElement | string | null | false>
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'style' || name.startsWith('on')) throw new Error(`svg(): refusing attribute "${name}" (CSP forbids inline styles and handlers)`);
    node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === false) continue;
    node.append(child);
  }
  return node;
}

/** A tooltip: SVG shows a `<title>` child on hover. */
export function svgTitle(text: string): SVGTitleElement {
  const title = svg('title');
  title.textContent = text;
  return title;
}

/** Text cut to `max` characters with an ellipsis: SVG text does not clip itself. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
