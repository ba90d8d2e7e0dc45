import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration, buildService, buildTeam, buildUser } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import type { App } from './app.ts';

/**
 * The input rules every /api/v1 request passes at the HTTP edge (issue 14 items 4, 12 and 14):
 * no NUL characters anywhere, bodies in valid UTF-8, and no prototype keys, each a 400 that
 * names what is wrong, on both databases (PostgreSQL answered 500 for a NUL).
 */
type ErrorBody = { error: { code: string; message: string } };

const raw = (app: App) => ({
  post: (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    }),
});

describeEachDialect('HTTP edge: input rules', (server) => {
  it('refuses a NUL in the login email with 400, with or without credentials', async () => {
    const { app } = server();
    const res = await api<ErrorBody>(app, 'POST', '/api/v1/auth/login', {
      token: null,
      body: { email: 'a\u0000@b.c', password: 'x' },
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'invalid_request');
    assert.equal(res.body.error.message, 'body.email must not contain NUL (U+0000) characters');
  });

  it('refuses a NUL in a path parameter or the query string, naming it', async () => {
    const { app } = server();
    const byId = await api<ErrorBody>(app, 'GET', '/api/v1/incidents/%00');
    assert.equal(byId.status, 400, JSON.stringify(byId.body));
    assert.match(byId.body.error.message, /^params\.id must not contain NUL/);
    const team = await buildTeam(app);
    const member = await api<ErrorBody>(app, 'DELETE', `/api/v1/teams/${team.id}/members/a%00b`);
    assert.equal(member.status, 400, JSON.stringify(member.body));
    assert.match(member.body.error.message, /^params\.userId must not contain NUL/);
    const query = await api<ErrorBody>(app, 'GET', '/api/v1/incidents?service_id=x%00');
    assert.equal(query.status, 400, JSON.stringify(query.body));
    assert.match(query.body.error.message, /^querystring\.service_id must not contain NUL/);
  });

  it('refuses a NUL in any body text: teams, users, services, incidents and notes', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const service = await buildService(app, { team_id: team.id });
    const incident = await api<{ id: string }>(app, 'POST', '/api/v1/incidents', {
      body: { title: 'disk full', service_ids: [service.id], severity: 'SEV3' },
    });
    assert.equal(incident.status, 201, JSON.stringify(incident.body));
    const cases: [string, 'POST' | 'PATCH', string, unknown, string][] = [
      ['team name', 'POST', '/api/v1/teams', { name: 'ops\u0000' }, 'body.name'],
      [
        'team description',
        'PATCH',
        `/api/v1/teams/${team.id}`,
        { description: '\u0000' },
        'body.description',
      ],
      ['user email', 'POST', '/api/v1/users', { name: 'n', email: 'x\u0000@example.com' }, 'body.email'],
      ['service name', 'POST', '/api/v1/services', { name: 's\u0000', team_id: team.id }, 'body.name'],
      [
        'incident title',
        'POST',
        '/api/v1/incidents',
        { title: 'a\u0000b', service_ids: [service.id], severity: 'SEV3' },
        'body.title',
      ],
      [
        'an id in a list',
        'POST',
        '/api/v1/incidents',
        { title: 't', service_ids: [`${service.id}\u0000`], severity: 'SEV3' },
        'body.service_ids.0',
      ],
      ['note', 'POST', `/api/v1/incidents/${incident.body.id}/notes`, { message: 'x\u0000' }, 'body.message'],
    ];
    for (const [what, method, url, body, field] of cases) {
      const res = await api<ErrorBody>(app, method, url, { body });
      assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.message, `${field} must not contain NUL (U+0000) characters`, what);
    }
    // A key is text too (labels, mappings): named as the object holding it.
    const key = await api<ErrorBody>(app, 'POST', '/api/v1/teams', { body: { name: 'k', 'x\u0000': 1 } });
    assert.equal(key.status, 400);
    assert.equal(key.body.error.message, 'body (a key) must not contain NUL (U+0000) characters');
    // An unpaired surrogate ("\ud800" is valid JSON) cannot be stored as UTF-8 either.
    const lone = await raw(app).post('/api/v1/teams', '{"name":"a\\ud800"}', {
      authorization: `Bearer ${server().adminToken}`,
    });
    assert.equal(lone.statusCode, 400, lone.body);
    assert.match(lone.body, /body\.name must not contain unpaired UTF-16 surrogates/);
  });

  it('answers a path the router cannot decode in the API error shape, without echoing it', async () => {
    const { app } = server();
    const bad = await api<ErrorBody>(app, 'GET', '/api/v1/incidents/%E0%A4%A');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, {
      error: {
        code: 'invalid_request',
        message: 'the path is not a valid url component: broken percent-encoding or invalid UTF-8',
      },
    });
    const long = await api<ErrorBody>(app, 'GET', `/api/v1/incidents/${'x'.repeat(5000)}`);
    assert.equal(long.status, 414);
    assert.equal(long.body.error.code, 'uri_too_long');
    assert.ok(long.body.error.message.length < 200);
  });

  it('a NUL in the session cookie or the bearer token is just a wrong credential: 401', async () => {
    const { app } = server();
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: 'tocsin_session=a%00b' },
    });
    assert.equal(cookie.statusCode, 401, cookie.body);
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Bearer tcs_\u0000' },
    });
    assert.equal(bearer.statusCode, 401, bearer.body);
  });

  it('refuses a body that is not UTF-8 on /api/v1, while ingest still stores it as U+FFFD', async () => {
    const { app, adminToken } = server();
    const name = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const res = await raw(app).post('/api/v1/teams', name, { authorization: `Bearer ${adminToken}` });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(JSON.parse(res.body), {
      error: { code: 'invalid_request', message: 'body is not valid UTF-8' },
    });
    const teams = await api<{ data: { name: string }[] }>(app, 'GET', '/api/v1/teams?limit=500');
    assert.ok(!teams.body.data.some((t) => t.name.startsWith('caf')));

    const integration = await buildIntegration(app, 'events-v2');
    const event = Buffer.concat([
      Buffer.from(
        `{"routing_key":"${integration.key}","event_action":"trigger","dedup_key":"latin1","payload":{"summary":"caf`,
      ),
      Buffer.from([0xe9]),
      Buffer.from('","source":"db","severity":"error"}}'),
    ]);
    const ingest = await raw(app).post('/v2/enqueue', event);
    assert.equal(ingest.statusCode, 202, ingest.body);
    const alert = await server()
      .tdb.db.selectFrom('alerts')
      .select('summary')
      .where('dedup_key', '=', 'latin1')
      .executeTakeFirstOrThrow();
    assert.equal(alert.summary, 'caf\uFFFD');
  });

  it('refuses __proto__ and constructor.prototype keys, saying which key', async () => {
    const { app, adminToken } = server();
    const auth = { authorization: `Bearer ${adminToken}` };
    const proto = await raw(app).post('/api/v1/teams', '{"__proto__":{}}', auth);
    assert.equal(proto.statusCode, 400, proto.body);
    assert.deepEqual(JSON.parse(proto.body), {
      error: {
        code: 'invalid_request',
        message: 'body.__proto__: a "__proto__" key is not allowed in a request body',
      },
    });
    const nested = await raw(app).post(
      '/api/v1/teams',
      '{"name":"x","labels":{"constructor":{"prototype":{"isAdmin":true}}}}',
      auth,
    );
    assert.equal(nested.statusCode, 400, nested.body);
    assert.match(
      nested.body,
      /body\.labels\.constructor\.prototype: a \\"constructor\\" with a \\"prototype\\" key is not allowed/,
    );
    // Spelled with escapes, it is the same key.
    const escaped = await raw(app).post('/api/v1/teams', '{"\\u005f_proto__":{"a":1}}', auth);
    assert.equal(escaped.statusCode, 400, escaped.body);
    assert.match(escaped.body, /__proto__/);
    // A plain "constructor" field is only text.
    const user = await buildUser(app, { name: 'constructor' });
    assert.equal(user.name, 'constructor');
    // Broken JSON still says so.
    const broken = await raw(app).post('/api/v1/teams', '{"name":', auth);
    assert.equal(broken.statusCode, 400);
    assert.match(broken.body, /not valid JSON/);
  });
});
