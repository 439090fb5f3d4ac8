import type { ModelLocation } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import { type OnnxConstant, tensorNumbers } from './onnx-tensors.js';
import type { WeightBudget } from './weight-budget.js';

/** One dimension of a tensor: its extent, or null when symbolic or not inferable. */
export type Dim = number | null;
/** A tensor shape of known rank. */
export type Dims = readonly Dim[];
/** A tensor shape, or undefined when not even the rank is known. */
export type Shape = Dims | undefined;

/** What the ONNX node handlers share while walking the graph: constants, inferred shapes, limits, notes. */
export class GraphContext {
  private readonly shapes = new Map<string, Dims>();
  readonly notes = new Set<string>();

  constructor(
    readonly file: string,
    readonly options: ReadOptions,
    readonly budget: WeightBudget,
    private readonly constants: ReadonlyMap<string, OnnxConstant>,
  ) {}

  /** The constant named `name`, if the tensor is fixed in the file. */
  constant(name: string): OnnxConstant | undefined {
    return this.constants.get(name);
  }

  /** The inferred shape of tensor `name`; constants have their declared dims. */
  shape(name: string): Shape {
    return this.shapes.get(name) ?? this.constants.get(name)?.dims;
  }

  /** Records the shape of a node output; unknown shapes are simply not recorded. */
  setShape(name: string, shape: Shape): void {
    if (name && shape !== undefined) this.shapes.set(name, shape);
  }

  /** The values of a small constant input (pads, axes, scales, sizes), or undefined when not constant. */
  numbers(name: string, location: ModelLocation): number[] | undefined {
    const constant = this.constants.get(name);
    return constant ? tensorNumbers(constant, { ...location, tensor: name }) : undefined;
  }
}

/** The [height, width] of an NCHW shape when both are known, for Layer.inputSize. */
export function knownSize(spatial: readonly [Dim, Dim]): [number, number] | null {
  const [h, w] = spatial;
  return h !== null && w !== null ? [h, w] : null;
}

/**
 * numpy-style broadcast of shapes, aligned at the last axis. A known extent other than 1 wins; an axis
 * with conflicting extents or only unknown ones beside 1s is unknown.
 */
export function broadcast(shapes: readonly Shape[]): Shape {
  if (shapes.some((s) => s === undefined)) return undefined;
  const known = shapes as readonly Dims[];
  const rank = Math.max(0, ...known.map((s) => s.length));
  return Array.from({ length: rank }, (_, axis) => {
    const dims = known.map((s) => s[s.length - rank + axis]).filter((d) => d !== undefined);
    const large = [...new Set(dims.filter((d) => d !== null && d !== 1))];
    if (large.length > 0) return large.length === 1 ? large[0]! : null;
    return dims.includes(null) ? null : 1;
  });
}
