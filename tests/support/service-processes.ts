import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ENTRIES = {
  api: fileURLToPath(new URL('../../apps/api/src/main.ts', import.meta.url)),
  worker: fileURLToPath(new URL('../../apps/worker/src/main.ts', import.meta.url)),
} as const;

/** A real service process (`npm run api` / `npm run worker`), with its output kept for diagnostics. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** The last lines it printed. */
  output(): string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs an app's entry in its own Node process; tsx loads in-process, so a signal reaches the app itself. */
export function spawnService(
  entry: keyof typeof ENTRIES,
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): ServiceProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ENTRIES[entry]], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => lines.join('\n'),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the API on env.PORT (else a free port) and waits until /healthz answers. */
export async function startApi(
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): Promise<{ url: string; process: ServiceProcess }> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const api = spawnService('api', { ...env, PORT: String(port), HOST: '127.0.0.1' }, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (api.child.exitCode !== null)
      throw new Error(`the API exited (${api.child.exitCode}):\n${api.output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, process: api };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not start within 60 s:\n${api.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
