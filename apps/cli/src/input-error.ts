/** Input that is well-formed on the command line but cannot be processed; main prints it and exits 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
