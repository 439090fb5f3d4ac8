import { type Db, getModelBytes } from '@swis-dse/db';
import {
  BUILTIN_MODELS,
  loadActivationStats,
  loadBuiltinModel,
  ModelError,
  readModelBytes,
  SINGLE_FILE_FORMATS,
  type SingleFileFormat,
} from '@swis-dse/models';
import type { ActivationStats, Network, NetworkQuantization } from '@swis-dse/swis-core';

/** A sweep's network and the activation statistics its points are simulated with. */
export interface LoadedNetwork {
  readonly network: Network;
  /** Measured statistics of a built-in model; null (swis-core's default) for uploaded models. */
  readonly activationStats: ActivationStats | null;
  /** Top-1 accuracy of the network with a quantization's weights, for models with an evaluation set. */
  readonly accuracyOf?: (quantization: NetworkQuantization) => Promise<number>;
}

export interface NetworkSource {
  /**
   * The network of `model` (a built-in id or an uploaded model's id), loaded once per process and
   * `modelHash`. Concurrent calls share one load.
   * @throws ModelError for an unknown id or a file the readers reject (deterministic: the points fail)
   */
  load(db: Db, model: string, modelHash: string): Promise<LoadedNetwork>;
  /** Networks held. */
  readonly size: number;
}

export interface NetworkSourceOptions {
  /** Networks kept in memory (least recently used dropped first). @defaultValue 4 */
  readonly maxNetworks?: number;
}

/** A per-process cache of networks keyed by model content hash. */
export function createNetworkSource(options: NetworkSourceOptions = {}): NetworkSource {
  const maxNetworks = options.maxNetworks ?? 4;
  const loaded = new Map<string, Promise<LoadedNetwork>>();
  return {
    load(db, model, modelHash) {
      const cached = loaded.get(modelHash);
      if (cached !== undefined) {
        // Map order is insertion order: re-inserting marks it most recently used.
        loaded.delete(modelHash);
        loaded.set(modelHash, cached);
        return cached;
      }
      const pending = loadNetwork(db, model);
      loaded.set(modelHash, pending);
      // A failed load (e.g. the database was down) must not stay cached.
      pending.catch(() => {
        if (loaded.get(modelHash) === pending) loaded.delete(modelHash);
      });
      while (loaded.size > maxNetworks) loaded.delete(loaded.keys().next().value!);
      return pending;
    },
    get size() {
      return loaded.size;
    },
  };
}

async function loadNetwork(db: Db, model: string): Promise<LoadedNetwork> {
  const builtin = BUILTIN_MODELS.find((m) => m.id === model);
  if (builtin !== undefined) {
    const network = await loadBuiltinModel(model);
    const activationStats = loadActivationStats(model);
    if (builtin.evaluationSet === undefined) return { network, activationStats };
    return { network, activationStats, accuracyOf: await fashionAccuracy() };
  }
  const file = await getModelBytes(db, model);
  if (file === null) {
    throw new ModelError(
      'SWIS_ERR_MODEL_UNKNOWN',
      { file: model },
      'no built-in or uploaded model has this id',
    );
  }
  const options = file.inputSize === null ? {} : { inputSize: file.inputSize };
  return {
    network: readModelBytes(file.bytes, file.name, storedFormat(file), options),
    activationStats: null,
  };
}

/** Uploads are stored with the format the API parsed them with. */
function storedFormat(file: { name: string; format: string; bytes: Uint8Array }): SingleFileFormat {
  const format = SINGLE_FILE_FORMATS.find((f) => f === file.format);
  if (format !== undefined) return format;
  throw new ModelError(
    'SWIS_ERR_MODEL_FORMAT',
    { file: file.name },
    `stored format ${file.format} is not readable`,
  );
}

/**
 * Accuracy on the Fashion-MNIST test images (ONNX Runtime), the images loaded once per network. Imported on
 * first use, so workers that never see such a model do not load ONNX Runtime's native library.
 */
async function fashionAccuracy(): Promise<(quantization: NetworkQuantization) => Promise<number>> {
  const { FashionEvaluator } = await import('@swis-dse/accuracy');
  const evaluator = await FashionEvaluator.load();
  return async (quantization) => (await evaluator.accuracy(quantization.layers)).accuracy;
}
