import { Arena } from '../kernels/arena.js';
import { ConvUnit, type NormMode } from '../layers/conv-unit.js';
import { Dense } from '../layers/dense.js';
import { globalAvgPool, globalAvgPoolBackward } from '../layers/global-avg-pool.js';
import type { Parameter } from '../layers/parameter.js';
import { type Allocator, batchView, type Tensor } from '../layers/tensor.js';
import { type Architecture, CLASSIFIER, stagesOf } from './architecture.js';

/** Named tensors of a model: parameters and batch-norm running statistics (the checkpoint format). */
export type ModelState = Record<string, Float32Array>;

interface BoundStage {
  readonly units: readonly ConvUnit[];
  readonly residual: boolean;
  readonly sum: Float32Array;
  readonly dsum: Float32Array;
}

/** Counts what a model would allocate, so its arena can be sized exactly before it exists. */
class SizingAllocator implements Allocator {
  used = 0;
  alloc(length: number): Float32Array {
    this.used = Math.ceil(this.used / 4) * 4 + length;
    return new Float32Array(0);
  }
}

/**
 * An architecture bound to WebAssembly memory for batches of up to `capacity` images: forward (training or
 * inference), backward, and access to its parameters and state. In `bias` mode batch norm is folded away.
 */
export class Model {
  private readonly stages: BoundStage[];
  private readonly classifier: Dense;
  private readonly pooled: Float32Array;
  private readonly dpool: Float32Array;
  private readonly inputBuffer: Float32Array;
  private readonly dlogits: Float32Array;
  private last: Tensor | undefined;

  static create(arch: Architecture, mode: NormMode, capacity: number): Model {
    const sizing = new SizingAllocator();
    new Model(arch, mode, capacity, sizing);
    return new Model(arch, mode, capacity, new Arena(sizing.used + 64));
  }

  private constructor(
    readonly arch: Architecture,
    readonly mode: NormMode,
    readonly capacity: number,
    private readonly allocator: Arena | Allocator,
  ) {
    const { height, width, channels } = arch.input;
    this.inputBuffer = allocator.alloc(capacity * height * width * channels);
    let size = { capacity, height, width };
    this.stages = stagesOf(arch).map((stage) => {
      const inSize = size;
      const units = stage.units.map((spec) => {
        const unit = new ConvUnit(spec, mode, size, allocator);
        size = { capacity, height: unit.outHeight, width: unit.outWidth };
        return unit;
      });
      const outLength = capacity * size.height * size.width * stage.units.at(-1)!.outChannels;
      const inLength = capacity * inSize.height * inSize.width * stage.units[0]!.inChannels;
      return {
        units,
        residual: stage.residual,
        sum: allocator.alloc(stage.residual ? outLength : 0),
        dsum: allocator.alloc(stage.residual ? inLength : 0),
      };
    });
    this.pooled = allocator.alloc(capacity * arch.headChannels);
    this.dpool = allocator.alloc(capacity * size.height * size.width * arch.headChannels);
    this.classifier = new Dense(CLASSIFIER, arch.headChannels, arch.classes, capacity, allocator);
    this.dlogits = allocator.alloc(capacity * arch.classes);
  }

  /** The model's input buffer: write normalized images here (n x height x width x channels), then forward(n). */
  input(n: number): Float32Array {
    const { height, width, channels } = this.arch.input;
    return this.inputBuffer.subarray(0, n * height * width * channels);
  }

  /** Logits [n x classes] of the first n images in the input buffer. */
  forward(n: number, training: boolean): Float32Array {
    if (!Number.isInteger(n) || n < 1 || n > this.capacity) {
      throw new RangeError(`batch of ${n} images does not fit capacity ${this.capacity}`);
    }
    const { height, width, channels } = this.arch.input;
    let x = batchView(this.inputBuffer, n, height, width, channels);
    for (const stage of this.stages) {
      const skip = x;
      for (const unit of stage.units) x = unit.forward(x, training);
      if (stage.residual) {
        const sum = stage.sum.subarray(0, x.data.length);
        this.kernels().add(x.data, skip.data, sum);
        x = { ...x, data: sum };
      }
    }
    this.last = x;
    return this.classifier.forward(globalAvgPool(x, this.pooled), n);
  }

  /** Accumulates every parameter's gradient from dL/dlogits of the last forward. */
  backward(dLogits: Float32Array): void {
    const dlogits = this.dlogits.subarray(0, this.last!.n * this.arch.classes);
    dlogits.set(dLogits.subarray(0, dlogits.length));
    const dpooled = this.classifier.backward(dlogits);
    let grad = globalAvgPoolBackward(this.last!, dpooled, this.dpool);
    for (let s = this.stages.length - 1; s >= 0; s--) {
      const stage = this.stages[s]!;
      const dOut = grad;
      for (let u = stage.units.length - 1; u >= 0; u--) grad = stage.units[u]!.backward(grad, s > 0 || u > 0);
      if (stage.residual) {
        const dsum = stage.dsum.subarray(0, grad.length);
        this.kernels().add(grad, dOut.subarray(0, grad.length), dsum);
        grad = dsum;
      }
    }
  }

  private kernels(): Arena {
    return this.allocator as Arena;
  }

  parameters(): Parameter[] {
    return [
      ...this.stages.flatMap((s) => s.units.flatMap((u) => u.parameters())),
      ...this.classifier.parameters(),
    ];
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.fill(0);
  }

  /** Every named tensor: parameters and running statistics (views; copy to keep). */
  state(): ModelState {
    const state: ModelState = {};
    for (const p of this.parameters()) state[p.name] = p.value;
    for (const unit of this.stages.flatMap((s) => s.units)) {
      if (unit.runningMean !== undefined) state[`${unit.spec.name}.runningMean`] = unit.runningMean;
      if (unit.runningVar !== undefined) state[`${unit.spec.name}.runningVar`] = unit.runningVar;
    }
    return state;
  }

  /** Copies a state in; it must name exactly this model's tensors, each of the right length. */
  load(state: ModelState): void {
    const own = this.state();
    const missing = Object.keys(own).filter((name) => state[name] === undefined);
    const extra = Object.keys(state).filter((name) => own[name] === undefined);
    if (missing.length > 0 || extra.length > 0) {
      throw new RangeError(
        `state does not match ${this.arch.name} (${this.mode}): missing [${missing}] extra [${extra}]`,
      );
    }
    for (const [name, target] of Object.entries(own)) {
      const source = state[name]!;
      if (source.length !== target.length) {
        throw new RangeError(`${name} has ${source.length} values, ${this.arch.name} needs ${target.length}`);
      }
      target.set(source);
    }
  }
}
