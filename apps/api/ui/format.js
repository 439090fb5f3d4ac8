// Metric names, units and directions, number formatting and axis ticks.

/** The objectives a plot axis can show: label, unit and which way is better. */
export const METRICS = {
  bitsPerWeight: { label: 'Bits per weight', unit: 'bits', direction: 'min' },
  cycles: { label: 'Latency', unit: 'cycles', direction: 'min' },
  energyPj: { label: 'Energy', unit: 'pJ', direction: 'min' },
  areaMm2: { label: 'Area', unit: 'mm²', direction: 'min' },
  dramBytes: { label: 'DRAM traffic', unit: 'bytes', direction: 'min' },
  sqnrDb: { label: 'SQNR', unit: 'dB', direction: 'max' },
  sse: { label: 'Squared error (SSE)', unit: 'weight²', direction: 'min' },
  accuracy: { label: 'Top-1 accuracy', unit: 'fraction', direction: 'max' },
  speedupVsBaseline: { label: 'Speedup vs baseline', unit: '×', direction: 'max' },
  energyRatioVsBaseline: { label: 'Energy ratio vs baseline', unit: '× baseline/point', direction: 'max' },
};

/** Okabe-Ito colours (distinguishable with colour-vision deficiencies), one per variant. */
export const VARIANT_COLORS = {
  swis: '#0072b2',
  'swis-c': '#e69f00',
  truncation: '#009e73',
  uniform: '#cc79a7',
  'block-fp': '#d55e00',
};
const FALLBACK_COLORS = ['#56b4e9', '#555555', '#f0e442', '#000000'];

export function variantColor(variant, index = 0) {
  return VARIANT_COLORS[variant] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length];
}

export function axisTitle(metric) {
  const m = METRICS[metric];
  return `${m.label} (${m.unit}) · ${m.direction === 'min' ? 'lower' : 'higher'} is better`;
}

const SI = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A short, readable number: 3 significant digits, SI suffix from 10 000 up. */
export function fmt(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e4) {
    for (const [scale, suffix] of SI) {
      if (abs >= scale) return `${trim((value / scale).toPrecision(3))}${suffix}`;
    }
  }
  if (abs !== 0 && abs < 1e-3) return value.toExponential(2);
  return trim(value.toPrecision(abs >= 100 ? 4 : 3));
}

function trim(text) {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

/** About `count` round tick values covering [min, max]. */
export function linearTicks(min, max, count = 6) {
  if (min === max) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

/** Powers of ten (and 2x, 5x when few) within [min, max], both > 0. */
export function logTicks(min, max) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= min && t <= max) ticks.push(t);
    }
  }
  const decades = ticks.filter((t) => Math.log10(t) % 1 === 0);
  return decades.length >= 3 ? decades : ticks;
}

/** "swis N=3 G=8" from a point's config. */
export function quantLabel(config) {
  const q = config?.quant ?? {};
  return `${q.variant ?? '?'} N=${q.bits ?? '?'} G=${q.groupSize ?? '?'}`;
}

/** "swis 32×32 ws" from a point's config. */
export function hardwareLabel(config) {
  const hw = config?.hardware ?? {};
  return `${config?.simulation?.arch ?? '?'} ${hw.rows}×${hw.cols} ${hw.dataflow ?? ''}`.trim();
}
