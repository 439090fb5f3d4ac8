import { loadBuiltinModel, loadModelFile } from '@swis-dse/models';
import type { Network } from '@swis-dse/swis-core';
import { UsageError } from './usage-error.js';

/** The model flags every command that reads a network accepts. */
export const MODEL_OPTIONS = {
  model: { type: 'string' },
  'model-file': { type: 'string' },
  weights: { type: 'string' },
  'input-size': { type: 'string' },
} as const;

/** The model flags' section of a command's usage text. */
export const MODEL_USAGE = `Model (exactly one):
  --model ID          a built-in model (see: swis models)
  --model-file FILE   an ONNX, safetensors, .npy or TFJS model.json file
  --weights FILE.npy  a single weight tensor, PyTorch layout [K, C, R, S] or [out, in]
  --input-size H,W    input height and width when the file does not declare them`;

/** Loads the network the model flags name. */
export async function loadNetwork(values: {
  model?: string;
  'model-file'?: string;
  weights?: string;
  'input-size'?: string;
}): Promise<Network> {
  const given = [values.model, values['model-file'], values.weights].filter((v) => v !== undefined);
  if (given.length !== 1) throw new UsageError('give exactly one of --model, --model-file and --weights');
  const inputSize = parseInputSize(values['input-size']);
  const options = inputSize === undefined ? {} : { inputSize };
  if (values.model !== undefined) return loadBuiltinModel(values.model);
  if (values['model-file'] !== undefined) return loadModelFile(values['model-file'], options);
  return loadModelFile(values.weights!, { ...options, format: 'npy' });
}

function parseInputSize(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || !parts.every((p) => Number.isInteger(p) && p > 0)) {
    throw new UsageError(`--input-size: expected H,W as two positive integers, got '${text}'`);
  }
  return [parts[0]!, parts[1]!];
}
