import { parseArgs } from 'node:util';
import { MODEL_OPTIONS, MODEL_USAGE } from '../model-source.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';
import { QUANTIZATION_OPTIONS } from './quantize.js';
import { simulateGemm } from './simulate-gemm.js';
import { simulateNetworkCommand } from './simulate-network.js';

/** Help text of `swis simulate`. */
export const SIMULATE_USAGE = `Usage: swis simulate --gemm M,N,K [--dataflow D --rows R --cols C --json]
       swis simulate (--model ID | --model-file FILE | --weights FILE.npy) --arch ARCH [options]

A GEMM (M output pixels, N filters, K reduction): compute cycles on a bit-parallel systolic array, equal
to SCALE-Sim v2's stall-free "Total Cycles".
A model: cycles, energy, PE-array area and DRAM traffic per layer and in total on a rows x cols array of
PEs with G lanes each (G = the group size), quantizing first when the architecture or the baseline reads
quantized weights (laconic, bitwave, swis, swis-c) or quantization flags are given.

${MODEL_USAGE}

Options:
  --gemm M,N,K        a bare GEMM instead of a model
  --arch ARCH         bit-parallel | stripes | weight-serial | loom | pragmatic | laconic | bitfusion |
                      bitwave | swis | swis-c   (a GEMM runs on bit-parallel only, the default there)
  --baseline ARCH     also run ARCH on the same array, weights and statistics, and compare
  --schedule S        none | sorted: order filters of equal N into the same lockstep tile (default none)
  --dataflow D        os | ws | is   (default ws)
  --rows R            PE rows (default 32)
  --cols C            PE columns (default 32)
  --energy E          horowitz-45nm | bitsim-28nm   (default horowitz-45nm)
  --depthwise M       per-channel (SCALE-Sim, the default) | channels-as-filters
  --json              print one JSON object

Quantization (a model only):
  --variant V         swis | swis-c | truncation | uniform | block-fp
                      (default: the architecture, or the baseline, when it is swis or swis-c; else swis)
  --bits N            shared magnitude bits per weight
  --budget X          average storage bits per weight instead of --bits (N chosen per filter)
  --group G           weights per group, and lanes per PE (default 16)
  --base-bits B, --scale S, --scale-method M   as for swis quantize`;

/** Flags that only make sense for a model. */
const NETWORK_ONLY = [
  'baseline',
  'schedule',
  'energy',
  'depthwise',
  ...Object.keys(QUANTIZATION_OPTIONS),
  ...Object.keys(MODEL_OPTIONS),
];

/** `swis simulate`: one GEMM (--gemm) or a whole model on an architecture. */
export async function simulateCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...MODEL_OPTIONS,
      gemm: { type: 'string' },
      arch: { type: 'string' },
      baseline: { type: 'string' },
      schedule: { type: 'string' },
      dataflow: { type: 'string', default: 'ws' },
      rows: { type: 'string', default: '32' },
      cols: { type: 'string', default: '32' },
      energy: { type: 'string' },
      depthwise: { type: 'string' },
      ...QUANTIZATION_OPTIONS,
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.gemm !== undefined) {
    const extra = NETWORK_ONLY.find((flag) => values[flag as keyof typeof values] !== undefined);
    if (extra !== undefined) throw new UsageError(`--${extra}: applies to a model, not to --gemm`);
    simulateGemm({ ...values, gemm: values.gemm }, io);
    return;
  }
  if ([values.model, values['model-file'], values.weights].every((v) => v === undefined)) {
    throw new UsageError('give --gemm M,N,K or a model (--model, --model-file or --weights)');
  }
  await simulateNetworkCommand(values, io);
}
