// The swis-dse dashboard: hash routes #/ (sweeps) and #/sweeps/<id>[/points/<pointId>], polling every 2 s.
import { ApiError, allPoints, apiGet, keyStore } from './api.js';
import { h, svg } from './dom.js';
import { fmt, hardwareLabel, METRICS, quantLabel, variantColor } from './format.js';
import { scatterPlot } from './plot.js';

const POLL_MS = 2000;
/** The sweeps list is refetched every this many polls; running sweeps' statuses every poll (ETag). */
const LIST_EVERY = 5;
const PAGE_SIZE = 25;
const ACTIVE = new Set(['queued', 'running']);

const main = document.getElementById('main');
const statusLine = document.getElementById('status');

/** What the current view shows; replaced on every route change. */
let view = { kind: 'none' };
let pollCount = 0;
let polling = false;

function say(message) {
  statusLine.textContent = message;
}

function errorBox(err) {
  const text =
    err instanceof ApiError && err.status === 401 ? `The API refused the key: ${err.message}` : err.message;
  return h('p', { class: 'error', role: 'alert' }, text);
}

// ---- key ----------------------------------------------------------------------------------------------

function setUpKeyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  if (keyStore.get()) input.placeholder = 'key saved for this tab';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    keyStore.set(key);
    input.value = '';
    input.placeholder = 'key saved for this tab';
    say('Key saved for this tab.');
    route();
  });
  document.getElementById('forget-key').addEventListener('click', () => {
    keyStore.clear();
    input.placeholder = "paste your team's key";
    say('Key forgotten.');
    route();
  });
}

// ---- routing ------------------------------------------------------------------------------------------

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (!keyStore.get()) {
    view = { kind: 'none' };
    main.replaceChildren(
      h(
        'section',
        { class: 'card intro' },
        h('h1', {}, 'Sweeps'),
        h('p', {}, "Paste your team's API key above to see its sweeps. It is kept in this tab only."),
      ),
    );
    return;
  }
  if (parts[0] === 'sweeps' && parts[1]) {
    const pointId = parts[2] === 'points' ? parts[3] : undefined;
    if (view.kind === 'sweep' && view.id === parts[1]) {
      if (pointId && pointId !== view.pointId) void showPoint(pointId);
      return;
    }
    void openSweep(parts[1], pointId);
    return;
  }
  void openList();
}

// ---- sweeps list --------------------------------------------------------------------------------------

async function openList() {
  view = { kind: 'list', sweeps: [], etags: new Map() };
  const tbody = h('tbody');
  const live = h('p', { class: 'live', 'aria-live': 'polite' });
  main.replaceChildren(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sweeps-title' },
      h(
        'div',
        { class: 'heading-row' },
        h('h1', { id: 'sweeps-title' }, 'Sweeps'),
        h('button', { type: 'button', class: 'secondary', onclick: () => void refreshList(true) }, 'Refresh'),
      ),
      live,
      h(
        'table',
        { class: 'sweeps' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Model', 'Status', 'Progress', 'Points done', 'ETA', 'Created'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        tbody,
      ),
    ),
  );
  view.tbody = tbody;
  view.live = live;
  await refreshList(true);
}

async function refreshList(full) {
  const current = view;
  try {
    if (full || current.sweeps.length === 0) {
      const { body } = await apiGet('/v1/sweeps?limit=100');
      if (view !== current) return;
      current.sweeps = body.items;
    }
    for (const sweep of current.sweeps.filter((s) => ACTIVE.has(s.status))) {
      const answer = await apiGet(`/v1/sweeps/${encodeURIComponent(sweep.id)}`, {
        etag: current.etags.get(sweep.id),
      });
      if (view !== current) return;
      if (answer.notModified) continue;
      current.etags.set(sweep.id, answer.etag);
      const { spec: _spec, ...summary } = answer.body;
      current.sweeps = current.sweeps.map((s) => (s.id === sweep.id ? summary : s));
    }
    renderList(current);
  } catch (err) {
    if (view === current) current.live.replaceChildren(errorBox(err));
  }
}

