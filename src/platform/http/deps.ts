import type { Registry } from 'prom-client';
import type { Keys } from '../auth/keys.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db, DbHandle, Dialect } from '../db/connect.ts';

/** What the HTTP layer is built from; one per process, passed in so tests can build many. */
export interface AppDeps {
  config: Config;
  db: Db;
  dialect: Dialect;
  clock: Clock;
  metrics: Registry;
  /** Keys derived from the server secret, one per purpose; the secret itself stays in startTocsin. */
  keys: Keys;
  /** The database's change notifications (LISTEN on PostgreSQL), for the live stream. */
  listen?: DbHandle['listen'];
}
