import { describe, expect, it } from 'vitest';
import {
  ArchitectureIdSchema,
  ENERGY_PRESETS,
  EnergyTableSchema,
  peCycleEnergyPj,
  sweepDramEnergy,
} from '../../src/index.js';

describe('energy presets', () => {
  it('horowitz-45nm builds PEs from Horowitz events: INT8 lane 0.2 + 2 x 0.03, accumulate 0.1 pJ', () => {
    const table = ENERGY_PRESETS['horowitz-45nm'];
    expect(peCycleEnergyPj(table, 'bit-parallel', 16)).toBeCloseTo(16 * 0.26 + 0.1, 12);
    // SWIS: one 8-bit tree add per lane, one shift and one 32-bit accumulate per PE.
    expect(peCycleEnergyPj(table, 'swis', 16)).toBeCloseTo(16 * 0.03 + 0.13, 12);
    expect(table.dramPjPer64b).toBe(1300);
  });

  it('bitsim-28nm is calibrated so an 8-way bit-serial PE costs 0.28 x 1.5 pJ per cycle, DRAM 1000 pJ', () => {
    const table = ENERGY_PRESETS['bitsim-28nm'];
    expect(peCycleEnergyPj(table, 'stripes', 8)).toBeCloseTo(0.42, 12);
    expect(table.dramPjPer64b).toBe(1000);
  });

  it('every preset is a valid table with an entry for every architecture', () => {
    for (const table of Object.values(ENERGY_PRESETS)) {
      expect(EnergyTableSchema.parse(table)).toEqual(table);
      expect(Object.keys(table.pe).sort()).toEqual([...ArchitectureIdSchema.options].sort());
    }
  });
});

describe('sweepDramEnergy', () => {
  const run = { energyBreakdownPj: { compute: 100, buffers: 50, dram: 1300 }, dramBytes: 8 };

  it('rescales only the DRAM part: 8 bytes = one 64-bit access', () => {
    expect(sweepDramEnergy(run, [0, 1000, 2600])).toEqual([
      { dramPjPer64b: 0, energyPj: 150, breakdownPj: { compute: 100, buffers: 50, dram: 0 } },
      { dramPjPer64b: 1000, energyPj: 1150, breakdownPj: { compute: 100, buffers: 50, dram: 1000 } },
      { dramPjPer64b: 2600, energyPj: 2750, breakdownPj: { compute: 100, buffers: 50, dram: 2600 } },
    ]);
  });
});
