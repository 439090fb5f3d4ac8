import type { Arena } from '../kernels/arena.js';
import { transpose } from './conv-unit.js';
import type { Parameter } from './parameter.js';
import type { Allocator } from './tensor.js';

/** A fully connected layer y = x W + b, W laid out [in][out]. */
export class Dense {
  readonly weight: Parameter;
  readonly bias: Parameter;
  private readonly weightT: Float32Array;
  private readonly out: Float32Array;
  private readonly dx: Float32Array;
  private input: Float32Array | undefined;
  private n = 0;

  constructor(
    readonly name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    capacity: number,
    private readonly arena: Arena | Allocator,
  ) {
    const param = (kind: string, length: number, decay: boolean): Parameter => ({
      name: `${name}.${kind}`,
      value: arena.alloc(length),
      grad: arena.alloc(length),
      decay,
    });
    this.weight = param('weight', inFeatures * outFeatures, true);
    this.bias = param('bias', outFeatures, false);
    this.weightT = arena.alloc(inFeatures * outFeatures);
    this.out = arena.alloc(capacity * outFeatures);
    this.dx = arena.alloc(capacity * inFeatures);
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }

  /** x: n rows of inFeatures; returns n rows of outFeatures. */
  forward(x: Float32Array, n: number): Float32Array {
    this.input = x;
    this.n = n;
    const out = this.out.subarray(0, n * this.outFeatures);
    out.fill(0);
    (this.arena as Arena).gemm(n, this.outFeatures, this.inFeatures, x, this.weight.value, out);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + this.bias.value[i % this.outFeatures]!;
    return out;
  }

  backward(dOut: Float32Array): Float32Array {
    const arena = this.arena as Arena;
    arena.gemmTransA(this.inFeatures, this.outFeatures, this.n, this.input!, dOut, this.weight.grad);
    arena.columnSums(this.n, dOut, this.bias.grad);
    transpose(this.weight.value, this.inFeatures, this.outFeatures, this.weightT);
    const dx = this.dx.subarray(0, this.n * this.inFeatures);
    dx.fill(0);
    arena.gemm(this.n, this.inFeatures, this.outFeatures, dOut, this.weightT, dx);
    return dx;
  }
}
