/**
 * Nodes of a TensorFlow.js graph model: their parsing, dependency order, and attributes as the converter
 * writes them (AttrValue protos in JSON, strings base64-encoded, int64 values as decimal strings).
 */
import { ModelError, type ModelLocation } from '../errors.js';
import type { Padding } from '../spatial.js';
import type { Dims, WindowPadding } from './tfjs-dims.js';
import { asArray, asInt, asIntArray, asObject, asString, isObject, type JsonObject } from './tfjs-json.js';

/** One node of the graph, its data inputs (control inputs and output indices stripped) and attributes. */
export interface GraphNode {
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly attr: JsonObject;
  readonly location: ModelLocation;
}

/** Parses `modelTopology.node`. */
export function parseNodes(nodes: unknown, file: string): GraphNode[] {
  return asArray(nodes, { file }, 'modelTopology.node').map((raw, i) => {
    const node = asObject(raw, { file }, `node[${i}]`);
    const name = asString(node.name, { file }, `node[${i}].name`);
    const location = { file, op: name };
    const inputs = node.input === undefined ? [] : asArray(node.input, location, 'input');
    return {
      name,
      op: asString(node.op, location, 'op'),
      inputs: inputs
        .map((input) => asString(input, location, 'input'))
        .filter((input) => !input.startsWith('^'))
        .map((input) => input.replace(/:\d+$/, '')),
      attr: node.attr === undefined ? {} : asObject(node.attr, location, 'attr'),
      location,
    };
  });
}

function value(node: GraphNode, key: string): JsonObject | undefined {
  const v = node.attr[key];
  return v === undefined ? undefined : asObject(v, node.location, `attr ${key}`);
}

function decode(base64: unknown, node: GraphNode, key: string): string {
  return Buffer.from(asString(base64, node.location, `attr ${key}`), 'base64').toString('utf8');
}

/** A string attribute, or undefined when absent. */
export function attrString(node: GraphNode, key: string): string | undefined {
  const v = value(node, key);
  return v?.s === undefined ? undefined : decode(v.s, node, key);
}

/** A bool attribute; false when absent. */
export function attrBool(node: GraphNode, key: string): boolean {
  return value(node, key)?.b === true;
}

/** An int-list attribute, or undefined when absent. */
export function attrInts(node: GraphNode, key: string): number[] | undefined {
  const list = value(node, key)?.list;
  if (list === undefined) return undefined;
  const ints = asObject(list, node.location, `attr ${key}`).i;
  return ints === undefined ? [] : asIntArray(ints, node.location, `attr ${key}`);
}

/** A shape attribute as dims including the batch axis (unknown extents as null), or null when absent. */
export function attrShape(node: GraphNode, key: string): Dims {
  const shape = value(node, key)?.shape;
  if (!isObject(shape) || shape.unknownRank === true) return null;
  const dims = shape.dim === undefined ? [] : asArray(shape.dim, node.location, `attr ${key}`);
  return dims.map((d) => {
    const size = asInt(asObject(d, node.location, `attr ${key}`).size, node.location, `attr ${key} size`);
    return size < 0 ? null : size;
  });
}

/** [h, w] of an NHWC 4-vector attribute (strides, dilations, ksize); 1 x 1 when absent. */
export function attrHw(node: GraphNode, key: string): [number, number] {
  const v = attrInts(node, key);
  if (v === undefined || v.length === 0) return [1, 1];
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1) {
    throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `${node.op} with ${key} [${v.join(', ')}]`);
  }
  return [v[1]!, v[2]!];
}

/** The `padding` attribute: SAME, VALID, or EXPLICIT with `explicit_paddings` as [top, left, bottom, right]. */
export function attrPadding(node: GraphNode): WindowPadding {
  const mode = attrString(node, 'padding');
  if (mode === 'SAME') return 'same';
  if (mode === 'VALID') return 'valid';
  if (mode === 'EXPLICIT') {
    const p = attrInts(node, 'explicit_paddings') ?? [];
    if (p.length !== 8) {
      throw new ModelError('SWIS_ERR_MODEL_FORMAT', node.location, 'explicit_paddings should hold 8 values');
    }
    return [p[2]!, p[4]!, p[3]!, p[5]!] satisfies Padding;
  }
  throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `${node.op} with padding ${mode}`);
}

/** Throws unless the node works on NHWC data (the default when data_format is absent). */
export function requireNhwc(node: GraphNode): void {
  const format = attrString(node, 'data_format') ?? 'NHWC';
  if (format !== 'NHWC') {
    throw new ModelError('SWIS_ERR_MODEL_OP', node.location, `${node.op} with data_format ${format}`);
  }
}

/** Nodes ordered so each comes after its inputs, keeping file order where the file already is ordered. */
export function dependencyOrder(
  nodes: readonly GraphNode[],
  byName: ReadonlyMap<string, GraphNode>,
): GraphNode[] {
  const order: GraphNode[] = [];
  const state = new Map<string, 'open' | 'done'>();
  for (const root of nodes) {
    if (state.has(root.name)) continue;
    // Iterative depth-first search: frozen graphs can be thousands of nodes deep.
    const stack: { node: GraphNode; next: number }[] = [{ node: root, next: 0 }];
    state.set(root.name, 'open');
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const name = top.node.inputs[top.next++];
      if (name === undefined) {
        stack.pop();
        state.set(top.node.name, 'done');
        order.push(top.node);
        continue;
      }
      const dep = byName.get(name);
      if (dep === undefined) {
        throw new ModelError(
          'SWIS_ERR_MODEL_FORMAT',
          top.node.location,
          `input ${name} is not a node of the graph`,
        );
      }
      if (state.get(name) === 'open') {
        throw new ModelError(
          'SWIS_ERR_MODEL_OP',
          top.node.location,
          'a cycle (control flow) is not supported',
        );
      }
      if (!state.has(name)) {
        state.set(name, 'open');
        stack.push({ node: dep, next: 0 });
      }
    }
  }
  return order;
}
