/** Stable codes of dataset errors (see docs/errors.md). */
export const DATASET_ERROR_CODES = ['SWIS_ERR_DATASET_MISSING', 'SWIS_ERR_DATASET_FORMAT'] as const;
export type DatasetErrorCode = (typeof DATASET_ERROR_CODES)[number];

/** A dataset file that is missing or not what it claims to be; the message names the file. */
export class DatasetError extends Error {
  constructor(
    readonly code: DatasetErrorCode,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'DatasetError';
  }
}
