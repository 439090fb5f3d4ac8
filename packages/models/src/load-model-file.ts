import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { Network } from '@swis-dse/swis-core';
import { ModelError } from './errors.js';
import { readNpy } from './formats/npy.js';
import { readOnnx } from './formats/onnx.js';
import { readSafetensors } from './formats/safetensors.js';
import { readTfjs } from './formats/tfjs.js';
import type { ReadOptions } from './read-options.js';

/** The file formats a user's model can come in. */
export type ModelFormat = 'onnx' | 'safetensors' | 'npy' | 'tfjs';

/** The formats whose model is one file (TFJS needs its weight shards beside model.json). */
export type SingleFileFormat = Exclude<ModelFormat, 'tfjs'>;
export const SINGLE_FILE_FORMATS: readonly SingleFileFormat[] = ['onnx', 'safetensors', 'npy'];

export interface LoadFileOptions extends ReadOptions {
  /** Largest file (or TFJS model.json plus shards) accepted, in bytes. @defaultValue 1 GiB */
  readonly maxFileBytes?: number;
  /** Read the file as this format instead of detecting it from the extension and first bytes. */
  readonly format?: ModelFormat;
}

const DEFAULT_MAX_FILE_BYTES = 2 ** 30;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Reads a model file: ONNX, safetensors, a single-tensor .npy, or a TFJS model.json with its shards next to
 * it. The format comes from the extension, else from the first bytes.
 * @throws ModelError naming the file (and tensor or op) for missing, oversized or malformed files.
 */
export async function loadModelFile(path: string, options: LoadFileOptions = {}): Promise<Network> {
  const bytes = await readLimited(path, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const format = options.format ?? detectFormat(path, bytes);
  if (format === 'tfjs') return readTfjsFiles(path, bytes, options);
  return readModelBytes(bytes, path, format, options);
}

/**
 * Reads a one-file model already in memory (an upload, a database row) with its format's reader; `name`
 * names it in errors.
 * @throws ModelError naming the file (and tensor or op) for malformed bytes.
 */
export function readModelBytes(
  bytes: Uint8Array,
  name: string,
  format: SingleFileFormat,
  options: ReadOptions = {},
): Network {
  switch (format) {
    case 'npy':
      return readNpy(bytes, name, options);
    case 'safetensors':
      return readSafetensors(bytes, name, options);
    case 'onnx':
      return readOnnx(bytes, name, options);
  }
}

/** The format of a model file, from its extension or, failing that, its first bytes. */
export function detectFormat(path: string, bytes: Uint8Array): ModelFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.npy') return 'npy';
  if (extension === '.safetensors') return 'safetensors';
  if (extension === '.onnx') return 'onnx';
  if (extension === '.json') return 'tfjs';
  if (NPY_MAGIC.every((b, i) => bytes[i] === b)) return 'npy';
  if (isSafetensors(bytes)) return 'safetensors';
  if (bytes[0] === 0x7b) return 'tfjs'; // '{'
  if (bytes[0] === 0x08) return 'onnx'; // protobuf field 1 (ir_version), varint
  throw new ModelError(
    'SWIS_ERR_MODEL_FORMAT',
    { file: path },
    'unrecognized model format (expected .onnx, .safetensors, .npy, or a TFJS model.json)',
  );
}

/**
 * An 8-byte little-endian header length that fits the file, then '{'. Checked before JSON's leading '{': a
 * header length whose low byte is 0x7b (123, 379, ...) would otherwise read as a TFJS model.json.
 */
function isSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 9 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getBigUint64(0, true) <= BigInt(bytes.length - 8);
}

async function readTfjsFiles(path: string, bytes: Uint8Array, options: LoadFileOptions): Promise<Network> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file: path },
      `is not valid JSON (${(error as Error).message})`,
    );
  }
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let used = bytes.length;
  const shards: Uint8Array[] = [];
  for (const shard of shardPaths(json)) {
    if (shard.split(/[\\/]/).includes('..')) {
      throw new ModelError(
        'SWIS_ERR_MODEL_FORMAT',
        { file: path },
        `weight shard path '${shard}' leaves the model's directory`,
      );
    }
    const shardBytes = await readLimited(join(dirname(path), shard), limit, used);
    used += shardBytes.length;
    shards.push(shardBytes);
  }
  return readTfjs(json, shards, path, options);
}

/** Shard file names listed in a TFJS manifest; malformed manifests are left for readTfjs to report. */
function shardPaths(json: unknown): string[] {
  const manifest = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) return [];
  return manifest.flatMap((group) => {
    const paths = (group as { paths?: unknown } | null)?.paths;
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  });
}

/** Reads a regular file after checking that it and the `used` bytes already read fit in `maxBytes`. */
async function readLimited(path: string, maxBytes: number, used = 0): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file: path }, 'is not a regular file');
    if (used + info.size > maxBytes) {
      const earlier = used > 0 ? ` (after ${used} bytes of model.json and earlier shards)` : '';
      throw new ModelError(
        'SWIS_ERR_MODEL_LIMIT',
        { file: path },
        `is ${info.size} bytes${earlier}, over the limit of ${maxBytes}`,
      );
    }
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if (error instanceof ModelError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file: path }, detail);
  }
}
