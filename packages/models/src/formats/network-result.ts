import { InvalidInputError, type Network, type NetworkInput, parseNetwork } from '@swis-dse/swis-core';
import { ModelError } from '../errors.js';

/**
 * Validates an imported network with swis-core's parseNetwork. Schema violations (e.g. a zero stride read
 * from a damaged file) become a ModelError naming the file and the offending layer, so that readers only
 * ever throw ModelError for bad input.
 */
export function finishNetwork(input: NetworkInput, file: string): Network {
  if (input.layers.length === 0) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'contains no conv or dense weight tensors');
  }
  try {
    return parseNetwork(input);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const [first] = error.issues;
    const index = first?.path[0] === 'layers' ? first.path[1] : undefined;
    const tensor = typeof index === 'number' ? input.layers[index]?.name : undefined;
    // Name the first problem only: a hostile file can hold a problem per tensor, hundreds of thousands.
    const more = error.issues.length > 1 ? ` and ${error.issues.length - 1} more problems` : '';
    const detail = first === undefined ? error.message : `${first.path.join('.')}: ${first.message}${more}`;
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file, tensor },
      `does not form a valid network (${detail})`,
    );
  }
}
