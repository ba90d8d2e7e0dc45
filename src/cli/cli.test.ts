import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { promisify } from 'node:util';
import { DIALECTS, createTestDatabase } from '../../test/harness.ts';
import { sourceCli } from '../../test/source-cli.ts';
import { hashSecret } from '../platform/auth/secrets.ts';
import { runCli } from './run.ts';
import { describe } from 'node:test';
import { captureIo } from '../../test/cli-io.ts';

const exec = promisify(execFile);

for (const dialect of DIALECTS) {
  describe(`CLI on the database [${dialect}]`, () => {
    it('migrate, user create, token create: the token authenticates and the audit names the CLI', async () => {
      const tdb = await createTestDatabase(dialect);
      try {
        const m = captureIo();
        assert.equal(await runCli(['migrate', '--database-url', tdb.url], m.io), 0, m.err.join('\n'));
        assert.match(m.out.join('\n'), /applied 0001_foundation/);

        const u = captureIo();
        const code = await runCli(
          [
            'user',
            'create',
            '--name',
            'Cli User',
            '--email',
            'cli@example.com',
            '--role',
            'admin',
            '--database-url',
            tdb.url,
          ],
          u.io,
        );
        assert.equal(code, 0, u.err.join('\n'));
        assert.match(u.out.join('\n'), /created user usr_\w+ Cli User <cli@example.com> \(admin\)/);
        assert.match(u.out.join('\n'), /password \(shown once\): \S{24}/);

        const t = captureIo();
        assert.equal(
          await runCli(
            ['token', 'create', '--user', 'cli@example.com', '--role', 'viewer', '--database-url', tdb.url],
            t.io,
          ),
          0,
        );
        const secret = t.out[1]!;
        assert.match(secret, /^tcs_/);
        const row = await tdb.db
          .selectFrom('api_tokens')
          .selectAll()
          .where('token_hash', '=', hashSecret(secret))
          .executeTakeFirst();
        assert.equal(row?.role, 'viewer');

        const audit = await tdb.db
          .selectFrom('audit_log')
          .select(['action', 'actor_type', 'actor_name'])
          .orderBy('seq')
          .execute();
        assert.deepEqual(audit, [
          { action: 'user.create', actor_type: 'system', actor_name: 'cli' },
          { action: 'token.create', actor_type: 'system', actor_name: 'cli' },
        ]);
      } finally {
        await tdb.drop();
      }
    });

    it('bad flags exit 2 with a message naming the flag', async () => {
      const tdb = await createTestDatabase(dialect);
      try {
        const a = captureIo();
        assert.equal(
          await runCli(['user', 'create', '--email', 'x@example.com', '--database-url', tdb.url], a.io),
          2,
        );
        assert.match(a.err.join('\n'), /--name is required/);
        const b = captureIo();
        assert.equal(
          await runCli(
            [
              'user',
              'create',
              '--name',
              'X',
              '--email',
              'x@example.com',
              '--role',
              'king',
              '--database-url',
              tdb.url,
            ],
            b.io,
          ),
          2,
        );
        assert.match(b.err.join('\n'), /--role must be one of admin, responder, viewer/);
        const c = captureIo();
        assert.equal(
          await runCli(['token', 'create', '--user', 'ghost', '--database-url', tdb.url], c.io),
          2,
        );
        assert.match(c.err.join('\n'), /--user: no user/);
        const d = captureIo();
        assert.equal(await runCli(['migrate', '--bogus'], d.io), 2);
        assert.match(d.err.join('\n'), /bogus/);
      } finally {
        await tdb.drop();
      }
    });
  });
}

describe('tocsin binary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bin-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as a real process: --help lists the commands; migrate then audit verify succeed', async () => {
    const help = await exec(process.execPath, sourceCli('--help'));
    for (const c of ['serve', 'migrate', 'user create', 'token create', 'audit verify'])
      assert.match(help.stdout, new RegExp(c));
    const env = { ...process.env, TOCSIN_DATABASE_URL: `sqlite:${join(dir, 'cli.db')}` };
    const migrate = await exec(process.execPath, sourceCli('migrate'), { env });
    assert.match(migrate.stdout, /schema is current/);
    const verify = await exec(process.execPath, sourceCli('audit', 'verify'), { env });
    assert.match(verify.stdout, /audit log ok: 0 rows verified/);
    await assert.rejects(
      exec(process.execPath, sourceCli('no-such-command')),
      (e: { code: number }) => e.code === 2,
    );
  });
});
