import type { CodeSink } from '../code-writer.js';
import type { LayerContext } from '../layer-context.js';
import type { ShiftSetTable } from '../shift-set-table.js';
import { SHIFT_SEARCH_WASM_BASE64 } from './shift-search.wasm.js';

/**
 * The WebAssembly shift-set search (source: packages/swis-core/assembly/shift-search.ts). This file lays out
 * its linear memory: the uploaded tables first, then one layer's buffers. The module is instantiated once,
 * on first use, and keeps its memory between calls so a layer's weights are copied in only once.
 */
interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly quantizeFilters: (...args: number[]) => void;
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

/**
 * Quantizes filters [start, end) with the kernel, each at its N (bits[f]) and step (steps[f]), with the
 * table of each N from `tableFor`. Returns their squared errors (weight units). With a sink (only for the
 * whole layer) it also writes codes and reconstructions into it.
 */
export function runShiftSetKernel(
  ctx: LayerContext,
  start: number,
  end: number,
  bits: Uint8Array,
  steps: Float32Array,
  tableFor: (bits: number) => ShiftSetTable,
  sink: CodeSink | null,
): Float64Array {
  const k = instance();
  const used = new Map<number, UploadedTable>();
  for (let f = start; f < end; f++)
    if (!used.has(bits[f]!)) used.set(bits[f]!, upload(k, tableFor(bits[f]!)));
  const layout = layoutLayer(ctx, sink, Math.max(...[...used.values()].map((t) => t.stride)));
  ensureMemory(k, layout.end);
  const buffer = k.memory.buffer;
  if (uploaded?.weights !== ctx.weights || uploaded.at !== layout.weights) {
    new Float32Array(buffer, layout.weights, ctx.weights.length).set(ctx.weights);
    uploaded = { weights: ctx.weights, at: layout.weights };
  }
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
  }
  if (sink !== null) copyOut(k.memory.buffer, layout, sink);
  return new Float64Array(k.memory.buffer, layout.errors, end - start).slice();
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

function layoutLayer(ctx: LayerContext, sink: CodeSink | null, stride: number): LayerLayout {
  const n = ctx.weights.length;
  const scratch = tablesEnd;
  const steps = align(scratch + ctx.groupSize * 12 + stride * 4 + 16);
  const errors = align(steps + ctx.filters * 4);
  const weights = align(errors + ctx.filters * 8);
  const reconstruction = align(weights + n * 4);
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
