/** Decoding of Keras layer configs and wiring as TensorFlow.js layers models store them. */
import { ModelError, type ModelLocation } from '../errors.js';
import type { ReadOptions } from '../read-options.js';
import type { Padding } from '../spatial.js';
import { type Dims, withInputSize } from './tfjs-dims.js';
import { asArray, asInt, asIntArray, asObject, asString, isObject, type JsonObject } from './tfjs-json.js';
import type { TfjsWeights } from './tfjs-weights.js';

/** One entry of a Keras topology's layer list: the whole entry, its class, its config and its name. */
export interface KerasLayerEntry {
  readonly entry: JsonObject;
  readonly cls: string;
  readonly cfg: JsonObject;
  readonly name: string;
}

/** Decodes entry `i` of a Keras topology's layer list, naming the entry in every error. */
export function kerasLayerEntry(raw: unknown, i: number, file: string): KerasLayerEntry {
  const entry = asObject(raw, { file }, `layers[${i}]`);
  const cls = asString(entry.class_name, { file }, `layers[${i}].class_name`);
  const cfg = asObject(entry.config, { file }, `layers[${i}].config`);
  const name = asString(entry.name ?? cfg.name, { file }, `layers[${i}].name`);
  return { entry, cls, cfg, name };
}

/**
 * The manifest name of a layer's weight: `<layer>/<param>`, or the one name ending in `/<layer>/<param>`
 * when the converter prefixed it with a scope.
 */
export function weightName(weights: TfjsWeights, layer: string, param: string): string {
  const exact = `${layer}/${param}`;
  if (weights.shape(exact) !== undefined) return exact;
  const scoped = [...weights.names()].filter((n) => n.endsWith(`/${exact}`));
  return scoped.length === 1 ? scoped[0]! : exact;
}

/** Activation dims from a Keras batch shape [batch, h, w, c]; unknown h / w fall back to options.inputSize. */
export function inputDims(batchShape: unknown, options: ReadOptions, location: ModelLocation): Dims {
  const dims = asArray(batchShape, location, 'batch_input_shape').map((d, i) =>
    d === null ? null : asInt(d, location, `batch_input_shape[${i}]`),
  );
  return withInputSize(dims.slice(1), options);
}

/** Names of the layers feeding this one (Keras 2 nested lists or Keras 3 keras_history objects). */
export function inboundNames(inbound: unknown, location: ModelLocation): string[] {
  const nodes = inbound === undefined ? [] : asArray(inbound, location, 'inbound_nodes');
  if (nodes.length > 1) {
    throw new ModelError(
      'SWIS_ERR_MODEL_OP',
      location,
      `a layer shared by ${nodes.length} calls is not supported`,
    );
  }
  const names: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (typeof value[0] === 'string' && typeof value[1] === 'number') names.push(value[0]);
      else for (const v of value) collect(v);
    } else if (isObject(value)) {
      const history = isObject(value.config) ? value.config.keras_history : undefined;
      if (Array.isArray(history) && typeof history[0] === 'string') names.push(history[0]);
      else for (const v of Object.values(value)) collect(v);
    }
  };
  collect(nodes[0]);
  return names;
}

/** A Keras int-or-pair config value (kernel_size, strides, ...) as a pair. */
export function pair(value: unknown, location: ModelLocation, what: string): [number, number] {
  if (!Array.isArray(value)) {
    const n = asInt(value, location, what);
    return [n, n];
  }
  const [a, b] = asIntArray(value, location, what);
  if (a === undefined || b === undefined || value.length !== 2) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', location, `${what} should hold 2 values`);
  }
  return [a, b];
}

/** A Keras `padding` of 'valid' or 'same'. */
export function paddingMode(value: unknown, location: ModelLocation): 'valid' | 'same' {
  const mode = asString(value, location, 'padding');
  if (mode === 'valid' || mode === 'same') return mode;
  throw new ModelError('SWIS_ERR_MODEL_OP', location, `padding ${mode}`);
}

/** ZeroPadding2D's `padding` (n, [h, w] or [[top, bottom], [left, right]]) as [top, left, bottom, right]. */
export function zeroPadding(value: unknown, location: ModelLocation): Padding {
  if (Array.isArray(value) && value.every(Array.isArray)) {
    const [top, bottom] = pair(value[0], location, 'padding[0]');
    const [left, right] = pair(value[1], location, 'padding[1]');
    return [top, left, bottom, right];
  }
  const [h, w] = pair(value, location, 'padding');
  return [h, w, h, w];
}
