// Golden figures per architecture: cycles, energy and DRAM traffic of MobileNet-v2 and a small synthetic
// network (see golden-cases.ts), compared within 1e-9 relative. A change here means the cost model changed.
// When that is intended, regenerate the files deliberately and commit them with the change that moved them:
//
//   SWIS_UPDATE_GOLDEN=1 npx vitest run packages/swis-core/test/golden
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArchitectureIdSchema } from '../../src/index.js';
import { type GoldenFigures, goldenCases, goldenWorkloads } from './golden-cases.js';

const UPDATE = process.env.SWIS_UPDATE_GOLDEN === '1';
const TOLERANCE = 1e-9;

interface GoldenFile {
  readonly generatedBy: string;
  readonly arch: string;
  readonly cases: Record<string, GoldenFigures>;
}

const fileOf = (arch: string) => new URL(`./${arch}.json`, import.meta.url);

let workloads: Awaited<ReturnType<typeof goldenWorkloads>>;
beforeAll(async () => {
  workloads = await goldenWorkloads();
});

describe('golden figures', () => {
  for (const arch of ArchitectureIdSchema.options) {
    it(`${arch} matches test/golden/${arch}.json`, () => {
      const cases = goldenCases(arch, workloads);
      if (UPDATE) {
        const file: GoldenFile = {
          generatedBy: 'SWIS_UPDATE_GOLDEN=1 npx vitest run packages/swis-core/test/golden; do not edit',
          arch,
          cases,
        };
        writeFileSync(fileOf(arch), `${JSON.stringify(file, null, 2)}\n`);
      }
      const golden = JSON.parse(readFileSync(fileOf(arch), 'utf8')) as GoldenFile;
      expect(Object.keys(cases).sort()).toEqual(Object.keys(golden.cases).sort());
      for (const [key, expected] of Object.entries(golden.cases)) {
        for (const [field, value] of Object.entries(expected) as [keyof GoldenFigures, number][]) {
          const actual = cases[key]![field];
          const relative = Math.abs(actual - value) / Math.max(Math.abs(value), Number.MIN_VALUE);
          expect(relative, `${key} ${field}: ${actual}, golden ${value}`).toBeLessThanOrEqual(TOLERANCE);
        }
      }
    });
  }
});
