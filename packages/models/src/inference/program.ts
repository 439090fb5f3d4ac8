/**
 * A network as a straight-line program of named steps in topological order, and its interpreter: the
 * reference forward pass (batch 1, NHWC, float32) that activation profiling runs on.
 */
import type { Activation } from './tensor.js';

/** One op (or Keras layer) of the program. */
export interface Step {
  readonly name: string;
  /** Names of the steps (or the program input) whose outputs this step takes. */
  readonly inputs: readonly string[];
  /**
   * Set for conv, depthwise and dense steps: the weight layer's name (as readTfjs names it) and the value
   * the layer multiplies its weights with, before any zero padding a separate pad op added (the stored
   * activation, which is what an accelerator reads).
   */
  readonly weightLayer?: { readonly layer: string; readonly input: string };
  run(inputs: readonly Activation[]): Activation;
}

export interface Program {
  /** Name under which the network's input is visible to the steps. */
  readonly input: string;
  readonly steps: readonly Step[];
  /** The step whose output is the network's output. */
  readonly output: string;
}

export interface RunObserver {
  /** Called before each weight layer runs, with the layer's name and input activation. */
  weightLayerInput?(layer: string, x: Activation): void;
  /** Called with every step's output (for checks against a reference). */
  stepOutput?(name: string, x: Activation): void;
}

/** The names of the weight layers of a program, in execution order. */
export function weightLayerNames(program: Program): string[] {
  return program.steps.flatMap((s) => (s.weightLayer === undefined ? [] : [s.weightLayer.layer]));
}

/** Runs the program on one input, releasing each intermediate tensor after its last use. */
export function runProgram(program: Program, input: Activation, observer: RunObserver = {}): Activation {
  const uses = new Map<string, number>();
  const use = (name: string) => uses.set(name, (uses.get(name) ?? 0) + 1);
  for (const step of program.steps) {
    for (const name of step.inputs) use(name);
    if (step.weightLayer !== undefined) use(step.weightLayer.input);
  }
  use(program.output);
  const values = new Map<string, Activation>([[program.input, input]]);
  const take = (name: string, by: string): Activation => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`${by}: input ${name} is not computed before it`);
    const left = (uses.get(name) ?? 1) - 1;
    uses.set(name, left);
    if (left === 0) values.delete(name);
    return value;
  };
  for (const step of program.steps) {
    if (step.weightLayer !== undefined) {
      const x = take(step.weightLayer.input, step.name);
      observer.weightLayerInput?.(step.weightLayer.layer, x);
    }
    const output = step.run(step.inputs.map((name) => take(name, step.name)));
    observer.stepOutput?.(step.name, output);
    values.set(step.name, output);
  }
  return take(program.output, 'output');
}
