import type { Readable } from 'node:stream';
import { detectFormat, type ModelFormat, type SingleFileFormat } from '@swis-dse/models';
import { ApiError } from './errors.js';

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

/**
 * The upload's format: given, else from the file name's extension, else from its first bytes. TFJS is
 * refused: a model.json needs its separate weight shards.
 */
export function uploadFormat(name: string, bytes: Uint8Array, given?: ModelFormat): SingleFileFormat {
  const format = given ?? detectFormat(name, bytes);
  if (format === 'tfjs') {
    throw new ApiError(
      'SWIS_ERR_API_UNSUPPORTED_MEDIA_TYPE',
      'TFJS models (model.json plus weight shards) cannot be uploaded as one file; accepted formats: onnx, safetensors, npy',
      [{ path: 'format', message: 'tfjs is not accepted for upload; use onnx, safetensors or npy' }],
    );
  }
  return format;
}
