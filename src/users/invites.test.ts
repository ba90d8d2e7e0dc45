import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auditActions, buildUser, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import { inviteTokenHash } from './invites.ts';

/**
 * Invites (issue 17): an admin invites someone; the answer carries a one-time link whose token is
 * stored only as a keyed hash; the link sets a password and logs in once, and expires.
 */
const PASSWORD = 'correct horse battery staple';
type Err = { error: { code: string; message: string } };
interface Invite {
  user: { id: string; email: string; role: string; status: string; has_password: boolean };
  invite_url: string;
  expires_at: string;
}

const tokenOf = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\/invite\//, ''));

function accept(app: App, token: string, password = PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/invites/accept', payload: { token, password } });
}

describeEachDialect('inviting people', (server) => {
  it('invites, shows the link once, stores only a keyed hash; the link sets a password and logs in', async () => {
    const { app, tdb } = server();
    const res = await api<Invite>(app, 'POST', '/api/v1/users/invite', {
      body: { name: 'Ivy Invited', email: 'Ivy@example.com', role: 'viewer' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.user.status, 'invited');
    assert.equal(res.body.user.role, 'viewer');
    assert.equal(res.body.user.has_password, false);
    const token = tokenOf(res.body.invite_url);
    assert.match(res.body.invite_url, /^http:\/\/[^/]+\/invite\/inv_/);
    const days = (Date.parse(res.body.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in 7 days, not ${days}`);

    const rows = await tdb.db.selectFrom('user_invites').selectAll().execute();
    const stored = rows.find((r) => r.user_id === res.body.user.id)!;
    assert.notEqual(stored.token_hash, token);
    assert.equal(
      stored.token_hash,
      inviteTokenHash(app.deps.keys.invites, token),
      'HMAC with the invites key',
    );
    assert.ok(!JSON.stringify(await api(app, 'GET', `/api/v1/users/${res.body.user.id}`)).includes(token));

    const look = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/invites/look-up',
      payload: { token },
    });
    assert.equal(look.statusCode, 200);
    assert.equal(look.json<{ email: string }>().email, 'ivy@example.com');

    const short = await accept(app, token, 'short');
    assert.equal(short.statusCode, 400);
    assert.match(short.json<Err>().error.message, /body\.password/);

    const ok = await accept(app, token);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json<{ user: { status: string } }>().user.status, 'active');
    const session = /tocsin_session=([^;]+)/.exec(String(ok.headers['set-cookie']))![1]!;
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { tocsin_session: session },
    });
    assert.equal(me.statusCode, 200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ivy@example.com', password: PASSWORD },
    });
    assert.equal(login.statusCode, 200, 'the chosen password logs in');

    const again = await accept(app, token, 'another long password');
    assert.equal(again.statusCode, 404);
    assert.match(again.json<Err>().error.message, /used already/);
    assert.deepEqual(await auditActions(app, 'user', res.body.user.id), [
      'user.create',
      'user.invite',
      'user.invite_accept',
      'session.login',
    ]);
  });

  it('refuses unknown, expired and deactivated links; a new link voids the old one', async () => {
    const { app, tdb } = server();
    assert.equal((await accept(app, 'inv_nonsense')).statusCode, 404);

    const first = await api<Invite>(app, 'POST', '/api/v1/users/invite', {
      body: { name: 'Late Larry', email: 'larry@example.com' },
    });
    const old = tokenOf(first.body.invite_url);
    const second = await api<Invite>(app, 'POST', `/api/v1/users/${first.body.user.id}/invite`);
    assert.equal(second.status, 201);
    assert.equal((await accept(app, old)).statusCode, 404, 'the older link stopped');

    const fresh = tokenOf(second.body.invite_url);
    await tdb.db
      .updateTable('user_invites')
      .set({ expires_at: Date.now() - 1 })
      .where('user_id', '=', first.body.user.id)
      .execute();
    const expired = await accept(app, fresh);
    assert.equal(expired.statusCode, 404);
    assert.match(expired.json<Err>().error.message, /expired/);

    const third = await api<Invite>(app, 'POST', `/api/v1/users/${first.body.user.id}/invite`);
    await api(app, 'POST', `/api/v1/users/${first.body.user.id}/deactivate`);
    assert.equal(
      (await accept(app, tokenOf(third.body.invite_url))).statusCode,
      404,
      'deactivating voids it',
    );

    const withPassword = await buildUser(app, { password: PASSWORD });
    const refused = await api<Err>(app, 'POST', `/api/v1/users/${withPassword.id}/invite`);
    assert.equal(refused.status, 409);

    // An admin sets a password while a link is out: the link must not reset it.
    const slow = await api<Invite>(app, 'POST', '/api/v1/users/invite', {
      body: { name: 'Slow Sam', email: 'sam@example.com' },
    });
    const set = await api(app, 'PATCH', `/api/v1/users/${slow.body.user.id}`, {
      body: { password: PASSWORD },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const stale = await accept(app, tokenOf(slow.body.invite_url), 'another long password here');
    assert.equal(stale.statusCode, 404, 'setting a password voids the open link');
    const rows = await tdb.db
      .selectFrom('user_invites')
      .selectAll()
      .where('user_id', '=', slow.body.user.id)
      .execute();
    assert.deepEqual(rows, []);
  });

  it('only admins invite', async () => {
    const { app } = server();
    const responder = await buildUser(app, { role: 'responder' });
    const res = await api(app, 'POST', '/api/v1/users/invite', {
      token: await tokenFor(app, responder.id),
      body: { name: 'Nope', email: 'nope@example.com' },
    });
    assert.equal(res.status, 403);
  });
});
