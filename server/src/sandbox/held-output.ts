/**
 * Output listeners for a terminal stream. A shell can print (its prompt)
 * before the session has wired up its listener; until the first listener
 * comes, bytes are held and then handed to it, so nothing is lost. The held
 * bytes go out on a microtask, never inside onData() itself: a caller may
 * use the handle onData returns from within its listener.
 */
export class HeldOutput {
  private readonly listeners = new Set<(data: Buffer) => void>();
  private held: Buffer[] | null = [];
  private flushing = false;

  push(data: Buffer): void {
    if (this.held) {
      this.held.push(data);
      return;
    }
    this.emit(data);
  }

  onData(fn: (data: Buffer) => void): { dispose(): void } {
    this.listeners.add(fn);
    if (this.held && !this.flushing) {
      this.flushing = true;
      queueMicrotask(() => {
        const held = this.held ?? [];
        this.held = null;
        for (const chunk of held) this.emit(chunk);
      });
    }
    return { dispose: () => { this.listeners.delete(fn); } };
  }

  private emit(data: Buffer) {
    for (const fn of this.listeners) fn(data);
  }
}
