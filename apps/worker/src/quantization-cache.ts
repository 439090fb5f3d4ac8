import type { BaselineRun, NetworkQuantization } from '@swis-dse/swis-core';

/** One quantization of one model, and the sweep baselines already simulated on it. */
export interface QuantizationEntry {
  readonly quantization: NetworkQuantization;
  /** Baseline runs on this quantization by configHash of the baseline (the statistics follow the model). */
  readonly baselines: Map<string, BaselineRun>;
  /** Top-1 accuracy with these weights, once measured (models with an evaluation set only). */
  accuracy?: Promise<number>;
}

export interface QuantizationCache {
  /**
   * The cached entry of (modelHash, quantHash), or a new one from `compute` (cached when it fits).
   * `hit` says which.
   */
  getOrCompute(
    modelHash: string,
    quantHash: string,
    compute: () => NetworkQuantization,
  ): { entry: QuantizationEntry; hit: boolean };
  /** Bytes held (reconstructed weights plus encoded form). */
  readonly bytes: number;
  /** Entries held. */
  readonly size: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * An in-process least-recently-used cache of network quantizations, bounded by the bytes of their
 * reconstructed weights and encoded layers (entries larger than the bound are returned, not kept).
 * Quantizing is synchronous, so two batches of one quantization in one process never compute it twice.
 * @param maxBytes - @defaultValue 512 MiB
 */
export function createQuantizationCache(maxBytes = 512 * 1024 * 1024): QuantizationCache {
  const entries = new Map<string, { entry: QuantizationEntry; bytes: number }>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  return {
    getOrCompute(modelHash, quantHash, compute) {
      const key = `${modelHash}:${quantHash}`;
      const found = entries.get(key);
      if (found !== undefined) {
        hits++;
        // Map order is insertion order: re-inserting marks it most recently used.
        entries.delete(key);
        entries.set(key, found);
        return { entry: found.entry, hit: true };
      }
      misses++;
      const entry: QuantizationEntry = { quantization: compute(), baselines: new Map() };
      const size = quantizationBytes(entry.quantization);
      if (size <= maxBytes) {
        entries.set(key, { entry, bytes: size });
        bytes += size;
        for (const [oldest, { bytes: oldBytes }] of entries) {
          if (bytes <= maxBytes) break;
          entries.delete(oldest);
          bytes -= oldBytes;
        }
      }
      return { entry, hit: false };
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
  };
}

/** Memory a quantization holds: reconstructed weights and every array of the encoded layers. */
export function quantizationBytes(quantization: NetworkQuantization): number {
  let total = 0;
  for (const { weights, code } of quantization.layers) {
    total += weights.byteLength;
    total += code.filterBits.byteLength + code.scales.byteLength + code.shifts.byteLength;
    total += code.exponents.byteLength + code.signs.byteLength + code.planes.byteLength;
  }
  return total;
}
