/** How closely a quantized classifier's class probabilities follow the float model's on the same inputs. */
import { argMax } from './linear-probe.js';

export interface Fidelity {
  /** Fraction of inputs whose most probable class is the float model's. */
  readonly agreement: number;
  /** Mean over inputs of KL(float || quantized), in nats. */
  readonly meanKl: number;
  readonly inputs: number;
}

/**
 * Probabilities below this count as this in the KL divergence: a class the float model gives mass to but
 * the quantized model rounds to exactly 0 would otherwise make the mean infinite.
 */
const FLOOR = 1e-12;

/** Fidelity of `test` to `reference`: both hold inputs x classes probabilities, row per input. */
export function fidelity(reference: Float32Array, test: Float32Array, classes: number): Fidelity {
  if (reference.length !== test.length || reference.length % classes !== 0 || reference.length === 0) {
    throw new RangeError(
      `${reference.length} and ${test.length} probabilities are not matching rows of ${classes}`,
    );
  }
  const inputs = reference.length / classes;
  let agree = 0;
  let kl = 0;
  for (let i = 0; i < inputs; i++) {
    const p = reference.subarray(i * classes, (i + 1) * classes);
    const q = test.subarray(i * classes, (i + 1) * classes);
    if (argMax(p) === argMax(q)) agree++;
    kl += klDivergence(p, q);
  }
  return { agreement: agree / inputs, meanKl: kl / inputs, inputs };
}

/** KL(p || q) = sum p ln(p / q) in nats, over the classes where p > 0. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k]!;
    if (pk > 0) sum += pk * Math.log(pk / Math.max(q[k]!, FLOOR));
  }
  return sum;
}
