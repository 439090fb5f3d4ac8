/**
 * The demo sweep `npm start` runs: the 24-point MobileNet-v2 spec plus uniform quantization, under
 * per-filter and per-tensor scales (SWIS's shared shifts matter most with one scale per tensor).
 */
export const DEMO_SPEC = {
  name: 'demo: mobilenet_v2, swis vs baselines',
  model: 'mobilenet_v2',
  method: 'grid',
  axes: {
    variant: ['swis', 'swis-c', 'truncation', 'uniform'],
    bits: [2, 3],
    groupSize: [8, 16],
    scale: ['per-filter', 'per-tensor'],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'ws' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
} as const;
