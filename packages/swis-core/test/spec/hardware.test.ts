import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type DataflowId,
  type Hardware,
  type HardwareInput,
  InvalidInputError,
  parseHardware,
} from '../../src/index.js';

describe('parseHardware', () => {
  it('fills the documented defaults', () => {
    expect(parseHardware({ rows: 32, cols: 16, dataflow: 'ws' })).toEqual({
      rows: 32,
      cols: 16,
      dataflow: 'ws',
      lanesPerPe: 1,
      clockMhz: 1000,
      dramBandwidthBytesPerCycle: 64,
      sramBytes: 196_608,
    });
  });

  it('keeps given values', () => {
    const hw = parseHardware({
      rows: 8,
      cols: 8,
      dataflow: 'os',
      lanesPerPe: 16,
      clockMhz: 200,
      sramBytes: 1024,
    });
    expect(hw).toMatchObject({ lanesPerPe: 16, clockMhz: 200, sramBytes: 1024 });
  });

  it('collects every problem, including a misspelt field, in one InvalidInputError', () => {
    try {
      parseHardware({ rows: 0, cols: 2.5, dataflow: 'rs', clockMhz: -1, sramBytes: 1.5, clockMHz: 100 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      const paths = (error as InvalidInputError).issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['rows', 'cols', 'dataflow', 'clockMhz', 'sramBytes']));
      expect((error as InvalidInputError).message).toMatch(/clockMHz/);
    }
    expect(() => parseHardware({ rows: 4 })).toThrow(/cols.*dataflow|dataflow.*cols/);
  });

  it('infers its types from the schema', () => {
    expectTypeOf<Hardware['dataflow']>().toEqualTypeOf<DataflowId>();
    expectTypeOf<DataflowId>().toEqualTypeOf<'os' | 'ws' | 'is'>();
    expectTypeOf<Hardware['lanesPerPe']>().toEqualTypeOf<number>();
    expectTypeOf<HardwareInput['lanesPerPe']>().toEqualTypeOf<number | undefined>();
  });
});
