import {
  ArchitectureIdSchema,
  DataflowIdSchema,
  MetricIdSchema,
  type SweepSpecInput,
  SweepSpecSchema,
  VariantIdSchema,
} from '@swis-dse/swis-core';
import fc from 'fast-check';
import { MBV2_SMALL } from '../../../../../packages/swis-core/test/helpers/sweep-specs.js';

/**
 * The spec with maxPoints equal to its 24 points: a mutation that grows the grid is refused unless
 * it also raises maxPoints, so accepted specs stay small and the fuzz fast.
 */
export const BASE_SPEC: SweepSpecInput = { ...MBV2_SMALL, maxPoints: 24 };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value spliced into the payload text after JSON encoding: `depth` nested arrays or objects. */
const DEEP = /"\\u0000deep:(array|object):(\d+)\\u0000"/g;

function deepMarker(kind: 'array' | 'object', depth: number): string {
  return `\u0000deep:${kind}:${depth}\u0000`;
}

/** JSON text of `value`, with every deep-nesting marker expanded (JSON.stringify would overflow its stack). */
export function encodeBody(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(DEEP, (_m, kind: string, depth: string) => {
    const n = Number(depth);
    return kind === 'array' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  });
}

/** Words the spec's enums and objectives use, so that some mutations stay valid. */
const TOKENS = [
  ...VariantIdSchema.options,
  ...ArchitectureIdSchema.options,
  ...DataflowIdSchema.options,
  ...MetricIdSchema.options.flatMap((m) => [`${m}:min`, `${m}:max`]),
  'grid',
  'random',
  'per-filter',
  'per-tensor',
  'max',
  'search',
  'mobilenet_v2',
  'mobilenet_v1',
  'resnet_9000',
  '0190b5a4-7a3c-7def-8123-456789abcdef',
];

const hugeNumbers = fc.constantFrom(
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  1e21,
  -1,
  0,
  0.5,
  -0.000001,
  5e-324,
  0xffff_ffff,
  0x1_0000_0000,
  1_000_000,
  1_000_001,
  65_536,
  65_537,
);

const nanLikeStrings = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '0x10',
  '2',
  ' 2 ',
  '',
  ' ',
  '\u0000',
  '\ud800',
  'null',
  'true',
  '[]',
  '{}',
  '١٢',
  '__proto__',
  'constructor',
);

/** Strings of 1 KiB .. 100 KiB (the JSON body limit is 1 MiB; one test sends more). */
const longStrings = fc
  .tuple(fc.integer({ min: 1024, max: 100_000 }), fc.constantFrom('x', 'é', '😀', '\\', '"', ' '))
  .map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)));

/** Arrays of up to 10,000 elements: the same value, or distinct integers. */
const longArrays = fc
  .tuple(
    fc.integer({ min: 100, max: 10_000 }),
    fc.constantFrom<Json>(2, 'swis', { arch: 'swis', rows: 4, cols: 4, dataflow: 'ws' }, null, 'distinct'),
  )
  .map(([n, item]): Json[] => Array.from({ length: n }, (_, i) => (item === 'distinct' ? i + 1 : item)));

const deepValues = fc
  .tuple(
    fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
    fc.integer({ min: 50, max: 20_000 }),
  )
  .map(([kind, depth]) => deepMarker(kind, depth));

/** Anything a client could put in a JSON field, weighted toward what breaks parsers and validators. */
const smallHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.integer({ min: -2, max: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...TOKENS) },
  {
    weight: 2,
    arbitrary: fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.integer({ min: 0, max: 20 })), {
      maxLength: 5,
    }),
  },
  { weight: 2, arbitrary: hugeNumbers },
  { weight: 2, arbitrary: nanLikeStrings },
  { weight: 1, arbitrary: fc.object({ maxDepth: 2 }) },
);

/** Long strings, long arrays and deep nesting: slower to answer, so fuzzed in fewer cases. */
const bigHostileValue: fc.Arbitrary<unknown> = fc.oneof(longStrings, longArrays, deepValues);

