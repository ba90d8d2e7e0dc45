import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../test/harness.ts';

describeEachDialect('login sessions', (server) => {
  const password = 'a long enough password';

  async function login(email: string, pw: string, remoteAddress?: string) {
    return server().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: pw },
      ...(remoteAddress !== undefined ? { remoteAddress } : {}),
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
      headers: { origin: 'http://localhost' }, // what a browser on our own page sends (CSRF check)
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

  it('one account under attack does not lock out another person logging in from the same address', async () => {
    // sam's account is locked by the guesses above, all from 127.0.0.1 (as behind a shared proxy).
    await api(server().app, 'POST', '/api/v1/users', {
      body: { name: 'Kim', email: 'kim@example.com', role: 'responder', password },
    });
    const kim = await login('kim@example.com', password);
    assert.equal(kim.statusCode, 200, kim.body);
    const sam = await login('sam@example.com', password, '198.51.100.7');
    assert.equal(sam.statusCode, 429, 'the attacked account stays locked, from any address');
    assert.ok(Number(sam.headers['retry-after']) > 0);
  });

  it('limits failures per account across addresses', async () => {
    await api(server().app, 'POST', '/api/v1/users', {
      body: { name: 'Lee', email: 'lee@example.com', role: 'responder', password },
    });
    for (let i = 0; i < 10; i++) {
      const res = await login('LEE@example.com', 'guess ' + i, `198.51.100.${10 + i}`);
      assert.equal(res.statusCode, 401, `guess ${i}`);
    }
    const next = await login('lee@example.com', password, '198.51.100.99');
    assert.equal(next.statusCode, 429);
  });
});

describeEachDialect(
  'login limits by client address, no trusted proxy',
  (server) => {
    const login = (email: string, headers: Record<string, string> = {}) =>
      server().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'wrong password' },
        headers,
      });

    it('ignores X-Forwarded-For: every guess counts against the socket address', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await login(`nobody${i}@example.com`, { 'x-forwarded-for': `203.0.113.${i}` });
        assert.equal(res.statusCode, 401);
      }
      const res = await login('someone-else@example.com', { 'x-forwarded-for': '203.0.113.50' });
      assert.equal(res.statusCode, 429);
    });
  },
  { env: { TOCSIN_LOGIN_LIMITS: 'account=10/15m,ip=3/15m' } },
);

describeEachDialect(
  'login limits by client address behind a trusted proxy',
  (server) => {
    const login = (email: string, forwardedFor: string, remoteAddress = '127.0.0.1') =>
      server().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'wrong password' },
        headers: { 'x-forwarded-for': forwardedFor },
        remoteAddress,
      });

    it('counts per forwarded client address when the request comes through the named proxy', async () => {
      for (let i = 0; i < 3; i++) {
        assert.equal((await login(`nobody${i}@example.com`, '203.0.113.1')).statusCode, 401);
      }
      assert.equal((await login('another@example.com', '203.0.113.1')).statusCode, 429);
      assert.equal((await login('another@example.com', '203.0.113.2')).statusCode, 401);
    });

    it('does not believe X-Forwarded-For from an address that is not the proxy', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await login(`spoof${i}@example.com`, `203.0.113.${100 + i}`, '192.0.2.9');
        assert.equal(res.statusCode, 401);
      }
      assert.equal((await login('spoof9@example.com', '203.0.113.200', '192.0.2.9')).statusCode, 429);
    });
  },
  { env: { TOCSIN_LOGIN_LIMITS: 'account=10/15m,ip=3/15m', TOCSIN_TRUSTED_PROXIES: '127.0.0.1/32' } },
);
