import { ArchitectureIdSchema, MetricIdSchema, VariantIdSchema } from '@swis-dse/swis-core';
import fc from 'fast-check';

/** Query parameters as sent: one value, or the values of a repeated parameter. */
export type Query = Record<string, string | string[]>;

const METRICS = MetricIdSchema.options;
const OPS = ['lt', 'lte', 'gt', 'gte', 'eq', 'ne', 'LT', ''];
const numberText = fc.oneof(
  fc.integer({ min: -5, max: 2000 }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x10',
    '1e3',
    ' 7 ',
    '',
    '1,5',
    '٣',
    '9'.repeat(400),
  ),
);

/** Text a client might put anywhere: printable, unicode, separators the parsers split on, very long. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(',', ':', '::', ',,', ' ', '%', '&', '=', '[]', '\u0000', '\ud800'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 201, max: 5000 }).map((n) => 'c'.repeat(n)) },
);

/** `key:asc|desc` and near misses. */
const sortValue = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('gridIndex', ...METRICS, 'speed', ''),
      fc.constantFrom('asc', 'desc', 'ASC', 'up', ''),
    )
    .map(([key, dir]) => `${key}:${dir}`),
  fc.constantFrom('cycles', 'cycles:asc:x', ':asc', 'gridIndex:desc'),
  anyText,
);

/** `metric:op:number` and near misses. */
const filterValue = fc.oneof(
  fc
    .tuple(fc.constantFrom(...METRICS, 'gridIndex', 'speed'), fc.constantFrom(...OPS), numberText)
    .map(([metric, op, value]) => `${metric}:${op}:${value}`),
  anyText,
);

/** Comma-separated `metric:min|max` lists of 0..12 entries. */
const objectivesValue = fc.oneof(
  fc
    .array(
      fc
        .tuple(fc.constantFrom(...METRICS, 'speed'), fc.constantFrom('min', 'max', 'MIN', ''))
        .map(([m, d]) => `${m}:${d}`),
      { maxLength: 12 },
    )
    .map((list) => list.join(',')),
  anyText,
);

const limitValue = fc.oneof(numberText, anyText);

/** One list value: valid tokens of `options`, comma-joined, or anything. */
function listValue(options: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.array(fc.constantFrom(...options), { minLength: 1, maxLength: 4 }).map((v) => v.join(',')),
    anyText,
  );
}

const VALUES: Record<string, fc.Arbitrary<string>> = {
  limit: limitValue,
  sort: sortValue,
  filter: filterValue,
  objectives: objectivesValue,
  status: listValue(['pending', 'running', 'done', 'failed', 'cancelled', 'queued']),
  variant: listValue(VariantIdSchema.options),
  arch: listValue(ArchitectureIdSchema.options),
  format: fc.oneof(fc.constantFrom('csv', 'json', 'CSV', 'xml', ''), anyText),
};

/**
 * Queries over `names` (each absent, given once or repeated) plus random extra names; `cursor` values
 * come from `cursors` (real cursors of other pages and sorts) or are arbitrary.
 */
export function queryArbitrary(names: readonly string[], cursors: readonly string[]): fc.Arbitrary<Query> {
  const valuesOf = (name: string): fc.Arbitrary<string> =>
    name === 'cursor'
      ? fc.oneof(fc.constantFrom(...cursors), anyText, fc.base64String({ maxLength: 60 }))
      : (VALUES[name] ?? anyText);
  const entries = names.map((name) =>
    fc.option(
      fc.oneof(
        { weight: 4, arbitrary: valuesOf(name) },
        { weight: 1, arbitrary: fc.array(valuesOf(name), { minLength: 2, maxLength: 3 }) },
      ),
      { nil: undefined, freq: 2 },
    ),
  );
  const extras = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), {
    maxKeys: 2,
  });
  return fc.tuple(fc.tuple(...entries), extras).map(([values, extra]) => {
    const query: Query = {};
    for (const [key, value] of Object.entries(extra)) {
      if (!names.includes(wellFormed(key))) query[wellFormed(key)] = wellFormed(value);
    }
    names.forEach((name, i) => {
      const value = values[i];
      if (value !== undefined) query[name] = Array.isArray(value) ? value.map(wellFormed) : wellFormed(value);
    });
    return query;
  });
}

/** The query string of `query`, each key and value percent-encoded (repeated keys for arrays). */
export function queryString(query: Query): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${encode(key)}=${encode(v)}`),
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

function encode(text: string): string {
  return encodeURIComponent(text);
}

/** `text` with lone surrogates (which encodeURIComponent refuses) replaced by U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
