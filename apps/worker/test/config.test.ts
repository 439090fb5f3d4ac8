import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../src/index.js';

describe('loadWorkerConfig', () => {
  it('fills the defaults and treats empty variables as unset', () => {
    expect(loadWorkerConfig({ DATABASE_URL: 'postgresql://x/y', REDIS_URL: '' })).toEqual({
      DATABASE_URL: 'postgresql://x/y',
      WORKER_CONCURRENCY: 1,
      WORKER_PROCESSES: 1,
      RECONCILE_INTERVAL_MS: 10_000,
      QUANT_CACHE_MB: 64,
      WORKER_NICE: 10,
      WORKER_LOCK_MS: 15_000,
      LOG_LEVEL: 'info',
    });
  });

  it('coerces numbers and names every bad variable', () => {
    expect(
      loadWorkerConfig({ DATABASE_URL: 'postgresql://x/y', WORKER_CONCURRENCY: '4', QUEUE_PREFIX: 'p' }),
    ).toMatchObject({ WORKER_CONCURRENCY: 4, QUEUE_PREFIX: 'p' });
    expect(() => loadWorkerConfig({ WORKER_PROCESSES: '0', LOG_LEVEL: 'loud' })).toThrow(
      /DATABASE_URL: is required.*WORKER_PROCESSES.*LOG_LEVEL/,
    );
  });
});
