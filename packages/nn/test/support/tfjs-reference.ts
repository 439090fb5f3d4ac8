// The same network written with TensorFlow.js ops, whose automatic differentiation is the reference the
// hand-written forward and backward passes are checked against.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  type Architecture,
  BN_EPSILON,
  CLASSIFIER,
  type ModelState,
  type NormMode,
  stagesOf,
} from '../../src/index.js';

await tf.setBackend('cpu');

/** Loss (mean softmax cross-entropy), logits and the gradient of the loss for every tensor of `trainable`. */
export function referenceLossAndGrads(
  arch: Architecture,
  mode: NormMode,
  state: ModelState,
  trainable: readonly string[],
  input: Float32Array,
  labels: readonly number[],
  training: boolean,
): { loss: number; logits: Float32Array; grads: Record<string, Float32Array> } {
  const n = labels.length;
  const { height, width, channels } = arch.input;
  const x = tf.tensor4d(input, [n, height, width, channels]);
  const oneHot = tf.oneHot(tf.tensor1d([...labels], 'int32'), arch.classes);
  const constants = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, tf.tensor(v)]));
  const logitsOf = (tensors: Record<string, tf.Tensor>) => forward(arch, mode, tensors, x, training);
  const lossOf = (...values: tf.Tensor[]) => {
    const tensors = { ...constants };
    trainable.forEach((name, i) => {
      tensors[name] = values[i]!;
    });
    return tf.losses.softmaxCrossEntropy(oneHot, logitsOf(tensors)) as tf.Scalar;
  };
  const gradients = tf.grads(lossOf)(trainable.map((name) => constants[name]!));
  const loss = lossOf(...trainable.map((name) => constants[name]!)).dataSync()[0]!;
  const logits = logitsOf(constants).dataSync() as Float32Array;
  const grads = Object.fromEntries(
    trainable.map((name, i) => [name, gradients[i]!.dataSync() as Float32Array]),
  );
  return { loss, logits, grads };
}

function forward(
  arch: Architecture,
  mode: NormMode,
  t: Record<string, tf.Tensor>,
  input: tf.Tensor4D,
  training: boolean,
): tf.Tensor {
  let x: tf.Tensor4D = input;
  for (const stage of stagesOf(arch)) {
    const skip = x;
    for (const unit of stage.units) {
      const pad = (unit.kernel - 1) >> 1;
      const k = unit.kernel;
      const weight = t[`${unit.name}.weight`]!;
      let z =
        unit.kind === 'depthwise'
          ? tf.depthwiseConv2d(
              x,
              tf.reshape(weight, [k, k, unit.outChannels, 1]) as tf.Tensor4D,
              unit.stride,
              pad,
            )
          : tf.conv2d(
              x,
              tf.reshape(weight, [k, k, unit.inChannels, unit.outChannels]) as tf.Tensor4D,
              unit.stride,
              pad,
            );
      if (mode === 'bias') {
        z = tf.add(z, t[`${unit.name}.bias`]!);
      } else {
        const { mean, variance } = training
          ? tf.moments(z, [0, 1, 2])
          : { mean: t[`${unit.name}.runningMean`]!, variance: t[`${unit.name}.runningVar`]! };
        z = tf.add(
          tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPSILON))), t[`${unit.name}.gamma`]!),
          t[`${unit.name}.beta`]!,
        );
      }
      x = unit.relu6 ? tf.relu6(z) : z;
    }
    if (stage.residual) x = tf.add(x, skip);
  }
  const pooled = tf.mean(x, [1, 2]);
  const weight = tf.reshape(t[`${CLASSIFIER}.weight`]!, [arch.headChannels, arch.classes]);
  return tf.add(tf.matMul(pooled as tf.Tensor2D, weight as tf.Tensor2D), t[`${CLASSIFIER}.bias`]!);
}
