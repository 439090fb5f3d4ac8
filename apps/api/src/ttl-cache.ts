/**
 * A small read-through cache whose entries live `ttlMs`: many callers asking for the same value within
 * that time share one lookup (in flight or done). Polling dashboards and repeated API keys hit it;
 * a ttl of 0 turns it off. Bounded: past `maxEntries` the oldest entries are dropped.
 */
export interface TtlCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets a key, so the next get loads it again (after a write through this process). */
  delete(key: string): void;
}

export function createTtlCache<V>(ttlMs: number, maxEntries = 10_000): TtlCache<V> {
  const entries = new Map<string, { value: Promise<V>; expires: number }>();
  return {
    get(key, load) {
      if (ttlMs <= 0) return load();
      const now = Date.now();
      const found = entries.get(key);
      if (found !== undefined && found.expires > now) return found.value;
      const value = load();
      entries.delete(key);
      entries.set(key, { value, expires: now + ttlMs });
      // A failed lookup is not cached: the next caller tries again.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return value;
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
