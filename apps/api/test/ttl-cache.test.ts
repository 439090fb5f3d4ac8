import { describe, expect, it } from 'vitest';
import { createTtlCache } from '../src/ttl-cache.js';

describe('createTtlCache', () => {
  it('shares one lookup among callers within the ttl, then loads again', async () => {
    const cache = createTtlCache<number>(50);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)])).toEqual([
      1, 1, 1,
    ]);
    expect(await cache.get('b', load)).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get('a', load)).toBe(3);
    cache.delete('a');
    expect(await cache.get('a', load)).toBe(4);
  });

  it('does not keep failures, loads every time at ttl 0, and stays bounded', async () => {
    const cache = createTtlCache<number>(10_000, 2);
    await expect(cache.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('x', async () => 7)).toBe(7);
    let loads = 0;
    const off = createTtlCache<number>(0);
    await off.get('k', async () => ++loads);
    await off.get('k', async () => ++loads);
    expect(loads).toBe(2);
    await cache.get('y', async () => 1);
    await cache.get('z', async () => 1);
    let reloaded = false;
    await cache.get('x', async () => {
      reloaded = true;
      return 8;
    });
    expect(reloaded).toBe(true); // 'x' was the oldest of three in a cache of two
  });
});
