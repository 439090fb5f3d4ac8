import { parseArgs } from 'node:util';
import { BUILTIN_MODELS } from '@swis-dse/models';
import { toJson } from '../json-output.js';
import { textTable } from '../text-table.js';
import type { CommandIo } from './command.js';

/** Help text of `swis models`. */
export const MODELS_USAGE = `Usage: swis models [--json]

Lists the built-in models (they install with npm; nothing is downloaded at run time).`;

/** `swis models`: prints the built-in models as a table or, with --json, as a JSON array. */
export async function modelsCommand(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.json) {
    io.stdout(toJson(BUILTIN_MODELS));
    return;
  }
  io.stdout(
    textTable(
      ['id', 'weights', 'evaluation set', 'description'],
      BUILTIN_MODELS.map((m) => [m.id, m.parameters ?? 0, m.evaluationSet ?? '-', m.description]),
    ),
  );
}
