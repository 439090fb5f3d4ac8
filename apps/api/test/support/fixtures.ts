import type { Db } from '@swis-dse/db';
import { recordResults } from '@swis-dse/db';
import type { SweepSpecInput } from '@swis-dse/swis-core';
import { MBV2_SMALL } from '../../../../packages/swis-core/test/helpers/sweep-specs.js';

/** The issue's 24-point spec, as written there. */
export const ISSUE_SPEC = MBV2_SMALL;

/** A valid spec with a different name (so idempotency sees a different body). */
export function specNamed(name: string, overrides: Partial<SweepSpecInput> = {}): SweepSpecInput {
  return { ...ISSUE_SPEC, name, ...overrides };
}

/** Deterministic fake metrics of a grid index, shaped like a worker's PointMetrics. */
export function fakeMetrics(gridIndex: number) {
  return {
    bitsPerWeight: 2 + (gridIndex % 5) * 0.5,
    scaleBitsPerWeight: 0.01,
    sqnrDb: 10 + ((gridIndex * 7) % 13),
    sse: 1 / (1 + gridIndex),
    mse: 0.001,
    cycles: 1000 + ((gridIndex * 37) % 101) * 10,
    computeCycles: 900,
    memoryCycles: 100,
    energyPj: 5000 + ((gridIndex * 11) % 17) * 100,
    energyBreakdownPj: { compute: 1000, buffers: 2000, dram: 2000 },
    areaMm2: 1.5,
    dramBytes: 4096,
    utilization: 0.75,
    imbalanceLoss: 0.1,
    speedupVsBaseline: 1.5,
    energyRatioVsBaseline: 0.8,
  };
}

/**
 * Writes results for the sweep's points as a worker would: every point done with fakeMetrics, except
 * those in `failed` (by grid index) which fail.
 */
export async function completeSweep(db: Db, sweepId: string, failed: readonly number[] = []): Promise<void> {
  const points = await db.point.findMany({
    where: { sweepId },
    select: { configHash: true, gridIndex: true },
  });
  await recordResults(
    db,
    sweepId,
    points.map(({ configHash, gridIndex }) =>
      failed.includes(gridIndex)
        ? { configHash, error: `point ${gridIndex} exploded` }
        : { configHash, metrics: fakeMetrics(gridIndex), detail: { layers: [{ name: 'conv1' }] }, evalMs: 3 },
    ),
  );
}
