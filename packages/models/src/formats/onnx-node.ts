import type { onnx } from 'onnx-proto';
import { ModelError, type ModelLocation } from '../errors.js';

/** An int64 as protobufjs decodes it: a number, or a Long when the long package is installed. */
export type Int64 = number | { toNumber(): number };

/** An int64 field as a number; values past 2^53 lose precision and are caught by later range checks. */
export function toNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** How error messages name a node: its op type and name, or its position when it has no name. */
export function nodeLabel(node: onnx.INodeProto, index: number): string {
  return node.name ? `${node.opType} ${node.name}` : `${node.opType} #${index}`;
}

/** The node's input at `index`, or '' when the optional input is absent. */
export function inputName(node: onnx.INodeProto, index: number): string {
  return node.input?.[index] ?? '';
}

function find(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return node.attribute?.find((a) => a.name === name);
}

/** An INT attribute, or `fallback` when the node does not set it. */
export function intAttr(node: onnx.INodeProto, name: string, fallback: number): number {
  const attr = find(node, name);
  return attr ? toNumber(attr.i) : fallback;
}

/** A FLOAT attribute, or `fallback` when the node does not set it. */
export function floatAttr(node: onnx.INodeProto, name: string, fallback: number): number {
  const attr = find(node, name);
  return attr ? (attr.f ?? fallback) : fallback;
}

/** An INTS attribute, or undefined when the node does not set it. */
export function intsAttr(node: onnx.INodeProto, name: string): number[] | undefined {
  const attr = find(node, name);
  return attr ? (attr.ints ?? []).map(toNumber) : undefined;
}

/** A FLOATS attribute, or undefined when the node does not set it. */
export function floatsAttr(node: onnx.INodeProto, name: string): number[] | undefined {
  const attr = find(node, name);
  return attr ? [...(attr.floats ?? [])] : undefined;
}

/** A STRING attribute decoded as UTF-8, or `fallback` when the node does not set it. */
export function stringAttr(node: onnx.INodeProto, name: string, fallback: string): string {
  const attr = find(node, name);
  return attr?.s ? new TextDecoder().decode(attr.s) : fallback;
}

/** True when the node sets attribute `name` at all. */
export function hasAttr(node: onnx.INodeProto, name: string): boolean {
  return find(node, name) !== undefined;
}

/**
 * An INTS attribute of `length` integers each at least `min`, or `fallback` when absent.
 * @throws ModelError SWIS_ERR_MODEL_FORMAT naming the node when the attribute is malformed.
 */
export function checkedInts(
  node: onnx.INodeProto,
  name: string,
  length: number,
  min: number,
  fallback: number,
  location: ModelLocation,
): number[] {
  const values = intsAttr(node, name) ?? new Array<number>(length).fill(fallback);
  if (values.length !== length || !values.every((v) => Number.isSafeInteger(v) && v >= min)) {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      location,
      `attribute ${name} [${values.join(', ')}] is not ${length} integers >= ${min}`,
    );
  }
  return values;
}
