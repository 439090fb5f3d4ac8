// npm run bench:pareto
// Times paretoFront on n uniform random points in k objectives (all minimized), median of several runs.
import { type MetricId, mulberry32, type Objective, paretoFront } from '@swis-dse/swis-core';

const METRICS: readonly MetricId[] = ['cycles', 'energyPj', 'bitsPerWeight', 'areaMm2'];
const REPEATS = 7;

function randomPoints(n: number, seed: number): { metrics: Partial<Record<MetricId, number>> }[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    metrics: Object.fromEntries(METRICS.map((metric) => [metric, next()])),
  }));
}

const rows: Record<string, string | number>[] = [];
for (const n of [10_000, 100_000]) {
  const points = randomPoints(n, n);
  for (const k of [2, 3, 4]) {
    const objectives: Objective[] = METRICS.slice(0, k).map((metric) => ({ metric, direction: 'min' }));
    const times: number[] = [];
    let frontSize = 0;
    for (let r = 0; r < REPEATS; r++) {
      const start = performance.now();
      frontSize = paretoFront(points, objectives).front.length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    rows.push({
      n,
      k,
      front: frontSize,
      'median ms': times[REPEATS >> 1]!.toFixed(1),
      'max ms': times.at(-1)!.toFixed(1),
    });
  }
}
console.table(rows);
