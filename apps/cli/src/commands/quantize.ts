import { parseArgs } from 'node:util';
import {
  type Network,
  type NetworkQuantization,
  parseQuantSpec,
  type QuantSpec,
  type QuantSpecInput,
  quantizeNetwork,
  SwisError,
} from '@swis-dse/swis-core';
import { InputError } from '../input-error.js';
import { toJson } from '../json-output.js';
import { loadNetwork, MODEL_OPTIONS, MODEL_USAGE } from '../model-source.js';
import { saveQuantizedWeights } from '../save-weights.js';
import { fixed, textTable } from '../text-table.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';

/** Help text of `swis quantize`. */
export const QUANTIZE_USAGE = `Usage: swis quantize (--model ID | --model-file FILE | --weights FILE.npy) [options]

Quantizes every conv, depthwise and dense layer and reports error and storage.

${MODEL_USAGE}

Options:
  --variant V         swis | swis-c | truncation | uniform | block-fp   (default swis)
  --bits N            shared magnitude bits per weight, 1 .. base-bits - 1
  --budget X          average storage bits per weight instead of --bits (N chosen per filter)
  --group G           weights per group (default 16)
  --base-bits B       base integer width, sign included (default 8)
  --scale S           per-filter | per-tensor   (default per-filter)
  --scale-method M    max | search   (default max)
  --json              print one JSON object instead of a table
  --save FILE         also write the quantized weights to FILE: safetensors, float32, PyTorch layout
                      ([K, C, R, S], dense [out, in]), the spec in its __metadata__`;

/** The flags that describe a quantization, shared by every command that quantizes. */
export const QUANTIZATION_OPTIONS = {
  variant: { type: 'string' },
  bits: { type: 'string' },
  budget: { type: 'string' },
  group: { type: 'string' },
  'base-bits': { type: 'string' },
  scale: { type: 'string' },
  'scale-method': { type: 'string' },
} as const;

/** Command-line flag of each spec field, so errors name what the user typed. */
const FLAG: Record<string, string> = {
  variant: '--variant',
  bits: '--bits',
  budget: '--budget',
  groupSize: '--group',
  baseBits: '--base-bits',
  scale: '--scale',
  scaleMethod: '--scale-method',
};

/** `swis quantize`: loads the model the flags name, quantizes it, writes --save and prints the report. */
export async function quantizeCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...MODEL_OPTIONS,
      ...QUANTIZATION_OPTIONS,
      variant: { type: 'string', default: 'swis' },
      json: { type: 'boolean', default: false },
      save: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const spec = specFromFlags(values);
  if (values.save === '') throw new UsageError('--save: expected a file name');
  const network = await loadNetwork(values);
  const source = values.model ?? values['model-file'] ?? values.weights;
  const started = performance.now();
  let result: NetworkQuantization;
  try {
    result = quantizeNetwork(network, spec);
  } catch (error) {
    // e.g. a budget below what N = 1 costs for this model: name the model, as file errors do.
    if (error instanceof SwisError) throw new InputError(`${source}: ${error.message}`, { cause: error });
    throw error;
  }
  const timeMs = performance.now() - started;
  if (values.save !== undefined) await saveQuantizedWeights(values.save, network, result);
  io.stdout(values.json ? toJson(report(network, result, timeMs)) : table(network, result, timeMs));
  if (values.save !== undefined && !values.json) io.stdout(`quantized weights saved to ${values.save}`);
}

/** Builds the quantization spec from the flags, validated by swis-core's own schema. */
export function specFromFlags(values: Record<string, string | boolean | undefined>): QuantSpec {
  const number = (flag: string): number | undefined => {
    const text = values[flag];
    if (text === undefined) return undefined;
    const parsed = Number(text);
    if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(parsed)) {
      throw new UsageError(`--${flag}: expected a number, got '${String(text)}'`);
    }
    return parsed;
  };
  const input: Record<string, unknown> = {
    variant: values.variant,
    bits: number('bits'),
    budget: number('budget'),
    groupSize: number('group'),
    baseBits: number('base-bits'),
    scale: values.scale,
    scaleMethod: values['scale-method'],
  };
  if ((input.bits === undefined) === (input.budget === undefined)) {
    throw new UsageError('give exactly one of --bits and --budget');
  }
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  try {
    return parseQuantSpec(input as QuantSpecInput);
  } catch (error) {
    const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
    if (issues === undefined) throw error;
    throw new UsageError(
      issues.map((i) => `${FLAG[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
}

function report(network: Network, result: NetworkQuantization, timeMs: number) {
  return {
    model: {
      name: network.name,
      layers: network.layers.length,
      ...network.metadata,
    },
    spec: result.spec,
    weights: result.weightCount,
    sse: result.sse,
    mse: result.mse,
    sqnrDb: result.sqnrDb,
    maxAbsError: result.maxAbsError,
    bitsPerWeight: result.bitsPerWeight,
    scaleBitsPerWeight: result.scaleBitsPerWeight,
    meanBits: result.meanBits,
    bitsHistogram: result.bitsHistogram,
    timeMs: Math.round(timeMs * 100) / 100,
    layers: result.layers.map((layer, i) => ({
      name: layer.name,
      kind: network.layers[i]!.kind,
      shape: network.layers[i]!.shape,
      filters: layer.filters,
      weights: layer.weightCount,
      sse: layer.sse,
      mse: layer.mse,
      sqnrDb: layer.sqnrDb,
      maxAbsError: layer.maxAbsError,
      bitsPerWeight: layer.bitsPerWeight,
      scaleBitsPerWeight: layer.scaleBitsPerWeight,
      meanBits: layer.meanBits,
      bitsHistogram: layer.bitsHistogram,
    })),
  };
}

function table(network: Network, result: NetworkQuantization, timeMs: number): string {
  const spec = result.spec;
  const bits = spec.bits !== undefined ? `N=${spec.bits}` : `budget ${spec.budget} bits/weight`;
  const rows = result.layers.map((l, i) => [
    l.name,
    network.layers[i]!.kind,
    l.weightCount,
    fixed(l.sqnrDb, 2),
    l.sse.toExponential(3),
    fixed(l.bitsPerWeight, 3),
    fixed(l.meanBits, 2),
  ]);
  const histogram = Object.entries(result.bitsHistogram)
    .map(([n, count]) => `N=${n}: ${count}`)
    .join(', ');
  return [
    `${network.name}: ${spec.variant} ${bits}, G=${spec.groupSize}, B=${spec.baseBits}, ${spec.scale} ${spec.scaleMethod} scales`,
    '',
    textTable(['layer', 'kind', 'weights', 'SQNR dB', 'SSE', 'bits/w', 'mean N'], rows),
    '',
    `total: ${result.weightCount} weights, SQNR ${fixed(result.sqnrDb, 2)} dB, SSE ${result.sse.toExponential(4)}, ` +
      `MSE ${result.mse.toExponential(4)}, max |error| ${result.maxAbsError.toExponential(3)}`,
    `storage: ${fixed(result.bitsPerWeight, 4)} bits/weight + ${fixed(result.scaleBitsPerWeight, 4)} for scales; filters per N: ${histogram}`,
    `decomposition time: ${timeMs.toFixed(1)} ms`,
  ].join('\n');
}
