/** A tensor an optimizer updates from a gradient. */
export interface Trainable {
  readonly value: Float32Array;
  readonly grad: Float32Array;
  readonly decay: boolean;
}

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Decoupled weight decay (AdamW), applied to trainables marked `decay`. */
  readonly weightDecay?: number;
}

/** Adam with decoupled weight decay (Loshchilov & Hutter); the learning rate is given per step. */
export class Adam {
  private readonly moments = new Map<Float32Array, { m: Float32Array; v: Float32Array }>();
  private steps = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;

  constructor(options: AdamOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
  }

  step(trainables: readonly Trainable[], learningRate: number): void {
    this.steps++;
    const correction1 = 1 - this.beta1 ** this.steps;
    const correction2 = 1 - this.beta2 ** this.steps;
    for (const t of trainables) {
      let state = this.moments.get(t.value);
      if (state === undefined) {
        state = { m: new Float32Array(t.value.length), v: new Float32Array(t.value.length) };
        this.moments.set(t.value, state);
      }
      const { m, v } = state;
      const decay = t.decay ? learningRate * this.weightDecay : 0;
      for (let i = 0; i < t.value.length; i++) {
        const g = t.grad[i]!;
        m[i] = this.beta1 * m[i]! + (1 - this.beta1) * g;
        v[i] = this.beta2 * v[i]! + (1 - this.beta2) * g * g;
        const update = m[i]! / correction1 / (Math.sqrt(v[i]! / correction2) + this.epsilon);
        t.value[i] = t.value[i]! - learningRate * update - decay * t.value[i]!;
      }
    }
  }
}

/** Cosine decay from `peak` to 0 over `total` steps. */
export function cosineLearningRate(peak: number, step: number, total: number): number {
  return 0.5 * peak * (1 + Math.cos((Math.PI * Math.min(step, total)) / total));
}
