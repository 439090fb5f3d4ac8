import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { detectFormat, type ModelFormat, readNpy, readOnnx, readSafetensors } from '@swis-dse/models';
import type { Network } from '@swis-dse/swis-core';
import { ApiError } from './errors.js';

/** Formats an upload may have; TFJS is refused (a model.json needs its separate weight shards). */
export const UPLOAD_FORMATS = ['onnx', 'safetensors', 'npy'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

const EXTENSIONS: Readonly<Record<string, ModelFormat>> = {
  '.onnx': 'onnx',
  '.safetensors': 'safetensors',
  '.npy': 'npy',
  '.json': 'tfjs',
};

function tooLarge(limit: number): ApiError {
  return new ApiError('SWIS_ERR_API_PAYLOAD_TOO_LARGE', `the model file is over the limit of ${limit} bytes`);
}

/** Reads `stream` to its end; throws 413 as soon as it passes `limit` bytes. */
export async function readLimited(stream: Readable, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) {
      stream.destroy();
      throw tooLarge(limit);
    }
    chunks.push(buffer);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** Multipart framing (boundaries, part headers) allowed on top of the file itself, in bytes. */
const MULTIPART_SLACK_BYTES = 64 * 1024;

/** Throws 413 when a declared Content-Length already passes `limit` (plus multipart framing). */
export function checkDeclaredLength(header: string | undefined, limit: number): void {
  if (header !== undefined && Number(header) > limit + MULTIPART_SLACK_BYTES) throw tooLarge(limit);
}

/** The upload's format: given, else from the file name's extension, else from its first bytes. */
export function uploadFormat(name: string, bytes: Uint8Array, given?: ModelFormat): UploadFormat {
  const format = given ?? EXTENSIONS[extname(name).toLowerCase()] ?? detectFormat(name, bytes);
  if (format === 'tfjs') {
    throw new ApiError(
      'SWIS_ERR_API_UNSUPPORTED_MEDIA_TYPE',
      'TFJS models (model.json plus weight shards) cannot be uploaded as one file; accepted formats: onnx, safetensors, npy',
      [{ path: 'format', message: 'tfjs is not accepted for upload; use onnx, safetensors or npy' }],
    );
  }
  return format;
}

/**
 * Parses the upload with the format's reader, which is the validation: a ModelError (naming the file
 * and the tensor or op) becomes a 400.
 */
export function parseUpload(bytes: Uint8Array, name: string, format: UploadFormat): Network {
  switch (format) {
    case 'onnx':
      return readOnnx(bytes, name);
    case 'safetensors':
      return readSafetensors(bytes, name);
    case 'npy':
      return readNpy(bytes, name);
  }
}
