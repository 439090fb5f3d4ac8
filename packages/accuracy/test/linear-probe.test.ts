import { mulberry32 } from '@swis-dse/swis-core';
import { describe, expect, it } from 'vitest';
import { LinearProbe, probeAccuracy } from '../src/mobilenet/linear-probe.js';

const CLASSES = 3;
const DIM = 8;

/** Samples of 3 well-separated Gaussian blobs in 8-D, on a scale and offset standardization must undo. */
function blobs(count: number, seed: number): { features: Float32Array; labels: Uint8Array } {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const features = new Float32Array(count * DIM);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % CLASSES;
    labels[i] = label;
    for (let d = 0; d < DIM; d++) {
      const center = d === label ? 6 : 0;
      features[i * DIM + d] = 100 + 50 * (center + gauss());
    }
  }
  return { features, labels };
}

describe('LinearProbe', () => {
  const train = blobs(300, 1);
  const test = blobs(150, 2);

  it('separates separable classes', () => {
    const probe = LinearProbe.train(train.features, train.labels, CLASSES);
    expect(probeAccuracy(probe, train.features, train.labels)).toBe(1);
    expect(probeAccuracy(probe, test.features, test.labels)).toBeGreaterThanOrEqual(0.99);
  });

  it('is deterministic', () => {
    const a = LinearProbe.train(train.features, train.labels, CLASSES, { seed: 7 });
    const b = LinearProbe.train(train.features, train.labels, CLASSES, { seed: 7 });
    expect(a.logits(test.features)).toEqual(b.logits(test.features));
  });

  it('rejects features that are not whole rows', () => {
    expect(() => LinearProbe.train(new Float32Array(7), new Uint8Array(2), CLASSES)).toThrow(RangeError);
  });
});
