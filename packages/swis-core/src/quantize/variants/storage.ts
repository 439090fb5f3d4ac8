/** Bits to name one of `choices` alternatives: ceil(log2(choices)), 0 for a single choice. */
export function shiftIndexBits(choices: number): number {
  return choices <= 1 ? 0 : Math.ceil(Math.log2(choices));
}
