#!/usr/bin/env node
// `npm test`: runs every *.test.ts under src/ and test/ with Node's test runner. PostgreSQL
// tests need a server: TOCSIN_TEST_PG_URL when set, otherwise a throwaway cluster started here
// from the system's PostgreSQL binaries (initdb/pg_ctl) in a temp folder, removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (entry.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function pgBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startThrowawayPostgres() {
  const bin = pgBinDir();
  if (!bin) {
    throw new Error(
      'PostgreSQL tests need a server: set TOCSIN_TEST_PG_URL, or install PostgreSQL (apt-get install postgresql) so npm test can start one',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb refuses to run as root; run the cluster as the postgres system user then.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd, args) => {
    const full = join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
    else execFileSync(full, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    chmodSync(dir, 0o777);
    execFileSync('chown', ['postgres', dir]);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
  ]);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

const files =
  process.argv.length > 2 ? process.argv.slice(2) : [...findTests('src'), ...findTests('test')].sort();
let stop = () => {};
const env = { ...process.env };
if (!env.TOCSIN_TEST_PG_URL) {
  const pg = await startThrowawayPostgres();
  env.TOCSIN_TEST_PG_URL = pg.url;
  stop = pg.stop;
  console.log(`started a throwaway PostgreSQL for the tests at ${pg.url}`);
}
let status;
try {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env,
  });
  status = r.status ?? 1;
} finally {
  stop();
}
process.exit(status);
