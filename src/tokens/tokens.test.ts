import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hashSecret } from '../platform/auth/secrets.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Token = { id: string; token: string; role: string; prefix: string; last_used_at: string | null };
type ErrorBody = { error: { code: string; message: string } };

describeEachDialect('API tokens and RBAC', (server) => {
  async function user(role: string, name: string) {
    const res = await api<{ id: string }>(server().app, 'POST', '/api/v1/users', {
      body: { name, email: `${name.toLowerCase()}@example.com`, role },
    });
    assert.equal(res.status, 201);
    return res.body.id;
  }
  async function tokenFor(userId: string, role?: string) {
    const res = await api<Token>(server().app, 'POST', '/api/v1/tokens', {
      body: { name: 'test', user_id: userId, ...(role ? { role } : {}) },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  it('shows the secret once and stores only its hash', async () => {
    const { app, tdb } = server();
    const id = await user('responder', 'Tara');
    const created = await tokenFor(id);
    assert.match(created.token, /^tcs_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.prefix, created.token.slice(0, 8));
    const row = await tdb.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.token_hash, hashSecret(created.token));
    assert.ok(!Object.values(row).includes(created.token));
    const shown = await api<Record<string, unknown>>(app, 'GET', `/api/v1/tokens/${created.id}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.token, undefined);
  });

  it('401 without or with a wrong token, 403 for a role that is too low', async () => {
    const { app } = server();
    const none = await api<ErrorBody>(app, 'GET', '/api/v1/users', { token: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'unauthenticated');
    const wrong = await api<ErrorBody>(app, 'GET', '/api/v1/users', { token: 'tcs_nope' });
    assert.equal(wrong.status, 401);
    const malformed = await api<ErrorBody>(app, 'GET', '/api/v1/users', {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    assert.equal(malformed.status, 401);

    const viewer = await tokenFor(await user('viewer', 'Vera'));
    const read = await api(app, 'GET', '/api/v1/users', { token: viewer.token });
    assert.equal(read.status, 200);
    const write = await api<ErrorBody>(app, 'POST', '/api/v1/users', {
      token: viewer.token,
      body: { name: 'Nope', email: 'nope@example.com' },
    });
    assert.equal(write.status, 403);
    assert.equal(write.body.error.code, 'forbidden');
    assert.match(write.body.error.message, /admin/);
  });

  it('scopes a token to a role at most its owner’s, and never above', async () => {
    const { app } = server();
    const adminId = await user('admin', 'Ada');
    const scoped = await tokenFor(adminId, 'viewer');
    assert.equal(scoped.role, 'viewer');
    const write = await api(app, 'POST', '/api/v1/users', {
      token: scoped.token,
      body: { name: 'Nope2', email: 'nope2@example.com' },
    });
    assert.equal(write.status, 403);
    const responderId = await user('responder', 'Rita');
    const tooHigh = await api<ErrorBody>(app, 'POST', '/api/v1/tokens', {
      body: { name: 'x', user_id: responderId, role: 'admin' },
    });
    assert.equal(tooHigh.status, 400);
    assert.match(tooHigh.body.error.message, /^role:/);
    // A responder may make a token for itself but not for someone else.
    const own = await tokenFor(responderId);
    const forOther = await api(app, 'POST', '/api/v1/tokens', {
      token: own.token,
      body: { name: 'x', user_id: adminId },
    });
    assert.equal(forOther.status, 403);
    const forSelf = await api<Token>(app, 'POST', '/api/v1/tokens', {
      token: own.token,
      body: { name: 'mine' },
    });
    assert.equal(forSelf.status, 201);
  });

  it('a revoked token stops working at once; an expired one is refused', async () => {
    const { app, tdb } = server();
    const t = await tokenFor(await user('responder', 'Remy'));
    assert.equal((await api(app, 'GET', '/api/v1/users', { token: t.token })).status, 200);
    const revoked = await api<{ revoked_at: string | null }>(app, 'DELETE', `/api/v1/tokens/${t.id}`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.revoked_at);
    const after = await api<ErrorBody>(app, 'GET', '/api/v1/users', { token: t.token });
    assert.equal(after.status, 401);
    assert.match(after.body.error.message, /revoked/);

    const e = await tokenFor(await user('responder', 'Eve'));
    await tdb.db
      .updateTable('api_tokens')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', e.id)
      .execute();
    const expired = await api<ErrorBody>(app, 'GET', '/api/v1/users', { token: e.token });
    assert.equal(expired.status, 401);
    assert.match(expired.body.error.message, /expired/);
  });

  it('records the last-used time', async () => {
    const { app } = server();
    const t = await tokenFor(await user('viewer', 'Lu'));
    assert.equal(t.last_used_at, null);
    await api(app, 'GET', '/api/v1/users', { token: t.token });
    const shown = await api<Token>(app, 'GET', `/api/v1/tokens/${t.id}`);
    assert.ok(shown.body.last_used_at !== null);
  });

  it('lists only your own tokens unless you are admin', async () => {
    const { app } = server();
    const id = await user('responder', 'Lis');
    const t = await tokenFor(id);
    const mine = await api<{ data: Token[] }>(app, 'GET', '/api/v1/tokens', { token: t.token });
    assert.equal(mine.status, 200);
    assert.deepEqual(
      mine.body.data.map((x) => x.id),
      [t.id],
    );
    const others = await api(app, 'GET', '/api/v1/tokens?user_id=usr_01JAAAAAAAAAAAAAAAAAAAAAAA', {
      token: t.token,
    });
    assert.equal(others.status, 403);
    const all = await api<{ data: Token[] }>(app, 'GET', '/api/v1/tokens?limit=500');
    assert.ok(all.body.data.length >= 2);
  });
});
