import { describe, expect, it } from 'vitest';
import { fidelity, klDivergence } from '../src/mobilenet/fidelity.js';

describe('fidelity', () => {
  it('is perfect for identical probabilities', () => {
    const p = Float32Array.from([0.7, 0.2, 0.1, 0.05, 0.05, 0.9]);
    expect(fidelity(p, p.slice(), 3)).toEqual({ agreement: 1, meanKl: 0, inputs: 2 });
  });

  it('counts top-1 agreement and averages KL over inputs', () => {
    const p = Float32Array.from([0.5, 0.5, 0.2, 0.8]);
    const q = Float32Array.from([0.25, 0.75, 0.2, 0.8]);
    const result = fidelity(p, q, 2);
    expect(result.agreement).toBe(0.5);
    // KL([.5, .5] || [.25, .75]) = .5 ln 2 + .5 ln(2/3) = 0.143841..., and 0 for the second input.
    expect(result.meanKl).toBeCloseTo(0.143841 / 2, 5);
  });

  it('computes KL in nats and floors zero probabilities', () => {
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.143841, 5);
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 10);
    expect(klDivergence([1, 0], [0, 1])).toBeCloseTo(12 * Math.LN10, 6);
  });

  it('rejects mismatched rows', () => {
    expect(() => fidelity(new Float32Array(4), new Float32Array(6), 2)).toThrow(RangeError);
  });
});
