import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../src/errors.js';
import { readNpy } from '../src/formats/npy.js';
import { readOnnx } from '../src/formats/onnx.js';
import { readSafetensors } from '../src/formats/safetensors.js';
import { readModelBytes, type SingleFileFormat } from '../src/load-model-file.js';
import type { ReadOptions } from '../src/read-options.js';
import { makeNpy } from './helpers/make-npy.js';
import { type ModelSpec, makeOnnx } from './helpers/make-onnx.js';
import { makeSafetensors, rawSafetensors } from './helpers/make-safetensors.js';
import { SMALL_CNN } from './helpers/small-cnn.js';

/**
 * Hostile model files against the readers: truncations at every length, wrong magic, declared sizes far
 * beyond the file or the limits, NaN/Inf weights, unsupported operators, deep or huge headers, and
 * thousands of random and mutated files. Each must end in a ModelError naming the file (never another
 * error, never a hang) without allocating what a header declares. FUZZ_SEED / FUZZ_RUNS as in the API
 * fuzz suites.
 */
const SEED = Number(process.env.FUZZ_SEED) || 20_210_303;
const RUNS = Math.max(Number(process.env.FUZZ_RUNS) || 1, 0.01);
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));
const MIB = 1024 * 1024;
const FILE = 'hostile';

const range = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => ((i % 7) - 3) * scale);

const VALID = {
  npy: makeNpy({ shape: [4, 2, 3, 3], values: range(72, 0.25) }),
  safetensors: makeSafetensors([
    { name: 'conv1.weight', dtype: 'F32', shape: [4, 2, 3, 3], values: range(72) },
    { name: 'conv1.bias', dtype: 'F32', shape: [4], values: range(4) },
    { name: 'fc.weight', dtype: 'F16', shape: [3, 4], values: range(12, 0.5) },
  ]),
  // A copy: protobufjs answers a Buffer, whose slice() would share (and let a test damage) the bytes.
  onnx: new Uint8Array(makeOnnx(SMALL_CNN)),
} as const satisfies Record<SingleFileFormat, Uint8Array>;
const FORMATS = Object.keys(VALID) as SingleFileFormat[];

/** Reads `bytes` as `format`; returns the ModelError thrown, or null when the bytes read as a network. */
function attempt(format: SingleFileFormat, bytes: Uint8Array, options: ReadOptions = {}): ModelError | null {
  try {
    readModelBytes(bytes, `${FILE}.${format}`, format, options);
    return null;
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw new Error(`${format} reader threw ${String(error)} instead of a ModelError`, { cause: error });
  }
}

/** Expects a ModelError with `code` whose message names the file (and `what`, e.g. a tensor or op). */
function expectModelError(
  format: SingleFileFormat,
  bytes: Uint8Array,
  code: string,
  what: readonly string[] = [],
  options: ReadOptions = {},
): ModelError {
  const error = attempt(format, bytes, options);
  expect(error, `${format} file read without error`).not.toBeNull();
  expect(error!.code, error!.message).toBe(code);
  expect(error!.message).toContain(`${FILE}.${format}`);
  for (const word of what) expect(error!.message).toContain(word);
  return error!;
}

function npyWithHeader(header: string, data: Uint8Array = new Uint8Array(0), version: 1 | 2 = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const text = `${header}${' '.repeat(63 - ((prefix + header.length) % 64))}\n`;
  const head = new TextEncoder().encode(text);
  const bytes = new Uint8Array(prefix + head.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, head.length, true);
  else view.setUint32(8, head.length, true);
  bytes.set(head, prefix);
  bytes.set(data, prefix + head.length);
  return bytes;
}

/** A safetensors file whose 8-byte header length is `length` (whatever the JSON that follows). */
function withHeaderLength(length: bigint, json = '{}'): Uint8Array {
  const text = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + text.length);
  new DataView(bytes.buffer).setBigUint64(0, length, true);
  bytes.set(text, 8);
  return bytes;
}

/** A Gemm over an initializer `w` of `dims` that holds no data (or `proto` fields). */
function onnxGemm(dims: readonly number[], proto: object = {}): ModelSpec {
  return {
    inputs: [{ name: 'x', dims: [1, dims[1] ?? 1] }],
    initializers: [{ name: 'w', dims, values: [], proto: { dims: [...dims], ...proto } }],
    nodes: [{ op: 'Gemm', name: 'fc', inputs: ['x', 'w'], outputs: ['y'], attrs: { transB: 1 } }],
  };
}

