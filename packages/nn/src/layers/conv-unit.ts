import type { Arena } from '../kernels/arena.js';
import {
  allocChannelVectors,
  type BatchNormParams,
  batchNormBackward,
  batchNormInfer,
  batchNormTrain,
  type ChannelVectors,
} from './batch-norm.js';
import { type ConvGeometry, col2im, convOutputSize, im2col } from './im2col.js';
import type { Parameter } from './parameter.js';
import { type Allocator, batchView, type Tensor } from './tensor.js';

/** A convolution (dense k x k, or depthwise), then batch norm or a bias, then optionally ReLU6. */
export interface ConvUnitSpec {
  readonly name: string;
  readonly kind: 'conv' | 'depthwise';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly relu6: boolean;
}

/** batch-norm: trainable BN with running statistics; bias: BN folded into the weights and a bias. */
export type NormMode = 'batch-norm' | 'bias';

/** Input size of a unit: the batch capacity and the input feature map. */
export interface UnitInput {
  readonly capacity: number;
  readonly height: number;
  readonly width: number;
}

/**
 * One conv unit bound to an arena for a batch capacity. Weights are laid out [r][q][in][out] for a dense
 * convolution and [r][q][channel] for a depthwise one, so a convolution is (im2col) x W.
 */
export class ConvUnit {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly gamma: Parameter | undefined;
  readonly beta: Parameter | undefined;
  readonly runningMean: Float32Array | undefined;
  readonly runningVar: Float32Array | undefined;
  readonly outHeight: number;
  readonly outWidth: number;
  private readonly vectors: ChannelVectors;
  private readonly ones: Float32Array;
  private readonly cols: Float32Array | undefined;
  private readonly dcols: Float32Array | undefined;
  private readonly weightT: Float32Array;
  private readonly z: Float32Array;
  private readonly out: Float32Array;
  private readonly dy: Float32Array;
  private readonly dz: Float32Array;
  private readonly dx: Float32Array;
  private input: Tensor | undefined;

