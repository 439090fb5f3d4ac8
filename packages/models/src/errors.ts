/** Every error code the model readers throw; a retired code is never reused. */
export const MODEL_ERROR_CODES = [
  'SWIS_ERR_MODEL_FORMAT', // bytes that are not a valid file of the claimed format (magic, truncation, bad header)
  'SWIS_ERR_MODEL_WEIGHTS', // a tensor whose values cannot be used (NaN/Inf, wrong size, unsupported dtype)
  'SWIS_ERR_MODEL_OP', // an operator or layer type the importer does not understand
  'SWIS_ERR_MODEL_LIMIT', // a declared size beyond the configured limits
  'SWIS_ERR_MODEL_UNKNOWN', // a built-in model id that does not exist
] as const;
export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

/** Where in a model file a problem is: the file, and when known the tensor or operator. */
export interface ModelLocation {
  readonly file: string;
  readonly tensor?: string;
  readonly op?: string;
}

/** A model file or model id that cannot be read; the message names the file and the tensor or op. */
export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    readonly location: ModelLocation,
    readonly detail: string,
  ) {
    super(`${describe(location)}: ${detail}`);
    this.name = 'ModelError';
  }
}

function describe({ file, tensor, op }: ModelLocation): string {
  const parts = [file];
  if (op !== undefined) parts.push(`op ${op}`);
  if (tensor !== undefined) parts.push(`tensor ${tensor}`);
  return parts.join(', ');
}
