import type { CodeSink } from '../code-writer.js';
import { statsFromSums } from '../error-metrics.js';
import type { LayerContext } from '../layer-context.js';
import type { ShiftSetTable } from '../shift-set-table.js';
import type { LayerEncoding } from '../variants/variant.js';
import { SHIFT_SEARCH_WASM_BASE64 } from './shift-search.wasm.js';

/**
 * The WebAssembly shift-set search (source: packages/swis-core/assembly/shift-search.ts). This file lays out
 * its linear memory: the uploaded tables first, then one layer's buffers. The module is instantiated once,
 * on first use, and keeps its memory between calls so a layer's weights are copied in only once.
 */
interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly quantizeFilters: (...args: number[]) => void;
  readonly lastSse: () => number;
  readonly lastSignal: () => number;
  readonly lastMaxAbsError: () => number;
  readonly filterMaxAbs: (weights: number, filters: number, length: number, out: number) => void;
}

/** The slice of the WebAssembly global this file uses (its full typings come with the DOM lib). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

interface UploadedTable {
  readonly nearest: number;
  readonly patterns: number;
  readonly sets: number;
  readonly count: number;
  /** Sets per row, padded to a multiple of 4 for f32x4. */
  readonly stride: number;
  readonly lastHalf: number;
}

const PAGE = 65_536;
/** The module's own static data lives in its first page. */
const FIRST_FREE = PAGE;

let kernel: KernelExports | undefined;
const tables = new Map<ShiftSetTable, UploadedTable>();
let tablesEnd = FIRST_FREE;
let uploaded: { weights: Float32Array; at: number } | undefined;

/** Squared errors (weight units) of filters [start, end), each at its N (bits[f]) and step (steps[f]). */
export function measureShiftSetKernel(
  ctx: LayerContext,
  start: number,
  end: number,
  bits: Uint8Array,
  steps: Float32Array,
  tableFor: (bits: number) => ShiftSetTable,
): Float64Array {
  return runKernel(ctx, start, end, bits, steps, tableFor, null).errors;
}

/** Encodes the whole layer into `sink`: codes, reconstruction, per-filter errors and reconstruction statistics. */
export function encodeShiftSetKernel(
  ctx: LayerContext,
  bits: Uint8Array,
  steps: Float32Array,
  tableFor: (bits: number) => ShiftSetTable,
  sink: CodeSink,
): LayerEncoding {
  const { errors, sums } = runKernel(ctx, 0, ctx.filters, bits, steps, tableFor, sink);
  return {
    filterErrors: errors,
    stats: statsFromSums(ctx.weights.length, sums.sse, sums.signal, sums.maxAbsError),
  };
}

function runKernel(
  ctx: LayerContext,
  start: number,
  end: number,
  bits: Uint8Array,
  steps: Float32Array,
  tableFor: (bits: number) => ShiftSetTable,
  sink: CodeSink | null,
): { errors: Float64Array; sums: { sse: number; signal: number; maxAbsError: number } } {
  const k = instance();
  const sums = { sse: 0, signal: 0, maxAbsError: 0 };
  const used = new Map<number, UploadedTable>();
  for (let f = start; f < end; f++)
    if (!used.has(bits[f]!)) used.set(bits[f]!, upload(k, tableFor(bits[f]!)));
  const layout = layoutLayer(ctx, sink, Math.max(...[...used.values()].map((t) => t.stride)));
  ensureMemory(k, layout.end);
  uploadWeights(k, ctx.weights, layout.weights);
  const buffer = k.memory.buffer;
  new Float32Array(buffer, layout.steps, ctx.filters).set(steps.subarray(start, end), start);
  if (sink !== null) new Uint8Array(buffer, layout.signs, layout.end - layout.signs).fill(0);
  for (let run = start; run < end; ) {
    let runEnd = run + 1;
    while (runEnd < end && bits[runEnd] === bits[run]) runEnd++;
    const table = used.get(bits[run]!)!;
    k.quantizeFilters(
      layout.weights,
      run,
      runEnd,
      ctx.length,
      layout.steps,
      ctx.groupSize,
      bits[run]!,
      table.nearest,
      table.patterns,
      table.sets,
      table.count,
      table.stride,
      table.lastHalf,
      layout.scratch,
      layout.errors + (run - start) * 8,
      sink === null ? 0 : 1,
      layout.reconstruction,
      layout.signs,
      layout.planes,
      sink === null ? 0 : sink.offsets.planeStart[run]!,
      layout.shifts,
      sink === null ? 0 : sink.offsets.shiftStart[run]!,
    );
    run = runEnd;
    sums.sse += k.lastSse();
    sums.signal += k.lastSignal();
    sums.maxAbsError = Math.max(sums.maxAbsError, k.lastMaxAbsError());
  }
  if (sink !== null) copyOut(k.memory.buffer, layout, sink);
  return { errors: new Float64Array(k.memory.buffer, layout.errors, end - start).slice(), sums };
}

