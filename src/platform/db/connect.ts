import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the root handle or an open transaction: repositories accept both. */
export type Queryable = Kysely<Database>;

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** For messages; never includes a password. */
  description: string;
  close(): Promise<void>;
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    close: () => db.destroy(),
  };
}

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID) return (v: string) => Number(v);
  const parser: unknown = pg.types.getTypeParser(oid, format ?? 'text');
  return parser as (value: string) => unknown;
}

function openPostgres(url: string): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Times are bigint epoch-ms columns; they fit a double exactly, so read them as numbers.
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    dialect: 'postgres',
    description: safe.toString(),
    close: () => db.destroy(),
  };
}

/** Unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Foreign-key violation on either dialect. */
export function isForeignKeyViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
