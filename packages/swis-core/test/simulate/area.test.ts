import { describe, expect, it } from 'vitest';
import { AREA_PRESETS, ArchitectureIdSchema, AreaTableSchema, peAreaMm2 } from '../../src/index.js';

describe('area presets', () => {
  it('every preset is a valid table with an entry for every architecture', () => {
    for (const table of Object.values(AREA_PRESETS)) {
      expect(AreaTableSchema.parse(table)).toEqual(table);
      expect(Object.keys(table.pe).sort()).toEqual([...ArchitectureIdSchema.options].sort());
    }
  });

  it('a PE grows linearly with its lanes', () => {
    const table = AREA_PRESETS['gates-45nm'];
    for (const arch of ArchitectureIdSchema.options) {
      const one = peAreaMm2(table, arch, 1);
      const two = peAreaMm2(table, arch, 2);
      expect(peAreaMm2(table, arch, 16) - one).toBeCloseTo(15 * (two - one), 12);
    }
  });

  it('a 16-lane SWIS PE is under a third of a bit-parallel one (no multipliers); swis-c is smaller still', () => {
    const table = AREA_PRESETS['gates-45nm'];
    expect(peAreaMm2(table, 'swis', 16)).toBeLessThan(peAreaMm2(table, 'bit-parallel', 16) / 3);
    expect(peAreaMm2(table, 'swis-c', 16)).toBeLessThan(peAreaMm2(table, 'swis', 16));
  });

  it('gates-28nm is gates-45nm shrunk by (28/45)^2', () => {
    const ratio =
      peAreaMm2(AREA_PRESETS['gates-28nm'], 'swis', 16) / peAreaMm2(AREA_PRESETS['gates-45nm'], 'swis', 16);
    expect(ratio).toBeCloseTo((28 / 45) ** 2, 12);
  });
});
