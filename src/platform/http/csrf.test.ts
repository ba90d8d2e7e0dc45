import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration, uniqueName } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';

const PUBLIC_URL = 'https://tocsin.example.com';

describeEachDialect(
  'CSRF: cookie-authenticated changes must come from our own origin',
  (server) => {
    let cookie = '';

    const teamNames = async () => {
      const list = await api<{ data: { name: string }[] }>(server().app, 'GET', '/api/v1/teams?limit=500');
      return list.body.data.map((t) => t.name);
    };
    /** A cookie POST creating a team, with the given Origin/Referer headers. */
    const cookiePost = (name: string, headers: Record<string, string>) =>
      server().app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: { cookie, ...headers },
        payload: { name },
      });

    it('logs in an admin with a password (the session cookie)', async () => {
      const { app } = server();
      const password = 'a long enough password';
      const user = await api(app, 'POST', '/api/v1/users', {
        body: { name: 'Ada', email: 'ada@example.com', role: 'admin', password },
      });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'ada@example.com', password },
      });
      assert.equal(login.statusCode, 200, login.body);
      const value = login.cookies.find((c) => c.name === 'tocsin_session')?.value;
      assert.ok(value);
      cookie = `tocsin_session=${value}`;
    });

    it('refuses a cookie POST from a foreign Origin with 403 and changes nothing', async () => {
      const name = uniqueName('evil');
      const res = await cookiePost(name, { origin: 'https://evil.example' });
      assert.equal(res.statusCode, 403, res.body);
      const err = (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
      assert.equal(err.code, 'forbidden');
      assert.match(
        err.message,
        /cross-site request refused: Origin https:\/\/evil\.example is not this server/,
      );
      assert.ok(!(await teamNames()).includes(name));
    });

    it('refuses a sibling origin (another port or subdomain of the same site), which SameSite lets through', async () => {
      for (const origin of ['http://localhost:8080', 'https://other.tocsin.example.com', 'null']) {
        const res = await cookiePost(uniqueName('sib'), { origin });
        assert.equal(res.statusCode, 403, `${origin}: ${res.body}`);
      }
    });

    it('accepts the origin the request was addressed to (Host) and the configured public URL', async () => {
      const byHost = uniqueName('host');
      const a = await cookiePost(byHost, { origin: 'http://localhost' });
      assert.equal(a.statusCode, 201, a.body);
      const byPublicUrl = uniqueName('public');
      const b = await cookiePost(byPublicUrl, { origin: PUBLIC_URL });
      assert.equal(b.statusCode, 201, b.body);
      const names = await teamNames();
      assert.ok(names.includes(byHost) && names.includes(byPublicUrl));
    });

    it('without Origin, judges the Referer: ours passes, a foreign one is refused', async () => {
      const ours = await cookiePost(uniqueName('ref'), { referer: `${PUBLIC_URL}/incidents?status=open` });
      assert.equal(ours.statusCode, 201, ours.body);
      const foreign = await cookiePost(uniqueName('ref'), { referer: 'https://evil.example/page' });
      assert.equal(foreign.statusCode, 403, foreign.body);
      assert.match(foreign.body, /Referer https:\/\/evil\.example is not this server/);
    });

    it('refuses a cookie change with neither Origin nor Referer', async () => {
      const name = uniqueName('bare');
      const res = await cookiePost(name, {});
      assert.equal(res.statusCode, 403, res.body);
      assert.match(res.body, /must carry an Origin or Referer header/);
      assert.ok(!(await teamNames()).includes(name));
      // Logging out is a change too (a forged logout signs the victim out).
      const logout = await server().app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie },
      });
      assert.equal(logout.statusCode, 403, logout.body);
    });

    it('leaves cookie reads alone, whatever their Origin', async () => {
      const res = await server().app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie, origin: 'https://evil.example' },
      });
      assert.equal(res.statusCode, 200, res.body);
    });

    it('leaves bearer-token clients and the ingest endpoints alone', async () => {
      const { app } = server();
      const name = uniqueName('token');
      const made = await api(app, 'POST', '/api/v1/teams', {
        body: { name },
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const integration = await buildIntegration(app, 'events-v2');
      const sent = await app.inject({
        method: 'POST',
        url: '/v2/enqueue',
        headers: { cookie, origin: 'https://evil.example' },
        payload: {
          routing_key: integration.key,
          event_action: 'trigger',
          payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' },
        },
      });
      assert.equal(sent.statusCode, 202, sent.body);
    });
  },
  { env: { TOCSIN_PUBLIC_URL: PUBLIC_URL } },
);
