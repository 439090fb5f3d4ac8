import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidInputError, type ObjectiveText, parseObjectives } from '../../src/index.js';

function issuesOf(input: string | readonly string[]): string[] {
  try {
    parseObjectives(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  return expect.unreachable();
}

describe('parseObjectives', () => {
  it('splits lists and comma-separated query strings into metric and direction', () => {
    const expected = [
      { metric: 'cycles', direction: 'min' },
      { metric: 'sqnrDb', direction: 'max' },
    ];
    expect(parseObjectives(['cycles:min', 'sqnrDb:max'])).toEqual(expected);
    expect(parseObjectives('cycles:min, sqnrDb:max')).toEqual(expected);
  });

  it('accepts every metric up to k = all of them', () => {
    const all = ['bitsPerWeight', 'cycles', 'energyPj', 'areaMm2', 'dramBytes', 'sqnrDb', 'sse', 'accuracy'];
    expect(parseObjectives(all.map((m) => `${m}:min`))).toHaveLength(all.length);
  });

  it('names unknown metrics, bad directions and repeated metrics', () => {
    expect(issuesOf('cycles:min,latency:min,energyPj:up,cycles:max')).toEqual([
      expect.stringMatching(/^1: must be metric:min or metric:max/),
      expect.stringMatching(/^2: must be metric:min or metric:max/),
    ]);
    expect(issuesOf(['cycles:min', 'energyPj:min', 'cycles:max'])).toEqual([
      '2: metric cycles repeats objective 0',
    ]);
  });

  it('needs at least two objectives', () => {
    expect(issuesOf('cycles:min')).toEqual([': give at least two objectives']);
  });

  it('types objective text as a template literal', () => {
    expectTypeOf<'cycles:min'>().toExtend<ObjectiveText>();
    expectTypeOf<'cycles:up'>().not.toExtend<ObjectiveText>();
  });
});
