import {
  ARCHITECTURES,
  type ArchitectureId,
  ArchitectureIdSchema,
  DepthwiseMappingSchema,
  EnergyPresetIdSchema,
  type NetworkQuantization,
  parseHardware,
  quantizeNetwork,
  ScheduleSchema,
  SwisError,
  simulateNetwork,
} from '@swis-dse/swis-core';
import { activationSource } from '../activation-source.js';
import { choice, parseFlags, positiveInteger } from '../flags.js';
import { InputError } from '../input-error.js';
import { toJson } from '../json-output.js';
import { loadNetwork } from '../model-source.js';
import { simulationReport, simulationTable } from '../simulation-report.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';
import { specFromFlags } from './quantize.js';

/** The flags `swis simulate` reads for a network, as parseArgs returns them. */
export type NetworkFlags = Record<string, string | boolean | undefined>;

/** Flags that ask for a quantization even when neither architecture needs one. */
const QUANTIZATION_FLAGS = ['variant', 'bits', 'budget', 'base-bits', 'scale', 'scale-method'];

/** Weights per group, hence lanes per PE, when the flags do not say. */
const DEFAULT_GROUP = '16';

/**
 * `swis simulate --model ...`: loads the network, quantizes it when the architecture or the baseline reads
 * quantized weights (or quantization flags are given), simulates it on a rows x cols array of G-lane PEs
 * (G = the group size) and prints the report.
 */
export async function simulateNetworkCommand(values: NetworkFlags, io: CommandIo): Promise<void> {
  const text = (flag: string): string | undefined => values[flag] as string | undefined;
  if (text('arch') === undefined)
    throw new UsageError('--arch: give the architecture to simulate a model on');
  const arch = choice('--arch', ArchitectureIdSchema.options, text('arch')!);
  const baselineText = text('baseline');
  const baseline =
    baselineText === undefined ? undefined : choice('--baseline', ArchitectureIdSchema.options, baselineText);
  const schedule = choice('--schedule', ScheduleSchema.options, text('schedule') ?? 'none');
  const energy = choice('--energy', EnergyPresetIdSchema.options, text('energy') ?? 'horowitz-45nm');
  const depthwiseMapping = choice(
    '--depthwise',
    DepthwiseMappingSchema.options,
    text('depthwise') ?? 'per-channel',
  );
  const needsWeights = [arch, baseline].some(
    (id) => id !== undefined && ARCHITECTURES[id].readsQuantizedWeights,
  );
  const quantize = needsWeights || QUANTIZATION_FLAGS.some((flag) => values[flag] !== undefined);
  const spec = quantize
    ? specFromFlags({ ...values, variant: text('variant') ?? defaultVariant(arch, baseline) })
    : null;
  const lanesPerPe = spec?.groupSize ?? positiveInteger('--group', text('group') ?? DEFAULT_GROUP);
  const hardware = parseFlags(() =>
    parseHardware({
      rows: positiveInteger('--rows', text('rows')!),
      cols: positiveInteger('--cols', text('cols')!),
      dataflow: text('dataflow'),
      lanesPerPe,
    }),
  );

  const network = await loadNetwork(values);
  const source = text('model') ?? text('model-file') ?? text('weights');
  let quantization: NetworkQuantization | null = null;
  if (spec !== null) {
    try {
      quantization = quantizeNetwork(network, spec);
    } catch (error) {
      if (error instanceof SwisError) throw new InputError(`${source}: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const activations = activationSource(text('model'));
  const result = simulateNetwork(network, quantization, hardware, {
    arch,
    baseline,
    schedule,
    energy,
    depthwiseMapping,
    activationStats: activations.stats,
  });
  const context = { network, quantization, hardware, schedule, energy, depthwiseMapping, activations };
  io.stdout(values.json ? toJson(simulationReport(result, context)) : simulationTable(result, context));
}

/**
 * swis and swis-c run their own variant; another architecture is compared on the weights its swis or swis-c
 * baseline needs, and on swis weights otherwise.
 */
function defaultVariant(arch: ArchitectureId, baseline: ArchitectureId | undefined): string {
  for (const id of [arch, baseline]) if (id === 'swis' || id === 'swis-c') return id;
  return 'swis';
}
