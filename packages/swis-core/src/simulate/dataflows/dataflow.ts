import { type InputIssue, InvalidInputError } from '../../errors.js';
import type { DataflowId, Hardware } from '../../spec/hardware.js';
import type { Gemm } from '../workload.js';

/** The PE-array dimensions a dataflow folds a GEMM onto. */
export type ArrayDims = Pick<Hardware, 'rows' | 'cols'>;

/** Stall-free compute time of one GEMM on a systolic array. */
export interface GemmCycles {
  /**
   * SCALE-Sim v2's stall-free "Total Cycles": the 0-based index of the last busy cycle, so the array is
   * busy for cycles + 1 cycles.
   */
  readonly cycles: number;
  /**
   * Useful MACs / (rows x cols x (cycles + 1)), in (0, 1]. For os this is exactly SCALE-Sim's "Compute
   * Util"; for ws and is SCALE-Sim divides each fold by 2R + 2C + T - 3 cycles, C - 1 more than the fold
   * lasts, so its figure is lower. SCALE-Sim's "Overall Util" divides by `cycles` itself and can exceed 1.
   */
  readonly utilization: number;
  /** Array-sized tiles the GEMM is cut into: ceil(Sr / rows) x ceil(Sc / cols). */
  readonly folds: number;
  /** Cycles one fold occupies the array (fill, stream, drain); partial folds take as long as full ones. */
  readonly foldCycles: number;
}

/** A way of mapping GEMMs onto a systolic array; one module per SCALE-Sim dataflow (os, ws, is). */
export interface Dataflow {
  readonly id: DataflowId;
  /**
   * Stall-free compute cycles and utilization of `gemm` on a rows x cols array of one-MAC PEs.
   * @throws InvalidInputError listing every GEMM or array dimension that is not a positive integer.
   */
  gemmCycles(gemm: Gemm, array: ArrayDims): GemmCycles;
}

/** Where a dataflow puts the GEMM: Sr operands down the rows, Sc across the columns, T steps in time. @internal */
export interface SystolicMapping {
  readonly spatialRows: number;
  readonly spatialCols: number;
  readonly steps: number;
}

/** What distinguishes one SCALE-Sim dataflow from another. @internal */
export interface SystolicDefinition {
  readonly id: DataflowId;
  readonly mapping: (gemm: Gemm) => SystolicMapping;
  /** Cycles one fold occupies the array when `steps` operand vectors stream through it. */
  readonly foldCycles: (steps: number, array: ArrayDims) => number;
}

/**
 * A Dataflow with SCALE-Sim's folding: the Sr x Sc spatial extent is cut into ceil(Sr / rows) x
 * ceil(Sc / cols) folds, each padded to the full array with null requests, run one after another; the
 * reported cycles are the index of the last one. @internal
 */
export function systolicDataflow(definition: SystolicDefinition): Dataflow {
  return Object.freeze({
    id: definition.id,
    gemmCycles(gemm: Gemm, array: ArrayDims): GemmCycles {
      checkDimensions(gemm, array);
      const { spatialRows, spatialCols, steps } = definition.mapping(gemm);
      const folds = Math.ceil(spatialRows / array.rows) * Math.ceil(spatialCols / array.cols);
      const foldCycles = definition.foldCycles(steps, array);
      const busyCycles = folds * foldCycles;
      return {
        cycles: busyCycles - 1,
        utilization: (gemm.m * gemm.n * gemm.k) / (array.rows * array.cols * busyCycles),
        folds,
        foldCycles,
      };
    },
  });
}

function checkDimensions(gemm: Gemm, array: ArrayDims): void {
  const issues: InputIssue[] = [];
  const check = (path: [string, string], value: number) => {
    if (!Number.isSafeInteger(value) || value < 1)
      issues.push({ path, message: `must be a positive integer, got ${value}` });
  };
  check(['gemm', 'm'], gemm.m);
  check(['gemm', 'n'], gemm.n);
  check(['gemm', 'k'], gemm.k);
  check(['array', 'rows'], array.rows);
  check(['array', 'cols'], array.cols);
  if (issues.length > 0) throw new InvalidInputError('invalid GEMM or array', issues);
}
