import { expect } from 'vitest';
import { ModelError } from '../../src/errors.js';

/** Runs `fn`, expects it to throw a ModelError and returns it for further assertions. */
export function catchModelError(fn: () => unknown): ModelError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error('expected a ModelError');
}
