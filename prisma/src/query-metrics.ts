import { performance } from 'node:perf_hooks';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQueryable,
  Transaction,
} from '@prisma/driver-adapter-utils';

/** One SQL statement the driver adapter ran: `query` returns rows, `execute` a row count. */
export interface QueryTiming {
  readonly kind: 'query' | 'execute';
  /** Wall time from sending the statement to its answer, in seconds. */
  readonly seconds: number;
  /** False when the statement failed (the error still reaches the caller). */
  readonly ok: boolean;
}

/** Receives every statement's timing; must not throw (an error is swallowed). */
export type QueryObserver = (timing: QueryTiming) => void;

const observersOf = new WeakMap<object, Set<QueryObserver>>();

/**
 * Calls `observer` after every SQL statement `db` runs (inside transactions too), until the returned function
 * is called. Works for clients made by createDb; for any other client it observes nothing.
 */
export function observeQueries(db: object, observer: QueryObserver): () => void {
  const observers = observersOf.get(db);
  if (observers === undefined) return () => {};
  observers.add(observer);
  return () => observers.delete(observer);
}

/**
 * The adapter factory `factory` with every queryRaw / executeRaw timed for the observers of the client
 * that `attach` is later called with. Timing happens at the driver: what PostgreSQL and the pool cost,
 * whatever Prisma operation, raw query or transaction issued the statement.
 * @internal createDb's hook
 */
export function timedAdapter<F extends SqlDriverAdapterFactory>(
  factory: F,
): { adapter: F; attach(db: object): void } {
  const observers = new Set<QueryObserver>();
  const notify = (timing: QueryTiming) => {
    for (const observer of observers) {
      try {
        observer(timing);
      } catch {
        // A metrics sink must never fail a query.
      }
    }
  };
  const adapter = wrap(factory, {
    connect: (connect: () => Promise<SqlDriverAdapter>) => async () => timeQueryable(await connect(), notify),
  });
  return { adapter, attach: (db) => observersOf.set(db, observers) };
}

function timeQueryable<Q extends SqlQueryable>(target: Q, notify: QueryObserver): Q {
  const timed =
    (kind: QueryTiming['kind']) =>
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      let ok = false;
      try {
        const result = await run(...args);
        ok = true;
        return result;
      } finally {
        notify({ kind, seconds: (performance.now() - start) / 1000, ok });
      }
    };
  return wrap(target, {
    queryRaw: timed('query'),
    executeRaw: timed('execute'),
    startTransaction:
      (start: (...args: unknown[]) => Promise<Transaction>) =>
      async (...args: unknown[]) =>
        timeQueryable(await start(...args), notify),
  });
}

/**
 * A proxy of `target` whose listed methods are replaced by `wrappers(bound original)`; everything else
 * (properties, other methods, `this`) is the target's.
 */
function wrap<T extends object>(
  target: T,
  // biome-ignore lint/suspicious/noExplicitAny: the wrapped methods have different signatures
  wrappers: Record<string, (original: any) => unknown>,
): T {
  return new Proxy(target, {
    get(object, property) {
      // The target as `this`: adapters may keep private fields a proxy cannot read.
      const value = Reflect.get(object, property);
      const wrapper = typeof property === 'string' ? wrappers[property] : undefined;
      if (wrapper === undefined || typeof value !== 'function') return value;
      return wrapper(value.bind(object));
    },
  });
}