function onnxConv(dims: readonly number[], input: readonly number[] = [1, 3, 8, 8]): ModelSpec {
  return {
    inputs: [{ name: 'x', dims: input }],
    initializers: [{ name: 'w', dims, values: [], proto: { dims: [...dims] } }],
    nodes: [{ op: 'Conv', name: 'conv', inputs: ['x', 'w'], outputs: ['y'] }],
  };
}

const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * Files whose headers declare far more than they hold, or more than the limits: [label, format, bytes,
 * expected code, words the message must name].
 */
const HOSTILE: readonly [string, SingleFileFormat, Uint8Array, string, string[]][] = [
  // npy
  [
    'npy declaring 1e12 elements',
    'npy',
    npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }"),
    'SWIS_ERR_MODEL_LIMIT',
    ['1000000'],
  ],
  [
    'npy declaring exactly the default limit (1e8 weights, 400 MB) with no data',
    'npy',
    npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (10000, 10000), }"),
    'SWIS_ERR_MODEL_FORMAT',
    ['400000000'],
  ],
  [
    'npy declaring 2^53 + 1 elements in one dim',
    'npy',
    npyWithHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (9007199254740993, 1, 1, 1), }"),
    'SWIS_ERR_MODEL_FORMAT',
    ['dimension'],
  ],
  [
    'npy with a negative dim',
    'npy',
    npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 4), }"),
    'SWIS_ERR_MODEL_FORMAT',
    ['-1'],
  ],
  [
    'npy v2 whose header length is 4 GiB',
    'npy',
    (() => {
      const bytes = npyWithHeader(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
        undefined,
        2,
      );
      new DataView(bytes.buffer).setUint32(8, 0xffff_ffff, true);
      return bytes;
    })(),
    'SWIS_ERR_MODEL_FORMAT',
    ['header'],
  ],
  [
    'npy with a header nested 10,000 deep',
    'npy',
    npyWithHeader(
      `{'descr': '<f4', 'fortran_order': False, 'shape': ${'('.repeat(10_000)}${')'.repeat(10_000)}}`,
      undefined,
      2,
    ),
    'SWIS_ERR_MODEL_FORMAT',
    ['too deep'],
  ],
  // safetensors
  [
    'safetensors with a header length of 2^63',
    'safetensors',
    withHeaderLength(2n ** 63n),
    'SWIS_ERR_MODEL_FORMAT',
    ['9223372036854775808'],
  ],
  [
    'safetensors with a header length of 2^64 - 1',
    'safetensors',
    withHeaderLength(2n ** 64n - 1n),
    'SWIS_ERR_MODEL_FORMAT',
    ['header'],
  ],
  [
    'safetensors with data_offsets far beyond the file',
    'safetensors',
    rawSafetensors(
      { w: { dtype: 'F32', shape: [1000, 1000], data_offsets: [0, 4_000_000] } },
      new Uint8Array(16),
    ),
    'SWIS_ERR_MODEL_FORMAT',
    ['tensor w', '4000000'],
  ],
  [
    'safetensors declaring a [1e6, 1e6] tensor in 4 bytes',
    'safetensors',
    rawSafetensors(
      { w: { dtype: 'F32', shape: [1_000_000, 1_000_000], data_offsets: [0, 4] } },
      new Uint8Array(4),
    ),
    'SWIS_ERR_MODEL_LIMIT',
    ['tensor w'],
  ],
  [
    'safetensors declaring the default limit (1e8 weights) in 0 bytes',
    'safetensors',
    rawSafetensors({ w: { dtype: 'F32', shape: [10_000, 10_000], data_offsets: [0, 0] } }, new Uint8Array(0)),
    'SWIS_ERR_MODEL_FORMAT',
    ['tensor w', '400000000'],
  ],
  [
    'safetensors with offsets beyond 2^53',
    'safetensors',
    rawSafetensors({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 2 ** 60] } }, new Uint8Array(16)),
    'SWIS_ERR_MODEL_FORMAT',
    ['tensor w'],
  ],
  [
    'safetensors whose shape is an array nested 100,000 deep',
    'safetensors',
    (() => {
      const json = `{"w":{"dtype":"F32","shape":${deepJson(100_000)},"data_offsets":[0,0]}}`;
      return withHeaderLength(BigInt(json.length), json);
    })(),
    'SWIS_ERR_MODEL_FORMAT',
    ['tensor w', 'shape'],
  ],
  [
    'safetensors whose data_offsets nest 100,000 deep',
    'safetensors',
    (() => {
      const json = `{"w":{"dtype":"F32","shape":[1,1],"data_offsets":${deepJson(100_000)}}}`;
      return withHeaderLength(BigInt(json.length), json);
    })(),
    'SWIS_ERR_MODEL_FORMAT',
    ['tensor w', 'data_offsets'],
  ],
  [
    'safetensors whose __metadata__ nests 100,000 deep',
    'safetensors',
    (() => {
      const json = `{"__metadata__":{"a":${deepJson(100_000)}}}`;
      return withHeaderLength(BigInt(json.length), json);
    })(),
    'SWIS_ERR_MODEL_FORMAT',
    ['__metadata__'],
  ],
  // ONNX
  [
    'ONNX conv weights declaring [1e6, 3, 1e6, 1e6] with no data',
    'onnx',
    makeOnnx(onnxConv([1_000_000, 3, 1_000_000, 1_000_000], [1, 3, 1_000_000, 1_000_000])),
    'SWIS_ERR_MODEL_LIMIT',
    ['conv'],
  ],
  [
    'ONNX MatMul weights declaring [1e6, 1e6, 1e6] with no data',
    'onnx',
    makeOnnx({
      inputs: [{ name: 'x', dims: [1, 1_000_000, 1_000_000] }],
      initializers: [{ name: 'w', dims: [], values: [], proto: { dims: [1_000_000, 1_000_000, 1_000_000] } }],
      nodes: [{ op: 'MatMul', name: 'mm', inputs: ['x', 'w'], outputs: ['y'] }],
    }),
    'SWIS_ERR_MODEL_',
    ['mm'],
  ],
  [
    'ONNX Gemm weights declaring the default limit (1e8) with no data',
    'onnx',
    makeOnnx(onnxGemm([10_000, 10_000])),
    'SWIS_ERR_MODEL_FORMAT',
    ['fc', '100000000'],
  ],
  [
    'ONNX Gemm weights of 1e8 float_data declared, raw_data of 4 bytes',
    'onnx',
    makeOnnx(onnxGemm([10_000, 10_000], { rawData: new Uint8Array(4) })),
    'SWIS_ERR_MODEL_FORMAT',
    ['fc'],
  ],
  [
    'ONNX initializer with a dim of 2^62',
    'onnx',
    makeOnnx(onnxGemm([2 ** 62, 4])),
    'SWIS_ERR_MODEL_FORMAT',
    ['fc'],
  ],
  [
    'ONNX graph input of 1e9 x 1e9 pixels',
    'onnx',
    makeOnnx({
      inputs: [{ name: 'x', dims: [1, 3, 1_000_000_000, 1_000_000_000] }],
      initializers: [{ name: 'w', dims: [2, 3, 3, 3], values: range(54) }],
      nodes: [
        { op: 'Conv', name: 'conv', inputs: ['x', 'w'], outputs: ['y'] },
        { op: 'LSTM', inputs: ['y'], outputs: ['z'] },
      ],
    }),
    'SWIS_ERR_MODEL_OP',
    ['LSTM'],
  ],
];

