import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type AliasedExpression,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { preparedOption, preparingPool } from './pg-prepared.ts';
import type { Database } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the root handle or an open transaction: repositories accept both. */
export type Queryable = Kysely<Database>;

/**
 * A one-column subquery that a caller may alias and put in a larger statement: how the engine
 * asks every domain when its next work is due in one round trip (engine/due.ts).
 */
export interface DueQuery {
  as<A extends string>(alias: A): AliasedExpression<unknown, A>;
}

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** For messages; never includes a password. */
  description: string;
  close(): Promise<void>;
  /**
   * PostgreSQL LISTEN on a dedicated connection (reconnecting after errors); `onMessage` runs
   * per NOTIFY and after every (re)connect, since notifications sent while away are lost.
   * SQLite has no other processes to hear from: there it hears `select pg_notify(channel, ...)`
   * run on this handle (a function registered on the connection), as it runs.
   */
  listen(channel: string, onMessage: () => void, onError: (e: unknown) => void): () => Promise<void>;
}

const INT8_OID = 20;

export function openDatabase(url: string): DbHandle {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error(`unsupported database URL ${JSON.stringify(url)}: use sqlite:PATH or postgres://...`);
}

function openSqlite(path: string): DbHandle {
  const file = path === '' ? './data/tocsin.db' : path;
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run beside the one writer; FULL makes a commit durable before we answer 2xx.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // `select pg_notify(...)` means the same on both dialects (src/platform/changes.ts): here it
  // tells this process's listeners at once. They only schedule work, so nothing runs inside the
  // writer's statement; their queries wait for the writer's transaction on the one connection.
  const listeners = new Map<string, Set<() => void>>();
  sqlite.function('pg_notify', { deterministic: false, varargs: true }, (channel: unknown) => {
    for (const fn of listeners.get(String(channel)) ?? []) fn();
    return null;
  });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    close: () => db.destroy(),
    listen: (channel, onMessage) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      // Its own function per call, so the same callback listened twice is removed once.
      const fn = () => onMessage();
      set.add(fn);
      return () => {
        set.delete(fn);
        return Promise.resolve();
      };
    },
  };
}

const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query anew; on the ingest and paging paths that was a tenth of the CPU.
 * Queries are built by code, so a few hundred distinct SQL texts cover them all. (No query is
 * streamed, so a cached statement is never still iterating when it is reused.)
 */
function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (stmt === undefined) {
        stmt = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID) return (v: string) => Number(v);
  const parser: unknown = pg.types.getTypeParser(oid, format ?? 'text');
  return parser as (value: string) => unknown;
}

function openPostgres(given: string): DbHandle {
  const { url, prepare } = preparedOption(given);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Times are bigint epoch-ms columns; they fit a double exactly, so read them as numbers.
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // An idle pooled connection that the server ends (a restart, a failover, pg_terminate_backend)
  // is reported on the pool; unheard, Node treats it as an uncaught error and the process dies.
  // The pool has already discarded that connection and the next query opens a fresh one.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: prepare ? preparingPool(pool) : pool }),
  });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: 'postgres',
    description: safe.toString(),
    close: () => db.destroy(),
    listen: (channel, onMessage, onError) => listenPostgres(url, channel, onMessage, onError),
  };
}

function listenPostgres(
  url: string,
  channel: string,
  onMessage: () => void,
  onError: (e: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', () => onMessage());
    c.on('error', (e) => {
      onError(e);
      reconnect(c);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      onMessage();
    } catch (e) {
      onError(e);
      reconnect(c);
    }
  };
  const reconnect = (c: pg.Client) => {
    c.end().catch(() => undefined);
    if (stopped || client !== c) return;
    client = undefined;
    retry = setTimeout(() => void connect(), 1000);
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };
}

/** Unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A deadlock or serialization failure (PostgreSQL), or a busy database (SQLite): the same work may succeed again. */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || code === 'SQLITE_BUSY';
}

/** Foreign-key violation on either dialect. */
export function isForeignKeyViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
