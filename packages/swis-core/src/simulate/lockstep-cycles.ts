import type { StepCosts } from './architectures/architecture.js';
import type { ArrayDims, FoldLayout } from './dataflows/dataflow.js';
import type { Gemm } from './workload.js';

/** Compute time of one GEMM on an array whose PEs advance in lockstep and may take several cycles a step. */
export interface LockstepCycles {
  /** Cycles the array is busy: per fold, fill and drain plus the stretched stream (rounded up). */
  readonly busyCycles: number;
  readonly folds: number;
  /** PE-cycles doing a step's own work: sum over active (PE, step) of that PE's cycles per step. */
  readonly workPeCycles: number;
  /** PE-cycles the active PEs are held by their lockstep tile: the work plus waiting for the slowest PE. */
  readonly lockstepPeCycles: number;
}

/**
 * Busy cycles of a step GEMM (k counted in G-wide steps) folded as `layout` (Dataflow.foldLayout) when a
 * PE needs `costs` cycles per step. Only the T streaming cycles of each fold are stretched; fill and drain
 * are not. PEs in a fold advance together, so a step lasts as long as its slowest active PE: with k on the
 * time axis (os) each step waits for the slowest filter of the tile; with m on it (ws) every step waits for
 * the slowest group held in the fold; with n on it (is) each filter's step waits for its slowest group in
 * the fold. With uniform costs of 1 this is exactly Dataflow.gemmCycles (SCALE-Sim). The layout is taken
 * rather than computed so that the channels of a depthwise layer share one.
 *
 * `first` is the layer filter that GEMM filter 0 stands for (a depthwise channel's own filter), and
 * `order` (see filterOrder) permutes the GEMM's filters before they are cut into tiles.
 */
export function lockstepCycles(
  layout: FoldLayout,
  gemm: Gemm,
  array: ArrayDims,
  costs: StepCosts,
  first = 0,
  order: Int32Array | null = null,
): LockstepCycles {
  const folds = layout.rowFolds * layout.colFolds;
  const steps = gemm[layout.stepAxis];
  if (costs.kind === 'uniform') {
    const stream = Math.ceil(steps * costs.cyclesPerStep);
    const work = gemm.m * gemm.n * gemm.k * costs.cyclesPerStep;
    return {
      busyCycles: folds * (layout.fillDrainCycles + stream),
      folds,
      workPeCycles: work,
      lockstepPeCycles: work,
    };
  }
  const { cyclesPerStep, groupsPerFilter } = costs;
  // No closures in here: this runs once per depthwise channel, and tsx/vitest wrap every closure.
  const filterTile = layout.rowAxis === 'n' ? array.rows : layout.colAxis === 'n' ? array.cols : gemm.n;
  const groupTile = layout.rowAxis === 'k' ? array.rows : layout.colAxis === 'k' ? array.cols : gemm.k;
  const pixelFolds = layout.rowAxis === 'm' ? layout.rowFolds : layout.colAxis === 'm' ? layout.colFolds : 1;
  const m = gemm.m;
  const stepAxis = layout.stepAxis;
  let busyCycles = 0;
  let work = 0;
  let lockstep = 0;
  for (let fs = 0; fs < gemm.n; fs += filterTile) {
    const fe = Math.min(gemm.n, fs + filterTile);
    for (let ts = 0; ts < gemm.k; ts += groupTile) {
      const te = Math.min(gemm.k, ts + groupTile);
      // The fold's streaming cycles: per lockstep step, its slowest PE (see the header).
      let stream = 0;
      let own = 0;
      let slowestOfFold = 0;
      if (stepAxis === 'k') {
        for (let t = ts; t < te; t++) {
          let slowest = 0;
          for (let j = fs; j < fe; j++) {
            const c = cyclesPerStep[(first + (order === null ? j : order[j]!)) * groupsPerFilter + t]!;
            own += c;
            if (c > slowest) slowest = c;
          }
          stream += slowest;
        }
        lockstep += m * stream * (fe - fs);
      } else {
        for (let j = fs; j < fe; j++) {
          const row = (first + (order === null ? j : order[j]!)) * groupsPerFilter;
          let slowest = 0;
          for (let t = ts; t < te; t++) {
            const c = cyclesPerStep[row + t]!;
            own += c;
            if (c > slowest) slowest = c;
          }
          stream += slowest;
          if (slowest > slowestOfFold) slowestOfFold = slowest;
        }
        if (stepAxis === 'm') {
          stream = m * slowestOfFold;
          lockstep += stream * (fe - fs) * (te - ts);
        } else {
          lockstep += m * stream * (te - ts);
        }
      }
      work += m * own;
      busyCycles += pixelFolds * (layout.fillDrainCycles + Math.ceil(stream));
    }
  }
  return { busyCycles, folds, workPeCycles: work, lockstepPeCycles: lockstep };
}
