import type { Db, SweepRecord } from '@swis-dse/db';
import type { SweepQueue } from '@swis-dse/queue';
import type { Caller } from './auth.js';
import type { ApiConfig } from './config.js';
import type { TtlCache } from './ttl-cache.js';

/** What the routes run on: the database (source of truth), the work queue, the settings. */
export interface ApiDeps {
  readonly db: Db;
  readonly queue: SweepQueue;
  readonly config: ApiConfig;
}

/** Short-lived memory of hot reads (see STATUS_CACHE_MS and AUTH_CACHE_MS). */
export interface ApiCaches {
  /** By sha256 of the API key. */
  readonly callers: TtlCache<Caller | null>;
  /** By `<teamId>:<sweepId>`. */
  readonly sweeps: TtlCache<SweepRecord | null>;
}

/** What route plugins receive. */
export interface RouteDeps extends ApiDeps {
  readonly caches: ApiCaches;
}
