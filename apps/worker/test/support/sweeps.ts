import { randomBytes } from 'node:crypto';
import { createSweep, createTeam, type Db } from '@swis-dse/db';
import {
  assignBatches,
  type DesignPoint,
  designPoints,
  parseSweepSpec,
  type SweepSpec,
  type SweepSpecInput,
} from '@swis-dse/swis-core';

/** A few MobileNet-v2 points sharing one quantization (swis N=3 G=16), compared with weight-serial. */
export const SMALL_SPEC: SweepSpecInput = {
  name: 'worker-test',
  model: 'mobilenet_v2',
  axes: {
    variant: ['swis'],
    bits: [3],
    groupSize: [16],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'ws', schedule: 'sorted' },
      { arch: 'bit-parallel', rows: 16, cols: 16, dataflow: 'os' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['cycles:min', 'sqnrDb:max'],
};

export interface TestSweep {
  readonly id: string;
  readonly teamId: string;
  readonly spec: SweepSpec;
  readonly points: readonly DesignPoint[];
  readonly batchKeys: readonly string[];
}

export async function newTeam(db: Db): Promise<string> {
  return (await createTeam(db, `team-${randomBytes(4).toString('hex')}`)).id;
}

/** Stores a sweep of `input` as the API does (points, batches); enqueues nothing. */
export async function newSweep(
  db: Db,
  teamId: string,
  input: SweepSpecInput,
  modelHash = `builtin:${input.model}`,
): Promise<TestSweep> {
  const spec = parseSweepSpec(input);
  const points = designPoints(spec);
  const keys = assignBatches(points);
  const { sweep, batchKeys } = await createSweep(db, {
    teamId,
    spec,
    modelHash,
    points: points.map((point, i) => ({
      gridIndex: point.gridIndex,
      configHash: point.configHash,
      batchKey: keys[i]!,
      config: { quant: point.quant, hardware: point.hardware, simulation: point.simulation },
    })),
  });
  return { id: sweep.id, teamId, spec, points, batchKeys };
}
