import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterLength, type Network } from '@swis-dse/swis-core';
import { makeNpy } from '../packages/models/test/helpers/make-npy.js';

export interface NumpyRun {
  readonly method: 'table' | 'levels';
  readonly seconds: number;
  readonly sse: number;
  readonly numpy: string;
}

/**
 * Times bench/numpy_brute_force.py on the network's layers (written as [filters, length] float32 .npy
 * files). Returns null, with the reason on stderr, when python3 or numpy is missing.
 */
export function runNumpyBaseline(
  network: Network,
  bits: number,
  groupSize: number,
  method: NumpyRun['method'],
): NumpyRun | null {
  const dir = mkdtempSync(join(tmpdir(), 'swis-numpy-'));
  try {
    const layers = network.layers.map((layer, i) => {
      const length = filterLength(layer);
      const filters = layer.weights.length / length;
      const file = `layer${i}.npy`;
      writeFileSync(
        join(dir, file),
        makeNpy({ shape: [filters, length], values: Array.from(layer.weights) }),
      );
      return { name: layer.name, file, filters, length };
    });
    writeFileSync(join(dir, 'layers.json'), JSON.stringify({ layers }));
    const output = execFileSync(
      'python3',
      ['bench/numpy_brute_force.py', dir, String(bits), String(groupSize), method],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return { method, ...JSON.parse(output) } as NumpyRun;
  } catch (error) {
    process.stderr.write(`numpy baseline skipped: ${(error as Error).message.split('\n')[0]}\n`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
