/**
 * Ownership of teardown, as in xterm.js and VS Code: whatever a view or
 * connection creates (listeners, observers, timers, child views) is added to
 * one store and released together, in reverse order of creation.
 */
export interface Disposable {
  dispose(): void;
}

export function toDisposable(release: () => void): Disposable {
  return { dispose: release };
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Adds an item; if the store is already disposed the item is released at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  listen<K extends keyof WindowEventMap>(target: Window, type: K, listener: (event: WindowEventMap[K]) => void): void;
  listen<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, listener: (event: HTMLElementEventMap[K]) => void): void;
  listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.add(toDisposable(() => target.removeEventListener(type, listener)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        // One failing teardown must not leak everything created before it.
        console.error('syslab: dispose failed', error);
      }
    }
  }
}
