/**
 * A PostgreSQL database for a benchmark run: a fresh database on the server named by
 * TOCSIN_TEST_PG_URL when it is set, otherwise a throwaway cluster started from the system's
 * binaries (the approach of scripts/test.js) in a temp folder and removed afterwards.
 *
 * Unlike the test cluster, this one keeps fsync and synchronous_commit on: the benchmark's
 * claim is "every 2xx is durable", and with fsync off a commit costs nothing, which would
 * flatter the figures.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './processes.ts';

export interface BenchPostgres {
  /** URL of a fresh, empty database for one Tocsin server. */
  url: string;
  /** Where it came from and whether commits are fsynced, for the report header. */
  description: string;
  stop(): Promise<void>;
}

function pgBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return undefined;
}

async function startCluster(): Promise<{ url: string; stop(): void }> {
  const bin = pgBinDir();
  if (bin === undefined) {
    throw new Error(
      'the PostgreSQL half needs a server: set TOCSIN_TEST_PG_URL, install PostgreSQL, or pass --dialect sqlite',
    );
  }
  // Under the OS temp dir, which is a real disk here; on a tmpfs /tmp fsync would be free.
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root; run the cluster as the postgres system user then.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  // --no-sync only skips flushing the initial catalog; the running server fsyncs every commit.
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on`,
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
