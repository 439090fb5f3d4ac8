import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/formats/safetensors.js';
import { parseSafetensorsHeader } from '../../src/formats/safetensors-header.js';
import { type SafetensorsTensor, writeSafetensors } from '../../src/formats/safetensors-writer.js';
import { sequence } from '../helpers/make-tfjs.js';

const CONV: SafetensorsTensor = {
  name: 'conv1.weight',
  shape: [4, 2, 3, 3],
  values: Float32Array.from(sequence(72), (v) => v - 30.5),
};
const DENSE: SafetensorsTensor = {
  name: 'fc.weight',
  shape: [3, 4],
  values: Float32Array.from(sequence(12)),
};
const METADATA = { spec: '{"bits":3}', model: 'tiny' };

describe('writeSafetensors', () => {
  it('writes the header length, a space-padded JSON header and the data in header order', () => {
    const bytes = writeSafetensors([CONV, DENSE], METADATA);
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    expect(text).toMatch(/^\{.*\} *$/);
    expect(JSON.parse(text)).toEqual({
      __metadata__: METADATA,
      'conv1.weight': { dtype: 'F32', shape: [4, 2, 3, 3], data_offsets: [0, 288] },
      'fc.weight': { dtype: 'F32', shape: [3, 4], data_offsets: [288, 336] },
    });
    expect(Object.keys(JSON.parse(text))).toEqual(['__metadata__', 'conv1.weight', 'fc.weight']);
    const data = new DataView(bytes.buffer, 8 + headerLength);
    expect(data.byteLength).toBe(336);
    expect(data.getFloat32(4, true)).toBe(-29.5);
    expect(data.getFloat32(288 + 44, true)).toBe(11);
  });

  it('is read back by readSafetensors with the same values and metadata', () => {
    const bytes = writeSafetensors([CONV, DENSE], METADATA);
    const net = readSafetensors(bytes, 'tiny.safetensors');
    expect(net.layers.map((l) => [l.name, l.shape])).toEqual([
      ['conv1.weight', [4, 2, 3, 3]],
      ['fc.weight', [3, 4, 1, 1]],
    ]);
    expect([...net.layers[1]!.weights]).toEqual(sequence(12));
    expect(parseSafetensorsHeader(bytes, 'tiny.safetensors').metadata).toEqual(
      new Map(Object.entries(METADATA)),
    );
  });

  it('round-trips any names, shapes and float32 values bit for bit, padding by bytes not characters', () => {
    const tensor = fc
      .record({
        name: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
        shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
      })
      .chain(({ name, shape }) => {
        const n = shape.reduce((a, b) => a * b, 1);
        return fc.record({
          name: fc.constant(name),
          shape: fc.constant(shape),
          values: fc.float32Array({ minLength: n, maxLength: n, noNaN: true }),
        });
      });
    const tensors = fc
      .uniqueArray(tensor, {
        selector: (t) => t.name,
        maxLength: 5,
      })
      .filter((ts) => ts.every((t) => t.name !== '__metadata__'));
    const metadata = fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(tensors, metadata, (ts, meta) => {
        const bytes = writeSafetensors(ts, meta);
        const header = parseSafetensorsHeader(bytes, 'x.safetensors');
        expect(header.dataStart % 8).toBe(0);
        expect(Object.fromEntries(header.metadata)).toEqual(meta);
        expect(header.entries.map((e) => [e.name, e.dtype, e.shape])).toEqual(
          ts.map((t) => [t.name, 'F32', t.shape]),
        );
        header.entries.forEach((entry, i) => {
          const data = bytes.slice(header.dataStart + entry.begin, header.dataStart + entry.end);
          const values = ts[i]!.values;
          expect(data).toEqual(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
        });
      }),
    );
  });

  it('writes a tensor named __proto__ like any other', () => {
    const net = readSafetensors(writeSafetensors([{ ...DENSE, name: '__proto__' }], {}), 'p.safetensors');
    expect(net.layers.map((l) => l.name)).toEqual(['__proto__']);
  });

  it.each([
    [[CONV, { ...DENSE, name: 'conv1.weight' }], "tensor name 'conv1.weight' appears twice"],
    [[{ ...DENSE, name: '__metadata__' }], 'tensor name __metadata__ is reserved'],
    [[{ ...DENSE, shape: [4, 4] }], "tensor 'fc.weight' has 12 values but shape [4, 4]"],
    [[{ ...DENSE, shape: [-3, -4] }], "tensor 'fc.weight' has 12 values but shape [-3, -4]"],
  ])('rejects %#: %s', (tensors, message) => {
    expect(() => writeSafetensors(tensors, {})).toThrow(new RangeError(message));
  });
});
