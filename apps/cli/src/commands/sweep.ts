import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { SweepStatus } from '@swis-dse/client';
import { choice, positiveInteger } from '../flags.js';
import { InputError } from '../input-error.js';
import { toJson } from '../json-output.js';
import { textTable } from '../text-table.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';
import { type Connection, connect, explainApiError } from './sweep-connection.js';
import { exportPoints, parseObjectives, printPareto } from './sweep-points.js';
import { progressLine, watchSweep } from './sweep-watch.js';

/** Help text of `swis sweep`. */
export const SWEEP_USAGE = `Usage: swis sweep SUBCOMMAND [options]

Submits and follows design-space sweeps on a swis-dse server (its HTTP API).

Subcommands:
  submit SPEC.json [--idempotency-key K] [--wait] [--json]
                        submit a sweep spec (a file, or - for stdin) and print its id;
                        --wait then follows it like status --watch
  status ID [--watch] [--json]
                        the sweep's status; --watch draws a progress bar on stderr until it finishes
  list [--status S] [--limit N] [--json]
                        the team's sweeps, newest first (S: queued, running, done, failed, cancelled)
  pareto ID [--objectives a:min,b:max] [--json]
                        the points of the Pareto front (default objectives: the spec's)
  export ID [--csv | --json] [--out FILE] [--status S]
                        every point as CSV (default) or JSON lines, to stdout or FILE
                        (S: pending, running, done, failed, cancelled)
  cancel ID             cancel the sweep's pending and running points

Options:
  --url URL             the server (default: $SWIS_URL, else http://127.0.0.1:3000)
  --key-file FILE       read the API key from FILE instead of $SWIS_API_KEY. There is no --key
                        option: a key on the command line is visible to every user in 'ps'.
  --interval MS         polling period of --watch and --wait (default 1000)
  --json                JSON instead of text

Exit codes: 0 ok (with --watch or --wait: the sweep is done), 1 the sweep failed or was cancelled,
the server refused the request or could not be reached, 2 bad usage.`;

const CONNECTION = { url: { type: 'string' }, 'key-file': { type: 'string' } } as const;
const SWEEP_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
const POINT_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
const DEFAULT_INTERVAL_MS = 1000;

