import { ApiError, ConnectionError, type SweepStatus, type SwisClient } from '@swis-dse/client';
import { InputError } from '../input-error.js';
import type { CommandIo } from './command.js';

/** Characters of the progress bar between its brackets. */
const BAR_WIDTH = 20;
/** Consecutive failed polls (server restarting, 503) tolerated once the sweep has been seen. */
const MAX_TRANSIENT_FAILURES = 10;

/** How `watchSweep` polls and where it draws. */
export interface WatchOptions {
  /** Time between status requests (ms). */
  readonly intervalMs: number;
  /** A terminal to redraw the bar in place on; without one each new state is printed as a line on stderr. */
  readonly tty?: { write(text: string): unknown } | undefined;
}

/** `[#########...........]  45%  540/1200 done, 3 failed, ETA 12 s` for one status. */
export function progressLine(status: SweepStatus): string {
  const { counts } = status;
  const fraction = Math.min(1, Math.max(0, status.progress));
  const filled = Math.floor(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const parts = [`${counts.done}/${counts.total} done`, `${counts.failed} failed`];
  if (counts.cancelled > 0) parts.push(`${counts.cancelled} cancelled`);
  if (status.status === 'queued' || status.status === 'running') {
    if (status.etaSeconds !== null) parts.push(`ETA ${duration(status.etaSeconds)}`);
    if (status.status === 'queued') parts.push('queued');
  } else {
    parts.push(status.status);
  }
  return `${bar} ${percent}  ${parts.join(', ')}`;
}

/** 12 s, 4 min, 2.5 h. */
function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Polls the sweep's status (If-None-Match with the last ETag) and draws its progress until it finishes,
 * then prints `sweep ID done: ...` on stderr and returns the final status.
 * @throws InputError when the sweep failed or was cancelled (exit 1)
 */
export async function watchSweep(
  client: SwisClient,
  id: string,
  io: CommandIo,
  options: WatchOptions,
): Promise<SweepStatus> {
  let etag: string | undefined;
  let last: SweepStatus | undefined;
  let lastLine = '';
  let failures = 0;
  for (;;) {
    try {
      const answer = await client.sweepStatus(id, etag);
      failures = 0;
      etag = answer.etag ?? undefined;
      if (answer.status !== null) last = answer.status;
    } catch (error) {
      // Before the first answer a failure is the user's to see at once; later, ride out a restart.
      if (last === undefined || !transient(error) || ++failures > MAX_TRANSIENT_FAILURES) {
        if (options.tty !== undefined && lastLine !== '') options.tty.write('\n');
        throw error;
      }
    }
    if (last !== undefined) {
      const line = progressLine(last);
      if (line !== lastLine) {
        if (options.tty !== undefined) options.tty.write(`\r${line}\x1b[K`);
        else io.stderr(line);
        lastLine = line;
      }
      if (last.status === 'done' || last.status === 'failed' || last.status === 'cancelled') break;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  if (options.tty !== undefined) options.tty.write('\n');
  const { counts } = last;
  const summary = `sweep ${id} ${last.status}: ${counts.done}/${counts.total} done, ${counts.failed} failed, ${counts.cancelled} cancelled`;
  if (last.status !== 'done') throw new InputError(summary);
  io.stderr(summary);
  return last;
}

function transient(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  return error instanceof ApiError && [429, 502, 503, 504].includes(error.status);
}
