/**
 * Output listeners for a terminal stream. A shell can print (its prompt)
 * before the session has wired up its listener; until the first listener
 * comes, bytes are held and then handed to it, so nothing is lost.
 */
export class HeldOutput {
  private readonly listeners = new Set<(data: Buffer) => void>();
  private held: Buffer[] | null = [];

  push(data: Buffer): void {
    if (this.held) {
      this.held.push(data);
      return;
    }
    for (const fn of this.listeners) fn(data);
  }

  onData(fn: (data: Buffer) => void): { dispose(): void } {
    this.listeners.add(fn);
    if (this.held) {
      const held = this.held;
      this.held = null;
      for (const chunk of held) fn(chunk);
    }
    return { dispose: () => { this.listeners.delete(fn); } };
  }
}
