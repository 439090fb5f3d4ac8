import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { ApiConfigSchema, buildApp } from '@swis-dse/api';
import { createDb } from '@swis-dse/db';
import { BATCH_QUEUE_NAME, createSweepQueue, QueueConfigSchema, type SweepQueue } from '@swis-dse/queue';
import { createQuantizationCache, WorkerConfigSchema } from '@swis-dse/worker';
import { QueueKeys } from 'bullmq';
import { Redis } from 'ioredis';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { createApiMetrics } from '../apps/api/src/metrics.js';
import { createWorkerMetrics } from '../apps/worker/src/metrics.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('runs postgres, redis, the api and several worker replicas from one image', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    const { api, worker } = compose.services;
    expect(existsSync(`${root}/${api!.build!.dockerfile}`)).toBe(true);
    expect(worker!.image).toBe(api!.image);
    expect(worker!.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(api!.command).toEqual(['npm', 'run', 'api']);
    expect(worker!.command).toEqual(['npm', 'run', 'worker']);
    expect(scripts.api).toContain('apps/api/src/main.ts');
    expect(scripts.worker).toContain('apps/worker/src/main.ts');
  });

  it('gives each app a configuration its own schema accepts, naming only variables it reads', () => {
    const { api, worker } = compose.services;
    expect(() => ApiConfigSchema.parse(api!.environment)).not.toThrow();
    expect(() => WorkerConfigSchema.parse(worker!.environment)).not.toThrow();
    for (const name of Object.keys(api!.environment!))
      expect(Object.keys(ApiConfigSchema.shape)).toContain(name);
    for (const name of Object.keys(worker!.environment!))
      expect(Object.keys(WorkerConfigSchema.shape)).toContain(name);
    expect(api!.environment!.REDIS_URL).toBe('redis://redis:6379');
    expect(new URL(api!.environment!.DATABASE_URL!).host).toBe('postgres:5432');
  });

  it('builds an image that copies every workspace the apps need', () => {
    const dockerfile = read('infra/docker/Dockerfile');
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    for (const workspace of workspaces) expect(dockerfile).toContain(`COPY ${workspace.replace('/*', '')} `);
    expect(dockerfile).toContain('npm run db:generate');
  });
});

// ---- Kubernetes manifests (infra/k8s) ----

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<
  string,
  unknown
>;
interface Container {
  name: string;
  image?: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: { name: string; value?: string }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  securityContext?: { allowPrivilegeEscalation?: boolean };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    terminationGracePeriodSeconds?: number;
    securityContext?: { runAsNonRoot?: boolean };
  };
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

