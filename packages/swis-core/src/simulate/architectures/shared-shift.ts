import { InvalidInputError } from '../../errors.js';
import type { EncodedLayer } from '../../quantize/encoded-layer.js';
import type { VariantId } from '../../spec/quant-spec.js';
import type { Architecture, ArchitectureLayerInput, StepCosts } from './architecture.js';
import { requireQuantization } from './weight-precision.js';

/**
 * The SWIS PE family: a PE holds one group of G weights; each cycle its lanes pass +/- a_i where plane bit
 * b_ij is set, an adder tree sums them and one shifter applies the shared shift s_j, so a step takes N_f
 * cycles for a filter with N_f shifts, whatever the values. Weights are stored as the quantizer counts
 * them (signs, planes, shift metadata and scales). @internal
 */
export function sharedShiftArchitecture(
  id: 'swis' | 'swis-c',
  runnableVariants: readonly VariantId[],
): Architecture {
  const checked = (input: ArchitectureLayerInput) => {
    const quantization = requireQuantization(input, id);
    const { code } = quantization;
    const issues = [];
    if (!runnableVariants.includes(code.variant)) {
      issues.push({
        path: ['quantization', 'spec', 'variant'],
        message: `is ${code.variant}; ${id} runs ${runnableVariants.join(', ')}`,
      });
    }
    if (code.groupSize !== input.lanes) {
      issues.push({
        path: ['hardware', 'lanesPerPe'],
        message: `is ${input.lanes} but the weights share shifts in groups of ${code.groupSize}; they must match`,
      });
    }
    if (issues.length > 0)
      throw new InvalidInputError(`layer "${input.layer.name}" cannot run on ${id}`, issues);
    return quantization;
  };
  return Object.freeze<Architecture>({
    id,
    readsQuantizedWeights: true,
    stepCosts: (input: ArchitectureLayerInput): StepCosts => {
      const { code } = checked(input);
      return {
        kind: 'per-group',
        groupsPerFilter: Math.ceil(code.filterLength / code.groupSize),
        cyclesPerStep: filterBitSteps(code),
      };
    },
    weightBitsPerWeight: (input: ArchitectureLayerInput) => {
      const { bitsPerWeight, scaleBitsPerWeight } = checked(input);
      return bitsPerWeight + scaleBitsPerWeight;
    },
  });
}

/** N_f for every group of every filter, cached per encoded layer. */
function filterBitSteps(code: EncodedLayer): Float64Array {
  const cached = stepCache.get(code);
  if (cached !== undefined) return cached;
  const groupsPerFilter = Math.ceil(code.filterLength / code.groupSize);
  const steps = new Float64Array(code.filterBits.length * groupsPerFilter);
  for (let f = 0; f < code.filterBits.length; f++) {
    steps.fill(code.filterBits[f]!, f * groupsPerFilter, (f + 1) * groupsPerFilter);
  }
  stepCache.set(code, steps);
  return steps;
}

const stepCache = new WeakMap<EncodedLayer, Float64Array>();
