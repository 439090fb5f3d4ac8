import { DatasetError } from '@swis-dse/datasets';
import { ModelError } from '@swis-dse/models';
import { SwisError } from '@swis-dse/swis-core';
import { ADMIN_USAGE, adminCommand } from './commands/admin.js';
import type { CommandIo } from './commands/command.js';
import { EVAL_USAGE, evalCommand } from './commands/eval.js';
import { MODELS_USAGE, modelsCommand } from './commands/models.js';
import { QUANTIZE_USAGE, quantizeCommand } from './commands/quantize.js';
import { SIMULATE_USAGE, simulateCommand } from './commands/simulate.js';
import { SWEEP_USAGE, sweepCommand } from './commands/sweep.js';
import { InputError } from './input-error.js';
import { UsageError } from './usage-error.js';

const COMMANDS: Record<
  string,
  { run: (argv: readonly string[], io: CommandIo) => Promise<void>; usage: string }
> = {
  quantize: { run: quantizeCommand, usage: QUANTIZE_USAGE },
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE },
  eval: { run: evalCommand, usage: EVAL_USAGE },
  models: { run: modelsCommand, usage: MODELS_USAGE },
  admin: { run: adminCommand, usage: ADMIN_USAGE },
  sweep: { run: sweepCommand, usage: SWEEP_USAGE },
};

const USAGE = `Usage: swis COMMAND [options]

Commands:
  quantize   quantize a model with SWIS or a baseline and report error and storage
  simulate   cycles, energy and area of a model on an accelerator (or of one GEMM)
  eval       accuracy of a model with quantized (optionally retrained) weights on labeled data
  models     list the built-in models
  admin      create teams and API keys on a server's database (DATABASE_URL)
  sweep      submit, follow, list and export sweeps on a server (SWIS_URL, SWIS_API_KEY)

Run 'swis COMMAND --help' for a command's options.`;

/** Runs one command line and returns the process exit code: 0 ok, 1 bad input or failure, 2 bad usage. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`swis: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    await command.run(rest, io);
    return 0;
  } catch (error) {
    return reportError(name, command.usage, error, io);
  }
}

function reportError(name: string, usage: string, error: unknown, io: CommandIo): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.stderr(`swis ${name}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (
    error instanceof ModelError ||
    error instanceof SwisError ||
    error instanceof InputError ||
    error instanceof DatasetError
  ) {
    io.stderr(`swis ${name}: ${error.message}`);
    return 1;
  }
  io.stderr(
    `swis ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return 1;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
