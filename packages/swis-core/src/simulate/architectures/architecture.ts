import type { LayerQuantization } from '../../quantize/quantize-network.js';
import type { LayerActivationStats } from '../../spec/activation-stats.js';
import type { ArchitectureId } from '../../spec/architecture-id.js';
import type { Layer } from '../../spec/network.js';
import type { LayerGemm } from '../workload.js';

/** What an architecture may look at to cost one layer. */
export interface ArchitectureLayerInput {
  readonly layer: Layer;
  readonly gemm: LayerGemm;
  /** The layer's quantization; null when the network runs with plain INT8 weights. */
  readonly quantization: LayerQuantization | null;
  readonly activations: LayerActivationStats;
  /** G: activation lanes per PE, i.e. weights one PE consumes per step. */
  readonly lanes: number;
  /** Loom's activation bits per cycle (b). */
  readonly loomBitsPerCycle: number;
}

/**
 * Cycles a PE needs per step (one G-wide dot product). uniform: every step of the layer costs the same;
 * per-group: cyclesPerStep[filter * groupsPerFilter + group] for the weight group (filter, group), where
 * groupsPerFilter = ceil(K / lanes). Values may be fractional (expectations, BitFusion's fused steps).
 */
export type StepCosts =
  | { readonly kind: 'uniform'; readonly cyclesPerStep: number }
  | { readonly kind: 'per-group'; readonly groupsPerFilter: number; readonly cyclesPerStep: Float64Array };

/**
 * One accelerator architecture: how many cycles its PE takes per step, and how it stores weights. PE
 * energy and area come from the tables in energy.ts and area.ts, keyed by `id`.
 */
export interface Architecture {
  readonly id: ArchitectureId;
  /** True when the cycles depend on the quantized weights, so a quantization is required. */
  readonly readsQuantizedWeights: boolean;
  /**
   * Cycles per step for the layer.
   * @throws InvalidInputError when the layer's quantization does not suit the architecture.
   */
  stepCosts(input: ArchitectureLayerInput): StepCosts;
  /** Bits each weight occupies in DRAM and on chip, per-group metadata and per-filter scales included. */
  weightBitsPerWeight(input: ArchitectureLayerInput): number;
}
