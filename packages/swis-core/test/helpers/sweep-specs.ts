import type { SweepSpecInput } from '../../src/index.js';

/** The 24-point sweep spec, exactly as written there. */
export const MBV2_SMALL: SweepSpecInput = {
  name: 'mbv2-small',
  model: 'mobilenet_v2',
  method: 'grid',
  axes: {
    variant: ['swis', 'swis-c', 'truncation'],
    bits: [2, 3],
    groupSize: [8, 16],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'ws' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
};
