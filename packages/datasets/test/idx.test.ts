import { describe, expect, it } from 'vitest';
import { DatasetError, readIdx } from '../src/index.js';

/** An IDX file of unsigned bytes with the given dimensions and elements. */
function idx(dims: number[], data: number[], type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set([0, 0, type, dims.length]);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  return new Uint8Array([...header, ...data]);
}

describe('readIdx', () => {
  it('reads dimensions (big-endian) and elements', () => {
    const { dims, data } = readIdx(idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]), 'x.idx');
    expect(dims).toEqual([2, 2, 3]);
    expect([...data]).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    expect(readIdx(idx([300], new Array(300).fill(7)), 'y').dims).toEqual([300]);
  });

  it.each([
    ['too short for the magic', new Uint8Array([0, 0, 8]), /fewer than the 4-byte IDX magic/],
    ['a wrong magic', new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), /IDX magic/],
    ['another element type (float32)', idx([1], [0, 0, 0, 0], 0x0d), /element type 0xd/],
    ['zero dimensions', new Uint8Array([0, 0, 8, 0]), /0 dimensions/],
    ['a header cut short', idx([2, 2], [1, 2, 3, 4]).subarray(0, 9), /ends inside its header/],
    [
      'fewer elements than declared',
      idx([2, 3], [1, 2, 3, 4, 5]),
      /declares \[2, 3\] = 6 elements but holds 5/,
    ],
    ['more elements than declared', idx([2], [1, 2, 3]), /holds 3/],
    ['an absurd declared size', idx([0xffffffff, 0xffffffff], [1]), /elements but holds 1/],
  ])('refuses %s, naming the file', (_label, bytes, message) => {
    const error = (() => {
      try {
        readIdx(bytes, 'bad.idx');
      } catch (e) {
        return e;
      }
    })() as DatasetError;
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe('SWIS_ERR_DATASET_FORMAT');
    expect(error.message).toMatch(/^bad\.idx: /);
    expect(error.message).toMatch(message);
  });
});