function progressCell(sweep) {
  const percent = Math.round(sweep.progress * 100);
  return h(
    'td',
    { class: 'progress-cell' },
    h('progress', { max: 1, value: sweep.progress, 'aria-label': `${sweep.name} progress` }),
    h('span', { class: 'num' }, `${percent}%`),
  );
}

function renderList(current) {
  const rows = current.sweeps.map((sweep) =>
    h(
      'tr',
      { 'data-sweep-id': sweep.id },
      h('th', { scope: 'row' }, h('a', { href: `#/sweeps/${encodeURIComponent(sweep.id)}` }, sweep.name)),
      h('td', {}, sweep.model),
      h('td', {}, statusBadge(sweep.status)),
      progressCell(sweep),
      h(
        'td',
        { class: 'num' },
        `${sweep.counts.done} / ${sweep.counts.total}`,
        sweep.counts.failed ? h('span', { class: 'failed' }, ` (${sweep.counts.failed} failed)`) : null,
      ),
      h('td', { class: 'num' }, eta(sweep)),
      h('td', {}, new Date(sweep.createdAt).toLocaleString()),
    ),
  );
  if (rows.length === 0)
    rows.push(h('tr', {}, h('td', { colspan: 7 }, 'No sweeps yet: submit one with POST /v1/sweeps.')));
  current.tbody.replaceChildren(...rows);
  const active = current.sweeps.filter((s) => ACTIVE.has(s.status));
  const message =
    active.length === 0
      ? `${current.sweeps.length} sweeps, none running.`
      : `${active.length} running: ${active.map((s) => `${s.name} ${Math.round(s.progress * 100)}%`).join(', ')}.`;
  if (current.live.textContent !== message) current.live.textContent = message;
}

function statusBadge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

function eta(sweep) {
  if (!ACTIVE.has(sweep.status)) return '–';
  if (sweep.etaSeconds === null) return 'estimating';
  const s = sweep.etaSeconds;
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

// ---- one sweep ----------------------------------------------------------------------------------------

async function openSweep(id, pointId) {
  const current = {
    kind: 'sweep',
    id,
    pointId: undefined,
    etag: undefined,
    sweep: null,
    points: [],
    x: 'bitsPerWeight',
    y: 'sqnrDb',
    xLog: false,
    yLog: false,
    sort: 'gridIndex:asc',
    cursors: [null],
    page: 0,
  };
  view = current;
  main.replaceChildren(h('p', { class: 'card' }, 'Loading the sweep…'));
  try {
    const { body, etag } = await apiGet(`/v1/sweeps/${encodeURIComponent(id)}`);
    if (view !== current) return;
    current.sweep = body;
    current.etag = etag;
    const metrics = (body.objectives ?? []).map((o) => o.split(':')[0]).filter((m) => m in METRICS);
    if (metrics.length >= 2 && !(metrics.includes('bitsPerWeight') && metrics.includes('sqnrDb'))) {
      [current.x, current.y] = metrics;
    }
    buildSweepView(current);
    await refreshSweepData(current);
    if (pointId) await showPoint(pointId);
  } catch (err) {
    if (view === current) main.replaceChildren(backLink(), errorBox(err));
  }
}

function backLink() {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, '← All sweeps'));
}

/**
 * Accuracy exists only for models with an evaluation set, and a sweep asking for it says so in its
 * objectives; other sweeps are not offered an axis the API would refuse.
 */
function plottableMetrics(sweep) {
  const wantsAccuracy = (sweep?.objectives ?? []).some((o) => o.startsWith('accuracy:'));
  return Object.entries(METRICS).filter(([metric]) => metric !== 'accuracy' || wantsAccuracy);
}

