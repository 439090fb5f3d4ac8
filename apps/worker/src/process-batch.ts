import { performance } from 'node:perf_hooks';
import { DatasetError } from '@swis-dse/datasets';
import {
  type BatchToRun,
  claimBatch,
  type Db,
  getCachedResults,
  type PointResult,
  putCachedResults,
  recordResults,
} from '@swis-dse/db';
import { ModelError } from '@swis-dse/models';
import {
  type BaselineRun,
  baselineRun,
  configHash,
  type PointConfigInput,
  parseQuantSpec,
  pointMetrics,
  type QuantSpec,
  quantizeNetwork,
  type SweepHardware,
  SwisError,
} from '@swis-dse/swis-core';
import type { LoadedNetwork, NetworkSource } from './network-source.js';
import type { QuantizationCache, QuantizationEntry } from './quantization-cache.js';

/** What processBatch works with; one set per process, shared by its concurrent jobs. */
export interface BatchDeps {
  readonly db: Db;
  readonly networks: NetworkSource;
  readonly quantizations: QuantizationCache;
}

/** One queue job: a batch of a sweep's points that share a quantization. */
export interface BatchJob {
  readonly sweepId: string;
  readonly batchKey: string;
}

/** What a job did, for logs and tests. */
export interface BatchOutcome {
  /** False when there was nothing to do (sweep gone, cancelled or finished, or batch already done). */
  readonly claimed: boolean;
  /** Points whose results were recorded (cached + computed + failed). */
  readonly points: number;
  /** Points answered by the cross-sweep result cache. */
  readonly cached: number;
  /** Points evaluated here. */
  readonly computed: number;
  /** Points that cannot be evaluated (recorded as failed with the reason). */
  readonly failed: number;
  /** Quantizations computed here (0 when the in-process cache had them). */
  readonly quantized: number;
}

type Point = BatchToRun['points'][number];
type Evaluation = Extract<PointResult, { metrics: unknown }>;

/**
 * Runs one batch: claims its unfinished points, answers what the result cache (model content hash,
 * point configuration and baseline) already knows, evaluates the rest on one shared quantization and
 * baseline run, caches the new results and records every outcome (idempotently).
 * A deterministic failure (SwisError, ModelError) fails the affected points with its message; anything
 * else (database, queue, abort) is thrown so the job is retried.
 */
export async function processBatch(
  deps: BatchDeps,
  job: BatchJob,
  signal?: AbortSignal,
): Promise<BatchOutcome> {
  const batch = await claimBatch(deps.db, job.sweepId, job.batchKey);
  if (batch === null) return { claimed: false, points: 0, cached: 0, computed: 0, failed: 0, quantized: 0 };
  const baseline = batch.spec.baseline ?? null;
  const keyOf = (point: Point) => resultKey(point.configHash, baseline);
  const cached = await getCachedResults(deps.db, batch.modelHash, batch.points.map(keyOf));

  const results: PointResult[] = [];
  const misses: Point[] = [];
  for (const point of batch.points) {
    const hit = cached.get(keyOf(point));
    if (hit === undefined) misses.push(point);
    else results.push({ configHash: point.configHash, metrics: hit.metrics, detail: hit.detail, evalMs: 0 });
  }
  const evaluated =
    misses.length === 0 ? { results: [], quantized: 0 } : await evaluate(deps, batch, misses, signal);
  const computed = evaluated.results.filter((r): r is Evaluation => !('error' in r));
  await putCachedResults(
    deps.db,
    batch.modelHash,
    computed.map((r) => ({ key: resultKey(r.configHash, baseline), metrics: r.metrics, detail: r.detail })),
  );
  results.push(...evaluated.results);
  await recordResults(deps.db, batch.sweepId, results);
  return {
    claimed: true,
    points: results.length,
    cached: batch.points.length - misses.length,
    computed: computed.length,
    failed: evaluated.results.length - computed.length,
    quantized: evaluated.quantized,
  };
}

/** The result cache's key of a point: its configuration and the sweep's baseline (the model is separate). */
export function resultKey(pointConfigHash: string, baseline: SweepHardware | null): string {
  return configHash({ point: pointConfigHash, baseline });
}

