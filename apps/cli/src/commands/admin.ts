import { parseArgs } from 'node:util';
import {
  ConflictError,
  createApiKey,
  createDb,
  createTeam,
  type Db,
  migrate,
  NotFoundError,
  revokeApiKey,
} from '@swis-dse/db';
import { InputError } from '../input-error.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';

/** Help text of `swis admin`. */
export const ADMIN_USAGE = `Usage: swis admin SUBCOMMAND

Manages teams and API keys of the server whose database DATABASE_URL names (migrating it first).

Subcommands:
  create-team NAME         create a team
  create-key --team NAME   create an API key for the team and print it (it is shown only this once)
  revoke-key PREFIX        revoke the key(s) starting with PREFIX (the first 12 characters) or the whole key`;

const SUBCOMMANDS: Record<string, (argv: string[], db: Db, io: CommandIo) => Promise<void>> = {
  'create-team': async (argv, db, io) => {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
    const name = single(positionals, 'NAME').trim();
    if (name === '' || name.length > 100) throw new UsageError('NAME: give 1 to 100 characters');
    const team = await createTeam(db, name);
    io.stdout(`created team ${team.name} (${team.id})`);
  },
  'create-key': async (argv, db, io) => {
    const { values } = parseArgs({ args: argv, options: { team: { type: 'string' } }, strict: true });
    if (values.team === undefined) throw new UsageError('--team: give the team the key is for');
    const { key, prefix } = await createApiKey(db, values.team);
    io.stderr(`created key ${prefix}... for team ${values.team}; it is shown only once:`);
    io.stdout(key);
  },
  'revoke-key': async (argv, db, io) => {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
    const prefix = single(positionals, 'PREFIX');
    if (!(await revokeApiKey(db, prefix))) throw new InputError(`no live key starts with ${prefix}`);
    io.stdout(`revoked ${prefix}`);
  },
};

function single(positionals: string[], name: string): string {
  if (positionals.length !== 1) throw new UsageError(`give exactly one ${name}`);
  return positionals[0]!;
}

/** `swis admin ...`: team and key management against DATABASE_URL. */
export async function adminCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const [name, ...rest] = argv;
  const run = name === undefined ? undefined : SUBCOMMANDS[name];
  if (run === undefined)
    throw new UsageError(name === undefined ? 'give a subcommand' : `unknown subcommand '${name}'`);
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new UsageError(
      'DATABASE_URL is not set: admin commands manage the database of a running server (the zero-setup server `npm start` prints its own key)',
    );
  }
  await migrate(url);
  const db = createDb(url);
  try {
    await run(rest, db, io);
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) throw new InputError(error.message);
    throw error;
  } finally {
    await db.$disconnect();
  }
}