function metricSelect(id, label, value, sweep, onChange) {
  const select = h(
    'select',
    { id },
    plottableMetrics(sweep).map(([metric, m]) =>
      h('option', { value: metric, selected: metric === value }, `${m.label} (${m.unit})`),
    ),
  );
  select.addEventListener('change', () => onChange(select.value));
  return h('label', { for: id, class: 'control' }, label, select);
}

function logToggle(id, label, onChange) {
  const box = h('input', { type: 'checkbox', id });
  box.addEventListener('change', () => onChange(box.checked));
  return h('label', { for: id, class: 'control check' }, box, label);
}

function buildSweepView(current) {
  const replot = () => void refreshPlot(current);
  current.els = {
    summary: h('div', { class: 'summary', 'aria-live': 'polite' }),
    figure: h('div', { class: 'figure' }),
    tooltip: h('div', { class: 'tooltip', hidden: true, 'aria-hidden': 'true' }),
    legend: h('ul', { class: 'legend', 'aria-label': 'Variants' }),
    plotNote: h('p', { class: 'note' }),
    variants: h('div', { class: 'table-wrap' }),
    points: h('div', { class: 'table-wrap' }),
    pager: h('div', { class: 'pager' }),
    detail: h(
      'section',
      { class: 'card detail', id: 'detail', 'aria-labelledby': 'detail-title', tabindex: -1 },
      h('h2', { id: 'detail-title' }, 'Point detail'),
      h('p', { class: 'note' }, 'Pick a point in the plot or the table to see its layers.'),
    ),
  };
  const e = current.els;
  e.figure.append(e.tooltip);
  main.replaceChildren(
    backLink(),
    h('header', { class: 'sweep-head' }, h('h1', {}, current.sweep.name), e.summary),
    h(
      'div',
      { class: 'layout' },
      h(
        'section',
        { class: 'card plot', 'aria-labelledby': 'plot-title' },
        h('h2', { id: 'plot-title' }, 'Pareto front'),
        h(
          'div',
          { class: 'controls' },
          metricSelect('x-metric', 'X axis', current.x, current.sweep, (v) => {
            current.x = v;
            replot();
          }),
          logToggle('x-log', 'log x', (v) => {
            current.xLog = v;
            replot();
          }),
          metricSelect('y-metric', 'Y axis', current.y, current.sweep, (v) => {
            current.y = v;
            replot();
          }),
          logToggle('y-log', 'log y', (v) => {
            current.yLog = v;
            replot();
          }),
        ),
        e.figure,
        e.legend,
        e.plotNote,
      ),
      e.detail,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'variants-title' },
      h('h2', { id: 'variants-title' }, 'Variants at equal bits per weight'),
      h(
        'p',
        { class: 'note' },
        'Done points grouped by bits per weight (rounded to 0.5); each cell is the variant’s best SQNR in the group, with that point’s latency.',
      ),
      e.variants,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'points-title' },
      h(
        'div',
        { class: 'heading-row' },
        h('h2', { id: 'points-title' }, 'Points'),
        h(
          'button',
          { type: 'button', id: 'export-csv', onclick: () => void exportCsv(current) },
          'Export CSV',
        ),
      ),
      e.points,
      e.pager,
    ),
  );
  renderSummary(current);
}

function renderSummary(current) {
  const s = current.sweep;
  current.els.summary.replaceChildren(
    statusBadge(s.status),
    h('span', {}, `model ${s.model}`),
    h('progress', { max: 1, value: s.progress, 'aria-label': 'Sweep progress' }),
    h(
      'span',
      { class: 'num' },
      `${s.counts.done} of ${s.counts.total} points done${s.counts.failed ? `, ${s.counts.failed} failed` : ''}`,
      ACTIVE.has(s.status) ? ` · ETA ${eta(s)}` : '',
    ),
    h('span', {}, `objectives ${s.objectives.join(', ')}`),
  );
}

async function refreshSweepData(current) {
  current.points = await allPoints(current.id, 'status=done');
  if (view !== current) return;
  await Promise.all([refreshPlot(current), refreshTable(current)]);
  renderVariants(current);
}