function rssAndBuffers() {
  const { rss, arrayBuffers } = process.memoryUsage();
  return { rss, arrayBuffers };
}

describe('hostile model files', () => {
  it('reads the valid small files used as seeds', () => {
    for (const format of FORMATS) expect(attempt(format, VALID[format]), format).toBeNull();
  });

  it.each(FORMATS)('answers every truncation of a valid %s file with a ModelError', (format) => {
    const valid = VALID[format];
    const full = readModelBytes(valid, `${FILE}.${format}`, format);
    let errors = 0;
    for (let length = 0; length < valid.length; length++) {
      const prefix = valid.subarray(0, length);
      const error = attempt(format, prefix);
      if (error === null) {
        // Only a protobuf cut exactly between top-level fields still decodes: the same layers, less metadata.
        expect(format, `a ${length}-byte prefix read as a network`).toBe('onnx');
        expect(readModelBytes(prefix, FILE, format).layers.length).toBe(full.layers.length);
      } else {
        expect(error.message).toContain(`${FILE}.${format}`);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(valid.length * 0.9);
  });

  it.each(FORMATS)(
    'answers a %s file with a wrong magic or another format with SWIS_ERR_MODEL_FORMAT',
    (format) => {
      const wrongMagic = VALID[format].slice();
      wrongMagic[0] = format === 'onnx' ? 0xff : (wrongMagic[0]! ^ 0x55) & 0xff;
      if (format === 'safetensors') wrongMagic[7] = 0x40; // a header length of 2^62 and more
      expectModelError(format, wrongMagic, 'SWIS_ERR_MODEL_FORMAT');
      for (const other of FORMATS.filter((f) => f !== format)) {
        expect(attempt(format, VALID[other])?.code, `${other} bytes read as ${format}`).toMatch(
          /^SWIS_ERR_MODEL_/,
        );
      }
    },
  );

  it('rejects every declared size beyond the file or the limits without allocating it', () => {
    const before = rssAndBuffers();
    for (let round = 0; round < 5; round++) {
      for (const [label, format, bytes, code, what] of HOSTILE) {
        const error = attempt(format, bytes);
        expect(error, label).not.toBeNull();
        expect(error!.code, `${label}: ${error!.message}`).toMatch(new RegExp(`^${code}`));
        expect(error!.message, label).toContain(`${FILE}.${format}`);
        for (const word of what) expect(error!.message, label).toContain(word);
        expect(error!.message.length, label).toBeLessThan(1000);
      }
    }
    const after = rssAndBuffers();
    expect(after.rss - before.rss, 'rss growth').toBeLessThan(64 * MIB);
    expect(after.arrayBuffers - before.arrayBuffers, 'arrayBuffers growth').toBeLessThan(64 * MIB);
  });

  it('answers a header of 20,000 empty weight tensors with one short error naming the first', () => {
    const header = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [
        `t${i}`,
        { dtype: 'F32', shape: [0, 4], data_offsets: [0, 0] },
      ]),
    );
    const error = expectModelError(
      'safetensors',
      rawSafetensors(header, new Uint8Array(0)),
      'SWIS_ERR_MODEL_FORMAT',
      ['tensor t0', '19999 more'],
    );
    expect(error.message.length).toBeLessThan(1000);
  });

  it('holds files to a configured maxWeights', () => {
    for (const format of FORMATS) {
      expectModelError(format, VALID[format], 'SWIS_ERR_MODEL_LIMIT', ['50'], { maxWeights: 50 });
    }
  });

  it('names the tensor holding NaN or Inf weights', () => {
    const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const value of bad) {
      const values = range(72).map((v, i) => (i === 40 ? value : v));
      expectModelError('npy', makeNpy({ shape: [4, 2, 3, 3], values }), 'SWIS_ERR_MODEL_WEIGHTS', [
        'index 40',
      ]);
      expectModelError(
        'safetensors',
        makeSafetensors([{ name: 'conv1.weight', dtype: 'F16', shape: [4, 2, 3, 3], values }]),
        'SWIS_ERR_MODEL_WEIGHTS',
        ['tensor conv1.weight'],
      );
      const onnx = {
        ...SMALL_CNN,
        initializers: SMALL_CNN.initializers!.map((t) =>
          t.name === 'pw.weight' ? { ...t, values: t.values.map((v, i) => (i === 5 ? value : v)) } : t,
        ),
      };
      expectModelError('onnx', makeOnnx(onnx), 'SWIS_ERR_MODEL_WEIGHTS', ['pw']);
    }
  });

  it('names unsupported operators and foreign domains', () => {
    const withNode = (node: ModelSpec['nodes'][number]): ModelSpec => ({
      ...SMALL_CNN,
      nodes: [...SMALL_CNN.nodes.slice(0, 2), node, ...SMALL_CNN.nodes.slice(2)],
    });
    for (const [node, word] of [
      [{ op: 'LSTM', name: 'rnn', inputs: ['r1'], outputs: ['r1x'] }, 'LSTM'],
      [{ op: 'Loop', inputs: ['r1'], outputs: ['r1x'] }, 'Loop'],
      [{ op: 'Relu', domain: 'com.evil', inputs: ['r1'], outputs: ['r1x'] }, 'com.evil'],
      [{ op: '', inputs: ['r1'], outputs: ['r1x'] }, '(empty)'],
    ] as const) {
      expectModelError('onnx', makeOnnx(withNode(node)), 'SWIS_ERR_MODEL_OP', [word]);
    }
  });
});

