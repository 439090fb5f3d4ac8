import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SwisClient } from '@swis-dse/client';
import { createApiKey, createDb, createScratchDatabase, createTeam, migrate } from '@swis-dse/db';
import { type ServiceProcess, spawnService, startApi } from '../../tests/support/service-processes.js';
import { type ServerLatency, serverLatency, statusBuckets } from './server-latency.js';

/** How one measured sweep runs: the service's processes, the load beside it, what else to measure. */
export interface SweepRunOptions {
  readonly serverUrl: string;
  readonly spec: { readonly name: string } & Record<string, unknown>;
  /** A small sweep run first (not measured) so every worker has loaded the model. */
  readonly warmUp: unknown;
  readonly workers: number;
  /** Clients that each GET the sweep's status once per pollIntervalMs with If-None-Match. */
  readonly pollers: number;
  readonly pollIntervalMs: number;
  /** Keep polling at least this long from submission, even after the sweep finished. @defaultValue 0 */
  readonly pollForMs?: number;
  /** Submit the same sweep again afterwards and time it (every point from the result cache). */
  readonly rerunCached?: boolean;
}

export interface RunResult {
  workers: number;
  pollers: number;
  wallS: number;
  points: number;
  pointsPerS: number;
  failed: number;
  latency: {
    p50: number;
    p99: number;
    max: number;
    requests: number;
    notModified: number;
    errors: number;
    seconds: number;
  };
  /** The same requests as the API measured them (no client-side queueing). */
  server: ServerLatency;
  memory: { name: string; samples: number[]; peak: number }[];
  cachedWallS: number | null;
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(/^(\w+):\s+(\d+) kB/m.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '')?.[2] ?? 0) /
    1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * Runs `spec` on a fresh database through a real API process and `workers` worker processes (DATABASE_URL's
 * server, REDIS_URL's Redis or the PostgreSQL queue), with `pollers` polling its status meanwhile.
 */
export async function runSweep(options: SweepRunOptions): Promise<RunResult> {
  const { serverUrl, spec, workers: workerCount, pollers: pollerCount, pollIntervalMs } = options;
  const scratch = await createScratchDatabase(serverUrl, 'swis_bench');
  const processes: ServiceProcess[] = [];
  try {
    await migrate(scratch.url);
    const db = createDb(scratch.url);
    await createTeam(db, 'bench');
    const { key } = await createApiKey(db, 'bench');
    await db.$disconnect();
    const env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: process.env.REDIS_URL ?? '',
      QUEUE_PREFIX: `bench_${randomBytes(4).toString('hex')}`,
      // 200 pollers share one key: the default per-key rate limit would answer most of them 429.
      RATE_LIMIT_MAX: '0',
    };
    const api = await startApi(env);
    processes.push(api.process);
    for (let i = 0; i < workerCount; i++) processes.push(spawnService('worker', env));
    const client = new SwisClient({ baseUrl: api.url, apiKey: key });

    const warm = await client.submitSweep(options.warmUp);
    await client.waitForSweep(warm.id);

    const named = processes.map((p, i) => ({ name: i === 0 ? 'api' : `worker ${i}`, pid: p.child.pid! }));
    const memory = named.map(({ name }) => ({ name, samples: [] as number[], peak: 0 }));
    const bucketsBefore = await statusBuckets(api.url);
    const started = performance.now();
    const sweep = await client.submitSweep(spec);

    // Pollers: each GETs the status every pollIntervalMs (staggered), sending the last ETag.
    const latencies: number[] = [];
    let notModified = 0;
    let errors = 0;
    let finished = false;
    const poller = async (index: number) => {
      await new Promise((r) => setTimeout(r, (index * pollIntervalMs) / pollerCount));
      let etag: string | undefined;
      while (!finished || performance.now() - started < (options.pollForMs ?? 0)) {
        const t0 = performance.now();
        try {
          const response = await fetch(`${api.url}/v1/sweeps/${sweep.id}`, {
            headers: { authorization: `Bearer ${key}`, ...(etag ? { 'if-none-match': etag } : {}) },
          });
          await response.arrayBuffer();
          latencies.push(performance.now() - t0);
          if (response.status === 304) notModified++;
          else if (response.ok) etag = response.headers.get('etag') ?? undefined;
          else errors++;
        } catch {
          errors++;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, pollIntervalMs - (performance.now() - t0))));
      }
    };
    const pollers = Array.from({ length: pollerCount }, (_, i) => poller(i));
    let nextQuarter = 0.25;
    const done = await client.waitForSweep(sweep.id, {
      intervalMs: 200,
      onProgress: (status) => {
        if (status.progress >= nextQuarter) {
          named.forEach(({ pid }, i) => {
            memory[i]!.samples.push(memoryMiB(pid).rss);
          });
          while (status.progress >= nextQuarter) nextQuarter += 0.25;
        }
      },
    });
    const wallS = (performance.now() - started) / 1000;
    finished = true;
    await Promise.all(pollers);
    const polledS = (performance.now() - started) / 1000;
    const server = serverLatency(bucketsBefore, await statusBuckets(api.url));
    named.forEach(({ pid }, i) => {
      memory[i]!.peak = memoryMiB(pid).peak;
    });

    let cachedWallS: number | null = null;
    if (options.rerunCached) {
      // The same sweep again (another name): every point comes from the result cache.
      const cachedStart = performance.now();
      const again = await client.submitSweep({ ...spec, name: `${spec.name} (cached)` });
      await client.waitForSweep(again.id, { intervalMs: 100 });
      cachedWallS = (performance.now() - cachedStart) / 1000;
    }

    latencies.sort((a, b) => a - b);
    return {
      workers: workerCount,
      pollers: pollerCount,
      wallS,
      points: done.counts.total,
      pointsPerS: done.counts.total / wallS,
      failed: done.counts.failed,
      latency: {
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        max: latencies.at(-1) ?? Number.NaN,
        requests: latencies.length,
        notModified,
        errors,
        seconds: polledS,
      },
      server,
      memory,
      cachedWallS,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await scratch.drop();
  }
}
