// AssemblyScript source of the shift-set search kernel (compiled to WebAssembly by `npm run build:wasm`).
// Per group it scores every candidate shift set at once with f32x4 SIMD, then re-scores in exact f64 every
// set whose approximate error is within a proven margin of the approximate minimum, so the choice is exact.
// All buffers are laid out by the TypeScript side (src/quantize/kernel/shift-set-kernel.ts).

/** f32 unit roundoff, 2^-24. */
const UNIT_ROUNDOFF: f64 = 5.960464477539063e-8;

/** Exact error (step units squared, without the level-0 constant) of the last group exactBest chose. */
let groupError: f64 = 0;

/** Float32 reconstruction statistics of the filters written by the last call (write mode only). */
let writtenSse: f64 = 0;
let writtenSignal: f64 = 0;
let writtenMaxAbsError: f64 = 0;

export function lastSse(): f64 {
  return writtenSse;
}

export function lastSignal(): f64 {
  return writtenSignal;
}

export function lastMaxAbsError(): f64 {
  return writtenMaxAbsError;
}

/**
 * Quantizes filters [filterStart, filterEnd) of a layer whose weights (f32) are at `weights`, every filter
 * with the same N (`bits`) and the table at `nearest` (f32 levels, [halfCell][stride]) / `patterns` (u16, same
 * layout) / `sets` (u8 shifts, [set][bits]). Writes each filter's squared error (f64, weight units) to
 * `errors`. When `write` is 1 it also writes reconstructions (f32), sign bits, plane bits (starting at bit
 * `planeBit` for filterStart) and shifts (starting at index `shiftIndex`), and measures the float32
 * reconstruction's error (lastSse, lastSignal, lastMaxAbsError), as swis-core's errorStats does.
 */
export function quantizeFilters(
  weights: usize,
  filterStart: i32,
  filterEnd: i32,
  length: i32,
  steps: usize,
  groupSize: i32,
  bits: i32,
  nearest: usize,
  patterns: usize,
  sets: usize,
  count: i32,
  stride: i32,
  lastHalf: i32,
  scratch: usize,
  errors: usize,
  write: i32,
  reconstruction: usize,
  signs: usize,
  planes: usize,
  planeBit: u32,
  shifts: usize,
  shiftIndex: i32,
): void {
  const xs = scratch; // f64 per lane
  const rows = xs + (<usize>groupSize << 3); // i32 per lane: half cell * stride
  const acc = rows + (<usize>groupSize << 2); // f32 per set (stride)
  const splats = acc + (<usize>stride << 2); // f32x4 per scored lane: its magnitude in all four lanes
  const rowStarts = splats + (<usize>groupSize << 4); // usize per scored lane: its table row
  const lastHalfF = <f64>lastHalf;
  let bit = planeBit;
  let shiftAt = shiftIndex;
  writtenSse = 0;
  writtenSignal = 0;
  writtenMaxAbsError = 0;
  for (let f = filterStart; f < filterEnd; f++) {
    const step = <f64>load<f32>(steps + (<usize>f << 2));
    const inverse = 1.0 / step;
    const base = <usize>f * <usize>length;
    let sse = 0.0;
    for (let first = 0; first < length; first += groupSize) {
      const size = min(groupSize, length - first);
      let constant = 0.0;
      let sumSquares = 0.0;
      let scored = 0;
      for (let i = 0; i < size; i++) {
        const x = abs(<f64>load<f32>(weights + ((base + <usize>(first + i)) << 2))) * inverse;
        const h2 = x * 2.0;
        const half = h2 < lastHalfF ? <i32>h2 : lastHalf;
        store<f64>(xs + (<usize>i << 3), x);
        store<i32>(rows + (<usize>i << 2), half * stride);
        if (half == 0) {
          // Below 1/2 every set rounds to level 0: the same error for all, left out of the scoring.
          constant += x * x;
          continue;
        }
        sumSquares += x * x;
        v128.store(splats + (<usize>scored << 4), f32x4.splat(<f32>x));
        store<usize>(rowStarts + (<usize>scored << 2), nearest + (<usize>(half * stride) << 2));
        scored++;
      }
      // Sets outer, lanes inner: each block of four sets accumulates in two registers (two chains hide
      // the add latency) instead of a load and a store per lane.
      for (let b = 0; b < stride; b += 4) {
        const offset = <usize>b << 2;
        let even = f32x4.splat(0);
        let odd = f32x4.splat(0);
        let j = 0;
        for (; j + 1 < scored; j += 2) {
          const d0 = f32x4.sub(v128.load(splats + (<usize>j << 4)), v128.load(load<usize>(rowStarts + (<usize>j << 2)) + offset));
          const d1 = f32x4.sub(
            v128.load(splats + (<usize>(j + 1) << 4)),
            v128.load(load<usize>(rowStarts + (<usize>(j + 1) << 2)) + offset),
          );
          even = f32x4.add(even, f32x4.mul(d0, d0));
          odd = f32x4.add(odd, f32x4.mul(d1, d1));
        }
        if (j < scored) {
          const d = f32x4.sub(v128.load(splats + (<usize>j << 4)), v128.load(load<usize>(rowStarts + (<usize>j << 2)) + offset));
          even = f32x4.add(even, f32x4.mul(d, d));
        }
        v128.store(acc + offset, f32x4.add(even, odd));
      }
      const set = exactBest(xs, rows, size, acc, count, nearest, sumSquares, groupSize);
      sse += groupError + constant;
      if (write) {
        for (let j = 0; j < bits; j++) store<u8>(shifts + <usize>(shiftAt + j), load<u8>(sets + <usize>(set * bits + j)));
        shiftAt += bits;
        for (let i = 0; i < size; i++) {
          const cell = load<i32>(rows + (<usize>i << 2)) + set;
          const pattern = <u32>load<u16>(patterns + (<usize>cell << 1));
          const level = <f64>load<f32>(nearest + (<usize>cell << 2));
          const w = base + <usize>(first + i);
          const weight = load<f32>(weights + (w << 2));
          const negative: u32 = weight < 0 ? 1 : 0;
          const value = <f32>(level * step * <f64>(1 - 2 * <i32>negative));
          store<f32>(reconstruction + (w << 2), value);
          const diff = <f64>weight - <f64>value;
          writtenSse += diff * diff;
          writtenSignal += <f64>weight * <f64>weight;
          writtenMaxAbsError = max(writtenMaxAbsError, abs(diff));
          const signByte = signs + (w >> 3);
          store<u8>(signByte, load<u8>(signByte) | <u8>(negative << <u32>(w & 7)));
          let planeAt = bit + <u32>i;
          for (let j = 0; j < bits; j++) {
            const byte = planes + <usize>(planeAt >> 3);
            store<u8>(byte, load<u8>(byte) | <u8>(((pattern >> <u32>j) & 1) << (planeAt & 7)));
            planeAt += <u32>size;
          }
        }
        bit += <u32>(size * bits);
      }
    }
    store<f64>(errors + (<usize>(f - filterStart) << 3), sse * step * step);
  }
}

