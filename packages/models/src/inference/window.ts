/** How a sliding window (conv, depthwise, pooling) covers its input: output size and leading padding. */

/** 'same' / 'valid' as TensorFlow defines them, or explicit [top, left, bottom, right] padding. */
export type WindowPadding = 'same' | 'valid' | readonly [number, number, number, number];

export interface Window {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: WindowPadding;
}

/** Output extent and the padding before the first input row / column, along one axis. */
export interface AxisPlacement {
  readonly out: number;
  readonly before: number;
}

/**
 * One axis of a window, as TensorFlow places it: SAME gives ceil(n / stride) outputs with the odd padding
 * at the end (bottom / right); VALID gives ceil((n - span + 1) / stride); explicit padding is taken as is.
 */
export function placeAxis(
  n: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'same' | 'valid' | readonly [number, number],
): AxisPlacement {
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'same') {
    const out = Math.ceil(n / stride);
    const total = Math.max((out - 1) * stride + span - n, 0);
    return { out, before: Math.floor(total / 2) };
  }
  const [before, after] = padding === 'valid' ? [0, 0] : padding;
  const out = Math.floor((n + before + after - span) / stride) + 1;
  if (out < 1) throw new RangeError(`a window of ${span} does not fit an input of ${n} (+${before + after})`);
  return { out, before };
}

/** Both axes of a window over an h x w input. */
export function placeWindow(h: number, w: number, win: Window): { rows: AxisPlacement; cols: AxisPlacement } {
  const p = win.padding;
  const rowPad = typeof p === 'string' ? p : ([p[0], p[2]] as const);
  const colPad = typeof p === 'string' ? p : ([p[1], p[3]] as const);
  return {
    rows: placeAxis(h, win.kernel[0], win.stride[0], win.dilation[0], rowPad),
    cols: placeAxis(w, win.kernel[1], win.stride[1], win.dilation[1], colPad),
  };
}
