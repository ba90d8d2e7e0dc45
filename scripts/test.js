#!/usr/bin/env node
// `npm test`: does the set-up, then runs every *.test.ts under src/ and test/ with Node's test
// runner. Set-up: the programs the tests run (scripts/test-programs.js) are found, or installed
// with apt-get as root on Debian, or the run stops with the command to install them. PostgreSQL
// tests need a server: TOCSIN_TEST_PG_URL when set, otherwise a throwaway cluster started here
// from the system's PostgreSQL binaries (initdb/pg_ctl) in a temp folder, removed afterwards.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestPrograms } from './test-programs.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (entry.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files =
  process.argv.length > 2 ? process.argv.slice(2) : [...findTests('src'), ...findTests('test')].sort();
try {
  ensureTestPrograms();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
let stop = () => {};
const env = { ...process.env };
if (!env.TOCSIN_TEST_PG_URL) {
  // fsync off: the tests check behaviour, not durability against power loss, and run much faster.
  const pg = await startThrowawayPostgres({ settings: ['fsync=off'] });
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
