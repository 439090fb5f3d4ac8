import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET_ERROR_CODES } from '../src/index.js';

describe('dataset error codes', () => {
  it('documents every code in docs/errors.md', () => {
    const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of DATASET_ERROR_CODES) expect(docs).toContain(`\`${code}\``);
  });
});
