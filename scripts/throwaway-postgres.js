// A throwaway PostgreSQL cluster from the system's binaries (initdb/pg_ctl) in a temp folder,
// for `npm test` and the benchmarks when TOCSIN_TEST_PG_URL is not set. Plain JS so
// scripts/test.js can use it before tsx is loaded.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDir } from './test-programs.js';

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

/**
 * Starts a cluster and returns its URL and a synchronous `stop()` that removes it.
 * `settings` are extra `-c` server settings (e.g. `['fsync=off']` for tests).
 */
export async function startThrowawayPostgres({ prefix = 'tocsin-pg-', settings = [] } = {}) {
  const bin = findDir(['initdb', 'pg_ctl', 'postgres']);
  if (!bin) {
    throw new Error(
      'PostgreSQL is needed: set TOCSIN_TEST_PG_URL, or install PostgreSQL (apt-get install postgresql; npm test does it as root on Debian) so a throwaway server can be started',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
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
  // --no-sync only skips flushing the initial catalog; the server's own fsync setting applies after.
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const extra = settings.map((s) => `-c ${s}`).join(' ');
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 ${extra}`,
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
