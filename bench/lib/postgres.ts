/**
 * A PostgreSQL database for a benchmark run: a fresh database on the server named by
 * TOCSIN_TEST_PG_URL when it is set, otherwise a throwaway cluster started from the system's
 * binaries (the approach of scripts/test.js) in a temp folder and removed afterwards.
 *
 * Unlike the test cluster, this one keeps fsync and synchronous_commit on: the benchmark's
 * claim is "every 2xx is durable", and with fsync off a commit costs nothing, which would
 * flatter the figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startThrowawayPostgres } from '../../scripts/throwaway-postgres.js';

export interface BenchPostgres {
  /** URL of a fresh, empty database for one Tocsin server. */
  url: string;
  /** Where it came from and whether commits are fsynced, for the report header. */
  description: string;
  stop(): Promise<void>;
}

function startCluster(): Promise<{ url: string; stop(): void }> {
  // Under the OS temp dir, which is a real disk here; on a tmpfs /tmp fsync would be free.
  return startThrowawayPostgres({
    prefix: 'tocsin-bench-pg-',
    settings: ['fsync=on', 'synchronous_commit=on'],
  });
}

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const given = process.env.TOCSIN_TEST_PG_URL;
  const cluster = given !== undefined && given !== '' ? undefined : await startCluster();
  const base = cluster?.url ?? given!;
  const name = `tocsin_bench_${randomBytes(6).toString('hex')}`;
  await query(base, `create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const settings = await query(
    base,
    "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'server_version')",
  );
  const get = (n: string) =>
    String((settings.rows as { name: string; setting: string }[]).find((r) => r.name === n)?.setting ?? '?');
  const durable = get('fsync') === 'on' && get('synchronous_commit') !== 'off';
  return {
    url: u.toString(),
    description:
      `PostgreSQL ${get('server_version')} (${cluster ? 'throwaway cluster' : 'TOCSIN_TEST_PG_URL'}), ` +
      `fsync=${get('fsync')} synchronous_commit=${get('synchronous_commit')}` +
      (durable ? '' : '  WARNING: commits are not durable on this server, figures are flattered'),
    stop: async () => {
      await query(base, `drop database if exists ${name} with (force)`).catch(() => undefined);
      cluster?.stop();
    },
  };
}

export interface BenchDatabase {
  url: string;
  description: string;
  cleanup: () => Promise<void>;
}

/**
 * A fresh database of `dialect` for one server: a SQLite file under the OS temp dir (a real disk
 * here, so synchronous=FULL costs what it would) or startBenchPostgres's, removed by cleanup.
 */
export async function benchDatabase(dialect: 'sqlite' | 'postgres', prefix: string): Promise<BenchDatabase> {
  if (dialect === 'postgres') {
    const pg = await startBenchPostgres();
    return { url: pg.url, description: pg.description, cleanup: () => pg.stop() };
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    url: `sqlite:${join(dir, 'tocsin.db')}`,
    description: 'SQLite (better-sqlite3), journal_mode=WAL synchronous=FULL',
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}
