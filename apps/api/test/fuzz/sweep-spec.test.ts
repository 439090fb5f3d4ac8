import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestContext, type TestContext, type TestTeam } from '../support/test-app.js';
import { checkedInject } from './support/checked-inject.js';
import { CaseCounter, FUZZ_CONFIG, fuzzParams } from './support/fuzz-settings.js';
import {
  BASE_SPEC,
  bigMutatedSpec,
  encodeBody,
  garbageBody,
  mutatedSpec,
} from './support/spec-arbitraries.js';

/**
 * POST /v1/sweeps over the real app: mutated issue specs, arbitrary JSON and garbage bodies. Never a 5xx,
 * every 4xx an API error naming the field, and exactly the 202s stored.
 */
let ctx: TestContext;
let team: TestTeam;
const counter = new CaseCounter('POST /v1/sweeps');
let accepted = 0;
let acceptedPoints = 0;

beforeAll(async () => {
  ctx = await startTestContext(FUZZ_CONFIG);
  team = await ctx.newTeam('fuzz-spec');
});

afterAll(async () => {
  counter.report();
  await ctx?.close();
});

async function post(payload: string | Buffer, body: unknown, contentType = 'application/json') {
  const res = await checkedInject(ctx.app, {
    method: 'POST',
    url: '/v1/sweeps',
    headers: { ...team.auth, 'content-type': contentType },
    payload,
    body,
  });
  if (res.statusCode === 202) {
    accepted++;
    acceptedPoints += res.json().counts.total as number;
  }
  return res;
}

function parsed(text: string): unknown {
  try {
    // Fastify's JSON parser skips a leading byte order mark.
    return JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return undefined;
  }
}

describe('fuzzing POST /v1/sweeps', () => {
  it('accepts the base spec (24 points, maxPoints 24)', async () => {
    const res = await post(JSON.stringify(BASE_SPEC), BASE_SPEC);
    expect(res.statusCode).toBe(202);
  });

  it('answers mutated specs with 202 or a 4xx naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSpec, async (spec) => {
        counter.add('mutated specs');
        const text = encodeBody(spec);
        await post(text, parsed(text));
      }),
      fuzzParams(1, 3000),
    );
  });

  it('answers specs holding long strings, long arrays or deep nesting with a 4xx naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(bigMutatedSpec, async (spec) => {
        counter.add('specs with big values');
        const text = encodeBody(spec);
        await post(text, parsed(text));
      }),
      fuzzParams(4, 300),
    );
  });

  it('answers arbitrary JSON bodies with a 4xx naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        counter.add('arbitrary JSON');
        const text = encodeBody(value);
        await post(text, parsed(text));
      }),
      fuzzParams(2, 1500),
    );
  });

  it('answers garbage bodies sent as application/json with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(garbageBody, async (payload) => {
        counter.add('garbage bodies');
        await post(payload, typeof payload === 'string' ? parsed(payload) : parsed(payload.toString()));
      }),
      fuzzParams(3, 1500),
    );
  });

  it('stores exactly the accepted sweeps and their points', async () => {
    expect(accepted).toBeGreaterThan(0);
    const sweeps = await ctx.db.sweep.count({ where: { teamId: team.id } });
    const points = await ctx.db.point.count({ where: { sweep: { teamId: team.id } } });
    console.log(`[fuzz] POST /v1/sweeps: ${accepted} accepted, ${sweeps} stored, ${points} points`);
    expect(sweeps).toBe(accepted);
    expect(points).toBe(acceptedPoints);
  });
});
