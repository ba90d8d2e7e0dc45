import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../test/harness.ts';

describeEachDialect('login sessions', (server) => {
  const password = 'a long enough password';

  async function login(email: string, pw: string) {
    return server().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: pw },
    });
  }

  it('logs in with email and password, sets an httpOnly SameSite=Lax cookie that authenticates', async () => {
    const { app } = server();
    const created = await api(app, 'POST', '/api/v1/users', {
      body: { name: 'Sam', email: 'sam@example.com', role: 'responder', password },
    });
    assert.equal(created.status, 201);
    const res = await login('SAM@example.com', password);
    assert.equal(res.statusCode, 200, res.body);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /tocsin_session=ses_/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/); // plain http in tests
    const value = /tocsin_session=([^;]+)/.exec(cookie)![1]!;
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { tocsin_session: value },
    });
    assert.equal(me.statusCode, 200);
    assert.equal(JSON.parse(me.body).user.email, 'sam@example.com');
    assert.equal(JSON.parse(me.body).via, 'user');

    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { tocsin_session: value },
    });
    assert.equal(out.statusCode, 204);
    const after = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      cookies: { tocsin_session: value },
    });
    assert.equal(after.statusCode, 401);
  });

  it('refuses a wrong password or unknown email with the same 401', async () => {
    const wrong = await login('sam@example.com', 'not the password');
    const unknown = await login('nobody@example.com', 'whatever password');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(JSON.parse(wrong.body).error.message, JSON.parse(unknown.body).error.message);
  });

  it('rate-limits login attempts', async () => {
    let limited = 0;
    for (let i = 0; i < 12; i++) {
      const res = await login('sam@example.com', 'guess number ' + i);
      if (res.statusCode === 429) limited++;
    }
    assert.ok(limited > 0, 'expected 429 after repeated attempts');
  });
});
