import type { MetricId, Objective } from '../spec/objective.js';
import { dominatesAt } from './dominates.js';

/** Anything with metric values; a missing, null or NaN value of an objective excludes the point. */
export interface MetricCarrier {
  readonly metrics: Readonly<Partial<Record<MetricId, number | null>>>;
}

export interface ParetoFront<T> {
  /** The non-dominated points, in input order. */
  readonly front: readonly T[];
  /** Points left out because an objective's value was missing, null or NaN. */
  readonly excludedCount: number;
}

export interface ParetoFrontOptions {
  /** Checked during the k > 2 skyline scan (the 2-objective sweep is a single sort); aborting throws its reason. */
  readonly signal?: AbortSignal;
}

/**
 * The points no other point dominates over `objectives` (2..k, from parseObjectives).
 * - Dominance: no worse in every objective, strictly better in one (see dominates). Points with equal
 *   objective values do not dominate each other, so duplicates are all kept or all dropped together.
 * - Cost: O(n log n) for 2 objectives (sort, then one sweep); for k > 2 a lexicographic sort then a skyline
 *   scan against the front so far, O(n log n + n x front size).
 * Pure: returns a new array; the input is not reordered.
 */
export function paretoFront<T extends MetricCarrier>(
  points: readonly T[],
  objectives: readonly Objective[],
  options: ParetoFrontOptions = {},
): ParetoFront<T> {
  const k = objectives.length;
  // Costs are minimized: a maximized metric is negated.
  const signs = objectives.map(({ direction }) => (direction === 'max' ? -1 : 1));
  const kept: number[] = [];
  const costs = new Float64Array(points.length * k);
  points.forEach((point, i) => {
    const base = kept.length * k;
    for (let j = 0; j < k; j++) {
      const value = point.metrics[objectives[j]!.metric];
      if (typeof value !== 'number' || Number.isNaN(value)) return;
      costs[base + j] = signs[j]! * value;
    }
    kept.push(i);
  });
  const order = Uint32Array.from(kept.keys()).sort((a, b) => {
    for (let j = 0; j < k; j++) {
      const ca = costs[a * k + j]!;
      const cb = costs[b * k + j]!;
      if (ca !== cb) return ca < cb ? -1 : 1;
    }
    return 0;
  });
  const onFront = k === 2 ? sweep2d(costs, order) : skyline(costs, order, k, options.signal);
  const front = onFront.sort((a, b) => a - b).map((slot) => points[kept[slot]!]!);
  return { front, excludedCount: points.length - kept.length };
}

/**
 * 2 objectives, `order` sorted by (c0, c1): a point is on the front iff it has the least c1 among points
 * with its c0 and that c1 is below every c1 seen at a smaller c0.
 */
function sweep2d(costs: Float64Array, order: Uint32Array): number[] {
  const front: number[] = [];
  // Least c1 at a smaller c0; null before the first group, so an infinite c1 there is still on the front.
  let bestBefore: number | null = null;
  let i = 0;
  while (i < order.length) {
    const c0 = costs[order[i]! * 2]!;
    const groupBest = costs[order[i]! * 2 + 1]!;
    const groupOnFront = bestBefore === null || groupBest < bestBefore;
    for (; i < order.length && costs[order[i]! * 2] === c0; i++) {
      const slot = order[i]!;
      if (groupOnFront && costs[slot * 2 + 1] === groupBest) front.push(slot);
    }
    bestBefore = bestBefore === null ? groupBest : Math.min(bestBefore, groupBest);
  }
  return front;
}

/**
 * k objectives, `order` lexicographic: a dominator sorts before what it dominates, so each point need only
 * be checked against the front found so far (a dominated dominator is itself dominated by a front point).
 */
function skyline(costs: Float64Array, order: Uint32Array, k: number, signal?: AbortSignal): number[] {
  const front: number[] = [];
  for (let n = 0; n < order.length; n++) {
    if (n % 4096 === 0) signal?.throwIfAborted();
    const p = order[n]! * k;
    const dominated = front.some((f) => dominatesAt(costs, f * k, costs, p, k));
    if (!dominated) front.push(order[n]!);
  }
  return front;
}