/** max |w| of each filter of `length` weights, computed with SIMD in the kernel (which keeps the weights). */
export function kernelMaxAbsPerFilter(weights: Float32Array, length: number): Float64Array {
  const k = instance();
  const filters = weights.length / length;
  const out = align(tablesEnd + weights.length * 4);
  ensureMemory(k, out + filters * 8);
  uploadWeights(k, weights, tablesEnd);
  k.filterMaxAbs(tablesEnd, filters, length, out);
  return new Float64Array(k.memory.buffer, out, filters).slice();
}

/**
 * Forgets which weights the kernel holds. Uploads are reused by array identity, which is only safe while
 * nobody writes to the array: quantizeNetwork calls this when it starts and when it ends.
 */
export function forgetKernelWeights(): void {
  uploaded = undefined;
}

function uploadWeights(k: KernelExports, weights: Float32Array, at: number): void {
  if (uploaded?.weights === weights && uploaded.at === at) return;
  new Float32Array(k.memory.buffer, at, weights.length).set(weights);
  uploaded = { weights, at };
}

function instance(): KernelExports {
  if (kernel === undefined) {
    const bytes = Uint8Array.from(atob(SHIFT_SEARCH_WASM_BASE64), (c) => c.charCodeAt(0));
    const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    kernel = new wasm.Instance(new wasm.Module(bytes)).exports as KernelExports;
  }
  return kernel;
}

function upload(k: KernelExports, table: ShiftSetTable): UploadedTable {
  const known = tables.get(table);
  if (known !== undefined) return known;
  const count = table.sets.length;
  const stride = Math.ceil(count / 4) * 4;
  const cells = table.halfCells * stride;
  const nearest = tablesEnd;
  const patterns = align(nearest + cells * 4);
  const sets = align(patterns + cells * 2);
  tablesEnd = align(sets + count * table.bits);
  uploaded = undefined; // the layer buffers move up
  ensureMemory(k, tablesEnd);
  const buffer = k.memory.buffer;
  const levels = new Float32Array(buffer, nearest, cells);
  const codes = new Uint16Array(buffer, patterns, cells);
  for (let h = 0; h < table.halfCells; h++) {
    for (let c = 0; c < count; c++) {
      levels[h * stride + c] = table.nearest[h * count + c]!;
      codes[h * stride + c] = table.patterns[h * count + c]!;
    }
  }
  new Uint8Array(buffer, sets, count * table.bits).set(table.sets.flat());
  const result = { nearest, patterns, sets, count, stride, lastHalf: table.halfCells - 1 };
  tables.set(table, result);
  return result;
}

interface LayerLayout {
  readonly scratch: number;
  readonly steps: number;
  readonly errors: number;
  readonly weights: number;
  readonly reconstruction: number;
  readonly signs: number;
  readonly planes: number;
  readonly shifts: number;
  readonly end: number;
}

/** The layer's weights come first, so that they stay in place whatever else a call needs. */
function layoutLayer(ctx: LayerContext, sink: CodeSink | null, stride: number): LayerLayout {
  const n = ctx.weights.length;
  const weights = tablesEnd;
  const scratch = align(weights + n * 4);
  const steps = align(scratch + ctx.groupSize * 32 + stride * 4 + 16);
  const errors = align(steps + ctx.filters * 4);
  const reconstruction = align(errors + ctx.filters * 8);
  const signs = align(reconstruction + (sink === null ? 0 : n * 4));
  const planes = align(signs + (sink === null ? 0 : sink.code.signs.length));
  const shifts = align(planes + (sink === null ? 0 : sink.code.planes.length));
  const end = align(shifts + (sink === null ? 0 : sink.code.shifts.length));
  return { scratch, steps, errors, weights, reconstruction, signs, planes, shifts, end };
}

function copyOut(buffer: ArrayBuffer, layout: LayerLayout, sink: CodeSink): void {
  const { code, reconstruction } = sink;
  reconstruction.set(new Float32Array(buffer, layout.reconstruction, reconstruction.length));
  code.signs.set(new Uint8Array(buffer, layout.signs, code.signs.length));
  code.planes.set(new Uint8Array(buffer, layout.planes, code.planes.length));
  code.shifts.set(new Uint8Array(buffer, layout.shifts, code.shifts.length));
}

function ensureMemory(k: KernelExports, bytes: number): void {
  const missing = Math.ceil((bytes - k.memory.buffer.byteLength) / PAGE);
  if (missing > 0) k.memory.grow(missing);
}

function align(at: number): number {
  return Math.ceil(at / 16) * 16;
}
