import type { SweepSpec } from '@swis-dse/swis-core';
import type { Sweep } from '../../generated/client.js';

export type SweepStatusName = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Points of a sweep by status; pending = total minus the others. */
export interface SweepCounts {
  readonly total: number;
  readonly pending: number;
  readonly running: number;
  readonly done: number;
  readonly failed: number;
  readonly cancelled: number;
}

export interface SweepRecord {
  readonly id: string;
  readonly name: string;
  readonly status: SweepStatusName;
  readonly spec: SweepSpec;
  readonly modelHash: string;
  readonly counts: SweepCounts;
  /** Increases with every change of status or counts: the ETag's source. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** The columns a SweepRecord is built from. */
export const SWEEP_COLUMNS = {
  id: true,
  name: true,
  status: true,
  spec: true,
  modelHash: true,
  totalPoints: true,
  runningPoints: true,
  donePoints: true,
  failedPoints: true,
  cancelledPoints: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

export type SweepRow = Pick<Sweep, keyof typeof SWEEP_COLUMNS>;

export function toSweepRecord(row: SweepRow): SweepRecord {
  const { totalPoints, runningPoints, donePoints, failedPoints, cancelledPoints, spec, ...rest } = row;
  return {
    ...rest,
    spec: spec as SweepSpec,
    counts: {
      total: totalPoints,
      pending: totalPoints - runningPoints - donePoints - failedPoints - cancelledPoints,
      running: runningPoints,
      done: donePoints,
      failed: failedPoints,
      cancelled: cancelledPoints,
    },
  };
}
