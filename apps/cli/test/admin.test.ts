import {
  acquireDatabaseServer,
  authenticate,
  createDb,
  createScratchDatabase,
  type DatabaseServer,
  type ScratchDatabase,
} from '@swis-dse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swis } from './helpers/run-cli.js';

let server: DatabaseServer;
let scratch: ScratchDatabase;
let serverUrl: string | undefined;

beforeAll(async () => {
  server = await acquireDatabaseServer();
  scratch = await createScratchDatabase(server.url);
  serverUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = scratch.url;
}, 120_000);

afterAll(async () => {
  process.env.DATABASE_URL = serverUrl;
  await scratch?.drop();
  await server?.release();
});

describe('swis admin', () => {
  it('creates a team and a key that authenticates, prints the key once, revokes it', async () => {
    const team = await swis('admin', 'create-team', 'vision lab');
    expect(team).toMatchObject({ code: 0 });
    expect(team.stdout).toMatch(/^created team vision lab \(/);
    expect(await swis('admin', 'create-team', 'vision lab')).toMatchObject({
      code: 1,
      stderr: 'swis admin: team vision lab already exists',
    });

    const created = await swis('admin', 'create-key', '--team', 'vision lab');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^swis_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only once');
    const db = createDb(scratch.url);
    try {
      expect(await authenticate(db, key)).toMatchObject({ teamName: 'vision lab' });
      expect(await swis('admin', 'revoke-key', key.slice(0, 12))).toMatchObject({ code: 0 });
      expect(await authenticate(db, key)).toBeNull();
    } finally {
      await db.$disconnect();
    }
    expect(await swis('admin', 'revoke-key', key.slice(0, 12))).toMatchObject({ code: 1 });
  });

  it('names the problem with bad usage', async () => {
    expect(await swis('admin', 'create-key', '--team', 'nobody')).toMatchObject({
      code: 1,
      stderr: 'swis admin: no team named nobody',
    });
    expect((await swis('admin', 'create-key')).stderr).toContain('--team: give the team');
    expect((await swis('admin', 'create-team')).code).toBe(2);
    expect((await swis('admin', 'frobnicate')).stderr).toContain("unknown subcommand 'frobnicate'");
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect((await swis('admin', 'create-team', 'x')).stderr).toContain('DATABASE_URL is not set');
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