/** A damaged copy of a valid file: bit flips, overwritten bytes, cuts, splices with another file, repeats. */
function damage(format: SingleFileFormat): fc.Arbitrary<Uint8Array> {
  const valid = VALID[format];
  const others = FORMATS.map((f) => VALID[f]);
  const at = fc.nat({ max: valid.length - 1 });
  const edit = fc.oneof(
    fc.tuple(fc.constant('flip' as const), at, fc.nat({ max: 7 })),
    fc.tuple(
      fc.constant('set' as const),
      at,
      fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x12, 0x7b),
    ),
    fc.tuple(fc.constant('cut' as const), at, fc.constant(0)),
    fc.tuple(fc.constant('splice' as const), at, fc.nat({ max: others.length - 1 })),
    fc.tuple(fc.constant('repeat' as const), at, fc.integer({ min: 1, max: 64 })),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let bytes = valid.slice();
    for (const [kind, where, arg] of edits) {
      const i = where % Math.max(bytes.length, 1);
      if (kind === 'flip' && bytes.length > 0) bytes[i] = bytes[i]! ^ (1 << arg);
      else if (kind === 'set' && bytes.length > 0) bytes[i] = arg;
      else if (kind === 'cut') bytes = bytes.slice(0, i);
      else if (kind === 'splice') {
        const other = others[arg]!;
        bytes = Uint8Array.from([...bytes.subarray(0, i), ...other.subarray(i % other.length)]);
      } else if (kind === 'repeat') {
        bytes = Uint8Array.from([
          ...bytes.subarray(0, i + 1),
          ...bytes.subarray(i, i + arg),
          ...bytes.subarray(i + 1),
        ]);
      }
    }
    return bytes;
  });
}

