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

/** A GEMM dimension: m output pixels, n filters, k reduction. */
export type GemmAxis = keyof Gemm;

/**
 * How a dataflow folds a GEMM onto an array: which dimension lies down the rows (Sr), across the columns
 * (Sc) and along time (T), and the fixed cycles each fold spends filling and draining the array.
 */
export interface FoldLayout {
  readonly rowAxis: GemmAxis;
  readonly colAxis: GemmAxis;
  readonly stepAxis: GemmAxis;
  /** ceil(Sr / rows): folds along the rows. */
  readonly rowFolds: number;
  /** ceil(Sc / cols): folds along the columns. */
  readonly colFolds: number;
  /** Cycles of a fold that do not depend on T (pipeline fill and drain); a fold lasts T + this. */
  readonly fillDrainCycles: number;
}

/** A way of mapping GEMMs onto a systolic array; one module per SCALE-Sim dataflow (os, ws, is). */
export interface Dataflow {
  readonly id: DataflowId;
  /**
   * Stall-free compute cycles and utilization of `gemm` on a rows x cols array of one-MAC PEs.
   * @throws InvalidInputError listing every GEMM or array dimension that is not a positive integer.
   */
  gemmCycles(gemm: Gemm, array: ArrayDims): GemmCycles;
  /**
   * The folds of `gemm` on the array. A PE that needs s cycles per step (a bit-serial one) stretches the
   * T streaming cycles of a fold to s x T but not its fill and drain, which move operands one hop per cycle.
   * @throws InvalidInputError as gemmCycles.
   */
  foldLayout(gemm: Gemm, array: ArrayDims): FoldLayout;
}

/** What distinguishes one SCALE-Sim dataflow from another. @internal */
export interface SystolicDefinition {
  readonly id: DataflowId;
  /** The GEMM dimensions mapped to Sr, Sc and T, in that order. */
  readonly axes: readonly [GemmAxis, GemmAxis, GemmAxis];
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
      const [spatialRows, spatialCols, steps] = definition.axes.map((axis) => gemm[axis]) as [
        number,
        number,
        number,
      ];
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
    foldLayout(gemm: Gemm, array: ArrayDims): FoldLayout {
      checkDimensions(gemm, array);
      const [rowAxis, colAxis, stepAxis] = definition.axes;
      return {
        rowAxis,
        colAxis,
        stepAxis,
        rowFolds: Math.ceil(gemm[rowAxis] / array.rows),
        colFolds: Math.ceil(gemm[colAxis] / array.cols),
        // Every dataflow's fold length is linear in T with slope 1, so its value at T = 0 is the fixed part.
        fillDrainCycles: definition.foldCycles(0, array),
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
