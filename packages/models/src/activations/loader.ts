/**
 * Measured activation statistics of the built-in models (JSON files in ./data written by
 * `npm run stats:activations`), and the documented default for layers of other networks.
 */
import { readFileSync } from 'node:fs';
import { type ActivationStats, type LayerActivationStats, parseActivationStats } from '@swis-dse/swis-core';
import { normalize } from './layer-stats.js';

/** Built-in models with measured statistics, each in data/<id>.json. */
export const MEASURED_ACTIVATION_MODELS: readonly string[] = [
  'mobilenet_v2',
  'mobilenet_v2_140',
  'mobilenet_v1',
];

const cache = new Map<string, ActivationStats>();

/**
 * The measured per-layer input-activation statistics of a built-in model (layers in execution order, named
 * as the model's Network names them), or null for a model without measurements.
 * @throws InvalidInputError if a committed data file does not match the schema.
 */
export function loadActivationStats(modelId: string): ActivationStats | null {
  if (!MEASURED_ACTIVATION_MODELS.includes(modelId)) return null;
  let stats = cache.get(modelId);
  if (stats === undefined) {
    const url = new URL(`./data/${modelId}.json`, import.meta.url);
    stats = parseActivationStats(JSON.parse(readFileSync(url, 'utf8')));
    cache.set(modelId, stats);
  }
  return stats;
}

/** Where the default per-layer statistics come from (see defaultLayerActivationStats). */
export const DEFAULT_ACTIVATION_STATS_SOURCE =
  'default for layers without measurements: the statistics of mobilenet_v2 (nsfwjs@4.4.0, measured on real ' +
  'photographs, see loadActivationStats("mobilenet_v2").source) summarized over its 55 weight layers: ' +
  "precisionBits = the median of the layers' Pa; onesHistogram and boothHistogram = the mean over layers " +
  '(the distribution of an activation drawn from a uniformly chosen layer); samples = 0';

let summary: Omit<LayerActivationStats, 'layer'> | null = null;

/** The median of integers (the upper one of the middle pair for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function meanHistogram(histograms: readonly (readonly number[])[]): number[] {
  const length = histograms[0]!.length;
  return normalize(
    Array.from({ length }, (_, k) => histograms.reduce((s, h) => s + h[k]!, 0) / histograms.length),
  );
}

/**
 * Default statistics for a layer without measurements (a user model), as DEFAULT_ACTIVATION_STATS_SOURCE
 * defines them; the same numbers for every layer, with `layer` set to `layerName` and samples 0.
 */
export function defaultLayerActivationStats(layerName: string): LayerActivationStats {
  if (summary === null) {
    const layers = loadActivationStats('mobilenet_v2')!.layers;
    summary = {
      precisionBits: median(layers.map((l) => l.precisionBits)),
      onesHistogram: meanHistogram(layers.map((l) => l.onesHistogram)),
      boothHistogram: meanHistogram(layers.map((l) => l.boothHistogram)),
      samples: 0,
    };
  }
  return {
    layer: layerName,
    ...summary,
    onesHistogram: [...summary.onesHistogram],
    boothHistogram: [...summary.boothHistogram],
  };
}
