/**
 * Whether cost vector `a` Pareto-dominates `b`, every objective minimized: a is no worse in every
 * objective and strictly better in at least one. Equal vectors do not dominate each other.
 */
export function dominates(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return dominatesAt(a, 0, b, 0, a.length);
}

/**
 * dominates() on the k-vectors starting at `a[aStart]` and `b[bStart]`, so packed cost arrays are compared
 * without allocating views.
 */
export function dominatesAt(
  a: ArrayLike<number>,
  aStart: number,
  b: ArrayLike<number>,
  bStart: number,
  k: number,
): boolean {
  let strictlyBetter = false;
  for (let j = 0; j < k; j++) {
    const aj = a[aStart + j]!;
    const bj = b[bStart + j]!;
    if (aj > bj) return false;
    if (aj < bj) strictlyBetter = true;
  }
  return strictlyBetter;
}