async function evaluate(
  deps: BatchDeps,
  batch: BatchToRun,
  points: readonly Point[],
  signal: AbortSignal | undefined,
): Promise<{ results: PointResult[]; quantized: number }> {
  let loaded: LoadedNetwork;
  try {
    loaded = await deps.networks.load(deps.db, batch.spec.model, batch.modelHash);
  } catch (error) {
    return { results: failAll(points, deterministic(error)), quantized: 0 };
  }
  const results: PointResult[] = [];
  const groups = new Map<string, { quant: QuantSpec; points: Point[] }>();
  for (const point of points) {
    let quant: QuantSpec;
    try {
      quant = parseQuantSpec((point.config as { quant?: unknown } | null)?.quant);
    } catch (error) {
      results.push({ configHash: point.configHash, error: deterministic(error) });
      continue;
    }
    const quantHash = configHash(quant);
    const group = groups.get(quantHash) ?? { quant, points: [] };
    group.points.push(point);
    groups.set(quantHash, group);
  }
  let quantized = 0;
  for (const [quantHash, group] of groups) {
    const shared = prepare(deps, batch, loaded, quantHash, group.quant, signal);
    if ('error' in shared) {
      results.push(...failAll(group.points, shared.error));
      continue;
    }
    if (!shared.hit) quantized++;
    const accuracyStart = performance.now();
    const accuracy = await accuracyOf(loaded, shared.entry);
    // Each point carries an equal share of the quantization, baseline and accuracy it caused, so
    // sum(evalMs) is the batch's compute time.
    const sharedMs = (shared.ms + performance.now() - accuracyStart) / group.points.length;
    for (const point of group.points) {
      signal?.throwIfAborted();
      const start = performance.now();
      try {
        const { metrics, detail } = pointMetrics(
          loaded.network,
          shared.entry.quantization,
          point.config as PointConfigInput,
          { activationStats: loaded.activationStats, baseline: shared.baseline },
        );
        results.push({
          configHash: point.configHash,
          metrics: accuracy === undefined ? metrics : { ...metrics, accuracy },
          detail,
          evalMs: performance.now() - start + sharedMs,
        });
      } catch (error) {
        results.push({ configHash: point.configHash, error: deterministic(error) });
      }
    }
  }
  return { results, quantized };
}

/**
 * Top-1 accuracy of a quantization for a model with an evaluation set (measured once per cached entry),
 * undefined for other models. A failed measurement is not cached and fails the batch, to be retried.
 */
async function accuracyOf(loaded: LoadedNetwork, entry: QuantizationEntry): Promise<number | undefined> {
  if (loaded.accuracyOf === undefined) return undefined;
  entry.accuracy ??= loaded.accuracyOf(entry.quantization);
  try {
    return await entry.accuracy;
  } catch (error) {
    entry.accuracy = undefined;
    throw error;
  }
}

/** The quantization (cached per process) and baseline run a group of points shares. */
function prepare(
  deps: BatchDeps,
  batch: BatchToRun,
  loaded: LoadedNetwork,
  quantHash: string,
  quant: QuantSpec,
  signal: AbortSignal | undefined,
): { entry: QuantizationEntry; baseline: BaselineRun | null; hit: boolean; ms: number } | { error: string } {
  const start = performance.now();
  try {
    const { entry, hit } = deps.quantizations.getOrCompute(batch.modelHash, quantHash, () =>
      quantizeNetwork(loaded.network, quant, signal === undefined ? {} : { signal }),
    );
    const spec = batch.spec.baseline;
    let baseline: BaselineRun | null = null;
    if (spec !== undefined) {
      const key = configHash(spec);
      baseline = entry.baselines.get(key) ?? null;
      if (baseline === null) {
        baseline = baselineRun(loaded.network, entry.quantization, spec, loaded.activationStats);
        entry.baselines.set(key, baseline);
      }
    }
    return { entry, baseline, hit, ms: performance.now() - start };
  } catch (error) {
    return { error: deterministic(error) };
  }
}

function failAll(points: readonly Point[], error: string): PointResult[] {
  return points.map((point) => ({ configHash: point.configHash, error }));
}

/**
 * The message of a deterministic failure (the same input always fails the same way); rethrows anything
 * else, which a retry may cure.
 */
function deterministic(error: unknown): string {
  // A missing evaluation set (DatasetError) is a deployment problem no retry cures: the points say so.
  if (error instanceof SwisError || error instanceof ModelError || error instanceof DatasetError)
    return error.message;
  throw error;
}
