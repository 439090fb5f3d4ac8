import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_ERROR_CODES, ModelError } from '../src/errors.js';

describe('model error catalogue', () => {
  it('documents every code in docs/errors.md', () => {
    const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of MODEL_ERROR_CODES) expect(docs).toContain(`\`${code}\``);
  });

  it('names the file, op and tensor in the message', () => {
    const error = new ModelError(
      'SWIS_ERR_MODEL_OP',
      { file: 'net.onnx', op: 'Conv_3', tensor: 'w3' },
      'dilation 2 is not supported',
    );
    expect(error.message).toBe('net.onnx, op Conv_3, tensor w3: dilation 2 is not supported');
  });
});
