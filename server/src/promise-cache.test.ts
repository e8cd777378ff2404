import { describe, expect, it } from 'vitest';
import { PromiseCache } from './promise-cache.js';

describe('PromiseCache', () => {
  it('makes one promise per key and shares it', async () => {
    let made = 0;
    const cache = new PromiseCache(async (key: string) => `${key}-${++made}`);
    expect(await Promise.all([cache.get('a'), cache.get('a'), cache.get('b')])).toEqual(['a-1', 'a-1', 'b-2']);
    expect(await cache.get('a')).toBe('a-1');
  });

  it('forgets a rejected promise, so the next ask tries again', async () => {
    let attempts = 0;
    const cache = new PromiseCache(async () => {
      if (++attempts === 1) throw new Error('first try fails');
      return attempts;
    });
    await expect(cache.get('k')).rejects.toThrow('first try fails');
    expect(await cache.get('k')).toBe(2);
    expect(await cache.get('k')).toBe(2);
  });
});
