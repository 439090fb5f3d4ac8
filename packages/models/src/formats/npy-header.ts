import { ModelError } from '../errors.js';

/** What an .npy header declares about the array that follows it. */
export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
}

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** Python literals nest only a couple of levels in real headers; the cap keeps hostile input off the stack. */
const MAX_DEPTH = 16;

/**
 * Parses the header of an .npy file: a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
 */
export function parseNpyHeader(text: string, file: string): NpyHeader {
  const dict = new LiteralParser(text, file).parseDocument();
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') {
    throw new ModelError(
      'SWIS_ERR_MODEL_WEIGHTS',
      { file },
      'npy header has no simple dtype descr (structured arrays are not weights)',
    );
  }
  if (typeof fortranOrder !== 'boolean') {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'npy header has no boolean fortran_order');
  }
  if (!Array.isArray(shape) || !shape.every((d): d is number => typeof d === 'number')) {
    throw new ModelError('SWIS_ERR_MODEL_FORMAT', { file }, 'npy header has no shape tuple of integers');
  }
  return { descr, fortranOrder, shape };
}

/** Recursive-descent parser for the subset of Python literals numpy writes. */
class LiteralParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parseDocument(): Map<string, PyValue> {
    const value = this.value(0);
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the dict');
    if (!(value instanceof Map)) this.fail('the header is not a dict');
    return value;
  }

  private value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail('nesting is too deep');
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === "'" || ch === '"') return this.string();
    if (ch === '(') return this.sequence(')', depth);
    if (ch === '[') return this.sequence(']', depth);
    if (ch === '{') return this.dict(depth);
    const word = /^(True|False|None|-?\d+L?)/.exec(this.text.slice(this.pos, this.pos + 32))?.[0];
    if (word === undefined) this.fail('expected a value');
    this.pos += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    // Python 2 numpy wrote long integers with an L suffix, e.g. (3L, 4L).
    return Number(word.replace('L', ''));
  }

  private string(): string {
    const quote = this.text[this.pos++];
    const end = this.text.indexOf(quote!, this.pos);
    if (end < 0) this.fail('unterminated string');
    const value = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return value;
  }

  private sequence(close: string, depth: number): PyValue[] {
    this.pos++;
    const items: PyValue[] = [];
    while (!this.consume(close)) {
      items.push(this.value(depth + 1));
      if (!this.consume(',') && !this.peek(close)) this.fail(`expected ',' or '${close}'`);
    }
    return items;
  }

  private dict(depth: number): Map<string, PyValue> {
    this.pos++;
    const entries = new Map<string, PyValue>();
    while (!this.consume('}')) {
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      if (!this.consume(':')) this.fail("expected ':'");
      entries.set(key, this.value(depth + 1));
      if (!this.consume(',') && !this.peek('}')) this.fail("expected ',' or '}'");
    }
    return entries;
  }

  private consume(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos++;
    return true;
  }

  private peek(token: string): boolean {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail('the header ends early');
    return this.text[this.pos] === token;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private fail(reason: string): never {
    throw new ModelError(
      'SWIS_ERR_MODEL_FORMAT',
      { file: this.file },
      `npy header is not a valid Python literal at character ${this.pos}: ${reason}`,
    );
  }
}
