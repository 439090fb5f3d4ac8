import { kernelMaxAbsPerFilter } from './kernel/shift-set-kernel.js';
import type { LayerContext } from './layer-context.js';

/**
 * The scale search: step multipliers from 1.0 down to 0.1 in steps of 0.025, then around the best one in
 * steps of 0.005 (so the chosen step is within 0.25% of max|w| of the best on this grid). The error is not
 * convex in the step (codes jump), so a grid is more reliable than golden-section search.
 */
const COARSE = Array.from({ length: 37 }, (_, k) => 1 - 0.025 * k);
const FINE_OFFSETS = [-0.02, -0.015, -0.01, -0.005, 0.005, 0.01, 0.015, 0.02];

/** Per-filter quantization steps for the given per-filter N, by the context's granularity and method. */
export function chooseSteps(ctx: LayerContext, bits: Uint8Array): Float32Array {
  const maxAbs = maxAbsPerFilter(ctx);
  const base = (f: number, multiplier: number): number => {
    const step = Math.fround(multiplier * ctx.variant.maxStep(maxAbs[f]!, bits[f]!, ctx.magnitudeBits));
    return step > 0 ? step : 1;
  };
  const steps = new Float32Array(ctx.filters);
  if (!ctx.variant.scaled) return steps.fill(1);
  if (ctx.scaleMethod === 'max') {
    for (let f = 0; f < ctx.filters; f++) steps[f] = base(f, 1);
  } else if (ctx.scale === 'per-filter') {
    for (let f = 0; f < ctx.filters; f++) {
      const error = (m: number): number => {
        steps[f] = base(f, m);
        return ctx.variant.measureFilters(ctx, f, f + 1, bits, steps)[0]!;
      };
      steps[f] = base(f, bestMultiplier(error));
    }
  } else {
    const error = (m: number): number => {
      for (let f = 0; f < ctx.filters; f++) steps[f] = base(f, m);
      return ctx.variant.measureFilters(ctx, 0, ctx.filters, bits, steps).reduce((a, b) => a + b, 0);
    };
    const multiplier = bestMultiplier(error);
    for (let f = 0; f < ctx.filters; f++) steps[f] = base(f, multiplier);
  }
  return steps;
}

/** max|w| per filter, or the layer's max|w| repeated for per-tensor scales. */
function maxAbsPerFilter(ctx: LayerContext): Float64Array {
  const result = kernelMaxAbsPerFilter(ctx.weights, ctx.length);
  if (ctx.scale === 'per-tensor') result.fill(result.reduce((a, b) => Math.max(a, b), 0));
  return result;
}

function bestMultiplier(error: (multiplier: number) => number): number {
  const pick = (candidates: readonly number[], best: { m: number; e: number }) => {
    for (const m of candidates) {
      const e = error(m);
      if (e < best.e) {
        best.m = m;
        best.e = e;
      }
    }
    return best;
  };
  const coarse = pick(COARSE, { m: 1, e: Number.POSITIVE_INFINITY });
  const fine = FINE_OFFSETS.map((d) => coarse.m + d).filter((m) => m > 0 && m <= 1);
  return pick(fine, coarse).m;
}