type Subcommand = (argv: string[], io: CommandIo) => Promise<void>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  submit: async (argv, io) => {
    const { values, positionals } = parse(argv, {
      'idempotency-key': { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      interval: { type: 'string' },
    });
    const file = single(positionals, 'SPEC.json (or - for stdin)');
    const intervalMs = interval(values.interval);
    const spec = await readSpec(file);
    let created: string | undefined;
    await withConnection(
      values,
      () => created,
      async ({ client }) => {
        const sweep = await client.submitSweep(spec, values['idempotency-key']);
        created = sweep.id;
        if (!values.json) io.stdout(sweep.id);
        else if (!values.wait) io.stdout(toJson(sweep));
        if (values.wait) {
          const final = await watchSweep(client, sweep.id, io, { intervalMs, tty: terminal() });
          if (values.json) io.stdout(toJson(final));
        }
      },
    );
  },
  status: async (argv, io) => {
    const { values, positionals } = parse(argv, {
      watch: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      interval: { type: 'string' },
    });
    const id = single(positionals, 'ID');
    const intervalMs = interval(values.interval);
    await withConnection(values, id, async ({ client }) => {
      if (values.watch) {
        const final = await watchSweep(client, id, io, { intervalMs, tty: terminal() });
        if (values.json) io.stdout(toJson(final));
        return;
      }
      const { status } = await client.sweepStatus(id);
      if (status === null) throw new Error(`GET /v1/sweeps/${id} answered 304 without If-None-Match`);
      io.stdout(values.json ? toJson(status) : describe(status));
    });
  },
  list: async (argv, io) => {
    const { values } = parse(argv, {
      status: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const status =
      values.status === undefined ? undefined : choice('--status', SWEEP_STATUSES, values.status);
    const limit = values.limit === undefined ? 20 : positiveInteger('--limit', values.limit);
    await withConnection(values, undefined, async ({ client }) => {
      const sweeps: SweepStatus[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listSweeps({
          limit: Math.min(100, limit - sweeps.length),
          ...(status === undefined ? {} : { status }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        sweeps.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && sweeps.length < limit);
      if (values.json) {
        io.stdout(toJson(sweeps));
        return;
      }
      const rows = sweeps.map((s) => [
        s.id,
        s.name,
        s.status,
        String(s.model ?? ''),
        `${s.counts.done}/${s.counts.total}`,
        s.counts.failed,
        String(s.createdAt ?? ''),
      ]);
      io.stdout(textTable(['id', 'name', 'status', 'model', 'done', 'failed', 'created'], rows));
    });
  },
  pareto: async (argv, io) => {
    const { values, positionals } = parse(argv, {
      objectives: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const id = single(positionals, 'ID');
    const objectives = values.objectives === undefined ? undefined : parseObjectives(values.objectives);
    await withConnection(values, id, async ({ client }) => {
      printPareto(await client.paretoFront(id, objectives), values.json, io);
    });
  },
  export: async (argv, io) => {
    const { values, positionals } = parse(argv, {
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      status: { type: 'string' },
    });
    const id = single(positionals, 'ID');
    if (values.csv && values.json)
      throw new UsageError('--csv, --json: give one of them (CSV is the default)');
    const status =
      values.status === undefined ? undefined : choice('--status', POINT_STATUSES, values.status);
    if (values.out === '') throw new UsageError('--out: give a file name');
    await withConnection(values, id, async ({ client }) => {
      await exportPoints(client, id, { format: values.json ? 'json' : 'csv', out: values.out, status }, io);
    });
  },
  cancel: async (argv, io) => {
    const { values, positionals } = parse(argv, {});
    const id = single(positionals, 'ID');
    await withConnection(values, id, async ({ client }) => {
      const sweep = await client.cancelSweep(id);
      io.stdout(
        `cancelled ${sweep.id}: ${sweep.counts.cancelled} points cancelled, ${sweep.counts.done} done`,
      );
    });
  },
};

/** `swis sweep ...`: a client of the HTTP API (--url or SWIS_URL, key in SWIS_API_KEY or --key-file). */
export async function sweepCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const [name, ...rest] = argv;
  const run = name === undefined ? undefined : SUBCOMMANDS[name];
  if (run === undefined)
    throw new UsageError(name === undefined ? 'give a subcommand' : `unknown subcommand '${name}'`);
  const key = rest.find((arg) => arg === '--key' || arg.startsWith('--key='));
  if (key !== undefined) {
    throw new UsageError(
      "--key: not accepted, a key on the command line is visible in 'ps'; set SWIS_API_KEY or give --key-file FILE",
    );
  }
  await run(rest, io);
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; default?: boolean }>>(
  argv: string[],
  options: T,
) {
  return parseArgs({
    args: argv,
    options: { ...CONNECTION, ...options },
    allowPositionals: true,
    strict: true,
  });
}

function single(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new UsageError(`give exactly one ${name}`);
  return positionals[0]!;
}

function interval(text: string | undefined): number {
  return text === undefined ? DEFAULT_INTERVAL_MS : positiveInteger('--interval', text);
}

/** Redraw in place only on a terminal; piped stderr gets one line per change. */
function terminal() {
  return process.stderr.isTTY ? process.stderr : undefined;
}

/** Connects, runs, and explains API and connection errors (a 404 names the sweep `sweepId` gives). */
async function withConnection(
  flags: { url?: string | boolean; 'key-file'?: string | boolean },
  sweepId: string | undefined | (() => string | undefined),
  run: (connection: Connection) => Promise<void>,
): Promise<void> {
  const connection = await connect({
    ...(typeof flags.url === 'string' ? { url: flags.url } : {}),
    ...(typeof flags['key-file'] === 'string' ? { keyFile: flags['key-file'] } : {}),
  });
  try {
    await run(connection);
  } catch (error) {
    throw explainApiError(error, connection, typeof sweepId === 'function' ? sweepId() : sweepId);
  }
}

async function readSpec(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file === '-' ? 'stdin' : file}: not JSON: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function describe(status: SweepStatus): string {
  return `${status.id}  ${status.name}  ${status.status}\n${progressLine(status)}`;
}
