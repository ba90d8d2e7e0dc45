import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Most statements we send are the same few hundred texts built by code, thousands of times a
 * minute on the ingest and paging paths. Sent unnamed, PostgreSQL parses and plans each one
 * every time, on the same two cores the server runs on. Named, each connection parses a text
 * once and then only binds, plans and executes it (pg keeps the per-connection bookkeeping).
 *
 * Only statements with parameters are named (the ones without, BEGIN and COMMIT among them, go
 * as simple queries as before), and at most MAX_NAMED texts per process (IN lists of every
 * length make many variants: past that, new texts go unnamed rather than grow every session's
 * memory). Turned off by `?prepare=false` on the database URL, for a pooler in transaction mode
 * that cannot keep prepared statements (PgBouncer before 1.21).
 */
const MAX_NAMED = 2000;

export function preparingPool(pool: pg.Pool): PostgresPool {
  // Parse once, but plan every execution with its values: after five runs PostgreSQL would
  // otherwise switch to a generic plan, and for IN lists over skewed columns (dedup keys,
  // statuses) that plan took the Alertmanager ingest path from 4,338 to 1,246 alerts/s.
  pool.on('connect', (client) => {
    client.query('SET plan_cache_mode = force_custom_plan').catch(() => undefined);
  });
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `tocsin_${names.size.toString(36)}`;
      names.set(text, name);
    }
    return name;
  };
  // The same wrapper for the same pooled client: Kysely keeps its connection state per client.
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (text: unknown, parameters?: readonly unknown[]): unknown => {
      if (typeof text !== 'string') return client.query(text as pg.Submittable);
      const values = parameters as unknown[];
      const name = values.length > 0 ? nameOf(text) : undefined;
      return client.query(name === undefined ? { text, values } : { name, text, values });
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(destroy),
    };
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (w === undefined) {
        w = wrap(client);
        wrapped.set(client, w);
      }
      return w;
    },
    end: () => pool.end(),
  };
}

/** Takes our own `prepare` parameter off a PostgreSQL URL (the server would refuse it). */
export function preparedOption(url: string): { url: string; prepare: boolean } {
  const u = new URL(url);
  const value = u.searchParams.get('prepare');
  if (value === null) return { url, prepare: true };
  if (value !== 'true' && value !== 'false') {
    throw new Error(`prepare=${value} in the database URL: expected true or false`);
  }
  u.searchParams.delete('prepare');
  return { url: u.toString(), prepare: value === 'true' };
}
