import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ApiPoint, ParetoFront, SwisClient } from '@swis-dse/client';
import { ObjectiveTextListSchema } from '@swis-dse/swis-core';
import { InputError } from '../input-error.js';
import { toJson } from '../json-output.js';
import { textTable } from '../text-table.js';
import { UsageError } from '../usage-error.js';
import type { CommandIo } from './command.js';

/** `a:min,b:max` checked against swis-core's objective list. @throws UsageError naming --objectives */
export function parseObjectives(text: string): string[] {
  const list = text.split(',').map((t) => t.trim());
  const parsed = ObjectiveTextListSchema.safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at =
      issue.path.length > 0 ? ` (objective ${String(issue.path[0])}: '${list[Number(issue.path[0])]}')` : '';
    throw new UsageError(`--objectives: ${issue.message}${at}`);
  }
  return parsed.data;
}

/** The front as JSON, or a table: id, variant, N, G, scale, arch, array and one column per objective. */
export function printPareto(front: ParetoFront, json: boolean, io: CommandIo): void {
  if (json) {
    io.stdout(toJson(front));
    return;
  }
  const metrics = front.objectives.map((o) => o.slice(0, o.indexOf(':')));
  const header = ['id', 'variant', 'N', 'G', 'scale', 'arch', 'array', ...front.objectives];
  const rows = front.items.map((point) => [
    ...configCells(point),
    ...metrics.map((m) => metricCell(point, m)),
  ]);
  io.stdout(textTable(header, rows));
  io.stdout(`${front.items.length} points on the front of ${front.considered} done`);
}

function configCells(point: ApiPoint): (string | number)[] {
  const { quant, hardware, simulation } = point.config;
  const bits =
    typeof quant.bits === 'number' ? quant.bits : quant.budget === undefined ? '-' : `~${quant.budget}`;
  const array = `${hardware.rows}x${hardware.cols} ${hardware.dataflow}`;
  return [
    point.id,
    String(quant.variant ?? '-'),
    bits,
    typeof quant.groupSize === 'number' ? quant.groupSize : '-',
    quant.variant === 'block-fp' ? '-' : String(quant.scale ?? '-'),
    String(simulation.arch ?? hardware.arch ?? '-'),
    array,
  ];
}

function metricCell(point: ApiPoint, metric: string): string | number {
  const value = point.metrics?.[metric];
  if (typeof value !== 'number') return '-';
  return Number.isInteger(value) ? value : Number(value.toPrecision(5));
}

/** What `swis sweep export` writes and where. */
export interface ExportOptions {
  readonly format: 'csv' | 'json';
  readonly out?: string | undefined;
  readonly status?: string | undefined;
}

/**
 * Writes every point of the sweep: the server's CSV stream (to FILE byte for byte, or line by line to stdout)
 * or one JSON object per line. A file is written beside FILE and renamed when complete.
 */
export async function exportPoints(
  client: SwisClient,
  id: string,
  options: ExportOptions,
  io: CommandIo,
): Promise<void> {
  const query: Record<string, string> = options.status === undefined ? {} : { status: options.status };
  const source: Readable =
    options.format === 'csv'
      ? Readable.fromWeb((await client.exportCsv(id, query)) as WebReadableStream)
      : Readable.from(jsonLines(client, id, query));
  if (options.out === undefined) {
    await pipeline(source, lineWriter(io));
    return;
  }
  const partial = `${options.out}.partial`;
  try {
    await pipeline(source, createWriteStream(partial));
    await rename(partial, options.out);
  } catch (error) {
    await rm(partial, { force: true });
    if ((error as { syscall?: unknown }).syscall !== undefined) {
      throw new InputError(`--out ${options.out}: ${(error as Error).message}`);
    }
    throw error;
  }
  io.stderr(`wrote ${options.out}`);
}

async function* jsonLines(
  client: SwisClient,
  id: string,
  query: Record<string, string>,
): AsyncGenerator<string> {
  for await (const page of client.pointPages(id, query)) {
    for (const point of page.items) yield `${JSON.stringify(point)}\n`;
  }
}

/** Hands complete lines (CRLF or LF stripped) to io.stdout, which adds its own newline. */
function lineWriter(io: CommandIo): Writable {
  const decoder = new TextDecoder();
  let pending = '';
  const flush = (final: boolean) => {
    const lines = pending.split('\n');
    pending = final ? '' : lines.pop()!;
    for (const line of final && lines.at(-1) === '' ? lines.slice(0, -1) : lines) {
      io.stdout(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  };
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      flush(false);
      done();
    },
    final(done) {
      pending += decoder.decode();
      flush(true);
      done();
    },
  });
}
