import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the WebAssembly kernel', () => {
  it('is built from its committed AssemblyScript source (the embedded module is not stale)', () => {
    const output = execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
      encoding: 'utf8',
    });
    expect(output).toContain('up to date');
  });
});
