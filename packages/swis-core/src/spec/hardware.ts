import { z } from 'zod';
import { parseInput } from './parse-input.js';

const positiveInt = z.number().int().positive();
const positiveFinite = z.number().positive().finite();

/**
 * Which operand stays in the PEs while the others stream through, as in SCALE-Sim: os keeps partial
 * outputs (one output pixel x filter per PE), ws keeps weights, is keeps input activations.
 */
export const DataflowIdSchema = z.enum(['os', 'ws', 'is']);
export type DataflowId = z.infer<typeof DataflowIdSchema>;

/**
 * A rows x cols systolic array of PEs and the memories around it. Strict: a misspelt field (a wrong unit
 * suffix, say) is an error rather than being dropped in favour of its default.
 */
export const HardwareSchema = z.strictObject({
  /** PEs down the array (H; SCALE-Sim's ArrayHeight). */
  rows: positiveInt,
  /** PEs across the array (W; SCALE-Sim's ArrayWidth). */
  cols: positiveInt,
  dataflow: DataflowIdSchema,
  /**
   * Activation lanes per PE (G): a PE consumes a G-wide dot product per step. 1 is a plain MAC array, the
   * model SCALE-Sim simulates; a SWIS design point sets it to the quantizer's group size.
   * @defaultValue 1
   */
  lanesPerPe: positiveInt.max(65_536).default(1),
  /** Clock frequency in MHz; only converts cycles into time. @defaultValue 1000 */
  clockMhz: positiveFinite.default(1000),
  /**
   * Off-chip (DRAM) bandwidth in bytes per cycle.
   * @defaultValue 64 (SCALE-Sim's configs/scale.cfg: 64 one-byte words per cycle)
   */
  dramBandwidthBytesPerCycle: positiveFinite.default(64),
  /**
   * On-chip global buffer in bytes, shared by input activations, weights and outputs.
   * @defaultValue 196608 (SCALE-Sim's configs/scale.cfg: 64 KiB each for ifmap, filter and ofmap)
   */
  sramBytes: positiveInt.default(3 * 64 * 1024),
});
export type Hardware = z.infer<typeof HardwareSchema>;
export type HardwareInput = z.input<typeof HardwareSchema>;

/** Validates a PE-array configuration and fills its defaults; throws InvalidInputError listing every problem. */
export function parseHardware(input: unknown): Hardware {
  return parseInput(HardwareSchema, 'hardware configuration', input);
}
