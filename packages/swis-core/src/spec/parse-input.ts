import type { z } from 'zod';
import { InvalidInputError, toInputIssues } from '../errors.js';

/** Parses `input` with `schema`; on failure throws one InvalidInputError ("invalid <what>") listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, what: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInputError(`invalid ${what}`, toInputIssues(result.error.issues));
  return result.data;
}
