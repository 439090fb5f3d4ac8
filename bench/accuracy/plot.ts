import { existsSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface Chart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Horizontal reference lines (e.g. the float model). */
  readonly references?: readonly { readonly name: string; readonly y: number }[];
}

const WIDTH = 640;
const HEIGHT = 420;
const MARGIN = { left: 60, right: 150, top: 40, bottom: 50 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];

/** A line chart as SVG: one polyline with markers per series, a legend, axes with ticks. */
export function chartSvg(chart: Chart): string {
  const xs = chart.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = [
    ...chart.series.flatMap((s) => s.points.map(([, y]) => y)),
    ...(chart.references ?? []).map((r) => r.y),
  ];
  const [x0, x1] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs))];
  const [y0, y1] = [
    Math.max(0, Math.floor(Math.min(...ys) / 10) * 10),
    Math.min(100, Math.ceil(Math.max(...ys) / 10) * 10),
  ];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((x - x0) / Math.max(1e-9, x1 - x0)) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((y - y0) / Math.max(1e-9, y1 - y0)) * plotH;
  const parts: string[] = [
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${py(y0)}" x2="${MARGIN.left + plotW}" y2="${py(y0)}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${py(y0)}" x2="${MARGIN.left}" y2="${MARGIN.top}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle" font-size="13">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">${escapeXml(chart.yLabel)}</text>`,
  ];
  for (let x = x0; x <= x1; x++) {
    parts.push(`<line x1="${px(x)}" y1="${py(y0)}" x2="${px(x)}" y2="${py(y0) + 5}" stroke="black"/>`);
    parts.push(`<text x="${px(x)}" y="${py(y0) + 18}" text-anchor="middle" font-size="11">${x}</text>`);
  }
  for (let y = y0; y <= y1; y += 10) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${py(y)}" x2="${MARGIN.left + plotW}" y2="${py(y)}" stroke="#e5e5e5"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 8}" y="${py(y) + 4}" text-anchor="end" font-size="11">${y}</text>`);
  }
  for (const [i, ref] of (chart.references ?? []).entries()) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${py(ref.y)}" x2="${MARGIN.left + plotW}" y2="${py(ref.y)}" stroke="#555" stroke-dasharray="${i === 0 ? '6 4' : '2 3'}"/>`,
    );
    legend(parts, chart.series.length + i, ref.name, '#555', true);
  }
  chart.series.forEach((series, i) => {
    const color = COLORS[i % COLORS.length]!;
    const sorted = [...series.points].sort((a, b) => a[0] - b[0]);
    const path = sorted.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const [x, y] of sorted) parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3.5" fill="${color}"/>`);
    legend(parts, i, series.name, color, false);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif"><title>${escapeXml(chart.title)}</title>${parts.join('')}</svg>`;
}

function legend(parts: string[], row: number, name: string, color: string, dashed: boolean): void {
  const x = WIDTH - MARGIN.right + 14;
  const y = MARGIN.top + 10 + row * 20;
  parts.push(
    `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
  );
  parts.push(`<text x="${x + 28}" y="${y + 4}" font-size="12">${escapeXml(name)}</text>`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const CHROMIUM = '/usr/bin/chromium';

/**
 * Renders the charts side by side to `<base>.png` with Debian's chromium; without it, writes them as one
 * `<base>.svg` instead. Returns the file written.
 */
export async function writeCharts(charts: readonly Chart[], base: string): Promise<string> {
  const columns = Math.min(2, charts.length);
  const rows = Math.ceil(charts.length / 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH * columns}" height="${HEIGHT * rows}"><title>${escapeXml(charts.map((c) => c.title).join('; '))}</title>${charts
    .map(
      (chart, i) => `<svg x="${(i % 2) * WIDTH}" y="${Math.floor(i / 2) * HEIGHT}">${chartSvg(chart)}</svg>`,
    )
    .join('')}</svg>`;
  if (!existsSync(CHROMIUM)) {
    writeFileSync(`${base}.svg`, svg);
    return `${base}.svg`;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH * columns, height: HEIGHT * rows } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: `${base}.png` });
  } finally {
    await browser.close();
  }
  return `${base}.png`;
}