describe('infra/k8s', () => {
  const kustomization = parse(read('infra/k8s/kustomization.yaml')) as {
    namespace: string;
    resources: string[];
    images: { name: string }[];
  };
  const files = readdirSync(`${root}/infra/k8s`).filter(
    (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
  );
  const manifests: Manifest[] = files.flatMap((file) =>
    parseAllDocuments(read(`infra/k8s/${file}`)).map((doc) => {
      expect(doc.errors, file).toEqual([]);
      return doc.toJS() as Manifest;
    }),
  );
  const one = <T = Manifest>(kind: string, name: string): T => {
    const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
    expect(found, `${kind} ${name}`).toHaveLength(1);
    return found[0] as T;
  };
  const deployment = (name: string) =>
    one<Manifest & { spec: { template: PodTemplate } }>('Deployment', name);
  const api = deployment('swis-dse-api');
  const worker = deployment('swis-dse-worker');
  const data = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> => {
    const m = one<Manifest & { data?: Record<string, string>; stringData?: Record<string, string> }>(
      kind,
      name,
    );
    return { ...m.data, ...m.stringData };
  };
  /** The environment a container gets from its envFrom sources and env entries. */
  const envOf = (container: Container): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef) Object.assign(env, data('ConfigMap', from.configMapRef.name));
      if (from.secretRef) Object.assign(env, data('Secret', from.secretRef.name));
    }
    for (const { name, value } of container.env ?? []) env[name] = value ?? '';
    return env;
  };
  const apiContainer = api.spec.template.spec.containers[0]!;
  const workerContainer = worker.spec.template.spec.containers[0]!;

  it('lists every manifest file in kustomization.yaml, all in one namespace', () => {
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
    expect(one('Namespace', kustomization.namespace)).toBeDefined();
    for (const m of manifests)
      if (m.kind !== 'Namespace') expect(m.metadata.namespace, m.metadata.name).toBe(kustomization.namespace);
    expect(kustomization.images.map((i) => i.name)).toContain(apiContainer.image?.split(':')[0]);
  });

  it('validates every object against the Kubernetes and KEDA schemas', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const manifest of manifests) {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `${manifest.apiVersion} ${manifest.kind} is a known model`).toBeDefined();
      expect(
        () => new Model!(manifest as never).validate(),
        `${manifest.kind} ${manifest.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('gives each app only variables its config schema reads, and a configuration it accepts', () => {
    for (const [container, schema] of [
      [apiContainer, ApiConfigSchema],
      [workerContainer, WorkerConfigSchema],
    ] as const) {
      const env = envOf(container);
      expect(Object.keys(env).length).toBeGreaterThan(3);
      for (const name of Object.keys(env)) expect(Object.keys(schema.shape), container.name).toContain(name);
      expect(() => schema.parse(env)).not.toThrow();
    }
    expect(apiContainer.command).toEqual(['npm', 'run', 'api']);
    expect(workerContainer.command).toEqual(['npm', 'run', 'worker']);
    // One image for both, built from infra/docker/Dockerfile.
    expect(workerContainer.image).toBe(apiContainer.image);
    expect(envOf(apiContainer).QUEUE_PREFIX).toBe(envOf(workerContainer).QUEUE_PREFIX);
    expect(envOf(workerContainer).WORKER_PROCESSES).toBe('1');
  });

  it('marks every secret value as a placeholder', () => {
    for (const name of ['swis-dse-secrets', 'swis-dse-keda-redis'])
      for (const value of Object.values(data('Secret', name))) expect(value).toContain('REPLACE_ME');
    expect(Object.keys(data('Secret', 'swis-dse-secrets')).sort()).toEqual(['DATABASE_URL', 'REDIS_URL']);
    for (const value of Object.values(data('ConfigMap', 'swis-dse-api'))) expect(value).not.toMatch(/:\/\//);
  });

  it('probes routes the API has, on the port it listens on', async () => {
    const db = createDb('postgresql://nobody@127.0.0.1:1/none');
    const queue = { ping: async () => {}, counts: async () => ({}) } as unknown as SweepQueue;
    const app = buildApp({ db, queue, config: ApiConfigSchema.parse(envOf(apiContainer)) });
    try {
      await app.ready();
      const port = apiContainer.ports!.find((p) => p.name === 'http')!;
      expect(port.containerPort).toBe(ApiConfigSchema.parse(envOf(apiContainer)).PORT);
      expect(apiContainer.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(apiContainer.livenessProbe?.httpGet?.path).toBe('/healthz');
      for (const probe of [
        apiContainer.readinessProbe,
        apiContainer.livenessProbe,
        apiContainer.startupProbe,
      ]) {
        expect(app.hasRoute({ method: 'GET', url: probe!.httpGet!.path })).toBe(true);
        expect(probe!.httpGet!.port).toBe('http');
      }
      expect(app.hasRoute({ method: 'GET', url: '/metrics' })).toBe(true);
      const annotations = api.spec.template.metadata.annotations!;
      expect(annotations['prometheus.io/port']).toBe(String(port.containerPort));
      expect(annotations['prometheus.io/path']).toBe('/metrics');
    } finally {
      await app.close();
      await db.$disconnect();
    }
    const service = one<
      Manifest & { spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }
    >('Service', 'swis-dse-api');
    for (const [key, value] of Object.entries(service.spec.selector))
      expect(api.spec.template.metadata.labels[key]).toBe(value);
    expect(service.spec.ports[0]!.targetPort).toBe('http');
  });

  it('runs both apps as non-root with resources, and lets a worker finish its batch on termination', () => {
    for (const d of [api, worker]) {
      expect(d.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
      const c = d.spec.template.spec.containers[0]!;
      expect(c.securityContext?.allowPrivilegeEscalation).toBe(false);
      expect(c.resources?.requests?.cpu).toBeDefined();
      expect(c.resources?.limits?.memory).toBeDefined();
    }
    const config = WorkerConfigSchema.parse(envOf(workerContainer));
    const graceMs = worker.spec.template.spec.terminationGracePeriodSeconds! * 1000;
    expect(graceMs).toBeGreaterThan(config.WORKER_LOCK_MS);
    // worker.close() waits 30 s for running batches before aborting them.
    expect(graceMs).toBeGreaterThan(30_000);
    const metricsPort = workerContainer.ports!.find((p) => p.name === 'metrics')!.containerPort;
    expect(metricsPort).toBe(config.WORKER_METRICS_PORT);
    expect(worker.spec.template.metadata.annotations!['prometheus.io/port']).toBe(String(metricsPort));
    expect(workerContainer.livenessProbe?.httpGet).toEqual({ path: '/metrics', port: 'metrics' });
  });

  it("scales the worker Deployment on BullMQ's waiting and active lists of the batch queue", () => {
    const scaled = one<
      Manifest & {
        spec: {
          scaleTargetRef: { kind?: string; name: string };
          minReplicaCount: number;
          maxReplicaCount: number;
          triggers: {
            type: string;
            metadata: Record<string, string>;
            authenticationRef?: { name: string };
          }[];
        };
      }
    >('ScaledObject', 'swis-dse-worker');
    expect(scaled.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: worker.metadata.name });
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaled.spec.maxReplicaCount).toBeGreaterThan(scaled.spec.minReplicaCount);
    const prefix =
      envOf(workerContainer).QUEUE_PREFIX ?? QueueConfigSchema.parse({ databaseUrl: 'x' }).prefix;
    expect(prefix).toBe(QueueConfigSchema.parse({ databaseUrl: 'x' }).prefix);
    const keys = new QueueKeys(prefix);
    expect(scaled.spec.triggers.map((t) => t.metadata.listName)).toEqual([
      keys.toKey(BATCH_QUEUE_NAME, 'wait'),
      keys.toKey(BATCH_QUEUE_NAME, 'active'),
    ]);
    expect(scaled.spec.triggers[0]!.metadata.listName).toBe(`${prefix}:${BATCH_QUEUE_NAME}:wait`);
    for (const trigger of scaled.spec.triggers) {
      expect(trigger.type).toBe('redis');
      expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
      expect(one('TriggerAuthentication', trigger.authenticationRef!.name)).toBeDefined();
    }
  });

  it.runIf(process.env.REDIS_URL)('names the Redis list that really holds waiting batch jobs', async () => {
    const prefix = `k8s_${randomBytes(6).toString('hex')}`;
    const queue = createSweepQueue({
      databaseUrl: 'postgresql://unused',
      redisUrl: process.env.REDIS_URL!,
      prefix,
    });
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await queue.enqueue([{ sweepId: randomUUID(), batchKey: '0123456789abcdef.0' }]);
      expect(await redis.type(`${prefix}:${BATCH_QUEUE_NAME}:wait`)).toBe('list');
      expect(await redis.llen(`${prefix}:${BATCH_QUEUE_NAME}:wait`)).toBe(1);
      expect(await redis.type(`${prefix}:${BATCH_QUEUE_NAME}:active`)).toMatch(/^(list|none)$/);
    } finally {
      await queue.obliterate();
      await queue.close();
      redis.disconnect();
    }
  });
});

// ---- Grafana dashboard (infra/grafana) ----

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
]);

/** The metric names a PromQL expression reads (label matchers, ranges, strings and grouping removed). */
function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names: string[] = [];
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice(match.index + match[0].length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(match[0]) || /^(Inf|NaN)$/i.test(match[0])) continue;
    names.push(match[0]);
  }
  return names;
}

/** Series names a registry exposes (histograms as _bucket, _sum and _count). */
async function exposedNames(registry: Registry): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    if (String(metric.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(metric.name + s);
    else if (String(metric.type) === 'summary')
      for (const s of ['', '_sum', '_count']) names.add(metric.name + s);
    else names.add(metric.name);
  }
  return names;
}

/** Grafana's reference to the dashboard's datasource variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
const DATASOURCE_UID = '${datasource}';

describe('infra/grafana/swis-dse.json', () => {
  interface Panel {
    type: string;
    title: string;
    datasource?: { type: string; uid: string };
    targets?: { expr: string }[];
  }
  const dashboard = JSON.parse(read('infra/grafana/swis-dse.json')) as {
    schemaVersion: number;
    uid: string;
    panels: Panel[];
    templating: { list: { name: string; type: string; query: string }[] };
  };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  it('uses a Prometheus datasource variable in every query', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    for (const panel of panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: DATASOURCE_UID });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('queries only series the API and worker registries export, and covers what operators watch', async () => {
    const api = createApiMetrics({});
    const worker = createWorkerMetrics({ quantizations: createQuantizationCache() });
    const exported = new Set([
      ...(await exposedNames(api.registry)),
      ...(await exposedNames(worker.registry)),
    ]);
    expect(
      promqlMetricNames('histogram_quantile(0.95, sum by (le) (rate(a_bucket{x="y"}[5m]))) / b'),
    ).toEqual(['a_bucket', 'b']);
    const used = new Set<string>();
    for (const panel of panels)
      for (const { expr } of panel.targets!) {
        const names = promqlMetricNames(expr);
        expect(names.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
        for (const name of names) {
          expect(exported.has(name), `${panel.title}: ${name} is exported`).toBe(true);
          used.add(name);
        }
      }
    for (const name of [
      'swis_queue_jobs',
      'swis_batches_total',
      'swis_point_eval_seconds_bucket',
      'swis_result_cache_hits_total',
      'swis_result_cache_misses_total',
      'swis_db_query_duration_seconds_bucket',
      'swis_http_request_duration_seconds_bucket',
      'swis_http_request_duration_seconds_count',
      'swis_process_resident_memory_bytes',
    ])
      expect(used, name).toContain(name);
    api.close();
    worker.close();
  });
});
