/**
 * The weightsManifest of a TensorFlow.js model: where each tensor sits in the shard bytes and how to decode
 * it (float32, int32, raw uint8, float16, or uint8 / uint16 affine-quantized as value = q * scale + min).
 */
import { ModelError, type ModelLocation } from '../errors.js';
import { checkFinite, type ReadOptions } from '../read-options.js';
import { halfToFloat } from './float-decode.js';
import { asArray, asIntArray, asNumber, asObject, asString } from './tfjs-json.js';
import { WeightBudget } from './weight-budget.js';

/** How a tensor's elements are stored in the shards. */
type Storage = 'float32' | 'int32' | 'uint8' | 'uint16' | 'float16' | 'bool';

/** Storage formats that quantize a float tensor; counted so the importer can report what it decoded. */
export type QuantizedStorage = 'uint8' | 'uint16' | 'float16';

const BYTES: Readonly<Record<Storage, number>> = {
  float32: 4,
  int32: 4,
  uint8: 1,
  uint16: 2,
  float16: 2,
  bool: 1,
};

interface TensorEntry {
  readonly shape: readonly number[];
  readonly storage: Storage;
  /** Affine dequantization; identity for unquantized storage. */
  readonly scale: number;
  readonly min: number;
  readonly quantized: QuantizedStorage | null;
  readonly count: number;
  readonly offset: number;
}

function isStorage(dtype: string): dtype is Storage {
  return Object.hasOwn(BYTES, dtype);
}

/** The tensors of one model, decoded on demand from the concatenated shard bytes. */
export class TfjsWeights {
  private readonly entries = new Map<string, TensorEntry>();
  private readonly bytes: Uint8Array;
  private readonly quantizedReads: Record<QuantizedStorage, number> = { uint8: 0, uint16: 0, float16: 0 };

  /**
   * Lays out every tensor of `manifest` over `shards` (the shard files' bytes in manifest order). Checks
   * declared sizes before anything is allocated, and that the shards hold exactly the declared bytes.
   */
  constructor(
    manifest: unknown,
    shards: readonly Uint8Array[],
    private readonly file: string,
    options: ReadOptions = {},
  ) {
    const budget = new WeightBudget(options);
    const layout: [string, TensorEntry][] = [];
    let offset = 0;
    for (const [g, group] of asArray(manifest, { file }, 'weightsManifest').entries()) {
      const groupWhat = `weightsManifest[${g}]`;
      const weights = asArray(asObject(group, { file }, groupWhat).weights, { file }, `${groupWhat}.weights`);
      for (const [w, raw] of weights.entries()) {
        const spec = asObject(raw, { file }, `${groupWhat}.weights[${w}]`);
        const name = asString(spec.name, { file }, `${groupWhat}.weights[${w}].name`);
        const entry = parseEntry(spec, offset, { file, tensor: name }, budget);
        offset += byteLength(entry);
        layout.push([name, entry]);
        if (!this.entries.has(name)) this.entries.set(name, entry);
      }
    }
    this.bytes = concatenate(shards);
    if (this.bytes.length < offset) {
      const [name, entry] = layout.find(([, e]) => e.offset + byteLength(e) > this.bytes.length)!;
      throw new ModelError(
        'SWIS_ERR_MODEL_FORMAT',
        { file, tensor: name },
        `shards are truncated: the tensor needs bytes ${entry.offset}..${entry.offset + byteLength(entry)} but the shards hold ${this.bytes.length}`,
      );
    }
    if (this.bytes.length > offset) {
      throw new ModelError(
        'SWIS_ERR_MODEL_FORMAT',
        { file },
        `shards hold ${this.bytes.length} bytes but the weights manifest declares ${offset}`,
      );
    }
  }

  /** Declared shape of a tensor, or undefined when the manifest has none of that name. */
  shape(name: string): readonly number[] | undefined {
    return this.entries.get(name)?.shape;
  }

