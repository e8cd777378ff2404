/**
 * One promise per key, made on the first ask and shared by every later one;
 * a promise that rejects is forgotten, so the next ask tries again instead of
 * failing forever (a file removed and restored, a tool that failed once).
 */
export class PromiseCache<K, V> {
  private readonly made = new Map<K, Promise<V>>();

  constructor(private readonly make: (key: K) => Promise<V>) {}

  get(key: K): Promise<V> {
    let value = this.made.get(key);
    if (!value) {
      value = this.make(key);
      const settled = value;
      settled.catch(() => { if (this.made.get(key) === settled) this.made.delete(key); });
      this.made.set(key, settled);
    }
    return value;
  }
}
