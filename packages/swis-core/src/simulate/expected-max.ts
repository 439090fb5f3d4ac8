// Expected maxima of independent non-negative integer lane costs, for architectures whose synchronized
// lanes all wait for the slowest one. A step costs at least one cycle: the operands still have to pass
// through the PE when every lane has nothing to do.

/**
 * E[max(1, X_1..X_lanes)] for i.i.d. X_i with P(X = k) = histogram[k]: 1 + sum_{k>=1} (1 - F(k)^lanes),
 * since P(max <= k) = F(k)^lanes for independent lanes.
 */
export function expectedMaxOfLanes(histogram: readonly number[], lanes: number): number {
  let expected = 1;
  let cdf = histogram[0] ?? 0;
  for (let k = 1; k < histogram.length; k++) {
    cdf += histogram[k]!;
    expected += 1 - Math.min(1, cdf) ** lanes;
  }
  return expected;
}

/**
 * E[max(1, max_i t(a_i) t(w_i))] over the lanes of one weight group: `weightTermLanes[j]` lanes have a
 * weight with j terms, and each lane's activation has k terms with probability activationTerms[k],
 * independently. P(max <= x) = prod_{j>=1} F_a(floor(x / j))^(lanes with j terms); zero-term weights
 * never hold the PE.
 */
export function expectedMaxTermProduct(
  activationTerms: readonly number[],
  weightTermLanes: ArrayLike<number>,
): number {
  const cdf: number[] = [];
  let running = 0;
  for (const p of activationTerms) {
    running += p;
    cdf.push(Math.min(1, running));
  }
  const maxActivation = activationTerms.length - 1;
  let maxWeight = 0;
  for (let j = 1; j < weightTermLanes.length; j++) if (weightTermLanes[j]! > 0) maxWeight = j;
  let expected = 1;
  for (let x = 1; x < maxActivation * maxWeight; x++) {
    let atMost = 1;
    for (let j = 1; j <= maxWeight; j++) {
      const lanes = weightTermLanes[j]!;
      if (lanes > 0) atMost *= cdf[Math.min(maxActivation, Math.floor(x / j))]! ** lanes;
    }
    expected += 1 - atMost;
  }
  return expected;
}
