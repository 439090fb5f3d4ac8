import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InfeasibleBudgetError, InvalidInputError, SWIS_ERROR_CODES } from '../src/index.js';

describe('error catalogue', () => {
  it('documents every code in docs/errors.md', () => {
    const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of SWIS_ERROR_CODES) expect(docs).toContain(`\`${code}\``);
  });

  it('gives each error class its own code and its class name', () => {
    const errors = [new InvalidInputError('x'), new InfeasibleBudgetError('x')];
    expect(new Set(errors.map((e) => e.code)).size).toBe(errors.length);
    for (const error of errors) {
      expect(SWIS_ERROR_CODES).toContain(error.code);
      expect(error.name).toBe(error.constructor.name);
    }
  });
});