async function refreshPlot(current) {
  const { x, y, els } = current;
  const usable = current.points.filter(
    (p) =>
      typeof p.metrics?.[x] === 'number' &&
      typeof p.metrics?.[y] === 'number' &&
      (!current.xLog || p.metrics[x] > 0) &&
      (!current.yLog || p.metrics[y] > 0),
  );
  let frontIds = new Set();
  let note = '';
  if (x === y) {
    note = 'Pick two different objectives to see the front.';
  } else {
    try {
      const objectives = `${x}:${METRICS[x].direction},${y}:${METRICS[y].direction}`;
      const { body } = await apiGet(
        `/v1/sweeps/${encodeURIComponent(current.id)}/pareto?objectives=${encodeURIComponent(objectives)}`,
      );
      frontIds = new Set(body.items.map((p) => p.id));
      note = `${frontIds.size} of ${body.considered} points are non-dominated (${objectives.replace(',', ', ')}); the ringed points joined by the line.`;
    } catch (err) {
      note = `Front unavailable: ${err.message}`;
    }
  }
  if (view !== current || current.x !== x || current.y !== y) return;
  const variants = [...new Set(current.points.map((p) => p.config?.quant?.variant ?? '?'))].sort();
  const plotted = usable.map((p) => ({
    id: p.id,
    variant: p.config?.quant?.variant ?? '?',
    x: p.metrics[x],
    y: p.metrics[y],
    point: p,
    front: frontIds.has(p.id),
  }));
  const chart = scatterPlot({
    points: plotted,
    xMetric: x,
    yMetric: y,
    xLog: current.xLog,
    yLog: current.yLog,
    variants,
    tooltip: els.tooltip,
    onPick: (point) => {
      location.hash = `#/sweeps/${encodeURIComponent(current.id)}/points/${encodeURIComponent(point.id)}`;
    },
  });
  els.tooltip.hidden = true;
  els.figure.replaceChildren(chart, els.tooltip);
  els.legend.replaceChildren(
    ...variants.map((v, i) =>
      h(
        'li',
        {},
        svg(
          'svg',
          { width: 14, height: 14, 'aria-hidden': 'true' },
          svg('circle', { cx: 7, cy: 7, r: 6, fill: variantColor(v, i) }),
        ),
        `${v} (${plotted.filter((p) => p.variant === v).length})`,
      ),
    ),
    h(
      'li',
      {},
      svg(
        'svg',
        { width: 14, height: 14, 'aria-hidden': 'true' },
        svg('circle', { cx: 7, cy: 7, r: 5, class: 'legend-front' }),
      ),
      'on the front',
    ),
  );
  const skipped = current.points.length - usable.length;
  els.plotNote.textContent = `${note}${skipped ? ` ${skipped} points lack one of the two metrics and are not drawn.` : ''}`;
}

const TABLE_COLUMNS = [
  { key: 'gridIndex', label: '#', value: (p) => p.gridIndex, sortable: true },
  { key: 'variant', label: 'Quantization', value: (p) => quantLabel(p.config) },
  { key: 'hardware', label: 'Hardware', value: (p) => hardwareLabel(p.config) },
  { key: 'status', label: 'Status', value: (p) => p.status },
  ...['bitsPerWeight', 'sqnrDb', 'accuracy', 'cycles', 'energyPj', 'areaMm2', 'speedupVsBaseline'].map(
    (metric) => ({
      key: metric,
      label: `${METRICS[metric].label} (${METRICS[metric].unit})`,
      value: (p) => p.metrics?.[metric],
      sortable: true,
      numeric: true,
    }),
  ),
];

