/**
 * Host uids for sandboxes: one per live sandbox, never a real account. A uid
 * of its own means RLIMIT_NPROC, file ownership and signal permission never
 * connect two learners, even if some other layer failed.
 */
export const UID_POOL_SIZE = 65_536;

export class UidPool {
  private readonly used = new Set<number>();
  private next = 0;

  constructor(private readonly base: number) {}

  acquire(): number {
    for (let i = 0; i < UID_POOL_SIZE; i++) {
      const slot = (this.next + i) % UID_POOL_SIZE;
      if (!this.used.has(slot)) {
        this.used.add(slot);
        this.next = (slot + 1) % UID_POOL_SIZE;
        return this.base + slot;
      }
    }
    throw new Error('uid pool exhausted');
  }

  release(uid: number): void {
    this.used.delete(uid - this.base);
  }

  get inUse(): number {
    return this.used.size;
  }
}
