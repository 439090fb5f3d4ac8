/**
 * Checked access to the untyped JSON of a TensorFlow.js model.json: every mismatch becomes a
 * SWIS_ERR_MODEL_FORMAT ModelError naming the file and the offending field, never a TypeError.
 */
import { ModelError, type ModelLocation } from '../errors.js';

export type JsonObject = Readonly<Record<string, unknown>>;

function fail(location: ModelLocation, what: string, expected: string, value: unknown): never {
  const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
  throw new ModelError('SWIS_ERR_MODEL_FORMAT', location, `${what} should be ${expected}, got ${got}`);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, location: ModelLocation, what: string): JsonObject {
  if (!isObject(value)) fail(location, what, 'an object', value);
  return value;
}

export function asArray(value: unknown, location: ModelLocation, what: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(location, what, 'an array', value);
  return value;
}

export function asString(value: unknown, location: ModelLocation, what: string): string {
  if (typeof value !== 'string') fail(location, what, 'a string', value);
  return value;
}

export function asNumber(value: unknown, location: ModelLocation, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(location, what, 'a finite number', value);
  return value;
}

/** An integer, or a decimal string of one (graph-model attributes store int64 as strings). */
export function asInt(value: unknown, location: ModelLocation, what: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) fail(location, what, 'an integer', value);
  return n;
}

export function asIntArray(value: unknown, location: ModelLocation, what: string): number[] {
  return asArray(value, location, what).map((v, i) => asInt(v, location, `${what}[${i}]`));
}