async function refreshTable(current) {
  const cursor = current.cursors[current.page];
  const query = `sort=${encodeURIComponent(current.sort)}&limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  let body;
  try {
    ({ body } = await apiGet(`/v1/sweeps/${encodeURIComponent(current.id)}/points?${query}`));
  } catch (err) {
    current.els.points.replaceChildren(errorBox(err));
    return;
  }
  if (view !== current) return;
  current.cursors[current.page + 1] = body.nextCursor;
  const [sortKey, sortDir] = current.sort.split(':');
  const head = h(
    'tr',
    {},
    TABLE_COLUMNS.map((col) => {
      if (!col.sortable) return h('th', { scope: 'col' }, col.label);
      const active = col.key === sortKey;
      const next = active && sortDir === 'asc' ? 'desc' : 'asc';
      return h(
        'th',
        {
          scope: 'col',
          class: col.numeric ? 'num' : null,
          'aria-sort': active ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none',
        },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            'data-sort': col.key,
            onclick: () => {
              current.sort = `${col.key}:${next}`;
              current.cursors = [null];
              current.page = 0;
              void refreshTable(current);
            },
          },
          col.label,
          h(
            'span',
            { 'aria-hidden': 'true', class: 'arrow' },
            active ? (sortDir === 'asc' ? ' ▲' : ' ▼') : ' ↕',
          ),
        ),
      );
    }),
  );
  const rows = body.items.map((p) =>
    h(
      'tr',
      { 'data-point-id': p.id, class: p.id === current.pointId ? 'selected' : null },
      TABLE_COLUMNS.map((col) => {
        const value = col.value(p);
        if (col.key === 'gridIndex') {
          return h(
            'td',
            {},
            h(
              'a',
              { href: `#/sweeps/${encodeURIComponent(current.id)}/points/${encodeURIComponent(p.id)}` },
              `#${value}`,
            ),
          );
        }
        return h(
          'td',
          { class: col.numeric ? 'num' : null, 'data-value': typeof value === 'number' ? value : null },
          col.numeric ? fmt(value) : value,
        );
      }),
    ),
  );
  current.els.points.replaceChildren(
    h(
      'table',
      { class: 'points', id: 'points-table' },
      h('caption', { class: 'visually-hidden' }, `Points sorted by ${sortKey} ${sortDir}ending`),
      h('thead', {}, head),
      h('tbody', {}, rows),
    ),
  );
  const pageButton = (label, page, disabled) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        disabled,
        onclick: () => {
          current.page = page;
          void refreshTable(current);
        },
      },
      label,
    );
  current.els.pager.replaceChildren(
    pageButton('← Previous', current.page - 1, current.page === 0),
    h('span', {}, `Page ${current.page + 1}`),
    pageButton('Next →', current.page + 1, !body.nextCursor),
  );
}

