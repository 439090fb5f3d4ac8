import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type ArchitectureId,
  ArchitectureIdSchema,
  InvalidInputError,
  parseSimulationOptions,
  type SimulationOptions,
} from '../../src/index.js';

describe('SimulationOptionsSchema', () => {
  it('has exactly the ten architecture ids', () => {
    expect(ArchitectureIdSchema.options).toEqual([
      'bit-parallel',
      'stripes',
      'weight-serial',
      'loom',
      'pragmatic',
      'laconic',
      'bitfusion',
      'bitwave',
      'swis',
      'swis-c',
    ]);
    expectTypeOf<SimulationOptions['arch']>().toEqualTypeOf<ArchitectureId>();
    expectTypeOf<SimulationOptions['schedule']>().toEqualTypeOf<'none' | 'sorted'>();
    expectTypeOf<SimulationOptions['depthwiseMapping']>().toEqualTypeOf<
      'per-channel' | 'channels-as-filters'
    >();
  });

  it('fills the defaults', () => {
    expect(parseSimulationOptions({ arch: 'swis' })).toEqual({
      arch: 'swis',
      schedule: 'none',
      activationStats: null,
      energy: 'horowitz-45nm',
      area: 'gates-45nm',
      depthwiseMapping: 'per-channel',
      loomBitsPerCycle: 1,
    });
  });

  it('lists every problem: unknown arch, schedule, preset, a misspelt key', () => {
    try {
      parseSimulationOptions({
        arch: 'tpu',
        schedule: 'random',
        energy: 'horowitz-7nm',
        depthwiseMapping: 'per-row',
        baselne: 'swis',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const paths = (error as InvalidInputError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['arch', 'schedule', 'energy', 'depthwiseMapping']));
      expect((error as InvalidInputError).message).toMatch(/baselne/);
    }
  });
});
