/** The header row the inspectors' tables share: numeric columns align right, like their cells. */
import { el } from '../dom-builder.js';

export interface Column {
  text: string;
  /** A tooltip saying what the column holds. */
  title?: string;
  numeric?: boolean;
}

export function tableHead(columns: readonly Column[]): HTMLTableSectionElement {
  return el('thead', {}, el('tr', {}, ...columns.map(({ text, title, numeric }) =>
    el('th', { className: numeric ? 'num' : '', text, attrs: title ? { scope: 'col', title } : { scope: 'col' } }))));
}
