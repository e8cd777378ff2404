import type { Disposable } from './disposable-store.js';

/** A page or part of one, shaped like an xterm.js addon: built into a host
 * element by `activate`, torn down completely by `dispose`. */
export interface View extends Disposable {
  activate(host: HTMLElement): void;
}
