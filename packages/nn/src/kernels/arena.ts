import type { Allocator } from '../layers/tensor.js';
import { NN_KERNELS_WASM_BASE64 } from './kernels.wasm.js';

const PAGE_BYTES = 65_536;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The slice of the WebAssembly global this file uses (its full typings come with the DOM lib). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}

const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const module = new wasm.Module(Uint8Array.from(atob(NN_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)));

interface KernelExports {
  gemm(m: number, n: number, k: number, a: number, b: number, c: number): void;
  gemmTransA(m: number, n: number, k: number, a: number, b: number, c: number): void;
  depthwiseForward(...args: number[]): void;
  depthwiseBackward(...args: number[]): void;
  columnSums(rows: number, channels: number, m: number, out: number): void;
  centeredProducts(rows: number, channels: number, m: number, center: number, w: number, out: number): void;
  channelAffine(...args: number[]): void;
  relu6Backward(length: number, out: number, dy: number, dx: number): void;
  add(length: number, a: number, b: number, y: number): void;
}

/** Geometry of a depthwise convolution over an NHWC batch. */
export interface DepthwiseGeometry {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly kernel: readonly [number, number];
  readonly stride: number;
  readonly padding: readonly [number, number];
  readonly outHeight: number;
  readonly outWidth: number;
}

/**
 * A fixed-size WebAssembly memory that tensors are allocated in, and the SIMD kernels bound to it. The
 * memory never grows (growing would detach every view), so a model sizes its arena once, for its largest
 * batch. Kernels take Float32Array views of this arena and accumulate into their output.
 */
export class Arena implements Allocator {
  private readonly memory: WasmMemory;
  private readonly kernels: KernelExports;
  private used = 0;

  constructor(readonly capacityFloats: number) {
    const pages = Math.max(1, Math.ceil((capacityFloats * 4) / PAGE_BYTES));
    this.memory = new wasm.Memory({ initial: pages, maximum: pages });
    const instance = new wasm.Instance(module, { env: { memory: this.memory, abort: () => {} } });
    this.kernels = instance.exports as unknown as KernelExports;
  }

  /** A zeroed tensor of `length` floats, 16-byte aligned for the SIMD loads. */
  alloc(length: number): Float32Array {
    const start = Math.ceil(this.used / 4) * 4;
    if (start + length > this.capacityFloats) {
      throw new RangeError(
        `arena of ${this.capacityFloats} floats cannot hold ${length} more (used ${start})`,
      );
    }
    this.used = start + length;
    return new Float32Array(this.memory.buffer, start * 4, length);
  }

  /** c[m x n] += a[m x k] * b[k x n]. */
  gemm(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
    this.check(a, m * k);
    this.check(b, k * n);
    this.check(c, m * n);
    this.kernels.gemm(m, n, k, a.byteOffset, b.byteOffset, c.byteOffset);
  }

  /** c[m x n] += a^T * b for a [k x m] and b [k x n]. */
  gemmTransA(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
    this.check(a, k * m);
    this.check(b, k * n);
    this.check(c, m * n);
    this.kernels.gemmTransA(m, n, k, a.byteOffset, b.byteOffset, c.byteOffset);
  }

  /** y += depthwise(x, w) over NHWC tensors; channels must be a multiple of 4. */
  depthwiseForward(g: DepthwiseGeometry, x: Float32Array, w: Float32Array, y: Float32Array): void {
    this.checkDepthwise(g, x, w, y);
    this.kernels.depthwiseForward(...this.geometryArgs(g), x.byteOffset, w.byteOffset, y.byteOffset);
  }

