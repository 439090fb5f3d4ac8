import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dominates,
  type MetricId,
  mulberry32,
  type Objective,
  paretoFront,
  parseObjectives,
} from '../../src/index.js';

interface Point {
  readonly id: number;
  readonly metrics: Partial<Record<MetricId, number | null>>;
}

const METRICS: readonly MetricId[] = ['cycles', 'energyPj', 'sqnrDb', 'areaMm2'];

/** Minimized cost vector of a point, as paretoFront sees it. */
function costs(point: Point, objectives: readonly Objective[]): number[] {
  return objectives.map(({ metric, direction }) => (direction === 'max' ? -1 : 1) * point.metrics[metric]!);
}

/** O(n^2) reference: every point no other point dominates, in input order. */
function bruteFront(points: readonly Point[], objectives: readonly Objective[]): Point[] {
  return points.filter((p) => !points.some((q) => dominates(costs(q, objectives), costs(p, objectives))));
}

const objectivesArb = fc
  .integer({ min: 2, max: 4 })
  .chain((k) =>
    fc.tuple(
      fc.shuffledSubarray([...METRICS], { minLength: k, maxLength: k }),
      fc.array(fc.constantFrom('min' as const, 'max' as const), { minLength: k, maxLength: k }),
    ),
  )
  .map(([metrics, directions]) => metrics.map((metric, j) => ({ metric, direction: directions[j]! })));

// Small integer values (and infinity) so ties and exact duplicates are common.
const pointsArb = fc.array(
  fc.record({
    cycles: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(Number.POSITIVE_INFINITY)),
    energyPj: fc.integer({ min: 0, max: 6 }),
    sqnrDb: fc.integer({ min: -3, max: 3 }),
    areaMm2: fc.integer({ min: 0, max: 6 }),
  }),
  { maxLength: 60 },
);

describe('paretoFront', () => {
  it('equals the brute-force front for 2..4 objectives, with ties and duplicates', () => {
    fc.assert(
      fc.property(pointsArb, objectivesArb, (rows, objectives) => {
        const points: Point[] = rows.map((metrics, id) => ({ id, metrics }));
        const { front, excludedCount } = paretoFront(points, objectives);
        expect(excludedCount).toBe(0);
        expect(front.map((p) => p.id)).toEqual(bruteFront(points, objectives).map((p) => p.id));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the invariants on 100k random points in 3 objectives', () => {
    const next = mulberry32(7);
    const points: Point[] = Array.from({ length: 100_000 }, (_, id) => ({
      id,
      metrics: { cycles: next(), energyPj: next(), sqnrDb: next() },
    }));
    const objectives = parseObjectives('cycles:min,energyPj:min,sqnrDb:max');
    const { front } = paretoFront(points, objectives);
    const all = points.map((p) => costs(p, objectives));
    const frontIds = new Set(front.map((p) => p.id));
    expect(front.length).toBeGreaterThan(0);
    expect(front.every((p) => points[p.id] === p)).toBe(true);
    const dominatedFront = front.filter((p) => all.some((q) => dominates(q, all[p.id]!)));
    const undominatedRest = points.filter(
      (p) => !frontIds.has(p.id) && !front.some((f) => dominates(all[f.id]!, all[p.id]!)),
    );
    expect(dominatedFront).toEqual([]);
    expect(undominatedRest).toEqual([]);
  });

  it('follows min and max directions', () => {
    const points: Point[] = [
      { id: 0, metrics: { cycles: 1, sqnrDb: 10 } },
      { id: 1, metrics: { cycles: 2, sqnrDb: 20 } },
      { id: 2, metrics: { cycles: 3, sqnrDb: 15 } },
    ];
    const ids = (objectives: string) =>
      paretoFront(points, parseObjectives(objectives)).front.map((p) => p.id);
    expect(ids('cycles:min,sqnrDb:max')).toEqual([0, 1]);
    expect(ids('cycles:min,sqnrDb:min')).toEqual([0]);
    expect(ids('cycles:max,sqnrDb:max')).toEqual([1, 2]);
    expect(ids('cycles:max,sqnrDb:min')).toEqual([0, 2]);
  });

  it('keeps every copy of a duplicated non-dominated point', () => {
    const points: Point[] = [
      { id: 0, metrics: { cycles: 1, energyPj: 2 } },
      { id: 1, metrics: { cycles: 1, energyPj: 2 } },
      { id: 2, metrics: { cycles: 1, energyPj: 3 } },
    ];
    expect(paretoFront(points, parseObjectives('cycles:min,energyPj:min')).front.map((p) => p.id)).toEqual([
      0, 1,
    ]);
  });

  it('compares infinite values like any other', () => {
    const inf = Number.POSITIVE_INFINITY;
    const points: Point[] = [
      { id: 0, metrics: { cycles: 1, energyPj: inf, sqnrDb: 0 } },
      { id: 1, metrics: { cycles: inf, energyPj: 1, sqnrDb: 0 } },
      { id: 2, metrics: { cycles: inf, energyPj: inf, sqnrDb: 0 } },
    ];
    for (const objectives of ['cycles:min,energyPj:min', 'cycles:min,energyPj:min,sqnrDb:max']) {
      expect(paretoFront(points, parseObjectives(objectives)).front.map((p) => p.id)).toEqual([0, 1]);
    }
    expect(paretoFront(points.slice(2), parseObjectives('cycles:min,energyPj:min')).front).toHaveLength(1);
  });

  it('excludes and counts points with a missing, null or NaN objective', () => {
    const points: Point[] = [
      { id: 0, metrics: { cycles: 5, energyPj: 5 } },
      { id: 1, metrics: { cycles: 1 } },
      { id: 2, metrics: { cycles: 1, energyPj: null } },
      { id: 3, metrics: { cycles: Number.NaN, energyPj: 1 } },
    ];
    const result = paretoFront(points, parseObjectives('cycles:min,energyPj:min'));
    expect(result.front.map((p) => p.id)).toEqual([0]);
    expect(result.excludedCount).toBe(3);
  });

  it('stops when its signal is aborted', () => {
    const points: Point[] = [{ id: 0, metrics: { cycles: 1, energyPj: 1, sqnrDb: 1 } }];
    const signal = AbortSignal.abort(new Error('cancelled'));
    expect(() =>
      paretoFront(points, parseObjectives('cycles:min,energyPj:min,sqnrDb:max'), { signal }),
    ).toThrow('cancelled');
  });
});
