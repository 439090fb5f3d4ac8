import { runCli } from '../../src/cli.js';

/** What one in-process `swis` run returned and printed. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Each stderr write, to check that an error is reported in one message. */
  readonly errors: readonly string[];
}

/** Runs `swis ...argv` in-process, capturing the exit code and both output streams. */
export async function swis(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => errors.push(t) });
  return { code, stdout: out.join('\n'), stderr: errors.join('\n'), errors };
}
