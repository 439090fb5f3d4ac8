/**
 * Profiles the input activations of every weight layer of a program over a set of inputs, in two passes:
 * the first finds each layer's scale (max |a| over all inputs), the second histograms the 8-bit codes.
 */
import type { LayerActivationStats } from '@swis-dse/swis-core';
import { type Program, runProgram, weightLayerNames } from '../inference/program.js';
import type { Activation } from '../inference/tensor.js';
import { type CodeCounts, emptyCodeCounts, layerStatsFromCounts } from './layer-stats.js';
import { activationCode } from './quantize-activations.js';

/** A layer's profile: the schema's statistics plus what they were computed from. */
export interface LayerProfile {
  readonly stats: LayerActivationStats;
  /** The layer scale s = max |a|. */
  readonly maxAbs: number;
  /** Fraction of inputs below zero (0 after a ReLU). */
  readonly negativeFraction: number;
}

/** Max |a| and the count of negative values per weight layer, over every input. */
function scan(
  program: Program,
  inputs: readonly Activation[],
): Map<string, { max: number; negative: number }> {
  const seen = new Map<string, { max: number; negative: number }>();
  for (const input of inputs) {
    runProgram(program, input, {
      weightLayerInput(layer, x) {
        const entry = seen.get(layer) ?? { max: 0, negative: 0 };
        for (const v of x.data) {
          const m = Math.abs(v);
          if (m > entry.max) entry.max = m;
          if (v < 0) entry.negative++;
        }
        seen.set(layer, entry);
      },
    });
  }
  return seen;
}

/** Histograms of the 8-bit codes per weight layer at the given scales. */
function histogram(
  program: Program,
  inputs: readonly Activation[],
  scales: ReadonlyMap<string, number>,
): Map<string, CodeCounts> {
  const counts = new Map<string, CodeCounts>();
  for (const input of inputs) {
    runProgram(program, input, {
      weightLayerInput(layer, x) {
        const c = counts.get(layer) ?? emptyCodeCounts();
        const scale = scales.get(layer) ?? 0;
        for (const v of x.data) c[activationCode(v, scale)]!++;
        counts.set(layer, c);
      },
    });
  }
  return counts;
}

/** Profiles every weight layer of `program` (in execution order) over `inputs` (already preprocessed). */
export function profileActivations(program: Program, inputs: readonly Activation[]): LayerProfile[] {
  if (inputs.length === 0) throw new RangeError('profiling needs at least one input');
  const scanned = scan(program, inputs);
  const scales = new Map([...scanned].map(([layer, s]) => [layer, s.max]));
  const counts = histogram(program, inputs, scales);
  return weightLayerNames(program).map((layer) => {
    const c = counts.get(layer) ?? emptyCodeCounts();
    const stats = layerStatsFromCounts(layer, c);
    return {
      stats,
      maxAbs: scales.get(layer) ?? 0,
      negativeFraction: stats.samples === 0 ? 0 : (scanned.get(layer)?.negative ?? 0) / stats.samples,
    };
  });
}
