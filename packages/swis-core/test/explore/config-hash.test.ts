import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash, fnv1a64 } from '../../src/index.js';

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(fnv1a64('µ')).toBe(fnv1a64('\u00b5'));
    expect(fnv1a64('µ')).not.toBe(fnv1a64('\u00c2'));
  });
});

describe('canonicalJson and configHash', () => {
  it('sort keys at every depth and drop undefined fields', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: undefined, e: null })).toBe(
      '{"b":[{"c":2,"d":1}],"e":null}',
    );
    expect(configHash({ x: 1, y: { p: 'q', r: [1, 2] } })).toBe(
      configHash({ y: { r: [1, 2], p: 'q' }, x: 1 }),
    );
    expect(configHash({ r: [1, 2] })).not.toBe(configHash({ r: [2, 1] }));
  });
});
