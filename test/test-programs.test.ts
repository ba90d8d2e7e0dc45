import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PROGRAMS, ensureTestPrograms, findProgram, planPrograms } from '../scripts/test-programs.js';
import { ROOT } from './source-cli.ts';

const exec = promisify(execFile);

/**
 * The set-up `npm test` does before the tests (scripts/test-programs.js). The machines that run
 * this suite have every program, so "missing" is made with TOCSIN_PROGRAM_DIRS, which replaces
 * the places the finder looks; nothing is installed or removed here.
 */
const NOWHERE = { TOCSIN_PROGRAM_DIRS: '/nonexistent-tocsin-programs' };
const ALL_PACKAGES = 'postgresql prometheus prometheus-alertmanager chromium';

describe('test programs set-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-programs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds programs in the search directories, and needs nothing more when all are there', () => {
    for (const name of ['initdb', 'pg_ctl', 'postgres', 'prometheus', 'prometheus-alertmanager', 'chromium'])
      writeFileSync(join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
    const env = { TOCSIN_PROGRAM_DIRS: dir };
    assert.equal(findProgram('prometheus', env), join(dir, 'prometheus'));
    assert.equal(findProgram('firefox', env), undefined);
    const plan = planPrograms({ env, root: false, debian: false });
    assert.equal(plan.action, 'none');
    assert.deepEqual(plan.commands, []);
  });

  it('as root on Debian, installs what is missing with apt-get update then install', () => {
    const plan = planPrograms({ env: NOWHERE, root: true, debian: true });
    assert.equal(plan.action, 'install');
    assert.deepEqual(plan.packages, ALL_PACKAGES.split(' '));
    assert.deepEqual(plan.commands, [
      'apt-get update',
      `apt-get install -y --no-install-recommends ${ALL_PACKAGES}`,
    ]);
  });

  it('without root, or off Debian, stops with the exact command to run', () => {
    assert.throws(
      () => ensureTestPrograms({ env: NOWHERE, root: false, debian: true }),
      (e: Error) =>
        e.message.includes('Prometheus') &&
        e.message.includes(
          `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${ALL_PACKAGES}`,
        ),
    );
    assert.throws(
      () => ensureTestPrograms({ env: NOWHERE, root: true, debian: false }),
      /on Debian or Ubuntu; elsewhere install the same programs so they are on PATH/,
    );
  });

  it('needs no PostgreSQL server when TOCSIN_TEST_PG_URL names one', () => {
    const plan = planPrograms({
      env: { ...NOWHERE, TOCSIN_TEST_PG_URL: 'postgres://x@127.0.0.1/postgres' },
      root: true,
      debian: true,
    });
    assert.deepEqual(plan.packages, ['prometheus', 'prometheus-alertmanager', 'chromium']);
  });

  it('takes another program as one more entry in the list', () => {
    const programs = [...PROGRAMS, { what: 'a mail client', debianPackage: 'mutt', find: () => undefined }];
    const plan = planPrograms({ env: { TOCSIN_PROGRAM_DIRS: dir }, programs, root: true, debian: true });
    assert.deepEqual(plan.packages, ['mutt']);
  });

  it('run as a script with a dry run, prints what it would install (or the command, without root)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...NOWHERE, TOCSIN_TEST_SETUP_DRY_RUN: '1' };
    delete env.TOCSIN_TEST_PG_URL;
    const script = join(ROOT, 'scripts', 'test-programs.js');
    const out = await exec(process.execPath, [script], { env }).then(
      (r) => ({ code: 0, text: r.stdout }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, text: e.stdout + e.stderr }),
    );
    assert.match(out.text, /the PostgreSQL server .*\(Debian package postgresql\)/);
    if (out.code === 0) {
      assert.match(out.text, new RegExp(`\\$ apt-get install -y --no-install-recommends ${ALL_PACKAGES}`));
    } else {
      assert.equal(out.code, 1);
      assert.match(out.text, new RegExp(`apt-get install -y --no-install-recommends ${ALL_PACKAGES}`));
    }
  });
});