  constructor(
    readonly spec: ConvUnitSpec,
    readonly mode: NormMode,
    readonly inputSize: UnitInput,
    private readonly arena: Arena | Allocator,
  ) {
    const { capacity, height, width } = inputSize;
    const k = spec.kernel;
    this.outHeight = convOutputSize(height, k, spec.stride);
    this.outWidth = convOutputSize(width, k, spec.stride);
    const weightLength =
      spec.kind === 'conv' ? k * k * spec.inChannels * spec.outChannels : k * k * spec.outChannels;
    this.weight = this.parameter('weight', weightLength, true);
    const channels = spec.outChannels;
    if (mode === 'bias') {
      this.bias = this.parameter('bias', channels, false);
    } else {
      this.gamma = this.parameter('gamma', channels, false);
      this.beta = this.parameter('beta', channels, false);
      this.runningMean = arena.alloc(channels);
      this.runningVar = arena.alloc(channels);
    }
    this.vectors = allocChannelVectors(arena, channels);
    this.ones = arena.alloc(channels);
    this.ones.fill(1);
    const rows = capacity * this.outHeight * this.outWidth;
    if (this.needsIm2col()) {
      this.cols = arena.alloc(rows * k * k * spec.inChannels);
      this.dcols = arena.alloc(rows * k * k * spec.inChannels);
    }
    this.weightT = arena.alloc(spec.kind === 'conv' ? weightLength : 0);
    this.z = arena.alloc(rows * channels);
    this.out = arena.alloc(rows * channels);
    this.dy = arena.alloc(rows * channels);
    this.dz = arena.alloc(rows * channels);
    this.dx = arena.alloc(capacity * height * width * spec.inChannels);
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias, this.gamma, this.beta].filter((p): p is Parameter => p !== undefined);
  }

  forward(x: Tensor, training: boolean): Tensor {
    this.input = x;
    const { spec } = this;
    const rows = x.n * this.outHeight * this.outWidth;
    const z = this.z.subarray(0, rows * spec.outChannels);
    z.fill(0);
    if (spec.kind === 'depthwise') {
      this.kernels().depthwiseForward(this.depthwiseGeometry(x.n), x.data, this.weight.value, z);
    } else {
      const cols = this.columns(x);
      this.kernels().gemm(rows, spec.outChannels, this.reduction(), cols, this.weight.value, z);
    }
    const out = this.out.subarray(0, z.length);
    const arena = this.kernels();
    if (this.mode === 'bias') {
      const terms = { u: z, a: this.ones, v: z, b: this.vectors.zeros, d: this.bias!.value };
      arena.channelAffine(rows, terms, out, spec.relu6);
    } else if (training) {
      batchNormTrain(arena, z, out, rows, this.bn(), this.vectors, spec.relu6);
    } else {
      batchNormInfer(arena, z, out, rows, this.bn(), this.vectors, spec.relu6);
    }
    return batchView(this.out, x.n, this.outHeight, this.outWidth, spec.outChannels);
  }

  /** Accumulates parameter gradients from dOut and returns dL/dx (a view of this unit's buffer). */
  backward(dOut: Float32Array, inputGrad: boolean): Float32Array {
    const x = this.input!;
    const { spec } = this;
    const rows = x.n * this.outHeight * this.outWidth;
    const length = rows * spec.outChannels;
    const dy = this.dy.subarray(0, length);
    const out = this.out.subarray(0, length);
    const arena = this.kernels();
    if (spec.relu6) arena.relu6Backward(out, dOut.subarray(0, length), dy);
    else dy.set(dOut.subarray(0, length));
    let dz = this.dz.subarray(0, length);
    if (this.mode === 'bias') {
      arena.columnSums(rows, dy, this.bias!.grad);
      dz = dy;
    } else {
      const tensors = { z: this.z.subarray(0, length), dy, dz };
      batchNormBackward(arena, tensors, rows, this.bn(), this.vectors, {
        gamma: this.gamma!.grad,
        beta: this.beta!.grad,
      });
    }
    const dx = this.dx.subarray(0, x.data.length);
    if (inputGrad) dx.fill(0);
    if (spec.kind === 'depthwise') {
      this.kernels().depthwiseBackward(this.depthwiseGeometry(x.n), {
        x: x.data,
        w: this.weight.value,
        dy: dz,
        dx,
        dw: this.weight.grad,
      });
      return dx;
    }
    const cols = this.needsIm2col() ? this.cols!.subarray(0, rows * this.reduction()) : x.data;
    this.kernels().gemmTransA(this.reduction(), spec.outChannels, rows, cols, dz, this.weight.grad);
    if (!inputGrad) return dx;
    transpose(this.weight.value, this.reduction(), spec.outChannels, this.weightT);
    if (!this.needsIm2col()) {
      this.kernels().gemm(rows, spec.inChannels, spec.outChannels, dz, this.weightT, dx);
      return dx;
    }
    const dcols = this.dcols!.subarray(0, rows * this.reduction());
    dcols.fill(0);
    this.kernels().gemm(rows, this.reduction(), spec.outChannels, dz, this.weightT, dcols);
    col2im(this.convGeometry(x.n), dcols, dx);
    return dx;
  }

  private columns(x: Tensor): Float32Array {
    if (!this.needsIm2col()) return x.data;
    const cols = this.cols!.subarray(0, x.n * this.outHeight * this.outWidth * this.reduction());
    im2col(this.convGeometry(x.n), x.data, cols);
    return cols;
  }

  private needsIm2col(): boolean {
    return this.spec.kind === 'conv' && (this.spec.kernel !== 1 || this.spec.stride !== 1);
  }

  private reduction(): number {
    return this.spec.kernel * this.spec.kernel * this.spec.inChannels;
  }

  private convGeometry(n: number): ConvGeometry {
    return {
      n,
      height: this.inputSize.height,
      width: this.inputSize.width,
      channels: this.spec.inChannels,
      kernel: this.spec.kernel,
      stride: this.spec.stride,
      pad: (this.spec.kernel - 1) >> 1,
      outHeight: this.outHeight,
      outWidth: this.outWidth,
    };
  }

  private depthwiseGeometry(batch: number) {
    const pad = (this.spec.kernel - 1) >> 1;
    return {
      batch,
      height: this.inputSize.height,
      width: this.inputSize.width,
      channels: this.spec.outChannels,
      kernel: [this.spec.kernel, this.spec.kernel] as const,
      stride: this.spec.stride,
      padding: [pad, pad] as const,
      outHeight: this.outHeight,
      outWidth: this.outWidth,
    };
  }

  private bn(): BatchNormParams {
    return {
      gamma: this.gamma!.value,
      beta: this.beta!.value,
      runningMean: this.runningMean!,
      runningVar: this.runningVar!,
    };
  }

  private kernels(): Arena {
    return this.arena as Arena;
  }

  private parameter(kind: string, length: number, decay: boolean): Parameter {
    return {
      name: `${this.spec.name}.${kind}`,
      value: this.arena.alloc(length),
      grad: this.arena.alloc(length),
      decay,
    };
  }
}

/** out = z + bias per channel. */
export function addBias(z: Float32Array, out: Float32Array, bias: Float32Array): void {
  const channels = bias.length;
  for (let i = 0; i < z.length; i++) out[i] = z[i]! + bias[i % channels]!;
}

/** into[c] = into[c]! + sum over rows of m[row][c]. */
export function sumRows(m: Float32Array, rows: number, into: Float32Array): void {
  const channels = into.length;
  for (let r = 0; r < rows; r++) {
    const base = r * channels;
    for (let c = 0; c < channels; c++) into[c] = into[c]! + m[base + c]!;
  }
}

/** to[j][i] = from[i][j] for a rows x cols matrix. */
export function transpose(from: Float32Array, rows: number, cols: number, to: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) to[j * rows + i] = from[i * cols + j]!;
  }
}
