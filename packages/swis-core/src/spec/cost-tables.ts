import { z } from 'zod';
import { ArchitectureIdSchema } from './architecture-id.js';

const nonNegative = z.number().nonnegative().finite();
const positive = z.number().positive().finite();

/** The built-in energy tables (values and sources in simulate/energy.ts). */
export const EnergyPresetIdSchema = z.enum(['horowitz-45nm', 'bitsim-28nm']);
export type EnergyPresetId = z.infer<typeof EnergyPresetIdSchema>;

/** Energy of one PE of an architecture for one active cycle: lanes x laneCyclePj + peCyclePj. */
export const PeEnergySchema = z.strictObject({
  /** pJ per lane per active cycle (the lane's multiplier or gate, its shifter if any, its adder-tree share). */
  laneCyclePj: nonNegative,
  /** pJ per PE per active cycle shared by the lanes (sum shifter, 32-bit accumulate). */
  peCyclePj: nonNegative,
});
export type PeEnergy = z.infer<typeof PeEnergySchema>;

/** Energy per event: PE cycles per architecture, on-chip buffer and DRAM accesses. */
export const EnergyTableSchema = z.strictObject({
  name: z.string().min(1),
  pe: z.record(ArchitectureIdSchema, PeEnergySchema),
  /** pJ per 64-bit access of the global buffer (SRAM). */
  sramPjPer64b: nonNegative,
  /** pJ per 64-bit DRAM access. */
  dramPjPer64b: nonNegative,
});
export type EnergyTable = z.infer<typeof EnergyTableSchema>;

/** The built-in area tables (values and sources in simulate/area.ts). */
export const AreaPresetIdSchema = z.enum(['gates-45nm', 'gates-28nm']);
export type AreaPresetId = z.infer<typeof AreaPresetIdSchema>;

/** Size of one PE of an architecture in NAND2-equivalent gates: lanes x laneGates + peGates. */
export const PeGatesSchema = z.strictObject({
  /** Gates per lane (multiplier or AND gates, lane shifter, adder-tree share, operand registers). */
  laneGates: nonNegative,
  /** Gates per PE shared by its lanes (accumulator, sum shifter, control). */
  peGates: nonNegative,
});
export type PeGates = z.infer<typeof PeGatesSchema>;

/** A gate-count area model: PE area = gates x gateAreaUm2 x layoutOverhead. */
export const AreaTableSchema = z.strictObject({
  name: z.string().min(1),
  pe: z.record(ArchitectureIdSchema, PeGatesSchema),
  /** Area of one NAND2-equivalent gate in square micrometres. */
  gateAreaUm2: positive,
  /** Placed-and-routed area over summed cell area (>= 1). */
  layoutOverhead: z.number().min(1).finite(),
});
export type AreaTable = z.infer<typeof AreaTableSchema>;
