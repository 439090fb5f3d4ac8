import { defineConfig } from 'vitest/config';

/** npm run test:faults: stops and restarts the machine's services, so its cases run one at a time, alone. */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'artifacts/vitest-faults.json' },
  },
});
