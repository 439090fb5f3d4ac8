import { randomUUID } from 'node:crypto';
import { FashionEvaluator } from '@swis-dse/accuracy';
import { FASHION_MNIST_DIR, fashionMnistInstalled } from '@swis-dse/datasets';
import { cancelSweep, createDb, type Db, getSweep, saveModel } from '@swis-dse/db';
import { loadActivationStats, loadBuiltinModel, readNpy } from '@swis-dse/models';
import { configHash, type Network, pointMetrics, quantizeNetwork } from '@swis-dse/swis-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchDeps, createNetworkSource, createQuantizationCache, processBatch } from '../src/index.js';
import { newSweep, newTeam, SMALL_SPEC, type TestSweep } from './support/sweeps.js';
import { acquireTestDatabase, type TestDatabase } from './support/test-database.js';

const installed = fashionMnistInstalled();
if (!installed) {
  console.info(
    `swis-dse tests: NOT RUN: the worker accuracy metric (no Fashion-MNIST in ${FASHION_MNIST_DIR}; .ci/run installs Debian's dataset-fashion-mnist)`,
  );
}

let database: TestDatabase;
let db: Db;
let teamId: string;
let network: Network;

beforeAll(async () => {
  database = await acquireTestDatabase();
  db = database.db;
  teamId = await newTeam(db);
  network = await loadBuiltinModel('mobilenet_v2');
});

afterAll(async () => {
  await database?.release();
});

/** A little-endian float32 .npy file (format 1.0) holding `values` with `shape`. */
function npyFile(values: Float32Array, shape: readonly number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header = `${header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11)}\n`;
  const prefix = new Uint8Array([
    0x93,
    ...new TextEncoder().encode('NUMPY'),
    1,
    0,
    header.length & 0xff,
    header.length >> 8,
  ]);
  const body = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return new Uint8Array([...prefix, ...new TextEncoder().encode(header), ...body]);
}

function freshDeps(): BatchDeps {
  return { db, networks: createNetworkSource(), quantizations: createQuantizationCache() };
}

async function runAll(deps: BatchDeps, sweep: TestSweep) {
  const outcomes = [];
  for (const batchKey of sweep.batchKeys)
    outcomes.push(await processBatch(deps, { sweepId: sweep.id, batchKey }));
  return outcomes;
}

async function pointRows(sweepId: string) {
  return db.point.findMany({ where: { sweepId }, orderBy: { gridIndex: 'asc' } });
}

