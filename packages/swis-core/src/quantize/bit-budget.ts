import { InfeasibleBudgetError } from '../errors.js';

/** One layer's side of the budget: each filter's error at every N, and the storage of one filter at each N. */
export interface BudgetLayer {
  /** errors[n - minBits][f]: filter f's squared error at N = n. */
  readonly errors: readonly Float64Array[];
  /** storageBits[n - minBits]: bits to store one filter of this layer at N = n. */
  readonly storageBits: readonly number[];
  readonly filters: number;
  readonly weightCount: number;
}

/**
 * Spends an average budget of bits per weight greedily: every filter starts at `minBits`, then the filter
 * whose error drops most per added storage bit gets one more shared bit, while the total stays within the
 * budget. Returns N per filter for each layer. Throws InfeasibleBudgetError below the all-minBits cost.
 */
export function allocateBits(layers: readonly BudgetLayer[], budget: number, minBits: number): Uint8Array[] {
  const weights = layers.reduce((n, l) => n + l.weightCount, 0);
  const limit = budget * weights * (1 + 1e-12);
  let spent = layers.reduce((bits, l) => bits + l.filters * l.storageBits[0]!, 0);
  if (spent > limit) {
    throw new InfeasibleBudgetError(
      `a budget of ${budget} bits per weight is below the cheapest representation (${(spent / weights).toFixed(4)} bits per weight at N = ${minBits})`,
    );
  }
  const bits = layers.map((l) => new Uint8Array(l.filters).fill(minBits));
  const heap = new GainHeap();
  const offer = (layer: number, filter: number): void => {
    const l = layers[layer]!;
    const level = bits[layer]![filter]! - minBits;
    if (level + 1 >= l.storageBits.length) return;
    const gain = l.errors[level]![filter]! - l.errors[level + 1]![filter]!;
    const cost = l.storageBits[level + 1]! - l.storageBits[level]!;
    if (gain > 0) heap.push(gain / cost, layer, filter);
  };
  layers.forEach((l, layer) => {
    for (let f = 0; f < l.filters; f++) offer(layer, f);
  });
  for (let top = heap.pop(); top !== null; top = heap.pop()) {
    const l = layers[top.layer]!;
    const level = bits[top.layer]![top.filter]! - minBits;
    const cost = l.storageBits[level + 1]! - l.storageBits[level]!;
    if (spent + cost > limit) continue;
    spent += cost;
    bits[top.layer]![top.filter]!++;
    offer(top.layer, top.filter);
  }
  return bits;
}

/** A max-heap of (gain, layer, filter); equal gains pop in (layer, filter) order so results are deterministic. */
class GainHeap {
  private readonly items: { gain: number; layer: number; filter: number }[] = [];

  push(gain: number, layer: number, filter: number): void {
    const items = this.items;
    items.push({ gain, layer, filter });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): { gain: number; layer: number; filter: number } | null {
    const items = this.items;
    if (items.length === 0) return null;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.before(items[right]!, items[best]!)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }

  private before(a: { gain: number; layer: number; filter: number }, b: typeof a): boolean {
    if (a.gain !== b.gain) return a.gain > b.gain;
    return a.layer !== b.layer ? a.layer < b.layer : a.filter < b.filter;
  }
}
