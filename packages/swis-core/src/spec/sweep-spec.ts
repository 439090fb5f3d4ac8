import { z } from 'zod';
import { canonicalJson } from '../explore/canonical-json.js';
import { ObjectiveTextListSchema } from './objective.js';
import { parseInput } from './parse-input.js';
import { QuantSpecSchema } from './quant-spec.js';
import { SweepHardwareSchema } from './sweep-hardware.js';

/** Largest allowed `maxPoints`. */
export const MAX_SWEEP_POINTS = 1_000_000;

/** The axes in grid order: the first varies slowest, the last (hardware) fastest. */
export const SWEEP_AXES = [
  'variant',
  'bits',
  'budgets',
  'groupSize',
  'baseBits',
  'scale',
  'scaleMethod',
  'hardware',
] as const;
export type SweepAxis = (typeof SWEEP_AXES)[number];

const quant = QuantSpecSchema.shape;
const DEFAULT_BASE_BITS: number = quant.baseBits.parse(undefined);

/** A non-empty list of values of one axis; a repeated value (by canonical JSON) is an error. */
function axis<T extends z.ZodType>(value: T) {
  return z
    .array(value)
    .min(1, 'give at least one value')
    .superRefine((values, ctx) => {
      const seen = new Map<string, number>();
      values.forEach((v, i) => {
        const key = canonicalJson(v);
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: [i], message: `duplicate value ${key} (also at ${first})` });
        } else {
          seen.set(key, i);
        }
      });
    });
}

/**
 * The values to sweep. Each is validated by the schema of the field it feeds (QuantSpecSchema,
 * SweepHardwareSchema). Omitted optional axes take the QuantSpec default as their single value.
 */
export const SweepAxesSchema = z
  .strictObject({
    variant: axis(quant.variant),
    /** Shared magnitude bits N. Exactly one of `bits` and `budgets`. */
    bits: axis(quant.bits.unwrap()).optional(),
    /** Average storage bits per weight. Exactly one of `bits` and `budgets`. */
    budgets: axis(quant.budget.unwrap()).optional(),
    /** Weights per group. */
    groupSize: axis(quant.groupSize.unwrap()),
    /** Base bit width B. @defaultValue [8] */
    baseBits: axis(quant.baseBits.unwrap()).optional(),
    /** @defaultValue ['per-filter'] */
    scale: axis(quant.scale.unwrap()).optional(),
    /** @defaultValue ['max'] */
    scaleMethod: axis(quant.scaleMethod.unwrap()).optional(),
    hardware: axis(SweepHardwareSchema),
  })
  .superRefine((axes, ctx) => {
    if ((axes.bits === undefined) === (axes.budgets === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bits'], message: 'give exactly one of bits and budgets' });
    }
    // The grid pairs every bits value with every baseBits value, so each must fit the smallest B.
    const smallestBase = Math.min(...(axes.baseBits ?? [DEFAULT_BASE_BITS]));
    axes.bits?.forEach((bits, i) => {
      if (bits > smallestBase - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['bits', i],
          message: `${bits} must be at most baseBits - 1 = ${smallestBase - 1} (baseBits ${smallestBase} is swept)`,
        });
      }
    });
    // SWIS PEs share shifts across exactly one group, so fixed lanes must equal every swept group size.
    axes.hardware.forEach(({ arch, lanesPerPe }, i) => {
      if (lanesPerPe === undefined || (arch !== 'swis' && arch !== 'swis-c')) return;
      const other = axes.groupSize.find((size) => size !== lanesPerPe);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['hardware', i, 'lanesPerPe'],
          message: `is ${lanesPerPe} but groupSize ${other} is swept; ${arch} needs them equal (omit lanesPerPe to follow groupSize)`,
        });
      }
    });
  });
export type SweepAxes = z.infer<typeof SweepAxesSchema>;

/** Axis name and length of every axis present, in grid order. */
export function axisLengths(axes: SweepAxes): readonly { axis: SweepAxis; length: number }[] {
  return SWEEP_AXES.flatMap((name) => {
    const values = axes[name];
    return values === undefined ? [] : [{ axis: name, length: values.length }];
  });
}

/**
 * A design-space sweep: which model, which axes, which objectives, and how points are chosen. The one
 * schema shared by the API, the worker and the CLI. Strict: a misspelt field is an error.
 */
export const SweepSpecSchema = z
  .strictObject({
    /** Human-readable label. */
    name: z.string().trim().min(1).max(200),
    /** A built-in model id (e.g. mobilenet_v2) or an uploaded model's id. */
    model: z.string().trim().min(1).max(200),
    /** grid: every point of the cartesian product; random: `samples` distinct grid points. @defaultValue 'grid' */
    method: z.enum(['grid', 'random']).default('grid'),
    /** Points to draw for method random (capped at the grid size). */
    samples: z.number().int().min(1).optional(),
    /** Seed of the random method's PRNG (uint32). @defaultValue 0 */
    seed: z.number().int().min(0).max(0xffff_ffff).default(0),
    /** Most points a sweep may hold. @defaultValue 10000 */
    maxPoints: z.number().int().min(1).max(MAX_SWEEP_POINTS).default(10_000),
    axes: SweepAxesSchema,
    /** Architecture and array every point is compared with (speedupVsBaseline, energyRatioVsBaseline). */
    baseline: SweepHardwareSchema.optional(),
    /** 2..k `metric:min|max` objectives for the Pareto front. */
    objectives: ObjectiveTextListSchema,
  })
  .superRefine((spec, ctx) => {
    const lengths = axisLengths(spec.axes);
    const gridSize = lengths.reduce((product, { length }) => product * length, 1);
    const described = `${lengths.map(({ axis, length }) => `${length} ${axis}`).join(' x ')} = ${gridSize} points`;
    if (spec.method === 'grid') {
      if (spec.samples !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['samples'], message: 'applies only to method random' });
      }
      if (gridSize > spec.maxPoints) {
        ctx.addIssue({
          code: 'custom',
          path: ['axes'],
          message: `grid of ${described} exceeds maxPoints ${spec.maxPoints}`,
        });
      }
      return;
    }
    if (spec.samples === undefined) {
      ctx.addIssue({ code: 'custom', path: ['samples'], message: 'required for method random' });
    } else if (spec.samples > spec.maxPoints) {
      ctx.addIssue({ code: 'custom', path: ['samples'], message: `exceeds maxPoints ${spec.maxPoints}` });
    }
    // Random points are drawn as grid indices, which must be exact doubles.
    if (!Number.isSafeInteger(gridSize)) {
      ctx.addIssue({ code: 'custom', path: ['axes'], message: `grid of ${described} is too large to index` });
    }
  });
export type SweepSpec = z.infer<typeof SweepSpecSchema>;
export type SweepSpecInput = z.input<typeof SweepSpecSchema>;

/** Validates a sweep spec and fills its defaults; throws InvalidInputError listing every problem. */
export function parseSweepSpec(input: unknown): SweepSpec {
  return parseInput(SweepSpecSchema, 'sweep spec', input);
}
