import { InvalidInputError } from '../../errors.js';
import { SCALE_BITS } from '../../quantize/quantize-network.js';
import { filterLength } from '../../spec/network.js';
import { weightPrecisionBits } from '../weight-terms.js';
import type { ArchitectureLayerInput } from './architecture.js';

/** Bits of an INT8 weight: the weight itself, the sign included. */
export const INT8_BITS = 8;

/** Pw: the layer's weight precision in bits (sign included); INT8_BITS without a quantization. */
export function layerWeightPrecisionBits(input: ArchitectureLayerInput): number {
  return input.quantization === null ? INT8_BITS : weightPrecisionBits(input.quantization.code);
}

/** Scale bits per weight: the quantizer's, or one float32 scale per filter for plain INT8 weights. */
export function scaleBitsPerWeight(input: ArchitectureLayerInput): number {
  return input.quantization?.scaleBitsPerWeight ?? SCALE_BITS / filterLength(input.layer);
}

/** Weights stored at `bits` each plus their scales. */
export function packedBitsPerWeight(input: ArchitectureLayerInput, bits: number): number {
  return bits + scaleBitsPerWeight(input);
}

/**
 * The layer's quantization, for architectures whose cycles depend on the quantized weights.
 * @throws InvalidInputError when the network is simulated without a quantization.
 */
export function requireQuantization(input: ArchitectureLayerInput, arch: string) {
  if (input.quantization === null) {
    throw new InvalidInputError(`architecture ${arch} reads the quantized weights`, [
      {
        path: ['quantization'],
        message: `is null; quantize the network first (variant uniform with bits 7 is plain INT8)`,
      },
    ]);
  }
  return input.quantization;
}
