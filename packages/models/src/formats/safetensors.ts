import type { LayerInput, Network } from '@swis-dse/swis-core';
import { ModelError, type ModelLocation } from '../errors.js';
import { checkFinite, type ReadOptions } from '../read-options.js';
import { baseName, stemName } from './file-name.js';
import { decodeFloats, type FloatEncoding } from './float-decode.js';
import { finishNetwork } from './network-result.js';
import { parseSafetensorsHeader, type SafetensorsEntry } from './safetensors-header.js';
import { layerFromTensor } from './tensor-layer.js';
import { WeightBudget } from './weight-budget.js';

const FLOAT_DTYPES: Readonly<Record<string, FloatEncoding>> = {
  F16: 'f16',
  BF16: 'bf16',
  F32: 'f32',
  F64: 'f64',
};

/** Bytes per element of every fixed-width safetensors dtype, to check each tensor's byte range. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  U16: 2,
  I16: 2,
  F16: 2,
  BF16: 2,
  U32: 4,
  I32: 4,
  F32: 4,
  U64: 8,
  I64: 8,
  F64: 8,
  C64: 8,
};

/**
 * Reads a safetensors file. 4-D tensors become conv layers (PyTorch layout [K, C, R, S]) and 2-D tensors
 * dense layers ([out, in]), in the order of their data offsets, which exporters write in module order and
 * so stands in for execution order. 0-D and 1-D tensors (biases, batch-norm statistics) are skipped, as are
 * other ranks (noted in metadata.notes). A 4-D tensor with one input channel is depthwise when its name
 * has a `dw` or `depthwise` component, or when `__metadata__` maps the tensor name to `depthwise` or `dw`.
 * The file holds no graph, so every layer has stride 1, no padding and an unknown input size.
 *
 * @throws ModelError naming the file and tensor for a malformed header, out-of-range or overlapping data,
 * a weight tensor that is not F16/BF16/F32/F64, non-finite weights or more weights than options.maxWeights.
 */
export function readSafetensors(bytes: Uint8Array, file: string, options: ReadOptions = {}): Network {
  const { entries, metadata, dataStart } = parseSafetensorsHeader(bytes, file);
  const budget = new WeightBudget(options);
  const weights: { entry: SafetensorsEntry; count: number }[] = [];
  const notes: string[] = [];
  let previous: SafetensorsEntry | undefined;
  for (const entry of entries) {
    const location: ModelLocation = { file, tensor: entry.name };
    if (previous !== undefined && entry.begin < previous.end) {
      throw new ModelError('SWIS_ERR_MODEL_FORMAT', location, `data overlaps tensor ${previous.name}`);
    }
    previous = entry;
    const rank = entry.shape.length;
    if (rank === 2 || rank === 4) {
      if (FLOAT_DTYPES[entry.dtype] === undefined) {
        throw new ModelError(
          'SWIS_ERR_MODEL_WEIGHTS',
          location,
          `dtype ${entry.dtype} of a ${rank}-D weight tensor is not F16, BF16, F32 or F64`,
        );
      }
      weights.push({ entry, count: budget.take(entry.shape, location) });
    } else if (rank > 1) {
      notes.push(`skipped ${rank}-D tensor ${entry.name}: neither conv nor dense weights`);
    }
    checkByteLength(entry, location);
  }
  const layers: LayerInput[] = weights.map(({ entry, count }) => {
    const location: ModelLocation = { file, tensor: entry.name };
    const data = bytes.subarray(dataStart + entry.begin, dataStart + entry.end);
    const values = decodeFloats(data, FLOAT_DTYPES[entry.dtype]!, true, count);
    checkFinite(values, location);
    return layerFromTensor(entry.name, entry.shape, values, isDepthwise(entry.name, metadata), file);
  });
  return finishNetwork(
    { name: stemName(file), layers, metadata: { source: `safetensors file ${baseName(file)}`, notes } },
    file,
  );
}

/** The data range must hold exactly the declared elements; dtypes of unknown width are left unchecked. */
function checkByteLength(entry: SafetensorsEntry, location: ModelLocation): void {
  const width = DTYPE_BYTES[entry.dtype];
  if (width === undefined) return;
  const expected = entry.shape.reduce((a, b) => a * b, width);
  if (entry.end - entry.begin !== expected) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      location,
      `data_offsets span ${entry.end - entry.begin} bytes but ${entry.dtype} [${entry.shape.join(', ')}] needs ${expected}`,
    );
  }
}

function isDepthwise(name: string, metadata: ReadonlyMap<string, string>): boolean {
  const hint = metadata.get(name)?.toLowerCase();
  if (hint === 'depthwise' || hint === 'dw') return true;
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((part) => part === 'dw' || part.includes('depthwise'));
}
