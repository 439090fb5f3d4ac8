/** JSON for scripts: typed arrays are left out by the callers, and non-finite numbers (an exact SQNR) become null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
