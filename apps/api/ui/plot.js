// The Pareto scatter plot, drawn as SVG by hand.
import { svg } from './dom.js';
import { axisTitle, fmt, hardwareLabel, linearTicks, logTicks, quantLabel, variantColor } from './format.js';

const WIDTH = 720;
const HEIGHT = 430;
const MARGIN = { left: 74, right: 18, top: 14, bottom: 58 };

function scale(values, log, from, to) {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (log) {
    min = Math.log10(min);
    max = Math.log10(max);
  }
  const pad = min === max ? Math.abs(min) * 0.1 || 1 : (max - min) * 0.06;
  const lo = min - pad;
  const hi = max + pad;
  const map = (v) => from + ((log ? Math.log10(v) : v) - lo) * ((to - from) / (hi - lo));
  const domain = log ? [10 ** lo, 10 ** hi] : [lo, hi];
  return { map, ticks: log ? logTicks(...domain) : linearTicks(...domain) };
}

/**
 * An SVG scatter of `points` (each `{ id, variant, x, y, point, front }`) with the front drawn as a step
 * line and its points ringed. `onPick(point)` on click or Enter; `tooltip` is an element shown on hover and
 * focus.
 */
export function scatterPlot({ points, xMetric, yMetric, xLog, yLog, variants, onPick, tooltip }) {
  const plotLeft = MARGIN.left;
  const plotRight = WIDTH - MARGIN.right;
  const plotTop = MARGIN.top;
  const plotBottom = HEIGHT - MARGIN.bottom;
  const root = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'scatter',
    role: 'group',
    'aria-label': `${axisTitle(yMetric)} against ${axisTitle(xMetric)}: ${points.length} points`,
    'data-x-metric': xMetric,
    'data-y-metric': yMetric,
  });
  if (points.length === 0) {
    root.append(
      svg(
        'text',
        { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'empty' },
        'No done points yet',
      ),
    );
    return root;
  }
  const sx = scale(
    points.map((p) => p.x),
    xLog,
    plotLeft,
    plotRight,
  );
  const sy = scale(
    points.map((p) => p.y),
    yLog,
    plotBottom,
    plotTop,
  );

  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const t of sx.ticks) {
    const x = sx.map(t);
    grid.append(
      svg('line', { x1: x, x2: x, y1: plotTop, y2: plotBottom }),
      svg('text', { x, y: plotBottom + 18, 'text-anchor': 'middle', class: 'tick' }, fmt(t)),
    );
  }
  for (const t of sy.ticks) {
    const y = sy.map(t);
    grid.append(
      svg('line', { x1: plotLeft, x2: plotRight, y1: y, y2: y }),
      svg('text', { x: plotLeft - 8, y: y + 4, 'text-anchor': 'end', class: 'tick' }, fmt(t)),
    );
  }
  grid.append(
    svg('rect', {
      x: plotLeft,
      y: plotTop,
      width: plotRight - plotLeft,
      height: plotBottom - plotTop,
      class: 'frame',
    }),
    svg(
      'text',
      { x: (plotLeft + plotRight) / 2, y: HEIGHT - 14, 'text-anchor': 'middle', class: 'axis-title' },
      `${axisTitle(xMetric)}${xLog ? ' (log)' : ''}`,
    ),
    svg(
      'text',
      {
        x: -(plotTop + plotBottom) / 2,
        y: 18,
        transform: 'rotate(-90)',
        'text-anchor': 'middle',
        class: 'axis-title',
      },
      `${axisTitle(yMetric)}${yLog ? ' (log)' : ''}`,
    ),
  );
  root.append(grid);

  const front = points.filter((p) => p.front).sort((a, b) => a.x - b.x || a.y - b.y);
  if (front.length > 1) {
    const path = front.map(
      (p, i) => `${i === 0 ? 'M' : 'L'}${sx.map(p.x).toFixed(1)},${sy.map(p.y).toFixed(1)}`,
    );
    root.append(svg('path', { d: path.join(' '), class: 'front-line', 'aria-hidden': 'true' }));
  }

  const layer = svg('g', { class: 'points' });
  const ordered = [...points.filter((p) => !p.front), ...front];
  for (const p of ordered) {
    const describe = `${quantLabel(p.point.config)} on ${hardwareLabel(p.point.config)}: x ${fmt(p.x)}, y ${fmt(p.y)}${p.front ? ', on the front' : ''}`;
    const circle = svg('circle', {
      cx: sx.map(p.x).toFixed(2),
      cy: sy.map(p.y).toFixed(2),
      r: p.front ? 6.5 : 4.5,
      fill: variantColor(p.variant, variants.indexOf(p.variant)),
      class: p.front ? 'pt front' : 'pt',
      tabindex: 0,
      role: 'button',
      'aria-label': describe,
      'data-point-id': p.id,
      'data-x': String(p.x),
      'data-y': String(p.y),
      'data-variant': p.variant,
      'data-front': p.front ? 'true' : 'false',
    });
    const show = () => {
      tooltip.replaceChildren(
        `${quantLabel(p.point.config)} · ${hardwareLabel(p.point.config)}`,
        document.createElement('br'),
        `x ${fmt(p.x)} · y ${fmt(p.y)}${p.front ? ' · on the front' : ''}`,
      );
      const box = root.getBoundingClientRect();
      const k = box.width / WIDTH;
      tooltip.hidden = false;
      tooltip.style.left = `${Math.min(sx.map(p.x) * k + 12, box.width - tooltip.offsetWidth - 4)}px`;
      tooltip.style.top = `${Math.max(sy.map(p.y) * k - tooltip.offsetHeight - 10, 0)}px`;
    };
    const hide = () => {
      tooltip.hidden = true;
    };
    circle.addEventListener('pointerenter', show);
    circle.addEventListener('focus', show);
    circle.addEventListener('pointerleave', hide);
    circle.addEventListener('blur', hide);
    circle.addEventListener('click', () => onPick(p.point));
    circle.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPick(p.point);
      }
    });
    layer.append(circle);
  }
  root.append(layer);
  return root;
}
