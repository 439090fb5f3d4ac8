import { ModelError } from '../errors.js';

/** One tensor declared in a safetensors header; begin and end are byte offsets into the data section. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** A parsed header: tensors sorted by data offset, the string metadata and where the data section starts. */
export interface SafetensorsHeader {
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: ReadonlyMap<string, string>;
  readonly dataStart: number;
}

/**
 * Parses the 8-byte little-endian header length and the JSON header of a safetensors file and checks that
 * every tensor's shape is made of non-negative integers and its data range lies inside the file.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, file: string): SafetensorsHeader {
  if (bytes.length < 8) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      `is ${bytes.length} bytes, too short for a safetensors header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(bytes.length - 8)) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      `declares a ${length}-byte header but the file has only ${bytes.length - 8} bytes after the length`,
    );
  }
  const dataStart = 8 + Number(length);
  const json = parseJson(bytes.subarray(8, dataStart), file);
  const dataLength = bytes.length - dataStart;
  const entries: SafetensorsEntry[] = [];
  let metadata = new Map<string, string>();
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') metadata = parseMetadata(value, file);
    else entries.push(parseEntry(name, value, dataLength, file));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  return { entries, metadata, dataStart };
}

function parseJson(bytes: Uint8Array, file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file },
      `safetensors header is not UTF-8 JSON: ${String(error)}`,
    );
  }
  if (!isRecord(json))
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'safetensors header is not a JSON object');
  return json;
}

function parseMetadata(value: unknown, file: string): Map<string, string> {
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, '__metadata__ is not an object of strings');
  }
  return new Map(Object.entries(value as Record<string, string>));
}

function parseEntry(name: string, value: unknown, dataLength: number, file: string): SafetensorsEntry {
  const fail = (detail: string): never => {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file, tensor: name }, detail);
  };
  if (!isRecord(value)) return fail('header entry is not an object');
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') return fail('has no string dtype');
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    return fail(`shape ${preview(shape)} is not a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail(`data_offsets ${preview(offsets)} is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    return fail(`data_offsets [${begin}, ${end}] lie outside the ${dataLength}-byte data section`);
  }
  return { name, dtype, shape, begin, end };
}

/** Longest JSON excerpt of a bad header value quoted in an error message, in characters. */
const PREVIEW_CHARS = 80;

/**
 * A short JSON excerpt of a header value for an error message. JSON.stringify recurses, so a value
 * nested deeper than the stack (JSON.parse itself does not recurse) is described instead of quoted.
 */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    return '(a value nested too deeply to show)';
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}...` : text;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
