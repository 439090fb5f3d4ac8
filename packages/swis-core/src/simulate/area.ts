import type { ArchitectureId } from '../spec/architecture-id.js';
import type { AreaPresetId, AreaTable, PeGates } from '../spec/cost-tables.js';

// Gate counts in NAND2 equivalents, from Nangate FreePDK45 cell areas over NAND2_X1 (0.798 um^2):
// full adder ~6, D flip-flop ~5.7, 2:1 mux ~2.3, AND2 ~1.3. These are textbook estimates for the
// datapath, not synthesis results; control and clock tree are left out.
const FULL_ADDER = 6;
const FLIP_FLOP = 5.7;
const MUX = 2.3;
const AND = 1.3;
const adder = (bits: number) => bits * FULL_ADDER;
const register = (bits: number) => bits * FLIP_FLOP;
/** A barrel shifter of `bits` wide data over `levels` stages. */
const shifter = (bits: number, levels: number) => bits * levels * MUX;

const ACCUMULATOR = adder(32) + register(32);
// 8 x 8 array multiplier: 64 partial-product ANDs and 56 full adders.
const MULTIPLIER8 = 64 * AND + 56 * FULL_ADDER;
// A bit-serial lane: 8 gating ANDs, an 8-bit adder-tree share and the lane's 8-bit operand register.
const SERIAL_LANE = 8 * AND + adder(8) + register(8);
// The PE of a bit-serial design: accumulator plus a shifter of the tree sum (3 stages of 16 bits).
const SERIAL_PE = ACCUMULATOR + shifter(16, 3);

/** Gates per lane and per PE; each line says what was counted. */
const PE_GATES: Readonly<Record<ArchitectureId, PeGates>> = {
  // Multiplier, 16-bit tree add, two 8-bit operand registers.
  'bit-parallel': { laneGates: MULTIPLIER8 + adder(16) + register(16), peGates: ACCUMULATOR },
  stripes: { laneGates: SERIAL_LANE, peGates: SERIAL_PE },
  'weight-serial': { laneGates: SERIAL_LANE, peGates: SERIAL_PE },
  // One AND of two bits, a popcount-tree full adder, two 1-bit registers; the PE shifts on both operands.
  loom: { laneGates: AND + FULL_ADDER + register(2), peGates: ACCUMULATOR + 2 * shifter(16, 3) },
  // Term encoder (~20), a 3-stage 16-bit lane shifter, a 16-bit tree add, the weight register.
  pragmatic: { laneGates: 20 + shifter(16, 3) + adder(16) + register(8), peGates: SERIAL_PE },
  // Two term encoders, a 4-bit exponent adder, a 4-stage 16-bit shifter, the weight register.
  laconic: { laneGates: 40 + adder(4) + shifter(16, 4) + adder(16) + register(8), peGates: SERIAL_PE },
  // Assumption: a fusion unit (16 BitBricks and its shift-add tree) is 1.3x an 8-bit multiplier lane.
  bitfusion: { laneGates: 1.3 * (MULTIPLIER8 + adder(16) + register(16)), peGates: ACCUMULATOR },
  // A serial lane plus its share of the zero-column OR; the PE adds column-skip logic (~40).
  bitwave: { laneGates: SERIAL_LANE + 8 * AND, peGates: SERIAL_PE + 40 },
  // Sign-select XORs (8 x ~2), an 8-bit tree add, the activation register and up to 4 plane bits; the PE
  // holds N <= 4 3-bit shifts and one 3-stage shifter.
  swis: { laneGates: 16 + adder(8) + register(8) + register(4), peGates: SERIAL_PE + register(12) },
  // As swis, but one 3-bit exponent and a shift-by-one per cycle instead of a barrel shifter.
  'swis-c': {
    laneGates: 16 + adder(8) + register(8) + register(4),
    peGates: ACCUMULATOR + shifter(16, 1) + register(3),
  },
};

/**
 * The built-in area tables. gates-45nm: NAND2_X1 of Nangate FreePDK45 (0.798 um^2). gates-28nm: the same
 * cell scaled by (28/45)^2 (0.309 um^2), an idealized shrink. Both assume 70 % placement density
 * (layoutOverhead 1 / 0.7).
 */
export const AREA_PRESETS: Readonly<Record<AreaPresetId, AreaTable>> = Object.freeze({
  'gates-45nm': { name: 'gates-45nm', pe: PE_GATES, gateAreaUm2: 0.798, layoutOverhead: 1 / 0.7 },
  'gates-28nm': {
    name: 'gates-28nm',
    pe: PE_GATES,
    gateAreaUm2: 0.798 * (28 / 45) ** 2,
    layoutOverhead: 1 / 0.7,
  },
});

/** A preset by id, or the table itself. */
export function resolveAreaTable(area: AreaPresetId | AreaTable): AreaTable {
  return typeof area === 'string' ? AREA_PRESETS[area] : area;
}

/** Area in mm^2 of one PE with `lanes` lanes. */
export function peAreaMm2(table: AreaTable, arch: ArchitectureId, lanes: number): number {
  const { laneGates, peGates } = table.pe[arch];
  return ((lanes * laneGates + peGates) * table.gateAreaUm2 * table.layoutOverhead) / 1e6;
}