  /** Every tensor name, in manifest order. */
  names(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** A tensor's values as float32, dequantized; throws SWIS_ERR_MODEL_WEIGHTS on NaN or Inf. */
  floats(name: string, op?: string): Float32Array {
    const entry = this.entry(name, op);
    const read = reader(entry, this.bytes);
    const values = new Float32Array(entry.count);
    for (let i = 0; i < values.length; i++) values[i] = read(i);
    checkFinite(values, { file: this.file, tensor: name, op });
    if (entry.quantized !== null) this.quantizedReads[entry.quantized]++;
    return values;
  }

  /** A small integer tensor (shapes, axes, paddings) as plain numbers; throws SWIS_ERR_MODEL_WEIGHTS otherwise. */
  ints(name: string, op?: string): number[] {
    const entry = this.entry(name, op);
    const read = reader(entry, this.bytes);
    const values = Array.from({ length: entry.count }, (_, i) => Math.round(read(i)));
    const bad = values.find((v) => !Number.isSafeInteger(v));
    if (bad !== undefined) {
      throw new ModelError(
        'SWIS_ERR_MODEL_WEIGHTS',
        { file: this.file, tensor: name, op },
        `${bad} is not an integer`,
      );
    }
    return values;
  }

  /** How many tensors read through {@link floats} were stored in each quantized format. */
  quantizedCounts(): Readonly<Record<QuantizedStorage, number>> {
    return { ...this.quantizedReads };
  }

  private entry(name: string, op: string | undefined): TensorEntry {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      throw new ModelError(
        'SWIS_ERR_MODEL_FORMAT',
        { file: this.file, tensor: name, op },
        'the weights manifest has no such tensor',
      );
    }
    return entry;
  }
}

function parseEntry(
  spec: Readonly<Record<string, unknown>>,
  offset: number,
  location: ModelLocation,
  budget: WeightBudget,
): TensorEntry {
  const shape = asIntArray(spec.shape, location, 'shape');
  const count = budget.take(shape, location);
  const dtype = asString(spec.dtype, location, 'dtype');
  if (spec.quantization === undefined) {
    if (!isStorage(dtype)) {
      throw new ModelError('SWIS_ERR_MODEL_WEIGHTS', location, `unsupported dtype ${dtype}`);
    }
    const quantized = dtype === 'float16' ? 'float16' : null;
    return { shape, storage: dtype, scale: 1, min: 0, quantized, count, offset };
  }
  const q = asObject(spec.quantization, location, 'quantization');
  const storage = asString(q.dtype, location, 'quantization.dtype');
  if (storage === 'float16') return { shape, storage, scale: 1, min: 0, quantized: storage, count, offset };
  if (storage !== 'uint8' && storage !== 'uint16') {
    throw new ModelError('SWIS_ERR_MODEL_WEIGHTS', location, `unsupported quantization dtype ${storage}`);
  }
  const scale = asNumber(q.scale, location, 'quantization.scale');
  const min = asNumber(q.min, location, 'quantization.min');
  return { shape, storage, scale, min, quantized: storage, count, offset };
}

function byteLength(entry: TensorEntry): number {
  return entry.count * BYTES[entry.storage];
}

/** Element i of a tensor, decoded and dequantized, read little-endian whatever the shard alignment. */
function reader(entry: TensorEntry, bytes: Uint8Array): (i: number) => number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + entry.offset, byteLength(entry));
  const { scale, min } = entry;
  switch (entry.storage) {
    case 'float32':
      return (i) => view.getFloat32(i * 4, true);
    case 'int32':
      return (i) => view.getInt32(i * 4, true);
    case 'uint8':
    case 'bool':
      return (i) => view.getUint8(i) * scale + min;
    case 'uint16':
      return (i) => view.getUint16(i * 2, true) * scale + min;
    case 'float16':
      return (i) => halfToFloat(view.getUint16(i * 2, true));
  }
}

function concatenate(shards: readonly Uint8Array[]): Uint8Array {
  if (shards.length === 1) return shards[0]!;
  const out = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const shard of shards) {
    out.set(shard, at);
    at += shard.length;
  }
  return out;
}
