import type { ConvUnitSpec } from '../layers/conv-unit.js';

/** A MobileNet-v2 inverted residual block: 1x1 expansion, depthwise 3x3, linear 1x1 projection. */
export interface InvertedResidualSpec {
  /** Expansion factor t (1 skips the expansion conv, as MobileNet-v2's first block does). */
  readonly expansion: number;
  readonly outChannels: number;
  readonly stride: number;
}

/** A MobileNet-v2-style classifier: stem conv, inverted residual blocks, 1x1 head conv, pooling, dense. */
export interface Architecture {
  readonly name: string;
  /** Input images; pixels p (0..255) are fed as (p / 255 - mean) / std. */
  readonly input: {
    readonly height: number;
    readonly width: number;
    readonly channels: number;
    readonly mean: number;
    readonly std: number;
  };
  readonly stem: { readonly channels: number; readonly stride: number };
  readonly blocks: readonly InvertedResidualSpec[];
  readonly headChannels: number;
  readonly classes: number;
}

/**
 * The network trained on Fashion-MNIST: MobileNet-v2's structure (ReLU6, depthwise 3x3, linear bottlenecks,
 * residuals where shapes allow) scaled to 28 x 28 grayscale; 14 x 14 after the stem, 7 x 7 from block 3.
 * Every depthwise width is a multiple of 4 (the SIMD kernel's lane count).
 */
export const FASHION_MOBILENET: Architecture = {
  name: 'fashion-mobilenet',
  input: { height: 28, width: 28, channels: 1, mean: 0.286, std: 0.353 },
  stem: { channels: 16, stride: 2 },
  blocks: [
    { expansion: 1, outChannels: 16, stride: 1 },
    { expansion: 6, outChannels: 24, stride: 2 },
    { expansion: 6, outChannels: 24, stride: 1 },
    { expansion: 6, outChannels: 48, stride: 1 },
    { expansion: 6, outChannels: 48, stride: 1 },
  ],
  headChannels: 256,
  classes: 10,
};

/** A run of conv units whose input is added to their output when `residual`. */
export interface Stage {
  readonly units: readonly ConvUnitSpec[];
  readonly residual: boolean;
}

/** The conv units of an architecture grouped into stages, in execution order, with their names. */
export function stagesOf(arch: Architecture): Stage[] {
  const stages: Stage[] = [
    {
      units: [conv('stem', 'conv', arch.input.channels, arch.stem.channels, 3, arch.stem.stride, true)],
      residual: false,
    },
  ];
  let channels = arch.stem.channels;
  arch.blocks.forEach((block, i) => {
    const name = `block${i + 1}`;
    const hidden = channels * block.expansion;
    const units: ConvUnitSpec[] = [];
    if (block.expansion !== 1) units.push(conv(`${name}.expand`, 'conv', channels, hidden, 1, 1, true));
    units.push(conv(`${name}.dw`, 'depthwise', hidden, hidden, 3, block.stride, true));
    units.push(conv(`${name}.project`, 'conv', hidden, block.outChannels, 1, 1, false));
    stages.push({ units, residual: block.stride === 1 && channels === block.outChannels });
    channels = block.outChannels;
  });
  stages.push({ units: [conv('head', 'conv', channels, arch.headChannels, 1, 1, true)], residual: false });
  return stages;
}

/** Name of the final dense layer. */
export const CLASSIFIER = 'classifier';

function conv(
  name: string,
  kind: ConvUnitSpec['kind'],
  inChannels: number,
  outChannels: number,
  kernel: number,
  stride: number,
  relu6: boolean,
): ConvUnitSpec {
  return { name, kind, inChannels, outChannels, kernel, stride, relu6 };
}
