/**
 * fashion-mobilenet: the MobileNet-v2-style network this project trains on Fashion-MNIST
 * (scripts/train-fashion-mobilenet.ts), batch norm folded. Its checkpoint is a safetensors file of the
 * model's named tensors in its own layouts (conv [R, S, C, K], depthwise [R, S, C], dense [in, out]).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Architecture,
  FASHION_MOBILENET,
  type ModelState,
  toNetwork,
  weightLayersOf,
} from '@swis-dse/nn';
import { ModelError } from '../errors.js';
import { decodeFloats } from '../formats/float-decode.js';
import { parseSafetensorsHeader } from '../formats/safetensors-header.js';
import { writeSafetensors } from '../formats/safetensors-writer.js';
import type { BuiltinModel } from './builtin-model.js';

const WEIGHTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../weights');
/** The committed checkpoint and the log of the training run that wrote it. */
export const FASHION_MOBILENET_CHECKPOINT = join(WEIGHTS_DIR, 'fashion-mobilenet.safetensors');
export const FASHION_MOBILENET_LOG = join(WEIGHTS_DIR, 'fashion-mobilenet.log');

/** Writes a folded model state as a safetensors checkpoint, each weight with its layout's shape. */
export async function writeCheckpoint(
  path: string,
  arch: Architecture,
  state: ModelState,
  metadata: Readonly<Record<string, string>>,
): Promise<void> {
  const shapes = new Map(
    weightLayersOf(arch).map(({ name, kind, shape: [k, c, r, s] }) => [
      `${name}.weight`,
      kind === 'dense' ? [c, k] : kind === 'depthwise' ? [r, s, k] : [r, s, c, k],
    ]),
  );
  const tensors = Object.entries(state).map(([name, values]) => ({
    name,
    shape: shapes.get(name) ?? [values.length],
    values,
  }));
  await writeFile(path, writeSafetensors(tensors, { architecture: arch.name, ...metadata }));
}

/** Every F32 tensor of a checkpoint by name, and its metadata. */
export async function readCheckpoint(
  path: string = FASHION_MOBILENET_CHECKPOINT,
): Promise<{ state: ModelState; metadata: ReadonlyMap<string, string> }> {
  const bytes = new Uint8Array(await readFile(path));
  const { entries, metadata, dataStart } = parseSafetensorsHeader(bytes, path);
  const state: ModelState = {};
  for (const entry of entries) {
    if (entry.dtype !== 'F32') {
      throw new ModelError(
        'SWIS_ERR_MODEL_WEIGHTS',
        { file: path, tensor: entry.name },
        `dtype ${entry.dtype} is not F32`,
      );
    }
    const count = entry.shape.reduce((a, b) => a * b, 1);
    state[entry.name] = decodeFloats(
      bytes.subarray(dataStart + entry.begin, dataStart + entry.end),
      'f32',
      true,
      count,
    );
  }
  return { state, metadata };
}

export const fashionMobilenet: BuiltinModel = {
  id: 'fashion-mobilenet',
  description:
    'MobileNet-v2-style net trained here on Fashion-MNIST (28x28x1, 10 classes); batch norm folded',
  parameters: weightLayersOf(FASHION_MOBILENET).reduce((n, l) => n + l.shape.reduce((a, b) => a * b, 1), 0),
  evaluationSet: 'fashion-mnist-test',
  async load() {
    const { state, metadata } = await readCheckpoint();
    const network = toNetwork(
      FASHION_MOBILENET,
      state,
      `swis-dse ${FASHION_MOBILENET_CHECKPOINT.split('/').slice(-3).join('/')}`,
    );
    return {
      ...network,
      metadata: {
        ...network.metadata,
        notes: [
          `trained in this project by ${metadata.get('script') ?? 'scripts/train-fashion-mobilenet.ts'} (seed ${metadata.get('seed')}, ${metadata.get('epochs')} epochs)`,
          `float32 test accuracy ${metadata.get('testAccuracy')} on the 10,000 Fashion-MNIST test images`,
        ],
      },
    };
  },
};
