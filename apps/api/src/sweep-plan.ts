import { type Db, getModel, modelHashOf } from '@swis-dse/db';
import { BUILTIN_MODELS } from '@swis-dse/models';
import { assignBatches, designPoints, type SweepSpec } from '@swis-dse/swis-core';
import { invalidField } from './errors.js';

/**
 * The model key results are cached under: `builtin:<id>` for a built-in model, modelHashOf (content hash
 * and given input size) for one of the team's uploads.
 * @throws ApiError (400 naming `model`) for anything else
 */
export async function resolveModelHash(db: Db, teamId: string, model: string): Promise<string> {
  if (BUILTIN_MODELS.some((m) => m.id === model)) return `builtin:${model}`;
  const uploaded = await getModel(db, teamId, model);
  if (uploaded !== null) return modelHashOf(uploaded);
  const builtins = BUILTIN_MODELS.map((m) => m.id).join(', ');
  throw invalidField(
    'model',
    `unknown model '${model}': give a built-in id (${builtins}) or the id of a model your team uploaded`,
  );
}

/**
 * Accuracy is measured only for models with an evaluation set: asking a sweep of another model to optimize
 * it is a mistake to reject up front, not a front of points without the metric.
 * @throws ApiError (400 naming `objectives`)
 */
export function checkAccuracyObjective(model: string, objectives: readonly string[]): void {
  if (!objectives.some((o) => o.startsWith('accuracy:'))) return;
  if (BUILTIN_MODELS.some((m) => m.id === model && m.evaluationSet !== undefined)) return;
  const evaluable = BUILTIN_MODELS.filter((m) => m.evaluationSet !== undefined).map((m) => m.id);
  throw invalidField(
    'objectives',
    `accuracy is measured only for models with an evaluation set (${evaluable.join(', ')}); model '${model}' has none`,
  );
}

/** The points of a spec as stored rows, each with its batch (one queue job per batch). */
export function planPoints(spec: SweepSpec) {
  const points = designPoints(spec);
  const batchKeys = assignBatches(points);
  return points.map((point, i) => ({
    gridIndex: point.gridIndex,
    configHash: point.configHash,
    batchKey: batchKeys[i]!,
    config: { quant: point.quant, hardware: point.hardware, simulation: point.simulation },
  }));
}

/** The distinct batch keys of a spec, in first-seen order. */
export function batchKeysOf(spec: SweepSpec): string[] {
  return [...new Set(assignBatches(designPoints(spec)))];
}
