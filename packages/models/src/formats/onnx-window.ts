import type { onnx } from 'onnx-proto';
import { ModelError, type ModelLocation } from '../errors.js';
import { type Padding, samePadding, slidingOutput, slidingOutputCeil } from '../spatial.js';
import type { Dim } from './onnx-context.js';
import { checkedInts, intAttr, stringAttr } from './onnx-node.js';

/** Where a sliding window (Conv, MaxPool, AveragePool) goes: stride, resolved padding and output extent. */
export interface WindowGeometry {
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: Padding;
  readonly output: [Dim, Dim];
}

/**
 * Resolves strides, dilations, pads / auto_pad and ceil_mode of a 2-D window node over an input of
 * [height, width] (null where unknown). With SAME auto_pad on an unknown input the padding is computed as if
 * the input were a multiple of the stride, which is what fixed-size exports use.
 *
 * @throws ModelError SWIS_ERR_MODEL_FORMAT naming the node for malformed attributes or a window that does
 * not fit its padded input.
 */
export function windowGeometry(
  node: onnx.INodeProto,
  location: ModelLocation,
  input: readonly [Dim, Dim],
  kernel: readonly [number, number],
): WindowGeometry {
  const stride = checkedInts(node, 'strides', 2, 1, 1, location) as [number, number];
  const dilation = checkedInts(node, 'dilations', 2, 1, 1, location) as [number, number];
  const pads = checkedInts(node, 'pads', 4, 0, 0, location);
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  const ceil = intAttr(node, 'ceil_mode', 0) !== 0;
  const padAxis = (axis: 0 | 1): [number, number] => {
    const extent = input[axis];
    const effective = (kernel[axis] - 1) * dilation[axis] + 1;
    switch (autoPad) {
      case 'NOTSET':
      case '':
        return [pads[axis]!, pads[axis + 2]!];
      case 'VALID':
        return [0, 0];
      case 'SAME_UPPER':
      case 'SAME_LOWER': {
        const [small, large] =
          extent === null
            ? splitTotal(Math.max(0, effective - stride[axis]))
            : samePadding(extent, kernel[axis], stride[axis], dilation[axis]);
        // SAME_UPPER puts the odd pixel at the end, SAME_LOWER at the start.
        return autoPad === 'SAME_UPPER' ? [small, large] : [large, small];
      }
      default:
        throw new ModelError('SWIS_ERR_MODEL_FORMAT', location, `auto_pad '${autoPad}' is not a valid value`);
    }
  };
  const [top, bottom] = padAxis(0);
  const [left, right] = padAxis(1);
  const outAxis = (axis: 0 | 1, before: number, after: number): Dim => {
    const extent = input[axis];
    if (extent === null) return null;
    const size = (ceil ? slidingOutputCeil : slidingOutput)(
      extent,
      kernel[axis],
      stride[axis],
      before,
      after,
      dilation[axis],
    );
    if (size < 1) {
      throw new ModelError(
        'SWIS_ERR_MODEL_FORMAT',
        location,
        `a ${kernel[axis]}-pixel window does not fit an input of ${extent} pixels padded by ${before} + ${after}`,
      );
    }
    return size;
  };
  return {
    stride,
    dilation,
    padding: [top, left, bottom, right],
    output: [outAxis(0, top, bottom), outAxis(1, left, right)],
  };
}

function splitTotal(total: number): [number, number] {
  const before = Math.floor(total / 2);
  return [before, total - before];
}
