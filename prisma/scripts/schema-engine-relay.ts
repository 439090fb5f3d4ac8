// The schema-engine command line the Prisma CLI spawns, implemented over the WASM engine:
//   --version                                    print the engine version
//   --datasource '{"url":...}' cli <command>     can-connect-to-database | create-database | drop-database
//   [--datamodels <file>]... [--datasource ...]  line-delimited JSON-RPC 2.0 on stdin/stdout
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { type OpenSchemaEngine, openSchemaEngine, schemaEngineVersion } from '../src/schema-engine.js';

const args = process.argv.slice(2);

function optionValues(name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && args[i + 1] !== undefined ? [args[i + 1] as string] : []));
}

function datasourceUrl(): string {
  const [json] = optionValues('--datasource');
  const url = json ? (JSON.parse(json) as { url?: string }).url : undefined;
  const resolved = url ?? process.env.DATABASE_URL;
  if (!resolved) throw new Error('no datasource URL: set DATABASE_URL or the datasource in prisma.config.ts');
  return resolved;
}

async function withServer(url: string, run: (client: pg.Client, database: string) => Promise<unknown>) {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await run(client, database);
  } finally {
    await client.end();
  }
}

async function runCliCommand(command: string | undefined): Promise<void> {
  const url = datasourceUrl();
  if (command === 'can-connect-to-database') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
  } else if (command === 'create-database') {
    await withServer(url, async (client, database) => {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    });
  } else if (command === 'drop-database') {
    await withServer(url, (client, database) =>
      client.query(`DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}" WITH (FORCE)`),
    );
  } else {
    throw new Error(`unsupported schema-engine cli command: ${command}`);
  }
}

interface RpcRequest {
  id: number | string;
  method: string;
  params?: unknown;
}

function rpcError(error: unknown) {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  return {
    code: 4466,
    message: 'An error happened. Check the data field for details.',
    data: {
      is_panic: /panic/i.test(err.name),
      message: err.message,
      ...(typeof code === 'string' && /^P\d{4}$/.test(code) ? { error_code: code } : {}),
      meta: (err as { meta?: unknown }).meta ?? null,
    },
  };
}

let nextPrintId = -1;

async function serveRpc(): Promise<void> {
  const datamodels = await Promise.all(
    optionValues('--datamodels').map(
      async (path): Promise<[string, string]> => [path, await readFile(path, 'utf8')],
    ),
  );
  const opened: OpenSchemaEngine = await openSchemaEngine(datasourceUrl(), datamodels);
  const engine = opened.engine as unknown as Record<string, (params: unknown) => Promise<unknown>>;
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line) as Partial<RpcRequest>;
    // The CLI answers our `print` requests; nothing waits for those answers.
    if (typeof message.method !== 'string' || message.id === undefined) return;
    const request = message as RpcRequest;
    queue = queue.then(async () => {
      const method = request.method === 'getDatabaseVersion' ? 'version' : request.method;
      let response: object;
      try {
        const handler = engine[method];
        if (typeof handler !== 'function')
          throw new Error(`schema engine method not available in WASM: ${method}`);
        const result = await handler.call(opened.engine, request.params ?? {});
        response = { jsonrpc: '2.0', id: request.id, result: result ?? null };
        // The native engine prints a diff's script through a `print` request to the CLI, which writes
        // it to its stdout; the WASM engine returns it instead.
        const script = method === 'diff' ? (result as { stdout?: string | null }).stdout : undefined;
        if (script) {
          const print = { jsonrpc: '2.0', id: nextPrintId--, method: 'print', params: { content: script } };
          process.stdout.write(`${JSON.stringify(print)}\n`);
          response = { ...response, result: { ...(result as object), stdout: null } };
        }
      } catch (error) {
        response = { jsonrpc: '2.0', id: request.id, error: rpcError(error) };
      } finally {
        await opened.dropShadowDatabases();
      }
      process.stdout.write(`${JSON.stringify(response)}\n`);
    });
  });
  lines.on('close', () => {
    void queue.then(() => opened.close()).then(() => process.exit(0));
  });
}

try {
  if (args.includes('--version')) {
    console.log(`schema-engine-cli ${await schemaEngineVersion()}`);
  } else if (args.includes('cli')) {
    await runCliCommand(args[args.indexOf('cli') + 1]);
  } else {
    await serveRpc();
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'ERROR', fields: { message }, target: 'schema_engine_relay' })}\n`,
  );
  process.exit(1);
}
