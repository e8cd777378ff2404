/**
 * Who may type in each learner's session besides the learner: nobody (no
 * entry), the instructor asked (`requested`), or the learner allowed it
 * (`instructor`), with the instructor's typing sockets, which close the
 * moment the learner takes the keyboard back. In memory: sessions do not
 * survive a restart either.
 */
import type { KeyboardHolder } from '../../../common/src/workshop-api.js';

export class KeyboardHandover {
  private readonly holders = new Map<string, Exclude<KeyboardHolder, 'learner'>>();
  private readonly typingSockets = new Map<string, Set<() => void>>();

  holder(sessionId: string): KeyboardHolder {
    return this.holders.get(sessionId) ?? 'learner';
  }

  /** True while the learner lets the instructor type. */
  mayType(sessionId: string): boolean {
    return this.holders.get(sessionId) === 'instructor';
  }

  request(sessionId: string): void {
    if (!this.mayType(sessionId)) this.holders.set(sessionId, 'requested');
  }

  /** The learner's yes; false when nobody asked. */
  allow(sessionId: string): boolean {
    if (!this.holders.has(sessionId)) return false;
    this.holders.set(sessionId, 'instructor');
    return true;
  }

  /** Back to the learner alone: closes the instructor's typing sockets. False when it already was. */
  giveBack(sessionId: string): boolean {
    const had = this.holders.delete(sessionId);
    for (const close of this.typingSockets.get(sessionId) ?? []) close();
    this.typingSockets.delete(sessionId);
    return had;
  }

  /** An instructor socket typing in `sessionId`; `close` ends it on giveBack. Returns the unregister. */
  addTypingSocket(sessionId: string, close: () => void): () => void {
    let set = this.typingSockets.get(sessionId);
    if (!set) this.typingSockets.set(sessionId, (set = new Set()));
    set.add(close);
    return () => set.delete(close);
  }
}