describe('fuzzing the readers', () => {
  const cases = { count: 0 };
  const readers = { npy: readNpy, safetensors: readSafetensors, onnx: readOnnx } as const;

  /** Reads with the format's own reader: a network or a ModelError, within a second. */
  function readsOrModelError(format: SingleFileFormat, bytes: Uint8Array): boolean {
    cases.count++;
    const started = performance.now();
    try {
      return readers[format](bytes, `${FILE}.${format}`).layers.length > 0;
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      expect(error.code).toMatch(/^SWIS_ERR_MODEL_(FORMAT|WEIGHTS|OP|LIMIT)$/);
      expect(error.message).toContain(`${FILE}.${format}`);
      return true;
    } finally {
      expect(performance.now() - started, 'one read').toBeLessThan(1000);
    }
  }

  it.each(FORMATS)('reads damaged %s files as a network or a ModelError', (format) => {
    const index = FORMATS.indexOf(format);
    fc.assert(
      fc.property(damage(format), (bytes) => readsOrModelError(format, bytes)),
      { seed: SEED + index, numRuns: runs(1500) },
    );
  });

  it.each(FORMATS)('reads random bytes as %s with a ModelError', (format) => {
    const index = FORMATS.indexOf(format);
    const prefixed = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      // Random bytes after the format's real first bytes, so the reader gets past its magic.
      fc
        .uint8Array({ maxLength: 512 })
        .map((tail) => Uint8Array.from([...VALID[format].subarray(0, 12), ...tail])),
    );
    fc.assert(
      fc.property(prefixed, (bytes) => readsOrModelError(format, bytes)),
      { seed: SEED + 10 + index, numRuns: runs(700) },
    );
  });

  it('ran thousands of cases', () => {
    console.log(`[fuzz] model readers: ${cases.count} cases (FUZZ_SEED=${SEED})`);
    expect(cases.count).toBeGreaterThanOrEqual(runs(6600));
  });
});
