/**
 * Seed and run counts of the API fuzz suites. FUZZ_SEED makes a run reproducible (every suite prints the
 * seed it used); FUZZ_RUNS multiplies every property's number of runs (e.g. FUZZ_RUNS=10 for a long hunt).
 */

/** @defaultValue 20210303 (the SWIS paper's arXiv month), so the normal suite is deterministic */
export const FUZZ_SEED = parseInteger(process.env.FUZZ_SEED, 20_210_303);

/** @defaultValue 1 */
export const FUZZ_RUNS = Math.max(Number(process.env.FUZZ_RUNS) || 1, 0.01);

function parseInteger(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isSafeInteger(value) ? value : fallback;
}

/** `base` runs scaled by FUZZ_RUNS (at least 1). */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * FUZZ_RUNS));
}

/** fast-check parameters of property number `index` of a suite: its own seed, derived from FUZZ_SEED. */
export function fuzzParams(index: number, base: number) {
  return { seed: (FUZZ_SEED + index * 7919) | 0, numRuns: runs(base), endOnFailure: true } as const;
}

/** Counts the cases a suite ran, per property, and prints them with the seed when the suite ends. */
export class CaseCounter {
  private readonly counts = new Map<string, number>();
  private readonly started = Date.now();

  constructor(private readonly suite: string) {
    console.log(`[fuzz] ${suite}: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}`);
  }

  add(property: string, n = 1): void {
    this.counts.set(property, (this.counts.get(property) ?? 0) + n);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  report(): void {
    const parts = [...this.counts].map(([name, n]) => `${name} ${n}`).join(', ');
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    console.log(
      `[fuzz] ${this.suite}: ${this.total} cases in ${seconds} s (FUZZ_SEED=${FUZZ_SEED}): ${parts}`,
    );
  }
}

/** API settings of the fuzz suites: a rate limit (still checked on every request) no fuzz run reaches. */
export const FUZZ_CONFIG = { RATE_LIMIT_MAX: 1_000_000_000 } as const;
