export {
  InfeasibleBudgetError,
  type InputIssue,
  InvalidInputError,
  SWIS_ERROR_CODES,
  SwisError,
  type SwisErrorCode,
  UnsupportedError,
} from './errors.js';
export { decodeLayer, type EncodedLayer } from './quantize/encoded-layer.js';
export { type ErrorStats, errorStats, sqnrDb } from './quantize/error-metrics.js';
export {
  type LayerQuantization,
  type NetworkQuantization,
  type QuantizeOptions,
  quantizeNetwork,
  SCALE_BITS,
  type StorageStats,
} from './quantize/quantize-network.js';
export { computeCycles, DATAFLOWS } from './simulate/compute-cycles.js';
export type { ArrayDims, Dataflow, GemmCycles } from './simulate/dataflows/dataflow.js';
export { inputStationary } from './simulate/dataflows/input-stationary.js';
export { outputStationary } from './simulate/dataflows/output-stationary.js';
export { weightStationary } from './simulate/dataflows/weight-stationary.js';
export { type Gemm, gemmOfLayer, gemmsOfNetwork, type LayerGemm } from './simulate/workload.js';
export {
  type ActivationStats,
  ActivationStatsSchema,
  type LayerActivationStats,
  LayerActivationStatsSchema,
  parseActivationStats,
} from './spec/activation-stats.js';
export {
  type DataflowId,
  DataflowIdSchema,
  type Hardware,
  type HardwareInput,
  HardwareSchema,
  parseHardware,
} from './spec/hardware.js';
export {
  filterLength,
  type Layer,
  type LayerInput,
  type LayerKind,
  LayerKindSchema,
  LayerSchema,
  type Network,
  type NetworkInput,
  type NetworkMetadata,
  NetworkMetadataSchema,
  NetworkSchema,
  parseNetwork,
} from './spec/network.js';
export {
  MAX_BASE_BITS,
  parseQuantSpec,
  type QuantSpec,
  type QuantSpecInput,
  QuantSpecSchema,
  type ScaleGranularity,
  ScaleGranularitySchema,
  type ScaleMethod,
  ScaleMethodSchema,
  type VariantId,
  VariantIdSchema,
} from './spec/quant-spec.js';
