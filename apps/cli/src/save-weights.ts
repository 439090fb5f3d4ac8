import { writeFile } from 'node:fs/promises';
import { type SafetensorsTensor, toKCRS, writeSafetensors } from '@swis-dse/models';
import type { Network, NetworkQuantization } from '@swis-dse/swis-core';
import { InputError } from './input-error.js';

/**
 * Writes every layer's reconstructed (quantized) weights to `path` as a safetensors file of float32 tensors
 * named by layer, in PyTorch layout: conv and depthwise [K, C, R, S], dense [out, in]. `__metadata__` holds
 * the spec as JSON (`spec`), the model's name (`model`) and where it came from (`source`).
 *
 * @throws InputError naming `path` when layer names repeat or the file cannot be written.
 */
export async function saveQuantizedWeights(
  path: string,
  network: Network,
  result: NetworkQuantization,
): Promise<void> {
  const tensors: SafetensorsTensor[] = result.layers.map((layer, i) => {
    const { kind, shape } = network.layers[i]!;
    return {
      name: layer.name,
      shape: kind === 'dense' ? shape.slice(0, 2) : shape,
      values: toKCRS(layer.weights, ...shape),
    };
  });
  const metadata = {
    spec: JSON.stringify(result.spec),
    model: network.name,
    source: network.metadata.source,
  };
  let bytes: Uint8Array;
  try {
    bytes = writeSafetensors(tensors, metadata);
  } catch (error) {
    if (error instanceof RangeError)
      throw new InputError(`${path}: cannot save: ${error.message}`, { cause: error });
    throw error;
  }
  try {
    await writeFile(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'its directory does not exist' : (code ?? String(error));
    throw new InputError(`${path}: cannot be written (${detail})`, { cause: error });
  }
}
