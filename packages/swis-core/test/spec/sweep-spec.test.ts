import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  InvalidInputError,
  type ObjectiveText,
  parseSweepSpec,
  type SweepSpec,
  type SweepSpecInput,
} from '../../src/index.js';
import { MBV2_SMALL } from '../helpers/sweep-specs.js';

/** Every issue of a spec that must fail, as 'path: message'. */
function issuesOf(input: unknown): string[] {
  try {
    parseSweepSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  return expect.unreachable();
}

const withAxes = (axes: Record<string, unknown>) => ({
  ...MBV2_SMALL,
  axes: { ...MBV2_SMALL.axes, ...axes },
});

describe('parseSweepSpec', () => {
  it("accepts the issue's 24-point spec as written and fills defaults", () => {
    const spec = parseSweepSpec(MBV2_SMALL);
    expect(spec).toMatchObject({
      method: 'grid',
      seed: 0,
      maxPoints: 10_000,
      objectives: MBV2_SMALL.objectives,
    });
    expect(spec.axes.hardware[0]).toEqual({
      arch: 'swis',
      rows: 32,
      cols: 32,
      dataflow: 'ws',
      clockMhz: 1000,
      dramBandwidthBytesPerCycle: 64,
      sramBytes: 196_608,
      schedule: 'none',
      energy: 'horowitz-45nm',
      area: 'gates-45nm',
      depthwiseMapping: 'per-channel',
      loomBitsPerCycle: 1,
    });
    expect(spec.baseline?.arch).toBe('weight-serial');
  });

  it('accepts budgets, optional axes, per-hardware options and the random method', () => {
    const spec = parseSweepSpec({
      ...withAxes({
        bits: undefined,
        budgets: [2.5, 3],
        baseBits: [6, 8],
        scale: ['per-tensor'],
        scaleMethod: ['max', 'search'],
        hardware: [
          { arch: 'swis', rows: 8, cols: 8, dataflow: 'os', schedule: 'sorted' },
          { arch: 'bit-parallel', rows: 8, cols: 8, dataflow: 'os', lanesPerPe: 4 },
        ],
      }),
      method: 'random',
      samples: 5,
      seed: 42,
    });
    expect(spec.axes.budgets).toEqual([2.5, 3]);
    expect(spec.axes.hardware[0]).toMatchObject({ schedule: 'sorted' });
    expect(spec.axes.hardware[0]?.lanesPerPe).toBeUndefined();
    expect(spec.axes.hardware[1]).toMatchObject({ schedule: 'none', lanesPerPe: 4 });
  });

  it('names a duplicated axis value and its index', () => {
    expect(issuesOf(withAxes({ variant: ['swis', 'truncation', 'swis'] }))).toEqual([
      'axes.variant.2: duplicate value "swis" (also at 0)',
    ]);
    // Hardware values are compared after defaults, whatever their key order.
    const dup = { dataflow: 'ws', cols: 32, rows: 32, arch: 'swis', clockMhz: 1000 };
    expect(issuesOf(withAxes({ hardware: [...MBV2_SMALL.axes.hardware, dup] }))).toEqual([
      expect.stringMatching(/^axes\.hardware\.2: duplicate value .* \(also at 0\)$/),
    ]);
  });

  it('names SWIS lanes that differ from a swept group size', () => {
    const hardware = [{ arch: 'swis', rows: 8, cols: 8, dataflow: 'ws', lanesPerPe: 16 }];
    expect(issuesOf(withAxes({ hardware }))).toEqual([
      'axes.hardware.0.lanesPerPe: is 16 but groupSize 8 is swept; swis needs them equal (omit lanesPerPe to follow groupSize)',
    ]);
    expect(() => parseSweepSpec(withAxes({ hardware, groupSize: [16] }))).not.toThrow();
  });

  it('names bits above baseBits - 1', () => {
    expect(issuesOf(withAxes({ bits: [2, 5], baseBits: [4, 8] }))).toEqual([
      'axes.bits.1: 5 must be at most baseBits - 1 = 3 (baseBits 4 is swept)',
    ]);
    expect(issuesOf(withAxes({ bits: [8] }))).toEqual([
      'axes.bits.0: 8 must be at most baseBits - 1 = 7 (baseBits 8 is swept)',
    ]);
  });

  it('names an unknown architecture, a misspelt hardware field and an unknown objective together', () => {
    const issues = issuesOf({
      ...withAxes({
        hardware: [
          MBV2_SMALL.axes.hardware[0],
          { arch: 'tpu', rows: 16, cols: 16, dataflow: 'ws', clockMHz: 1 },
        ],
      }),
      objectives: ['cycles:min', 'latency:min'],
    });
    expect(issues).toHaveLength(3);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^axes\.hardware\.1: Unrecognized key: "clockMHz"/),
        expect.stringMatching(/^axes\.hardware\.1\.arch: Invalid option/),
        expect.stringMatching(/^objectives\.1: must be metric:min or metric:max/),
      ]),
    );
  });

  it('names a repeated objective metric and too few objectives', () => {
    expect(issuesOf({ ...MBV2_SMALL, objectives: ['cycles:min', 'cycles:max'] })).toEqual([
      'objectives.1: metric cycles repeats objective 0',
    ]);
    expect(issuesOf({ ...MBV2_SMALL, objectives: ['cycles:min'] })).toEqual([
      'objectives: give at least two objectives',
    ]);
  });

  it('names the axes and the product of a grid over maxPoints', () => {
    expect(issuesOf({ ...MBV2_SMALL, maxPoints: 20 })).toEqual([
      'axes: grid of 3 variant x 2 bits x 2 groupSize x 2 hardware = 24 points exceeds maxPoints 20',
    ]);
    expect(issuesOf({ ...MBV2_SMALL, maxPoints: 1_000_001 })).toEqual([
      expect.stringMatching(/^maxPoints: /),
    ]);
  });

  it('needs exactly one of bits and budgets', () => {
    expect(issuesOf(withAxes({ budgets: [3] }))).toEqual(['axes.bits: give exactly one of bits and budgets']);
    expect(issuesOf(withAxes({ bits: undefined }))).toEqual([
      'axes.bits: give exactly one of bits and budgets',
    ]);
  });

  it('ties samples to the random method', () => {
    expect(issuesOf({ ...MBV2_SMALL, samples: 3 })).toEqual(['samples: applies only to method random']);
    expect(issuesOf({ ...MBV2_SMALL, method: 'random' })).toEqual(['samples: required for method random']);
    expect(issuesOf({ ...MBV2_SMALL, method: 'random', samples: 11, maxPoints: 10 })).toEqual([
      'samples: exceeds maxPoints 10',
    ]);
  });

  it('rejects empty axes and unknown top-level fields', () => {
    expect(issuesOf({ ...withAxes({ groupSize: [] }), extra: 1 })).toEqual([
      'axes.groupSize: give at least one value',
      expect.stringMatching(/^: Unrecognized key: "extra"/),
    ]);
  });

  it('infers its types from the schema', () => {
    expectTypeOf<SweepSpec['objectives']>().toEqualTypeOf<ObjectiveText[]>();
    expectTypeOf<SweepSpec['method']>().toEqualTypeOf<'grid' | 'random'>();
    expectTypeOf<SweepSpecInput['method']>().toEqualTypeOf<'grid' | 'random' | undefined>();
  });
});
