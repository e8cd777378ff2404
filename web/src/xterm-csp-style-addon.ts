/**
 * Lets xterm.js style itself under a strict CSP (`style-src 'self'`).
 *
 * xterm.js 6's DOM renderer and viewport write their dynamic CSS (theme
 * colours, font, cell size, scrollbar) into `<style>` elements, which such a
 * policy blocks: the terminal then renders in a proportional font with no
 * colours and misaligned cells. Constructed stylesheets are CSSOM, which CSP
 * does not govern, so this addon mirrors each of those `<style>` elements
 * into an adopted stylesheet with the same text and keeps it in sync.
 *
 * xterm.js's `<style>` elements are never created at all (see
 * makeRuntimeStylesInert): Chromium checks CSP for every `<style>` it
 * is handed, whatever its type, and logs a violation each time.
 */
import type { ITerminalAddon, Terminal } from '@xterm/xterm';
import './xterm-csp-style-addon.css';

/**
 * What xterm.js gets instead of a `<style>`: an unknown element the browser
 * never treats as CSS (hidden in styles.css), holding the same text.
 */
export const INERT_STYLE_TAG = 'syslab-xterm-style';

/**
 * The page's own styles all live in styles.css; every `<style>` created at
 * run time is xterm.js's (it only ever sets its text), and the CSP would
 * block it anyway. Handing out an inert element instead keeps the console
 * free of violations; CspStyleAddon applies the text through CSSOM. Call
 * once, before any terminal opens.
 */
export function makeRuntimeStylesInert(doc: Document = document): void {
  const create = doc.createElement.bind(doc);
  doc.createElement = ((tagName: string, options?: ElementCreationOptions) =>
    create(tagName.toLowerCase() === 'style' ? INERT_STYLE_TAG : tagName, options)) as Document['createElement'];
}

/**
 * xterm.js's DOM renderer gives a cell a 24-bit colour (and a colour raised
 * to the minimum contrast) by writing the cell's style attribute, which the
 * CSP refuses (style-src-attr): the colour is lost and a violation logged.
 * The same declarations set through CSSOM (`style.cssText`) are not inline
 * markup and do apply; the attribute still reads back the same, which is
 * how xterm.js appends to it. The page's own code never writes a style
 * attribute (the CSP would refuse it), so only xterm.js takes this path.
 * Call once, before any terminal opens.
 */
export function routeStyleAttributesThroughCssom(proto: Element = Element.prototype): void {
  const setAttribute = proto.setAttribute;
  proto.setAttribute = function setAttributeUnderCsp(this: Element, name: string, value: string) {
    if (name.toLowerCase() === 'style' && (this instanceof HTMLElement || this instanceof SVGElement)) {
      this.style.cssText = value;
      return;
    }
    setAttribute.call(this, name, value);
  };
}

export class CspStyleAddon implements ITerminalAddon {
  private readonly mirrors = new Map<Element, CSSStyleSheet>();
  private adopted: CSSStyleSheet[] = [];
  private observer: MutationObserver | null = null;
  private root: HTMLElement | null = null;

  /** Load after `terminal.open()`: the style elements live under terminal.element. */
  activate(terminal: Terminal): void {
    const root = terminal.element;
    if (!root) throw new Error('CspStyleAddon must be loaded after terminal.open()');
    this.root = root;
    this.observer = new MutationObserver((records) => {
      if (records.some(touchesStyle)) this.sync();
    });
    // xterm.js replaces a style element's text node on every theme or size
    // change, and adds the dimension styles lazily: watch the whole subtree,
    // but only style changes lead to work (rows change on every frame).
    this.observer.observe(root, { childList: true, subtree: true, characterData: true });
    this.sync();
  }

  dispose(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.root = null;
    this.adopt([]);
    this.mirrors.clear();
  }

  private sync(): void {
    if (!this.root) return;
    const present = new Set(this.root.querySelectorAll(`style, ${INERT_STYLE_TAG}`));
    for (const element of this.mirrors.keys()) {
      if (!present.has(element)) this.mirrors.delete(element);
    }
    for (const element of present) {
      let sheet = this.mirrors.get(element);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        this.mirrors.set(element, sheet);
      }
      sheet.replaceSync(element.textContent ?? '');
    }
    this.adopt([...this.mirrors.values()]);
  }

  /** Replaces this addon's sheets in the document, leaving anyone else's alone. */
  private adopt(sheets: CSSStyleSheet[]): void {
    const previous = new Set(this.adopted);
    const others = document.adoptedStyleSheets.filter((sheet) => !previous.has(sheet));
    document.adoptedStyleSheets = [...others, ...sheets];
    this.adopted = sheets;
  }
}

function isStyle(node: Node | null): boolean {
  return node?.nodeName === 'STYLE' || node?.nodeName === INERT_STYLE_TAG.toUpperCase();
}

function touchesStyle(record: MutationRecord): boolean {
  if (isStyle(record.target) || isStyle(record.target.parentNode)) return true;
  for (const node of record.addedNodes) if (isStyle(node)) return true;
  for (const node of record.removedNodes) if (isStyle(node)) return true;
  return false;
}