  /** dx += dL/dx and dw += dL/dw of depthwiseForward, given dy. */
  depthwiseBackward(
    g: DepthwiseGeometry,
    tensors: { x: Float32Array; w: Float32Array; dy: Float32Array; dx: Float32Array; dw: Float32Array },
  ): void {
    const { x, w, dy, dx, dw } = tensors;
    this.checkDepthwise(g, x, w, dy);
    this.check(dx, x.length);
    this.check(dw, w.length);
    this.kernels.depthwiseBackward(
      ...this.geometryArgs(g),
      x.byteOffset,
      w.byteOffset,
      dy.byteOffset,
      dx.byteOffset,
      dw.byteOffset,
    );
  }

  /** out[c] += sum over the rows of m[row][c] (m is rows x out.length). */
  columnSums(rows: number, m: Float32Array, out: Float32Array): void {
    this.check(m, rows * out.length);
    this.check(out, out.length);
    this.kernels.columnSums(rows, out.length, m.byteOffset, out.byteOffset);
  }

  /** out[c] += sum over the rows of (m[row][c] - center[c]) * w[row][c]. */
  centeredProducts(
    rows: number,
    m: Float32Array,
    center: Float32Array,
    w: Float32Array,
    out: Float32Array,
  ): void {
    const channels = out.length;
    this.check(m, rows * channels);
    this.check(w, rows * channels);
    this.check(center, channels);
    this.check(out, channels);
    this.kernels.centeredProducts(
      rows,
      channels,
      m.byteOffset,
      center.byteOffset,
      w.byteOffset,
      out.byteOffset,
    );
  }

  /** y[row][c] = a[c] u[row][c] + b[c] v[row][c] + d[c], clamped to [0, 6] when `clamp`. */
  channelAffine(
    rows: number,
    terms: { u: Float32Array; a: Float32Array; v: Float32Array; b: Float32Array; d: Float32Array },
    y: Float32Array,
    clamp: boolean,
  ): void {
    const { u, a, v, b, d } = terms;
    const channels = a.length;
    for (const m of [u, v, y]) this.check(m, rows * channels);
    for (const vector of [b, d]) this.check(vector, channels);
    this.check(a, channels);
    this.kernels.channelAffine(
      rows,
      channels,
      u.byteOffset,
      a.byteOffset,
      v.byteOffset,
      b.byteOffset,
      d.byteOffset,
      y.byteOffset,
      clamp ? 1 : 0,
    );
  }

  /** dx = dy where 0 < out < 6, else 0 (element-wise). */
  relu6Backward(out: Float32Array, dy: Float32Array, dx: Float32Array): void {
    this.check(dy, out.length);
    this.check(dx, out.length);
    this.kernels.relu6Backward(out.length, out.byteOffset, dy.byteOffset, dx.byteOffset);
  }

  /** y = a + b (element-wise). */
  add(a: Float32Array, b: Float32Array, y: Float32Array): void {
    this.check(b, a.length);
    this.check(y, a.length);
    this.kernels.add(a.length, a.byteOffset, b.byteOffset, y.byteOffset);
  }

  private geometryArgs(g: DepthwiseGeometry): number[] {
    return [
      g.batch,
      g.height,
      g.width,
      g.channels,
      g.kernel[0],
      g.kernel[1],
      g.stride,
      g.padding[0],
      g.padding[1],
      g.outHeight,
      g.outWidth,
    ];
  }

  private checkDepthwise(g: DepthwiseGeometry, x: Float32Array, w: Float32Array, y: Float32Array): void {
    if (g.channels % 4 !== 0)
      throw new RangeError(`depthwise channels must be a multiple of 4, got ${g.channels}`);
    this.check(x, g.batch * g.height * g.width * g.channels);
    this.check(w, g.kernel[0] * g.kernel[1] * g.channels);
    this.check(y, g.batch * g.outHeight * g.outWidth * g.channels);
  }

  /** Kernels read raw memory: a view from elsewhere or shorter than the operation would corrupt it. */
  private check(view: Float32Array, length: number): void {
    if (view.buffer !== this.memory.buffer) throw new RangeError('tensor is not allocated in this arena');
    if (view.length < length)
      throw new RangeError(`tensor has ${view.length} floats, the operation needs ${length}`);
  }
}
