import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { acquireDatabaseServer, type DatabaseServer } from '@swis-dse/db';
import type { SweepSpecInput } from '@swis-dse/swis-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServiceStack, startStack } from '../support/service-stack.js';

const CHROMIUM = '/usr/bin/chromium';
/** The flags the machine notes give for a closed network, as root. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = fileURLToPath(new URL('../../artifacts/dashboard.png', import.meta.url));
const README_SCREENSHOT = fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url));

/** 3 variants x 2 bit widths x 2 group sizes x 2 arrays = 24 points. */
const SPEC = {
  name: 'dashboard-mbv2',
  model: 'mobilenet_v2',
  method: 'grid',
  axes: {
    variant: ['swis', 'swis-c', 'truncation'],
    bits: [2, 3],
    groupSize: [8, 16],
    hardware: [
      { arch: 'swis', rows: 32, cols: 32, dataflow: 'ws' },
      { arch: 'swis', rows: 16, cols: 16, dataflow: 'ws' },
    ],
  },
  baseline: { arch: 'weight-serial', rows: 32, cols: 32, dataflow: 'ws' },
  objectives: ['bitsPerWeight:min', 'cycles:min', 'energyPj:min', 'sqnrDb:max'],
} satisfies SweepSpecInput;

interface ApiPoint {
  id: string;
  metrics: Record<string, number> | null;
  detail?: { name: string }[];
}

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `swis-dse tests: NOT RUN: the dashboard browser test (no ${CHROMIUM}; .ci/run installs Debian's chromium)`,
  );
}

