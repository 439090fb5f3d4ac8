import { UsageError } from './usage-error.js';

/** A positive integer flag value. @throws UsageError naming the flag */
export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag}: expected a positive integer, got '${text}'`);
  }
  return value;
}

/** One of `options` (an enum schema's options). @throws UsageError naming the flag and listing the choices */
export function choice<T extends string>(flag: string, options: readonly T[], text: string): T {
  if (!(options as readonly string[]).includes(text)) {
    throw new UsageError(`${flag}: expected one of ${options.join(', ')}, got '${text}'`);
  }
  return text as T;
}

/** Runs a swis-core parse and turns its schema issues into a usage error naming the flag (--rows for "rows"). */
export function parseFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const issues = (error as { issues?: { path: readonly (string | number)[]; message: string }[] }).issues;
    if (issues === undefined) throw error;
    throw new UsageError(issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  }
}
