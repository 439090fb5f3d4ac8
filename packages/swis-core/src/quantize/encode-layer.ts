import { allocateEncodedLayer, codeOffsets, type EncodedLayer } from './encoded-layer.js';
import type { LayerContext } from './layer-context.js';
import type { LayerEncoding } from './variants/variant.js';

/**
 * Encodes every filter at its N and step. Returns the code, the reconstructed weights (equal to
 * decodeLayer(code)), each filter's squared error as the search measured it (weight units) and the error
 * statistics of the reconstruction.
 */
export function encodeLayer(
  ctx: LayerContext,
  bits: Uint8Array,
  steps: Float32Array,
): LayerEncoding & { code: EncodedLayer; reconstruction: Float32Array } {
  const code = allocateEncodedLayer(ctx.variant.id, ctx.magnitudeBits + 1, ctx.groupSize, ctx.length, bits);
  code.scales.set(steps);
  const reconstruction = new Float32Array(ctx.weights.length);
  const sink = { code, offsets: codeOffsets(bits, ctx.length, ctx.groupSize), reconstruction };
  return { code, reconstruction, ...ctx.variant.encodeFilters(ctx, bits, steps, sink) };
}

/** Each filter's squared error at its N and step, without writing a code. */
export function measureFilterErrors(ctx: LayerContext, bits: Uint8Array, steps: Float32Array): Float64Array {
  return ctx.variant.measureFilters(ctx, 0, ctx.filters, bits, steps);
}
