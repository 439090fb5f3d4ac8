/** Status-route latency as the API itself measured it (its Prometheus histogram), between two scrapes. */
export interface ServerLatency {
  readonly requests: number;
  /** Share of requests answered within 20 ms. */
  readonly within20ms: number;
  /** Percentiles interpolated linearly within the histogram's buckets, in ms. */
  readonly p50: number;
  readonly p99: number;
}

const STATUS_ROUTE = '/v1/sweeps/:id';

/** Cumulative bucket counts (le in seconds -> count) of GET STATUS_ROUTE, summed over status codes. */
export async function statusBuckets(baseUrl: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('swis_http_request_duration_seconds_bucket{')) continue;
    if (!line.includes(`route="${STATUS_ROUTE}"`) || !line.includes('method="GET"')) continue;
    const le = /le="([^"]+)"/.exec(line)![1]!;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

export function serverLatency(before: Map<number, number>, after: Map<number, number>): ServerLatency {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = counts.at(-1) ?? 0;
  const percentile = (q: number): number => {
    const rank = q * total;
    for (let i = 0; i < bounds.length; i++) {
      if (counts[i]! >= rank) {
        const lower = i === 0 ? 0 : bounds[i - 1]!;
        const below = i === 0 ? 0 : counts[i - 1]!;
        const upper = Number.isFinite(bounds[i]!) ? bounds[i]! : lower;
        const inBucket = counts[i]! - below;
        return 1000 * (lower + (upper - lower) * (inBucket === 0 ? 0 : (rank - below) / inBucket));
      }
    }
    return Number.NaN;
  };
  const within = counts[bounds.indexOf(0.02)] ?? Number.NaN;
  return { requests: total, within20ms: within / total, p50: percentile(0.5), p99: percentile(0.99) };
}
