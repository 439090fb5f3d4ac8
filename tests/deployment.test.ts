import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiConfigSchema } from '@swis-dse/api';
import { WorkerConfigSchema } from '@swis-dse/worker';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
