import type { ApiPoint } from '@swis-dse/client';
import { loadActivationStats, loadBuiltinModel } from '@swis-dse/models';
import {
  baselineRun,
  type NetworkQuantization,
  type PointConfigInput,
  parseSweepSpec,
  pointMetrics,
  type QuantSpecInput,
  quantizeNetwork,
  type SweepSpecInput,
} from '@swis-dse/swis-core';
import { expect } from 'vitest';

/**
 * Checks the points of a finished sweep on a built-in model against direct swis-core calls: each point
 * done with exactly the metrics quantizeNetwork + pointMetrics give (through JSON, as the API sends them),
 * or failed with exactly the error they throw; every grid point present once.
 */
export async function expectDirectResults(spec: SweepSpecInput, points: readonly ApiPoint[]): Promise<void> {
  const parsed = parseSweepSpec(spec);
  const network = await loadBuiltinModel(parsed.model);
  const stats = loadActivationStats(parsed.model);
  expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
  expect(new Set(points.map((p) => p.gridIndex)).size).toBe(points.length);
  const quantizations = new Map<string, NetworkQuantization | Error>();
  for (const point of points) {
    const key = JSON.stringify(point.config.quant);
    if (!quantizations.has(key)) {
      try {
        quantizations.set(key, quantizeNetwork(network, point.config.quant as QuantSpecInput));
      } catch (error) {
        quantizations.set(key, error as Error);
      }
    }
    const quantization = quantizations.get(key)!;
    let expected: { metrics?: unknown; error?: string };
    try {
      if (quantization instanceof Error) throw quantization;
      const baseline =
        parsed.baseline === undefined ? null : baselineRun(network, quantization, parsed.baseline, stats);
      const options = { activationStats: stats, ...(baseline === null ? {} : { baseline }) };
      const { metrics } = pointMetrics(network, quantization, point.config as PointConfigInput, options);
      expected = { metrics: JSON.parse(JSON.stringify(metrics)) };
    } catch (error) {
      expected = { error: (error as Error).message };
    }
    if (expected.error !== undefined) {
      expect(point.status, `point ${point.gridIndex}`).toBe('failed');
      expect(point.error).toBe(expected.error);
    } else {
      expect(point.status, `point ${point.gridIndex}`).toBe('done');
      expect(point.metrics).toEqual(expected.metrics);
    }
  }
}
