import { InvalidInputError } from '../errors.js';
import type { DataflowId, Hardware } from '../spec/hardware.js';
import type { Dataflow, GemmCycles } from './dataflows/dataflow.js';
import { inputStationary } from './dataflows/input-stationary.js';
import { outputStationary } from './dataflows/output-stationary.js';
import { weightStationary } from './dataflows/weight-stationary.js';
import type { Gemm } from './workload.js';

/** Every dataflow, by id. */
export const DATAFLOWS: Readonly<Record<DataflowId, Dataflow>> = Object.freeze({
  os: outputStationary,
  ws: weightStationary,
  is: inputStationary,
});

/**
 * Stall-free compute cycles and utilization of one GEMM on the hardware's rows x cols array of one-MAC PEs
 * under its dataflow; `cycles` equals SCALE-Sim v2's "Total Cycles" when no memory stalls occur.
 * @throws InvalidInputError when the dataflow is unknown or a dimension is not a positive integer.
 */
export function computeCycles(
  gemm: Gemm,
  hardware: Pick<Hardware, 'rows' | 'cols' | 'dataflow'>,
): GemmCycles {
  if (!Object.hasOwn(DATAFLOWS, hardware.dataflow)) {
    throw new InvalidInputError('invalid hardware configuration', [
      { path: ['dataflow'], message: `unknown dataflow "${hardware.dataflow}"; expected os, ws or is` },
    ]);
  }
  return DATAFLOWS[hardware.dataflow].gemmCycles(gemm, hardware);
}