describe('processBatch', () => {
  it('stores metrics and detail equal to a direct swis-core evaluation', async () => {
    const sweep = await newSweep(db, teamId, SMALL_SPEC);
    expect(sweep.batchKeys).toHaveLength(1);
    const deps = freshDeps();
    const [outcome] = await runAll(deps, sweep);
    expect(outcome).toEqual({ claimed: true, points: 3, cached: 0, computed: 3, failed: 0, quantized: 1 });

    const quantization = quantizeNetwork(network, sweep.points[0]!.quant);
    const activationStats = loadActivationStats('mobilenet_v2');
    const rows = await pointRows(sweep.id);
    expect(rows).toHaveLength(3);
    sweep.points.forEach((point, i) => {
      const direct = pointMetrics(network, quantization, point, {
        activationStats,
        baseline: sweep.spec.baseline,
      });
      const row = rows[i]!;
      expect(row).toMatchObject({ status: 'done', error: null, configHash: point.configHash });
      expect(row.metrics).toEqual(direct.metrics);
      expect(row.detail).toEqual(direct.detail);
      expect(row.cycles).toBe(direct.metrics.cycles);
      expect(row.energyPj).toBe(direct.metrics.energyPj);
      expect(row.sqnrDb).toBe(direct.metrics.sqnrDb);
      expect(row.speedupVsBaseline).toBe(direct.metrics.speedupVsBaseline);
      expect(row.evalMs).toBeGreaterThan(0);
    });
    // The weight-serial baseline (8-bit weights on its own 32x32 array) is slower than SWIS at N = 3.
    expect((rows[0]!.metrics as { speedupVsBaseline: number }).speedupVsBaseline).toBeGreaterThan(1);
    const stored = await getSweep(db, teamId, sweep.id);
    expect(stored).toMatchObject({
      status: 'done',
      counts: { total: 3, done: 3, failed: 0, pending: 0, running: 0 },
    });
  });

  it.runIf(installed)(
    'measures accuracy once per quantization for a model with an evaluation set (fashion-mobilenet)',
    async () => {
      const sweep = await newSweep(db, teamId, {
        ...SMALL_SPEC,
        name: 'accuracy',
        model: 'fashion-mobilenet',
        axes: { ...SMALL_SPEC.axes, bits: [1, 4] },
        objectives: ['accuracy:max', 'bitsPerWeight:min'],
      });
      const deps = freshDeps();
      await runAll(deps, sweep);
      const rows = await pointRows(sweep.id);
      expect(rows.map((r) => r.status)).toEqual(Array(6).fill('done'));
      const evaluator = await FashionEvaluator.load();
      const fashion = await loadBuiltinModel('fashion-mobilenet');
      for (const row of rows) {
        const quant = sweep.points[row.gridIndex]!.quant;
        const { accuracy } = await evaluator.accuracy(quantizeNetwork(fashion, quant).layers);
        expect(row.accuracy).toBe(accuracy);
        expect((row.metrics as { accuracy: number }).accuracy).toBe(accuracy);
      }
      // The three hardware points of one quantization share its accuracy; N = 4 beats N = 1.
      const byBits = (bits: number) =>
        rows.filter((r) => sweep.points[r.gridIndex]!.quant.bits === bits).map((r) => r.accuracy);
      expect(new Set(byBits(1)).size).toBe(1);
      expect(byBits(4)[0]!).toBeGreaterThan(byBits(1)[0]! + 0.05);
    },
  );

  it('leaves accuracy unset for a model without an evaluation set', async () => {
    const sweep = await newSweep(db, teamId, { ...SMALL_SPEC, name: 'no-accuracy' });
    await runAll(freshDeps(), sweep);
    const rows = await pointRows(sweep.id);
    expect(rows.map((r) => [r.status, r.accuracy])).toEqual(Array(3).fill(['done', null]));
    expect(rows.every((r) => !('accuracy' in (r.metrics as object)))).toBe(true);
  });

  it('is idempotent: a repeated or duplicated job changes nothing', async () => {
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'twice',
      axes: { ...SMALL_SPEC.axes, bits: [2] },
    });
    const deps = freshDeps();
    const batch = { sweepId: sweep.id, batchKey: sweep.batchKeys[0]! };
    // Two deliveries of one job at once (a stalled job retried while the first still runs): whichever
    // records second finds the points done.
    const both = await Promise.all([processBatch(deps, batch), processBatch(freshDeps(), batch)]);
    expect(both.some((o) => o.claimed)).toBe(true);
    const first = await pointRows(sweep.id);
    const firstSweep = await getSweep(db, teamId, sweep.id);
    expect(firstSweep).toMatchObject({
      status: 'done',
      counts: { total: 3, done: 3, failed: 0, running: 0 },
    });

    const again = await processBatch(deps, batch);
    expect(again.claimed).toBe(false);
    expect(await pointRows(sweep.id)).toEqual(first);
    expect(await db.point.count({ where: { sweepId: sweep.id } })).toBe(3);
    expect(await getSweep(db, teamId, sweep.id)).toEqual(firstSweep);
  });

  it('answers a second sweep of the same model and configurations from the result cache', async () => {
    const first = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'cache-1',
      axes: { ...SMALL_SPEC.axes, bits: [4] },
    });
    await runAll(freshDeps(), first);
    const second = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'cache-2',
      axes: { ...SMALL_SPEC.axes, bits: [4] },
    });
    const deps = freshDeps();
    const [outcome] = await runAll(deps, second);
    expect(outcome).toEqual({ claimed: true, points: 3, cached: 3, computed: 0, failed: 0, quantized: 0 });
    // Nothing was loaded or quantized in this process.
    expect(deps.networks.size).toBe(0);
    expect(deps.quantizations.misses).toBe(0);
    const [a, b] = [await pointRows(first.id), await pointRows(second.id)];
    expect(b.map((r) => r.metrics)).toEqual(a.map((r) => r.metrics));
    expect(b.map((r) => r.detail)).toEqual(a.map((r) => r.detail));
    expect(b.every((r) => r.status === 'done' && r.evalMs === 0)).toBe(true);

    // Another baseline is another result: computed, with the quantization cached in process.
    const third = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'cache-3',
      axes: { ...SMALL_SPEC.axes, bits: [4] },
      baseline: { arch: 'stripes', rows: 32, cols: 32, dataflow: 'ws' },
    });
    const [other] = await runAll(deps, third);
    expect(other).toMatchObject({ cached: 0, computed: 3, quantized: 1 });
    const [again] = await runAll(
      deps,
      await newSweep(db, teamId, {
        ...SMALL_SPEC,
        name: 'cache-4',
        axes: { ...SMALL_SPEC.axes, bits: [4], groupSize: [8] },
      }),
    );
    expect(again).toMatchObject({ computed: 3, quantized: 1 });
    expect(deps.quantizations.size).toBe(2);
  });

  it('fails the points of an infeasible budget with its message, and the sweep when none succeeds', async () => {
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'infeasible',
      axes: { ...SMALL_SPEC.axes, bits: undefined, budgets: [0.5] },
    });
    const [outcome] = await runAll(freshDeps(), sweep);
    expect(outcome).toMatchObject({ claimed: true, points: 3, computed: 0, failed: 3 });
    const rows = await pointRows(sweep.id);
    for (const row of rows) {
      expect(row.status).toBe('failed');
      expect(row.metrics).toBeNull();
      expect(row.error).toMatch(/budget/i);
    }
    expect(await getSweep(db, teamId, sweep.id)).toMatchObject({ status: 'failed', counts: { failed: 3 } });
    // Failures are not cached.
    expect(
      await db.resultCache.count({
        where: { configHash: configHash({ point: rows[0]!.configHash, baseline: sweep.spec.baseline }) },
      }),
    ).toBe(0);
  });

  it('evaluates an uploaded model from its stored bytes, with default activation statistics', async () => {
    const values = Float32Array.from({ length: 64 * 128 }, (_, i) => Math.sin(i * 0.37) * 0.05);
    const bytes = npyFile(values, [64, 128]);
    const { model } = await saveModel(db, {
      teamId,
      name: 'fc.npy',
      format: 'npy',
      layers: 1,
      weights: values.length,
      bytes,
    });
    const sweep = await newSweep(
      db,
      teamId,
      { ...SMALL_SPEC, name: 'uploaded', model: model.id },
      model.contentHash,
    );
    const [outcome] = await runAll(freshDeps(), sweep);
    expect(outcome).toMatchObject({ computed: 3, failed: 0 });
    const uploaded = readNpy(bytes, 'fc.npy');
    const quantization = quantizeNetwork(uploaded, sweep.points[0]!.quant);
    const rows = await pointRows(sweep.id);
    sweep.points.forEach((point, i) => {
      const direct = pointMetrics(uploaded, quantization, point, {
        activationStats: null,
        baseline: sweep.spec.baseline,
      });
      expect(rows[i]!.metrics).toEqual(direct.metrics);
    });
  });

  it('fails every point of a sweep whose uploaded model is gone', async () => {
    const sweep = await newSweep(
      db,
      teamId,
      { ...SMALL_SPEC, name: 'no-model', model: randomUUID() },
      'sha256:gone',
    );
    const [outcome] = await runAll(freshDeps(), sweep);
    expect(outcome).toMatchObject({ failed: 3 });
    const rows = await pointRows(sweep.id);
    expect(rows.every((r) => r.status === 'failed' && /no built-in or uploaded model/.test(r.error!))).toBe(
      true,
    );
  });

  it('does nothing for a cancelled sweep', async () => {
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'cancelled',
      axes: { ...SMALL_SPEC.axes, bits: [5] },
    });
    await cancelSweep(db, teamId, sweep.id);
    const deps = freshDeps();
    const [outcome] = await runAll(deps, sweep);
    expect(outcome).toMatchObject({ claimed: false, points: 0 });
    expect(deps.quantizations.misses).toBe(0);
    const rows = await pointRows(sweep.id);
    expect(rows.every((r) => r.status === 'cancelled' && r.metrics === null)).toBe(true);
    expect(await getSweep(db, teamId, sweep.id)).toMatchObject({
      status: 'cancelled',
      counts: { cancelled: 3, done: 0 },
    });
  });

  it('propagates infrastructure errors so the job is retried', async () => {
    const sweep = await newSweep(db, teamId, {
      ...SMALL_SPEC,
      name: 'db-down',
      axes: { ...SMALL_SPEC.axes, bits: [6] },
    });
    const down = createDb('postgresql://postgres:postgres@127.0.0.1:1/none');
    const deps = { ...freshDeps(), db: down };
    await expect(processBatch(deps, { sweepId: sweep.id, batchKey: sweep.batchKeys[0]! })).rejects.toThrow();
    await down.$disconnect();
    expect((await pointRows(sweep.id)).every((r) => r.status === 'pending')).toBe(true);
  });
});