describe.skipIf(!available)('the dashboard in headless Chromium against a real service', () => {
  let server: DatabaseServer;
  let stack: ServiceStack;
  let browser: Browser;
  let sweepId: string;

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${stack.key}` },
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    server = await acquireDatabaseServer();
    stack = await startStack(server.url, { workers: 1, redis: false });
    const submitted = await fetch(`${stack.baseUrl}/v1/sweeps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(SPEC),
    });
    expect(submitted.status).toBe(202);
    sweepId = ((await submitted.json()) as { id: string }).id;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await server?.release();
  });

  it('serves the static files without a key, under the UI policy', async () => {
    for (const path of ['/ui', '/ui/', '/ui/app.js', '/ui/style.css']) {
      const response = await fetch(`${stack.baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
      ]) {
        expect(csp, path).toContain(directive);
      }
      expect(csp).not.toContain('unsafe-inline');
    }
    expect((await fetch(`${stack.baseUrl}/ui/../package.json`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/ui/nothing.js`)).status).toBe(404);
    // The API itself keeps its own policy.
    const api = await fetch(`${stack.baseUrl}/healthz`);
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('follows the sweep live, plots the API points and front, sorts, shows details and exports CSV', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // CSP violations are reported as console errors too; this names the directive either way.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );

    await page.goto(`${stack.baseUrl}/ui`);
    await page.getByLabel('API key').fill(stack.key);
    await page.getByRole('button', { name: 'Use key' }).click();

    // The list polls the running sweep's status (ETag) until it is done.
    const row = page.locator(`tr[data-sweep-id="${sweepId}"]`);
    await row.waitFor();
    await expect
      .poll(() => row.locator('.badge').textContent(), { timeout: 120_000, interval: 500 })
      .toBe('done');
    await expect.poll(() => row.textContent()).toContain('24 / 24');
    expect(await page.locator('.live[aria-live="polite"]').textContent()).toContain('none running');

    await row.getByRole('link', { name: SPEC.name }).click();
    await page.locator('svg.scatter circle[data-point-id]').first().waitFor();

    const done = await allDonePoints();
    expect(done).toHaveLength(24);
    for (const [x, y] of [
      ['cycles', 'sqnrDb'],
      ['bitsPerWeight', 'energyPj'],
      ['speedupVsBaseline', 'sse'],
      ['bitsPerWeight', 'sqnrDb'],
    ] as const) {
      await page.getByLabel('X axis').selectOption(x);
      await page.getByLabel('Y axis').selectOption(y);
      await page.locator(`svg.scatter[data-x-metric="${x}"][data-y-metric="${y}"]`).waitFor();
      const drawn = await plottedPoints(page);
      const expected = done.map((p) => ({ id: p.id, x: p.metrics![x], y: p.metrics![y] }));
      expect(drawn.map(({ id, x, y }) => ({ id, x, y })).sort(byId), `${x} / ${y}`).toEqual(
        expected.sort(byId),
      );
      const pareto = await get<{ items: ApiPoint[] }>(
        `/v1/sweeps/${sweepId}/pareto?objectives=${x}:${direction(x)},${y}:${direction(y)}`,
      );
      const front = drawn.filter((p) => p.front).map((p) => p.id);
      expect(front.sort(), `front of ${x} / ${y}`).toEqual(pareto.items.map((p) => p.id).sort());
      expect(front.length).toBeGreaterThan(0);
      expect(front.length).toBeLessThan(drawn.length);
    }

    // Sorting asks the server (sort=), ascending then descending.
    for (const dir of ['asc', 'desc'] as const) {
      await page.locator('button.sort[data-sort="cycles"]').click();
      const header = page.locator('th', { has: page.locator('button.sort[data-sort="cycles"]') });
      await expect
        .poll(() => header.getAttribute('aria-sort'))
        .toBe(dir === 'asc' ? 'ascending' : 'descending');
      const expected = await get<{ items: ApiPoint[] }>(
        `/v1/sweeps/${sweepId}/points?sort=cycles:${dir}&limit=25`,
      );
      await expect
        .poll(() =>
          page
            .locator('#points-table tbody tr')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-point-id'))),
        )
        .toEqual(expected.items.map((p) => p.id));
      const cycles = expected.items.map((p) => p.metrics!.cycles!);
      expect(cycles).toEqual([...cycles].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
    }

    // A front point opens with the keyboard; the detail lists every layer.
    const point = page.locator('svg.scatter circle[data-front="true"]').first();
    const pointId = (await point.getAttribute('data-point-id'))!;
    await point.focus();
    await page.keyboard.press('Enter');
    await page.locator('#layers-table tbody tr').first().waitFor();
    const detail = await get<ApiPoint>(`/v1/sweeps/${sweepId}/points/${pointId}`);
    const layers = await page
      .locator('#layers-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-layer')));
    expect(layers).toEqual(detail.detail!.map((l) => l.name));
    expect(layers.length).toBeGreaterThan(10);
    expect(await page.locator('#detail .energy figcaption').textContent()).toBe('Energy breakdown');

    // Variants side by side, one column per variant.
    const variantHeads = await page.locator('#variants-table thead th').allTextContents();
    expect(variantHeads.map((t) => t.trim())).toEqual(['Bits per weight', 'swis', 'swis-c', 'truncation']);
    expect(await page.locator('#variants-table tbody tr').count()).toBeGreaterThan(0);

    // CSV export: fetched with the key, downloaded as a blob.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(1 + 24);
    expect(download.suggestedFilename()).toBe(`${SPEC.name}-points.csv`);

    await page.locator('svg.scatter circle[data-front="true"]').last().hover();
    mkdirSync(fileURLToPath(new URL('../../artifacts/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // The README's copy changes only on request, so a test run leaves the work tree clean.
    if (!existsSync(README_SCREENSHOT) || process.env.UPDATE_SCREENSHOTS === '1') {
      copyFileSync(SCREENSHOT, README_SCREENSHOT);
    }

    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  async function allDonePoints(): Promise<ApiPoint[]> {
    const page = await get<{ items: ApiPoint[]; nextCursor: string | null }>(
      `/v1/sweeps/${sweepId}/points?status=done&limit=1000`,
    );
    expect(page.nextCursor).toBeNull();
    return page.items;
  }
});

function direction(metric: string): 'min' | 'max' {
  return ['sqnrDb', 'speedupVsBaseline', 'energyRatioVsBaseline', 'accuracy'].includes(metric)
    ? 'max'
    : 'min';
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

async function plottedPoints(page: Page) {
  return page.locator('svg.scatter circle[data-point-id]').evaluateAll((circles) =>
    circles.map((c) => ({
      id: c.getAttribute('data-point-id')!,
      x: Number(c.getAttribute('data-x')),
      y: Number(c.getAttribute('data-y')),
      front: c.getAttribute('data-front') === 'true',
    })),
  );
}
