import { describe, expect, it } from 'vitest';
import { assignBatches, configHash, designPoints, parseSweepSpec } from '../../src/index.js';
import { MBV2_SMALL } from '../helpers/sweep-specs.js';

describe('assignBatches', () => {
  it('puts the hardware configurations of one quantization in one batch', () => {
    const points = designPoints(parseSweepSpec(MBV2_SMALL));
    const keys = assignBatches(points);
    // 3 variants x 2 bits x 2 group sizes = 12 quantizations, 2 hardware values each.
    expect(new Set(keys).size).toBe(12);
    points.forEach((point, i) => {
      expect(keys[i]).toBe(`${configHash(point.quant)}.0`);
    });
  });

  it('cuts a large quantization group into chunks of maxPoints, in order', () => {
    const quant = { variant: 'swis', bits: 3 };
    const other = { variant: 'uniform', bits: 3 };
    const points = [quant, quant, other, quant, quant, quant].map((q) => ({ quant: q as never }));
    const keys = assignBatches(points, 2);
    const h = configHash(quant);
    const o = configHash(other);
    expect(keys).toEqual([`${h}.0`, `${h}.0`, `${o}.0`, `${h}.1`, `${h}.1`, `${h}.2`]);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => assignBatches([], 0)).toThrow(RangeError);
    expect(() => assignBatches([], 1.5)).toThrow(/positive integer/);
  });
});
