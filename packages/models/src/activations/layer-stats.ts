/** Per-layer statistics from a histogram of 8-bit activation codes (definitions in quantize-activations.ts). */
import type { LayerActivationStats } from '@swis-dse/swis-core';
import { bitLength, CLIP_TOLERANCE, CODE_LEVELS, nafTerms, onesCount } from './quantize-activations.js';

/** Decimal places kept in the fractions (sum error stays far below the schema's 1e-6). */
const DIGITS = 8;

/** Counts of codes 0..255. */
export type CodeCounts = Float64Array;

export function emptyCodeCounts(): CodeCounts {
  return new Float64Array(CODE_LEVELS);
}

/** Smallest Pa in 1..8 with at most CLIP_TOLERANCE of the codes needing more than Pa bits. */
export function precisionBits(counts: CodeCounts, tolerance = CLIP_TOLERANCE): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const byLength = new Float64Array(9);
  counts.forEach((n, q) => {
    byLength[bitLength(q)]! += n;
  });
  let covered = byLength[0]!;
  for (let p = 1; p <= 8; p++) {
    covered += byLength[p]!;
    if (total === 0 || total - covered <= tolerance * total) return p;
  }
  return 8;
}

/** Fractions of the codes per value of `bucket(q)` (0..length-1, larger values clamped into the last). */
function fractions(counts: CodeCounts, length: number, bucket: (q: number) => number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const out = new Array<number>(length).fill(0);
  counts.forEach((n, q) => {
    const k = Math.min(length - 1, bucket(q));
    out[k]! += n;
  });
  if (total === 0) return out.map((_, k) => (k === 0 ? 1 : 0));
  return normalize(out.map((n) => n / total));
}

/** Rounds fractions to DIGITS places, putting the rounding remainder on the largest so they sum to 1. */
export function normalize(values: readonly number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  const f = 10 ** DIGITS;
  const out = values.map((v) => Math.round((v / sum) * f) / f);
  const largest = out.indexOf(Math.max(...out));
  out[largest] = Math.round((out[largest]! + 1 - out.reduce((a, b) => a + b, 0)) * f) / f;
  return out;
}

/** The schema's statistics of one layer from its code counts. */
export function layerStatsFromCounts(layer: string, counts: CodeCounts): LayerActivationStats {
  return {
    layer,
    precisionBits: precisionBits(counts),
    onesHistogram: fractions(counts, 9, onesCount),
    boothHistogram: fractions(counts, 5, nafTerms),
    samples: counts.reduce((a, b) => a + b, 0),
  };
}
