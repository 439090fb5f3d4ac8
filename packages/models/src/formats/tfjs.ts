/** TensorFlow.js model reader: model.json (layers or graph model) plus its weight shards into a Network. */
import type { Network } from '@swis-dse/swis-core';
import { ModelError } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import { stemName } from './file-name.js';
import { finishNetwork } from './network-result.js';
import { readGraphTopology } from './tfjs-graph.js';
import { asObject } from './tfjs-json.js';
import { readLayersTopology } from './tfjs-layers.js';
import { TfjsWeights } from './tfjs-weights.js';

/**
 * Reads a TensorFlow.js model into a validated Network of its conv, depthwise and dense layers in execution
 * order.
 *
 * @param modelJson - the parsed model.json: `format` 'layers-model' or 'graph-model' (inferred from the
 *   topology when absent), `modelTopology` and `weightsManifest`.
 * @param shards - the bytes of the weight files listed in the manifest's `paths`, in manifest order (one
 *   concatenated array works too).
 * @param file - how errors and metadata name the model, usually the model.json path.
 * @param options - limits; `inputSize` when the model does not declare its input height and width. Without
 *   a known input size, layers get inputSize null and SAME padding is recorded as [0, 0, 0, 0].
 * @throws ModelError naming the file and the tensor or op: SWIS_ERR_MODEL_FORMAT (malformed JSON, missing
 *   tensor, truncated shards), SWIS_ERR_MODEL_WEIGHTS (NaN / Inf, kernel shape mismatch, unsupported dtype),
 *   SWIS_ERR_MODEL_OP (unsupported layer class or op), SWIS_ERR_MODEL_LIMIT (declared size over the limit).
 */
export function readTfjs(
  modelJson: unknown,
  shards: readonly Uint8Array[],
  file: string,
  options: ReadOptions = {},
): Network {
  const json = asObject(modelJson, { file }, 'model.json');
  const topology = asObject(json.modelTopology, { file }, 'modelTopology');
  const format = json.format ?? (topology.node === undefined ? 'layers-model' : 'graph-model');
  if (format !== 'layers-model' && format !== 'graph-model') {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, `unknown format ${String(format)}`);
  }
  const weights = new TfjsWeights(json.weightsManifest, shards, file, options);
  const read = format === 'graph-model' ? readGraphTopology : readLayersTopology;
  const { name, layers, notes } = read(topology, weights, file, options);
  const unsized = layers.filter((l) => l.inputSize === null).length;
  if (unsized > 0) {
    notes.push(
      `${unsized} layers have an unknown input size (pass inputSize): their SAME padding is recorded as [0, 0, 0, 0]`,
    );
  }
  for (const [storage, count] of Object.entries(weights.quantizedCounts())) {
    if (count > 0) notes.push(`${count} weight tensors were stored as ${storage} and dequantized on import`);
  }
  return finishNetwork(
    {
      name: name ?? stemName(file),
      layers,
      metadata: {
        source: file,
        weightsWere8Bit: weights.quantizedCounts().uint8 > 0,
        batchNormFolded: false,
        notes,
      },
    },
    file,
  );
}
