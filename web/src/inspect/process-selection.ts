/**
 * The process the learner chose in one tab, which the others follow: the
 * Memory tab draws its map, the System calls tab offers to trace it. Null
 * means "let each tab pick" (the foreground process, else the shell).
 */
import type { Disposable } from '../disposable-store.js';
import { toDisposable } from '../disposable-store.js';

export class ProcessSelection {
  private current: number | null = null;
  private readonly listeners = new Set<(pid: number | null) => void>();

  get pid(): number | null {
    return this.current;
  }

  select(pid: number | null): void {
    if (pid === this.current) return;
    this.current = pid;
    for (const listener of [...this.listeners]) listener(pid);
  }

  /** A process that exited is no longer a choice: the tabs go back to their default. */
  keepIfAlive(processes: ReadonlyArray<{ pid: number }>): void {
    if (this.current !== null && !processes.some((p) => p.pid === this.current)) this.select(null);
  }

  onChange(listener: (pid: number | null) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }
}
