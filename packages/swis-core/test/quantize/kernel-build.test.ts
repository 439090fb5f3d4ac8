import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the WebAssembly kernels', () => {
  it('is built from its committed AssemblyScript source (no embedded module is stale)', () => {
    const output = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
      encoding: 'utf8',
    });
    expect(output).toContain('up to date');
  });
});