/**
 * The exact best set of a group: every set whose f32 score is within twice the worst-case f32 error of the
 * smallest score is re-scored in f64 (first index wins ties). Per lane the f32 error of (x - v)^2 is at
 * most 5u x^2 (|x - v| <= x because level 0 always exists), and summing G terms adds at most G u sum(x^2),
 * so |score - exact| <= (G + 5) u sum(x^2); the margin below is twice that, rounded up.
 * Leaves the exact error (without the constant part) in groupError.
 */
function exactBest(
  xs: usize,
  rows: usize,
  size: i32,
  acc: usize,
  count: i32,
  nearest: usize,
  sumSquares: f64,
  groupSize: i32,
): i32 {
  let approxMin: f32 = Infinity;
  for (let c = 0; c < count; c++) approxMin = min(approxMin, load<f32>(acc + (<usize>c << 2)));
  const margin = 2.0 * (<f64>groupSize + 6.0) * UNIT_ROUNDOFF * sumSquares;
  const limit = <f64>approxMin + margin;
  let best: f64 = Infinity;
  let bestSet = 0;
  for (let c = 0; c < count; c++) {
    if (<f64>load<f32>(acc + (<usize>c << 2)) > limit) continue;
    let error = 0.0;
    for (let i = 0; i < size; i++) {
      const row = load<i32>(rows + (<usize>i << 2));
      if (row == 0) continue;
      const d = load<f64>(xs + (<usize>i << 3)) - <f64>load<f32>(nearest + (<usize>(row + c) << 2));
      error += d * d;
    }
    if (error < best) {
      best = error;
      bestSet = c;
    }
  }
  groupError = best;
  return bestSet;
}

/** Writes max |w| of each of `filters` filters of `length` f32 weights at `weights` to `out` (f64 each). */
export function filterMaxAbs(weights: usize, filters: i32, length: i32, out: usize): void {
  for (let f = 0; f < filters; f++) {
    const base = weights + ((<usize>f * <usize>length) << 2);
    let lanes = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= length; i += 4) lanes = f32x4.max(lanes, f32x4.abs(v128.load(base + (<usize>i << 2))));
    let best = max(
      max(f32x4.extract_lane(lanes, 0), f32x4.extract_lane(lanes, 1)),
      max(f32x4.extract_lane(lanes, 2), f32x4.extract_lane(lanes, 3)),
    );
    for (; i < length; i++) best = max(best, abs(load<f32>(base + (<usize>i << 2))));
    store<f64>(out + (<usize>f << 3), <f64>best);
  }
}
