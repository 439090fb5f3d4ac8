/**
 * Weight layout conversions into swis-core's layout [K][R][S][C] (each filter contiguous, in reduction
 * order: kernel row, kernel column, input channel fastest) and, for writing files, back out of it. Names
 * give the file's layout: from* reads it, to* writes it.
 */

/** From PyTorch / ONNX conv layout [K, C, R, S]. */
export function fromKCRS(src: Float32Array, k: number, c: number, r: number, s: number): Float32Array {
  const index = kcrsIndex(k, c, r, s);
  const out = new Float32Array(index.length);
  for (let o = 0; o < index.length; o++) out[o] = src[index[o]!]!;
  return out;
}

/** Back into PyTorch / ONNX conv layout [K, C, R, S]: the inverse of {@link fromKCRS}. */
export function toKCRS(weights: Float32Array, k: number, c: number, r: number, s: number): Float32Array {
  const index = kcrsIndex(k, c, r, s);
  const out = new Float32Array(index.length);
  for (let o = 0; o < index.length; o++) out[index[o]!] = weights[o]!;
  return out;
}

/** For each position of [K][R][S][C], in order, the index of the same weight in [K, C, R, S]. */
function kcrsIndex(k: number, c: number, r: number, s: number): Uint32Array {
  const index = new Uint32Array(k * r * s * c);
  let o = 0;
  for (let ki = 0; ki < k; ki++) {
    for (let ri = 0; ri < r; ri++) {
      for (let si = 0; si < s; si++) {
        for (let ci = 0; ci < c; ci++) index[o++] = ((ki * c + ci) * r + ri) * s + si;
      }
    }
  }
  return index;
}

/** From TensorFlow conv layout [R, S, C, K] (HWIO). */
export function fromRSCK(src: Float32Array, r: number, s: number, c: number, k: number): Float32Array {
  const out = new Float32Array(k * r * s * c);
  let o = 0;
  for (let ki = 0; ki < k; ki++) {
    for (let ri = 0; ri < r; ri++) {
      for (let si = 0; si < s; si++) {
        for (let ci = 0; ci < c; ci++) out[o++] = src[((ri * s + si) * c + ci) * k + ki]!;
      }
    }
  }
  return out;
}

/**
 * From TensorFlow depthwise layout [R, S, C, M] (M = channel multiplier) into C*M filters of one input
 * channel each; output channel c*M + m, as TensorFlow orders them.
 */
export function fromDepthwiseRSCM(
  src: Float32Array,
  r: number,
  s: number,
  c: number,
  m: number,
): Float32Array {
  return fromRSCK(src, r, s, 1, c * m);
}

/** From a dense matrix stored [in, out] (TensorFlow / ONNX MatMul B) into [out][in]. */
export function fromInOut(src: Float32Array, inputs: number, outputs: number): Float32Array {
  const out = new Float32Array(inputs * outputs);
  for (let o = 0; o < outputs; o++) {
    for (let i = 0; i < inputs; i++) out[o * inputs + i] = src[i * outputs + o]!;
  }
  return out;
}

/**
 * From a transposed-conv weight [C_in, K / groups, R, S] (ONNX ConvTranspose, PyTorch ConvTranspose2d) into
 * the filters of the equivalent direct convolution: K filters of C_in / groups channels with the kernel
 * rotated by 180 degrees, output channel k drawing on the input channels of its group.
 */
export function fromTransposedConv(
  src: Float32Array,
  inputs: number,
  outputsPerGroup: number,
  r: number,
  s: number,
  groups: number,
): Float32Array {
  const inputsPerGroup = inputs / groups;
  const out = new Float32Array(outputsPerGroup * groups * r * s * inputsPerGroup);
  let o = 0;
  for (let ki = 0; ki < outputsPerGroup * groups; ki++) {
    const group = Math.floor(ki / outputsPerGroup);
    const local = ki % outputsPerGroup;
    for (let ri = 0; ri < r; ri++) {
      for (let si = 0; si < s; si++) {
        for (let ci = 0; ci < inputsPerGroup; ci++) {
          const channel = group * inputsPerGroup + ci;
          out[o++] = src[((channel * outputsPerGroup + local) * r + (r - 1 - ri)) * s + (s - 1 - si)]!;
        }
      }
    }
  }
  return out;
}
