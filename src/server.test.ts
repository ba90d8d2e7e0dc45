import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describe } from 'node:test';
import { DIALECTS, api, createTestDatabase } from '../test/harness.ts';
import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/connect.ts';
import { verifyAuditLog } from './platform/audit/verify.ts';
import { getSetting } from './platform/db/settings-repository.ts';
import { firstStartMessage } from './cli/commands/serve.ts';
import { startTocsin } from './server.ts';

for (const dialect of DIALECTS) {
  describe(`first start [${dialect}]`, () => {
    it('creates the admin once with a generated password and token that work; a second start creates nothing', async () => {
      const tdb = await createTestDatabase(dialect);
      try {
        const config = loadConfig({ TOCSIN_DATABASE_URL: tdb.url });
        const first = await startTocsin(config, { handle: tdb });
        const boot = first.bootstrap!;
        assert.equal(boot.email, 'admin@localhost');
        assert.match(boot.password!, /^\S{24}$/);
        assert.match(boot.token!, /^tcs_/);
        const app = first.app!;
        const team = await api(app, 'GET', '/api/v1/auth/me', { token: boot.token! });
        assert.equal(team.status, 200);
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: boot.email, password: boot.password },
        });
        assert.equal(login.statusCode, 200);
        const text = firstStartMessage(boot, 'http://tocsin.test').join('\n');
        assert.match(text, /log in at {3}http:\/\/tocsin\.test {2}as {2}admin@localhost/);
        assert.ok(text.includes(`password    ${boot.password!}`));
        assert.ok(text.includes(`API token   ${boot.token!}`));
        assert.match(text, /shown once/);
        const secret = await getSetting(tdb.db, 'secret');
        assert.ok(secret !== undefined && secret.length >= 32);
        const salt = await getSetting(tdb.db, 'key_salt');
        assert.ok(salt !== undefined && salt.length >= 32, 'a random HKDF salt per install');
        await first.close();

        const again = await startTocsin(config, { handle: openDatabase(tdb.url) });
        assert.equal(again.bootstrap, undefined);
        assert.equal(await getSetting(again.handle.db, 'secret'), secret, 'the generated secret is kept');
        assert.equal(await getSetting(again.handle.db, 'key_salt'), salt, 'and the salt');
        assert.deepEqual(again.app!.deps.keys, first.app!.deps.keys, 'so the keys stay the same');
        await again.close();
      } finally {
        await tdb.drop();
      }
    });

    it('uses TOCSIN_ADMIN_TOKEN instead of printing a generated one', async () => {
      const tdb = await createTestDatabase(dialect);
      try {
        const token = 'my-automation-token-0123456789';
        const t = await startTocsin(loadConfig({ TOCSIN_DATABASE_URL: tdb.url, TOCSIN_ADMIN_TOKEN: token }), {
          handle: tdb,
        });
        assert.equal(t.bootstrap!.token, undefined);
        assert.equal(t.bootstrap!.password, undefined);
        const me = await api<{ user: { role: string } }>(t.app!, 'GET', '/api/v1/auth/me', { token });
        assert.equal(me.status, 200);
        assert.equal(me.body.user.role, 'admin');

        // The first-start message says what is true (issue 14 item 18): no password, no secret
        // shown, and how to set a password; following it makes the web UI login work.
        const text = firstStartMessage(t.bootstrap!, 'http://tocsin.test').join('\n');
        assert.doesNotMatch(text, /log in at|shown once/);
        assert.ok(!text.includes(token), 'the token is not printed');
        assert.match(text, /admin@localhost .*TOCSIN_ADMIN_TOKEN/);
        assert.match(text, /no password, so it cannot log in to the web UI yet/);
        const patch = /curl -X PATCH http:\/\/tocsin\.test(\/api\/v1\/users\/usr_\w+) /.exec(text);
        assert.ok(patch, text);
        const set = await api(t.app!, 'PATCH', patch[1]!, {
          token,
          body: { password: 'a-new-password-123' },
        });
        assert.equal(set.status, 200, JSON.stringify(set.body));
        const login = await t.app!.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'admin@localhost', password: 'a-new-password-123' },
        });
        assert.equal(login.statusCode, 200);
        await t.close();
      } finally {
        await tdb.drop();
      }
    });
  });
}

describe('several nodes starting at once [postgres]', () => {
  it('migrate once, create exactly one admin, and keep one valid audit chain under concurrent writes', async () => {
    const tdb = await createTestDatabase('postgres');
    try {
      const config = loadConfig({ TOCSIN_DATABASE_URL: tdb.url });
      const nodes = await Promise.all([0, 1, 2].map(() => startTocsin(config)));
      const boots = nodes.filter((n) => n.bootstrap !== undefined);
      assert.equal(boots.length, 1, 'exactly one node creates the admin');
      const token = boots[0]!.bootstrap!.token!;
      const admins = await tdb.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
      assert.equal(admins.length, 1);

      // 30 users created through three nodes in parallel: the chain must stay linear and valid.
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          api(nodes[i % 3]!.app!, 'POST', '/api/v1/users', {
            token,
            body: { name: `u${i}`, email: `u${i}@example.com` },
          }).then((r) => assert.equal(r.status, 201)),
        ),
      );
      const result = await verifyAuditLog(tdb.db);
      assert.deepEqual(result.problems, []);
      assert.equal(result.checked, 32); // admin + its token + 30 users
      await Promise.all(nodes.map((n) => n.close()));
    } finally {
      await tdb.drop();
    }
  });
});
