import { BadCursorError } from './errors.js';

/**
 * Opaque page cursors: base64url JSON of the last row's sort value and id, tagged with the sort they
 * belong to, so a cursor reused under another sort is an error rather than a wrong page.
 */
export interface CursorPosition {
  readonly sort: string;
  readonly value: number | string | null;
  readonly id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError('cursor does not decode; pass nextCursor from the previous page unchanged');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    !(parsed[1] === null || typeof parsed[1] === 'number' || typeof parsed[1] === 'string') ||
    typeof parsed[2] !== 'string' ||
    !isUuid(parsed[2])
  ) {
    throw new BadCursorError('cursor does not decode; pass nextCursor from the previous page unchanged');
  }
  if (parsed[0] !== sort) {
    throw new BadCursorError(`cursor belongs to sort ${parsed[0]}, not ${sort}`);
  }
  return { sort, value: parsed[1], id: parsed[2] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot name a row (and must not reach a uuid-typed query). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
