import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildIncident, buildUser } from '../../test/factories.ts';
import { describeEachDialect } from '../../test/harness.ts';

/**
 * The incident page for people at /incidents/INC-42 (issue 14 item 17): the incident for a
 * signed-in session, a sign-in form (and nothing of the incident) without one.
 */
describeEachDialect('incident page for people', (server) => {
  const TITLE = 'Disk <b>full</b> & "db-1"';
  let ref: string;
  const email = `page-${Date.now()}@example.com`;
  const password = 'correct horse battery';

  const get = (url: string, cookie?: string) =>
    server().app.inject({ method: 'GET', url, headers: cookie === undefined ? {} : { cookie } });
  const signIn = (body: Record<string, string>) =>
    server().app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(body).toString(),
    });

  before(async () => {
    const app = server().app;
    const opened = await buildIncident(app, { title: TITLE, dedupKey: 'page-test' });
    ref = opened.incident.ref;
    await buildUser(app, { email, password, role: 'viewer' });
  });

  it('without a session: a sign-in form, nothing of the incident, the same for unknown refs', async () => {
    const res = await get(`/incidents/${ref}`);
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /<form method="post" action="\/login">/);
    assert.ok(res.body.includes(`name="next" value="/incidents/${ref}"`));
    assert.ok(!res.body.includes('Disk'), 'the title does not leak');
    assert.ok(!res.body.includes('triggered'), 'the status does not leak');
    const unknown = await get('/incidents/INC-999999');
    assert.equal(unknown.statusCode, 401, 'whether an incident exists does not leak either');
    const stale = await get(`/incidents/${ref}`, 'tocsin_session=ses_not-a-session');
    assert.equal(stale.statusCode, 401);
    assert.ok(!stale.body.includes('Disk'));
  });

  it('signs in through the form, returns to the page and shows the incident escaped', async () => {
    const wrong = await signIn({ email, password: 'nope', next: `/incidents/${ref}` });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /Invalid email or password/);
    // PostgreSQL cannot compare a NUL: the form is outside /api/v1's input rules, so login itself refuses it.
    const nul = await signIn({ email: `\u0000${email}`, password, next: `/incidents/${ref}` });
    assert.equal(nul.statusCode, 401, nul.body);
    assert.match(nul.body, /Invalid email or password/);

    const ok = await signIn({ email, password, next: `/incidents/${ref}` });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `/incidents/${ref}`);
    const cookie = ok.cookies.find((c) => c.name === 'tocsin_session');
    assert.ok(cookie, 'the session cookie is set');
    const session = `tocsin_session=${cookie.value}`;

    const res = await get(`/incidents/${ref}`, session);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.ok(res.body.includes('Disk &#60;b&#62;full&#60;/b&#62; &#38; &#34;db-1&#34;'), res.body);
    assert.ok(!res.body.includes('<b>full</b>'), 'the title is escaped');
    assert.match(res.body, /<dt>Status<\/dt>\s*<dd>triggered<\/dd>/);
    assert.match(res.body, /<dt>Severity<\/dt>\s*<dd>SEV\d/);
    assert.match(res.body, /<dt>Service<\/dt>/);
    assert.match(res.body, /Latest on the timeline/);
    assert.match(res.body, /<li>/, 'timeline entries are listed');

    const missing = await get('/incidents/INC-999999', session);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Incident not found/);
  });

  it('sends people back only to an incident page on this server', async () => {
    const res = await signIn({ email, password, next: 'https://evil.example/incidents/INC-1' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers.location, undefined);
  });
});
