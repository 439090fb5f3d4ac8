export {
  InfeasibleBudgetError,
  type InputIssue,
  InvalidInputError,
  SWIS_ERROR_CODES,
  SwisError,
  type SwisErrorCode,
} from './errors.js';
export { assignBatches, MAX_BATCH_POINTS } from './explore/batches.js';
export { canonicalJson } from './explore/canonical-json.js';
export { configHash } from './explore/config-hash.js';
export { type DesignPoint, type DesignPointsOptions, designPoints } from './explore/design-points.js';
export { fnv1a64 } from './explore/fnv1a-64.js';
export { mulberry32 } from './explore/mulberry32.js';
export {
  type BaselineRun,
  baselineRun,
  type LayerPointDetail,
  LayerPointDetailSchema,
  type PointConfigInput,
  type PointDetail,
  PointDetailSchema,
  type PointEvaluation,
  type PointMetrics,
  type PointMetricsOptions,
  PointMetricsSchema,
  pointMetrics,
} from './explore/point-metrics.js';
export { sampleIndices } from './explore/sample-indices.js';
export { dominates, dominatesAt } from './pareto/dominates.js';
export { parseObjectives } from './pareto/objectives.js';
export {
  type MetricCarrier,
  type ParetoFront,
  type ParetoFrontOptions,
  paretoFront,
} from './pareto/pareto-front.js';
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
export type {
  Architecture,
  ArchitectureLayerInput,
  StepCosts,
} from './simulate/architectures/architecture.js';
export { bitParallel } from './simulate/architectures/bit-parallel.js';
export { bitfusion } from './simulate/architectures/bitfusion.js';
export { bitwave } from './simulate/architectures/bitwave.js';
export { ARCHITECTURES } from './simulate/architectures/index.js';
export { laconic } from './simulate/architectures/laconic.js';
export { loom } from './simulate/architectures/loom.js';
export { pragmatic } from './simulate/architectures/pragmatic.js';
export { stripes } from './simulate/architectures/stripes.js';
export { swis } from './simulate/architectures/swis.js';
export { swisC } from './simulate/architectures/swis-c.js';
export { weightSerial } from './simulate/architectures/weight-serial.js';
export { AREA_PRESETS, peAreaMm2, resolveAreaTable } from './simulate/area.js';
export { computeCycles, DATAFLOWS } from './simulate/compute-cycles.js';
export type { ArrayDims, Dataflow, GemmCycles } from './simulate/dataflows/dataflow.js';
export { inputStationary } from './simulate/dataflows/input-stationary.js';
export { outputStationary } from './simulate/dataflows/output-stationary.js';
export { weightStationary } from './simulate/dataflows/weight-stationary.js';
export { defaultActivationStats } from './simulate/default-activation-stats.js';
export {
  type DramEnergyPoint,
  ENERGY_PRESETS,
  type EnergyBreakdownPj,
  peCycleEnergyPj,
  resolveEnergyTable,
  sweepDramEnergy,
} from './simulate/energy.js';
export { expectedMaxOfLanes, expectedMaxTermProduct } from './simulate/expected-max.js';
export { type LockstepCycles, lockstepCycles } from './simulate/lockstep-cycles.js';
export { type LayerTraffic, layerTraffic } from './simulate/memory-traffic.js';
export { filterOrder } from './simulate/schedule.js';
export type { LayerSimulation } from './simulate/simulate-layer.js';
export {
  type ArchitectureRun,
  type NetworkSimulation,
  simulateNetwork,
} from './simulate/simulate-network.js';
export {
  boothTerms,
  laneGroupTerms,
  onesCount,
  weightMagnitudes,
  weightPrecisionBits,
} from './simulate/weight-terms.js';
export { type Gemm, gemmOfLayer, gemmsOfNetwork, type LayerGemm } from './simulate/workload.js';
export {
  type ActivationStats,
  ActivationStatsSchema,
  type LayerActivationStats,
  LayerActivationStatsSchema,
  parseActivationStats,
} from './spec/activation-stats.js';
export { type ArchitectureId, ArchitectureIdSchema } from './spec/architecture-id.js';
export {
  type AreaPresetId,
  AreaPresetIdSchema,
  type AreaTable,
  AreaTableSchema,
  type EnergyPresetId,
  EnergyPresetIdSchema,
  type EnergyTable,
  EnergyTableSchema,
  type PeEnergy,
  PeEnergySchema,
  type PeGates,
  PeGatesSchema,
} from './spec/cost-tables.js';
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
  type Direction,
  DirectionSchema,
  type MetricId,
  MetricIdSchema,
  type Objective,
  ObjectiveListSchema,
  ObjectiveSchema,
  type ObjectiveText,
  ObjectiveTextListSchema,
  ObjectiveTextSchema,
} from './spec/objective.js';
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
export {
  type DepthwiseMapping,
  DepthwiseMappingSchema,
  parseSimulationOptions,
  type Schedule,
  ScheduleSchema,
  type SimulationOptions,
  type SimulationOptionsInput,
  SimulationOptionsSchema,
} from './spec/simulation-options.js';
export {
  type SweepHardware,
  type SweepHardwareInput,
  SweepHardwareSchema,
} from './spec/sweep-hardware.js';
export {
  axisLengths,
  MAX_SWEEP_POINTS,
  parseSweepSpec,
  SWEEP_AXES,
  type SweepAxes,
  SweepAxesSchema,
  type SweepAxis,
  type SweepSpec,
  type SweepSpecInput,
  SweepSpecSchema,
} from './spec/sweep-spec.js';
