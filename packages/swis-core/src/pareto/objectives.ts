import { type Objective, ObjectiveListSchema } from '../spec/objective.js';
import { parseInput } from '../spec/parse-input.js';

/**
 * Parses 2..k objectives, given as a list (`['cycles:min', 'sqnrDb:max']`) or a comma-separated query
 * string (`'cycles:min,sqnrDb:max'`). Throws InvalidInputError naming every unknown metric, bad direction
 * and repeated metric.
 */
export function parseObjectives(input: string | readonly string[]): Objective[] {
  const list = typeof input === 'string' ? input.split(',').map((text) => text.trim()) : input;
  return parseInput(ObjectiveListSchema, 'objectives', list);
}