function renderVariants(current) {
  const done = current.points.filter((p) => typeof p.metrics?.bitsPerWeight === 'number');
  const variants = [...new Set(done.map((p) => p.config?.quant?.variant ?? '?'))].sort();
  const groups = new Map();
  for (const p of done) {
    const bucket = Math.round(p.metrics.bitsPerWeight * 2) / 2;
    const variant = p.config?.quant?.variant ?? '?';
    const key = `${bucket}|${variant}`;
    const best = groups.get(key);
    const sqnr = p.metrics.sqnrDb ?? Number.NEGATIVE_INFINITY;
    if (!best || sqnr > (best.metrics.sqnrDb ?? Number.NEGATIVE_INFINITY)) groups.set(key, p);
  }
  const buckets = [...new Set(done.map((p) => Math.round(p.metrics.bitsPerWeight * 2) / 2))].sort(
    (a, b) => a - b,
  );
  if (buckets.length === 0) {
    current.els.variants.replaceChildren(h('p', { class: 'note' }, 'No done points yet.'));
    return;
  }
  const rows = buckets.map((bucket) => {
    const cells = variants.map((v) => groups.get(`${bucket}|${v}`));
    const bestSqnr = Math.max(
      ...cells.filter(Boolean).map((p) => p.metrics.sqnrDb ?? Number.NEGATIVE_INFINITY),
    );
    return h(
      'tr',
      { 'data-bits': bucket },
      h('th', { scope: 'row', class: 'num' }, `≈ ${bucket}`),
      cells.map((p) =>
        p
          ? h(
              'td',
              { class: p.metrics.sqnrDb === bestSqnr ? 'num best' : 'num' },
              h(
                'a',
                { href: `#/sweeps/${encodeURIComponent(current.id)}/points/${encodeURIComponent(p.id)}` },
                `${fmt(p.metrics.sqnrDb)} dB`,
              ),
              h('span', { class: 'sub' }, `${fmt(p.metrics.cycles)} cycles`),
            )
          : h('td', { class: 'num empty' }, '–'),
      ),
    );
  });
  current.els.variants.replaceChildren(
    h(
      'table',
      { class: 'variants', id: 'variants-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Bits per weight'),
          variants.map((v, i) =>
            h(
              'th',
              { scope: 'col', class: 'num' },
              svg(
                'svg',
                { width: 12, height: 12, 'aria-hidden': 'true' },
                svg('circle', { cx: 6, cy: 6, r: 5, fill: variantColor(v, i) }),
              ),
              ` ${v}`,
            ),
          ),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

async function showPoint(pointId) {
  const current = view;
  if (current.kind !== 'sweep') return;
  current.pointId = pointId;
  for (const row of main.querySelectorAll('tr.selected')) row.classList.remove('selected');
  main.querySelector(`tr[data-point-id="${CSS.escape(pointId)}"]`)?.classList.add('selected');
  const box = current.els.detail;
  try {
    const { body: point } = await apiGet(
      `/v1/sweeps/${encodeURIComponent(current.id)}/points/${encodeURIComponent(pointId)}`,
    );
    if (view !== current || current.pointId !== pointId) return;
    renderDetail(box, point);
    box.focus({ preventScroll: true });
  } catch (err) {
    box.replaceChildren(h('h2', { id: 'detail-title' }, 'Point detail'), errorBox(err));
  }
}

function renderDetail(box, point) {
  const m = point.metrics ?? {};
  const layers = Array.isArray(point.detail) ? point.detail : [];
  const maxCycles = Math.max(1, ...layers.map((l) => l.cycles ?? 0));
  const facts = [
    ['Bits per weight', fmt(m.bitsPerWeight)],
    ['SQNR', `${fmt(m.sqnrDb)} dB`],
    ['SSE', fmt(m.sse)],
    ['Latency', `${fmt(m.cycles)} cycles`],
    ['Energy', `${fmt(m.energyPj)} pJ`],
    ['Area', `${fmt(m.areaMm2)} mm²`],
    ['DRAM', `${fmt(m.dramBytes)} bytes`],
    ['Speedup', m.speedupVsBaseline === undefined ? '–' : `${fmt(m.speedupVsBaseline)}×`],
  ];
  const parts = [
    h('h2', { id: 'detail-title' }, `Point #${point.gridIndex}`),
    h('p', { class: 'point-config' }, `${quantLabel(point.config)} on ${hardwareLabel(point.config)}`),
    point.error ? h('p', { class: 'error' }, point.error) : null,
    h(
      'dl',
      { class: 'facts' },
      facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))),
    ),
    energyBar(m.energyBreakdownPj),
    h('h3', {}, `Layers (${layers.length})`),
    h(
      'div',
      { class: 'layers-wrap', tabindex: 0, role: 'region', 'aria-label': 'Per-layer detail' },
      h(
        'table',
        { class: 'layers', id: 'layers-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Layer', 'Bits/w', 'SQNR (dB)', 'SSE', 'Cycles', 'Energy (pJ)'].map((t, i) =>
              h('th', { scope: 'col', class: i === 0 ? null : 'num' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          layers.map((layer) =>
            h(
              'tr',
              { 'data-layer': layer.name },
              h(
                'th',
                { scope: 'row', class: 'layer-name' },
                // Break long names after underscores rather than widen the table.
                String(layer.name)
                  .split('_')
                  .flatMap((part, i) => (i === 0 ? [part] : ['_', h('wbr'), part])),
              ),
              h('td', { class: 'num' }, fmt(layer.bitsPerWeight)),
              h('td', { class: 'num' }, fmt(layer.sqnrDb)),
              h('td', { class: 'num' }, fmt(layer.sse)),
              h(
                'td',
                { class: 'num' },
                svg(
                  'svg',
                  { width: 36, height: 8, class: 'bar', 'aria-hidden': 'true' },
                  svg('rect', { width: Math.max(1, (36 * (layer.cycles ?? 0)) / maxCycles), height: 8 }),
                ),
                ` ${fmt(layer.cycles)}`,
              ),
              h('td', { class: 'num' }, fmt(layer.energyPj)),
            ),
          ),
        ),
      ),
    ),
  ];
  box.replaceChildren(...parts.filter(Boolean));
}

const ENERGY_PARTS = [
  ['dram', 'DRAM', '#1d4e89'],
  ['buffers', 'Buffers', '#7aa6d8'],
  ['compute', 'Compute', '#e69f00'],
];

function energyBar(breakdown) {
  if (!breakdown) return null;
  const total = ENERGY_PARTS.reduce((sum, [k]) => sum + (breakdown[k] ?? 0), 0);
  if (total <= 0) return null;
  let x = 0;
  const rects = [];
  const items = [];
  for (const [key, label, color] of ENERGY_PARTS) {
    const share = (breakdown[key] ?? 0) / total;
    rects.push(svg('rect', { x: x * 300, y: 0, width: share * 300, height: 14, fill: color }));
    x += share;
    items.push(
      h(
        'li',
        {},
        svg(
          'svg',
          { width: 10, height: 10, 'aria-hidden': 'true' },
          svg('rect', { width: 10, height: 10, fill: color }),
        ),
        ` ${label} ${fmt(breakdown[key])} pJ (${Math.round(share * 100)}%)`,
      ),
    );
  }
  return h(
    'figure',
    { class: 'energy' },
    h('figcaption', {}, 'Energy breakdown'),
    svg(
      'svg',
      { viewBox: '0 0 300 14', class: 'energy-bar', 'aria-hidden': 'true', preserveAspectRatio: 'none' },
      rects,
    ),
    h('ul', { class: 'legend small' }, items),
  );
}

async function exportCsv(current) {
  const button = document.getElementById('export-csv');
  button.disabled = true;
  say('Exporting CSV…');
  try {
    const { blob } = await apiGet(
      `/v1/sweeps/${encodeURIComponent(current.id)}/points?sort=${encodeURIComponent(current.sort)}`,
      { accept: 'text/csv' },
    );
    const url = URL.createObjectURL(blob);
    const link = h('a', {
      href: url,
      download: `${current.sweep.name}-points.csv`,
      class: 'visually-hidden',
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(`Exported ${current.sweep.name}-points.csv.`);
  } catch (err) {
    say(`CSV export failed: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---- polling ------------------------------------------------------------------------------------------

async function poll() {
  if (polling || document.hidden || !keyStore.get()) return;
  polling = true;
  pollCount++;
  try {
    if (view.kind === 'list') await refreshList(pollCount % LIST_EVERY === 0);
    else if (view.kind === 'sweep' && view.sweep && ACTIVE.has(view.sweep.status)) {
      const current = view;
      const answer = await apiGet(`/v1/sweeps/${encodeURIComponent(current.id)}`, { etag: current.etag });
      if (view === current && !answer.notModified) {
        const before = current.sweep.counts.done;
        current.sweep = answer.body;
        current.etag = answer.etag;
        renderSummary(current);
        if (current.sweep.counts.done !== before) await refreshSweepData(current);
      }
    }
  } catch (err) {
    say(`Refresh failed: ${err.message}`);
  } finally {
    polling = false;
  }
}

setUpKeyForm();
window.addEventListener('hashchange', route);
setInterval(() => void poll(), POLL_MS);
route();
