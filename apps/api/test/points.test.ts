import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSweep, fakeMetrics, ISSUE_SPEC, specNamed } from './support/fixtures.js';
import { startTestContext, type TestContext } from './support/test-app.js';

let ctx: TestContext;
let sweepId: string;
const FAILED = [3, 17];

/** Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

beforeAll(async () => {
  ctx = await startTestContext();
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/sweeps',
    headers: ctx.alpha.auth,
    payload: ISSUE_SPEC,
  });
  sweepId = res.json().id;
  await completeSweep(ctx.db, sweepId, FAILED);
});

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ url, headers: { ...ctx.alpha.auth, ...headers } });

interface Item {
  id: string;
  gridIndex: number;
  status: string;
  config: { quant: { variant: string }; simulation: { arch: string } };
  metrics: Record<string, number> | null;
  error?: string;
}

async function all(url: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await get(cursor === null ? url : `${url}${sep}cursor=${encodeURIComponent(cursor)}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

describe('the finished sweep', () => {
  it('reports done with counts and progress 1', async () => {
    const body = (await get(`/v1/sweeps/${sweepId}`)).json();
    expect(body).toMatchObject({
      status: 'done',
      counts: { total: 24, done: 22, failed: 2 },
      progress: 1,
      etaSeconds: 0,
    });
    expect(body.finishedAt).not.toBeNull();
  });
});

describe('GET /v1/sweeps/:id/points', () => {
  it('pages through every point in grid order', async () => {
    const items = await all(`/v1/sweeps/${sweepId}/points?limit=5`);
    expect(items.map((p) => p.gridIndex)).toEqual([...Array(24).keys()]);
    const failed = items.filter((p) => p.status === 'failed');
    expect(failed.map((p) => p.gridIndex)).toEqual(FAILED);
    expect(failed[0]).toMatchObject({ error: 'point 3 exploded', metrics: null });
    expect(items[0]!.metrics).toMatchObject({ cycles: fakeMetrics(0).cycles, sqnrDb: fakeMetrics(0).sqnrDb });
    expect(items[0]!.config).toMatchObject({
      quant: { variant: 'swis', bits: 2, groupSize: 8 },
      hardware: { rows: 32 },
    });
    expect('error' in items[0]!).toBe(false);
  });

  it('sorts by a metric across pages and filters by metric bounds, status, variant and arch', async () => {
    const byCycles = await all(`/v1/sweeps/${sweepId}/points?limit=4&sort=cycles:asc&status=done`);
    expect(byCycles).toHaveLength(22);
    const cycles = byCycles.map((p) => p.metrics!.cycles!);
    expect(cycles).toEqual([...cycles].sort((a, b) => a - b));

    const desc = await all(`/v1/sweeps/${sweepId}/points?limit=7&sort=sqnrDb:desc`);
    const done = desc.filter((p) => p.metrics !== null).map((p) => p.metrics!.sqnrDb!);
    expect(done).toEqual([...done].sort((a, b) => b - a));
    expect(desc).toHaveLength(24);

    const filtered = await all(
      `/v1/sweeps/${sweepId}/points?filter=sqnrDb:gte:15&filter=cycles:lt:1600&variant=swis,truncation`,
    );
    const expected = [...Array(24).keys()]
      .filter((g) => !FAILED.includes(g))
      .filter((g) => {
        const m = fakeMetrics(g);
        return m.sqnrDb >= 15 && m.cycles < 1600 && Math.floor(g / 8) !== 1;
      });
    expect(filtered.map((p) => p.gridIndex)).toEqual(expected);

    const failed = await all(`/v1/sweeps/${sweepId}/points?status=failed&arch=swis`);
    expect(failed.map((p) => p.gridIndex)).toEqual(FAILED);
    expect(await all(`/v1/sweeps/${sweepId}/points?arch=laconic`)).toEqual([]);
  });

  it('rejects bad query values with 400 naming the parameter', async () => {
    for (const [query, path] of [
      ['limit=1001', 'limit'],
      ['limit=0', 'limit'],
      ['sort=cycles', 'sort'],
      ['sort=speed:asc', 'sort'],
      ['status=done,finished', 'status.1'],
      ['filter=sqnrDb:gte:abc', 'filter.0'],
      ['filter=sqnrDb:gte:1&filter=cycles:between:2', 'filter.1'],
      ['variant=swiss', 'variant.0'],
      ['arch=tpu', 'arch.0'],
      ['cursor=nope', 'cursor'],
    ]) {
      const res = await get(`/v1/sweeps/${sweepId}/points?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(
        res.json().issues.map((i: { path: string }) => i.path),
        query,
      ).toContain(path);
    }
  });

  it('rejects a cursor of another sort', async () => {
    const page = (await get(`/v1/sweeps/${sweepId}/points?limit=2&sort=cycles:asc`)).json();
    const res = await get(`/v1/sweeps/${sweepId}/points?limit=2&cursor=${page.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SWIS_ERR_API_BAD_CURSOR');
  });

  it('exports every matching point as CSV, not just one page', async () => {
    const res = await get(`/v1/sweeps/${sweepId}/points?limit=2&sort=cycles:asc`, { accept: 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sweep-${sweepId}-points.csv"`);
    const [header, ...rows] = parseCsv(res.body);
    expect(header!.slice(0, 15)).toEqual([
      'id',
      'status',
      'gridIndex',
      'variant',
      'bits',
      'budget',
      'groupSize',
      'baseBits',
      'scale',
      'scaleMethod',
      'arch',
      'rows',
      'cols',
      'dataflow',
      'lanesPerPe',
    ]);
    expect(header).toEqual(
      expect.arrayContaining(['cycles', 'sqnrDb', 'energyPj', 'bitsPerWeight', 'energyBreakdownPj.dram']),
    );
    expect(rows).toHaveLength(24);
    const col = (name: string) => header!.indexOf(name);
    for (const row of rows) {
      expect(row).toHaveLength(header!.length);
      const grid = Number(row[col('gridIndex')]);
      if (FAILED.includes(grid)) {
        expect(row[col('status')]).toBe('failed');
        expect(row[col('cycles')]).toBe('');
        expect(row[col('error')]).toBe(`point ${grid} exploded`);
      } else {
        expect(Number(row[col('cycles')])).toBe(fakeMetrics(grid).cycles);
        expect(Number(row[col('energyBreakdownPj.dram')])).toBe(2000);
      }
    }
    const first = rows[0]!;
    expect(first[col('variant')]).toMatch(/^swis|truncation/);
    expect(first[col('arch')]).toBe('swis');
    expect(first[col('dataflow')]).toBe('ws');
    const cycles = rows.filter((r) => r[col('status')] === 'done').map((r) => Number(r[col('cycles')]));
    expect(cycles).toEqual([...cycles].sort((a, b) => a - b));

    const viaFormat = await get(`/v1/sweeps/${sweepId}/points?format=csv&status=failed`);
    expect(parseCsv(viaFormat.body)).toHaveLength(1 + FAILED.length);
  });

  it('answers one point with its detail; 404 for unknown and malformed point ids', async () => {
    const [first] = (await get(`/v1/sweeps/${sweepId}/points?limit=1`)).json().items;
    const res = await get(`/v1/sweeps/${sweepId}/points/${first.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: first.id,
      status: 'done',
      detail: { layers: [{ name: 'conv1' }] },
    });
    for (const bad of ['00000000-0000-7000-8000-000000000000', 'nope']) {
      expect((await get(`/v1/sweeps/${sweepId}/points/${bad}`)).statusCode).toBe(404);
    }
  });
});

describe('GET /v1/sweeps/:id/pareto', () => {
  function dominated(
    a: Record<string, number>,
    objectives: [string, 'min' | 'max'][],
    all: Record<string, number>[],
  ) {
    return all.some((b) => {
      const better = objectives.map(([m, d]) => (d === 'min' ? b[m]! - a[m]! : a[m]! - b[m]!));
      return better.every((x) => x <= 0) && better.some((x) => x < 0);
    });
  }

  it('answers the non-dominated done points over the requested objectives', async () => {
    const res = await get(`/v1/sweeps/${sweepId}/pareto?objectives=cycles:min,sqnrDb:max`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.objectives).toEqual(['cycles:min', 'sqnrDb:max']);
    const metrics = [...Array(24).keys()]
      .filter((g) => !FAILED.includes(g))
      .map((g) => ({ g, cycles: fakeMetrics(g).cycles, sqnrDb: fakeMetrics(g).sqnrDb }));
    const objectives: [string, 'min' | 'max'][] = [
      ['cycles', 'min'],
      ['sqnrDb', 'max'],
    ];
    const expected = metrics.filter((m) => !dominated(m, objectives, metrics)).map((m) => m.g);
    expect(body.items.map((p: Item) => p.gridIndex).sort((a: number, b: number) => a - b)).toEqual(expected);
  });

  it("defaults to the spec's objectives and exports CSV", async () => {
    const res = await get(`/v1/sweeps/${sweepId}/pareto`);
    expect(res.json().objectives).toEqual(ISSUE_SPEC.objectives);
    const csv = await get(`/v1/sweeps/${sweepId}/pareto?objectives=cycles:min,sqnrDb:max`, {
      accept: 'text/csv',
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const json = await get(`/v1/sweeps/${sweepId}/pareto?objectives=cycles:min,sqnrDb:max`);
    expect(parseCsv(csv.body)).toHaveLength(1 + json.json().items.length);
  });

  it('validates the objectives with 400 naming the position', async () => {
    for (const [query, path] of [
      ['objectives=cycles:min', 'objectives'],
      ['objectives=cycles:min,speed:max', 'objectives.1'],
      ['objectives=cycles:min,cycles:max', 'objectives.1'],
      ['objectives=', 'objectives.0'],
      ['objectives=accuracy:max,cycles:min', 'objectives'],
    ]) {
      const res = await get(`/v1/sweeps/${sweepId}/pareto?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(
        res.json().issues.map((i: { path: string }) => i.path),
        query,
      ).toContain(path);
    }
  });

  it('is empty while no point is done', async () => {
    const { id } = (
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/sweeps',
        headers: ctx.alpha.auth,
        payload: specNamed('fresh'),
      })
    ).json();
    const res = await get(`/v1/sweeps/${id}/pareto`);
    expect(res.json()).toMatchObject({ items: [], considered: 0 });
  });
});