/** Every path (as keys) of a JSON value, the value's own root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

/** Paths of the base spec, and optional fields it leaves out. */
const SPEC_PATHS: (string | number)[][] = [
  ...pathsOf(BASE_SPEC),
  ['samples'],
  ['seed'],
  ['axes', 'budgets'],
  ['axes', 'baseBits'],
  ['axes', 'scale'],
  ['axes', 'scaleMethod'],
  ['axes', 'hardware', 0, 'lanesPerPe'],
  ['axes', 'hardware', 1, 'clockMhz'],
  ['axes', 'hardware', 0, 'sramBytes'],
  ['axes', 'hardware', 2],
  ['baseline', 'lanesPerPe'],
  ['objectives', 4],
];

/** One change to a spec: set a field (possibly a new one), delete it, or add an unknown key beside it. */
export type Mutation =
  | { readonly kind: 'set'; readonly path: readonly (string | number)[]; readonly value: unknown }
  | { readonly kind: 'delete'; readonly path: readonly (string | number)[] }
  | {
      readonly kind: 'extra';
      readonly path: readonly (string | number)[];
      readonly key: string;
      readonly value: unknown;
    };

function mutation(value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> {
  const path = fc.constantFrom(...SPEC_PATHS);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path, value }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        path: fc.constantFrom([], ...SPEC_PATHS),
        key: fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('__proto__', 'constructor', 'a.b', '', 'toString'),
        ),
        value,
      }),
    },
  );
}

/** Applies `mutations` in order to a copy of `base`; a mutation whose parent is gone is skipped. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(base) as Record<string | number, unknown>;
  for (const m of mutations) {
    const parentPath = m.kind === 'extra' ? m.path : m.path.slice(0, -1);
    let parent: unknown = root;
    for (const key of parentPath) parent = (parent as Record<string | number, unknown> | null)?.[key];
    if (parent === null || typeof parent !== 'object') continue;
    const node = parent as Record<string | number, unknown>;
    if (m.kind === 'extra') {
      Object.defineProperty(node, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    const key = m.path[m.path.length - 1]!;
    if (m.kind === 'delete') {
      if (Array.isArray(node) && typeof key === 'number') node.splice(key, 1);
      else delete node[key];
    } else {
      node[key] = m.value;
    }
  }
  return root;
}

/**
 * The base spec after 1 to 3 mutations with small values. A mutated spec that is still valid is kept in
 * one case of five: each accepted sweep costs a transaction of tens of ms, and one in six mutations
 * leaves the spec valid.
 */
export const mutatedSpec: fc.Arbitrary<unknown> = fc
  .tuple(fc.array(mutation(smallHostileValue), { minLength: 1, maxLength: 3 }), fc.nat({ max: 4 }))
  .map(([mutations, keep]) => ({ spec: mutate(BASE_SPEC, mutations), keepValid: keep === 0 }))
  .filter(({ spec, keepValid }) => keepValid || !SweepSpecSchema.safeParse(spec).success)
  .map(({ spec }) => spec);

/** The base spec with one long string, long array or deeply nested value somewhere. */
export const bigMutatedSpec: fc.Arbitrary<unknown> = mutation(bigHostileValue).map((m) =>
  mutate(BASE_SPEC, [m]),
);

/** Bodies that are not JSON, or not quite: random text and bytes, cut or spliced valid specs. */
export const garbageBody: fc.Arbitrary<string | Buffer> = (() => {
  const valid = JSON.stringify(BASE_SPEC);
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.nat({ max: valid.length - 1 }).map((cut) => valid.slice(0, cut)),
    fc
      .tuple(
        fc.nat({ max: valid.length }),
        fc.nat({ max: valid.length }),
        fc.string({ unit: 'binary', maxLength: 8 }),
      )
      .map(([at, to, insert]) => valid.slice(0, Math.min(at, to)) + insert + valid.slice(Math.max(at, to))),
    fc.constantFrom(
      '',
      ' ',
      'null',
      '0',
      '"spec"',
      '[]',
      '{',
      '}',
      '{"name":}',
      '{"a":1,"a":2}',
      '{"__proto__":{"x":1}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '\ufeff{}',
      `${valid}x`,
      `${valid}${valid}`,
      valid.replace('"mbv2-small"', '"\\ud800"'),
      valid.replace('[2,3]', '[2e0,3.0]'),
      valid.replace(/2/g, '2.0000000000000000001'),
    ),
  );
})();
