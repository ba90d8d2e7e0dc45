import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { type Clock, systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Ctx } from '../src/platform/context.ts';
import { type DbHandle, type Dialect, openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { App } from '../src/platform/http/app.ts';
import { type OutboundPolicy, parseOutboundAllow } from '../src/platform/outbound/address.ts';
import { type Tocsin, startTocsin, systemCtx } from '../src/server.ts';

/**
 * Every storage-touching test runs once per dialect: SQLite in a temp file, PostgreSQL in a
 * fresh database on the server named by TOCSIN_TEST_PG_URL (`npm test` starts one when unset).
 * A missing PostgreSQL fails the run; it is never skipped.
 */
export const DIALECTS: Dialect[] = ['sqlite', 'postgres'];

export interface TestDatabase extends DbHandle {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-test-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const handle = openDatabase(url);
    return {
      ...handle,
      url,
      drop: async () => {
        await handle.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.TOCSIN_TEST_PG_URL;
  if (base === undefined || base === '') {
    throw new Error(
      'TOCSIN_TEST_PG_URL is not set: run the suite with `npm test`, which starts PostgreSQL, or set it',
    );
  }
  const name = `tocsin_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = openDatabase(url);
  return {
    ...handle,
    url,
    drop: async () => {
      await handle.close().catch(() => undefined);
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated database per dialect, for tests of actions and repositories without HTTP. */
export async function createMigratedDatabase(dialect: Dialect): Promise<TestDatabase> {
  const tdb = await createTestDatabase(dialect);
  await migrateToLatest(tdb.db);
  return tdb;
}

export const TEST_ADMIN_TOKEN = 'tcs_test-admin-token-0123456789abcdef';

/**
 * Test receivers listen on 127.0.0.1, which outbound requests may not reach by default: test
 * servers allow loopback unless a suite's env says otherwise (`TOCSIN_OUTBOUND_ALLOW: ''` for
 * public addresses only).
 */
export const TEST_OUTBOUND_ALLOW = 'loopback';

/** The same as a policy, for tests that build a channel's SendContext by hand. */
export const TEST_OUTBOUND = parseOutboundAllow(TEST_OUTBOUND_ALLOW) as OutboundPolicy;

export interface TestServer {
  tocsin: Tocsin;
  app: App;
  tdb: TestDatabase;
  dialect: Dialect;
  clock: Clock;
  /** The bootstrap admin's API token. */
  adminToken: string;
  ctx(name?: string): Ctx;
  close(): Promise<void>;
}

/** A fully booted Tocsin (migrations, secret, first admin) on a fresh database; requests go through `app.inject`. */
export async function startTestServer(
  dialect: Dialect,
  opts: { clock?: Clock; env?: NodeJS.ProcessEnv } = {},
): Promise<TestServer> {
  const tdb = await createTestDatabase(dialect);
  const config = loadConfig({
    TOCSIN_DATABASE_URL: tdb.url,
    TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
    ...opts.env,
  });
  const clock = opts.clock ?? systemClock;
  const tocsin = await startTocsin(config, { clock, handle: tdb, engine: false });
  return {
    tocsin,
    app: tocsin.app!,
    tdb,
    dialect,
    clock,
    adminToken: TEST_ADMIN_TOKEN,
    ctx: (name = 'test') => systemCtx(tdb, name, clock, config.outbound),
    close: async () => {
      await tocsin.app?.close();
      await tdb.drop();
    },
  };
}

/**
 * Declares `fn`'s tests once per dialect. `fn` receives a getter for the server that a
 * `before` hook starts; each dialect gets its own database.
 */
export function describeEachDialect(
  name: string,
  fn: (server: () => TestServer, dialect: Dialect) => void,
  opts: { clock?: () => Clock; env?: NodeJS.ProcessEnv } = {},
): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let server: TestServer | undefined;
      before(async () => {
        server = await startTestServer(dialect, {
          ...(opts.clock ? { clock: opts.clock() } : {}),
          ...(opts.env ? { env: opts.env } : {}),
        });
      });
      after(async () => {
        await server?.close();
      });
      fn(() => {
        if (server === undefined) throw new Error('test server did not start');
        return server;
      }, dialect);
    });
  }
}

/** A small client over `app.inject` that sends JSON with a bearer token and parses the answer. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export async function api<T = Record<string, unknown>>(
  app: App,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TEST_ADMIN_TOKEN}`;
  const res = await app.inject({
    method,
    url,
    headers,
    ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
  });
  const text = res.body;
  let body: unknown = text;
  if ((res.headers['content-type'] ?? '').toString().includes('json') && text !== '') body = JSON.parse(text);
  return { status: res.statusCode, body: body as T, headers: res.headers };
}

/**
 * A call that must succeed (200 or 201) as `token`; its body. A step of a walk-through, where a
 * refusal is the test's failure and its message says which call and why.
 */
export async function apiOk<T = unknown>(
  app: App,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const res = await api<T>(app, method, url, { token, ...(body === undefined ? {} : { body }) });
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}
