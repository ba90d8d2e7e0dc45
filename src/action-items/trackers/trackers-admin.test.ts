import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { auditActions, buildIncident, buildUser, tokenFor, viewerToken } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { startHttpReceiver } from '../../../test/receivers.ts';
import {
  GITHUB_TOKEN,
  JIRA_EMAIL,
  JIRA_TOKEN,
  buildGithubTracker,
  buildJiraTracker,
} from '../../../test/ticket-trackers.ts';
import type { TicketTrackerView } from './schemas.ts';

/**
 * The admin API of ticket trackers on both databases: GitHub and Jira trackers created with their
 * defaults and checks (each refusal names its field), changed, removed, audited; the token and the
 * webhook secret in no answer and no audit entry (the secret only in the create answer); loopback
 * base URLs refused unless TOCSIN_OUTBOUND_ALLOW opens them; read by anyone signed in, changed
 * by admins only (403 for the rest).
 */
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;

describeEachDialect('ticket trackers: admin API', (server) => {
  let responderToken: string;

  before(async () => {
    const responder = await buildUser(server().app, { role: 'responder' });
    responderToken = await tokenFor(server().app, responder.id);
  });

  it('creates a GitHub tracker: the default API, a webhook URL, the secret once, never the token', async () => {
    const { app } = server();
    const res = await api<TicketTrackerView & { webhook_secret: string }>(
      app,
      'POST',
      '/api/v1/ticket-trackers',
      {
        body: {
          name: 'Web repo',
          kind: 'github',
          project: 'acme/web',
          token: GITHUB_TOKEN,
          labels: ['incident', 'incident'],
        },
      },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const t = res.body;
    assert.equal(t.base_url, 'https://api.github.com');
    assert.deepEqual(t.labels, ['incident']);
    assert.equal(t.issue_type, null);
    assert.match(t.webhook_url, new RegExp(`/webhooks/ticket-trackers/${t.id}$`));
    assert.match(t.webhook_secret, /^tocsin_whsec_/);
    assert.ok(!JSON.stringify(t).includes(GITHUB_TOKEN));

    const one = await api(app, 'GET', `/api/v1/ticket-trackers/${t.id}`);
    const list = await api<{ data: TicketTrackerView[] }>(app, 'GET', '/api/v1/ticket-trackers');
    assert.equal(one.status, 200);
    assert.ok(list.body.data.some((x) => x.id === t.id));
    for (const answer of [one.body, list.body]) {
      const text = JSON.stringify(answer);
      assert.ok(!text.includes(GITHUB_TOKEN), 'no token');
      assert.ok(!text.includes(t.webhook_secret), 'no webhook secret after create');
      assert.ok(!text.includes('enc1.'), 'not even encrypted');
    }
    const audit = await api(app, 'GET', `/api/v1/audit?target_type=ticket_tracker&target_id=${t.id}`);
    assert.ok(JSON.stringify(audit.body).includes('ticket_tracker.create'));
    assert.ok(!JSON.stringify(audit.body).includes(GITHUB_TOKEN));
    assert.ok(!JSON.stringify(audit.body).includes(t.webhook_secret));
  });

  it('creates a Jira tracker with issue type Task by default, and refuses one without its site or email', async () => {
    const { app } = server();
    const jira = await buildJiraTracker(app, 'https://acme.atlassian.net/');
    assert.equal(jira.base_url, 'https://acme.atlassian.net');
    assert.equal(jira.issue_type, 'Task');
    assert.equal(jira.email, JIRA_EMAIL);
    assert.ok(!JSON.stringify(jira).includes(JIRA_TOKEN));

    const base = { name: 'Ops', kind: 'jira', project: 'OPS', token: JIRA_TOKEN };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, email: JIRA_EMAIL }, /^body\.base_url is required for Jira/],
      [{ ...base, base_url: 'https://acme.atlassian.net' }, /^body\.email is required for Jira/],
      [
        { ...base, email: JIRA_EMAIL, base_url: 'https://acme.atlassian.net', project: 'ops' },
        /^body\.project:/,
      ],
      [{ ...base, kind: 'github', project: 'not a repo' }, /^body\.project: a GitHub repository/],
      [{ ...base, kind: 'github', project: '../..' }, /^body\.project: a GitHub repository/],
      [
        { ...base, kind: 'github', project: 'a/b', base_url: 'ftp://example.com' },
        /^body\.base_url: must be an http/,
      ],
      [
        { ...base, kind: 'github', project: 'a/b', base_url: 'https://u:p@example.com' },
        /^body\.base_url: must not contain/,
      ],
      [{ ...base, kind: 'gitlab' }, /^body\.kind must be one of: github, jira/],
    ];
    for (const [body, expected] of cases) {
      const res = await api(app, 'POST', '/api/v1/ticket-trackers', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(message(res), expected);
    }
  });

  it('changes a tracker (a new token is audited as replaced, never shown) and refuses a taken name', async () => {
    const { app } = server();
    const a = await buildGithubTracker(app, 'https://github.example.com/api/v3');
    const b = await buildGithubTracker(app, 'https://github.example.com/api/v3');
    const res = await api<TicketTrackerView>(app, 'PATCH', `/api/v1/ticket-trackers/${a.id}`, {
      body: { project: 'acme/api', token: 'ghp_new-token-9876543210', labels: ['follow-up'] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.project, 'acme/api');
    assert.deepEqual(res.body.labels, ['follow-up']);
    const audit = await api<{ data: { action: string; after: Record<string, unknown> }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=ticket_tracker&target_id=${a.id}`,
    );
    const update = audit.body.data.find((e) => e.action === 'ticket_tracker.update')!;
    assert.equal(update.after.token_replaced, true);
    assert.ok(!JSON.stringify(audit.body).includes('ghp_new-token-9876543210'));

    const taken = await api(app, 'PATCH', `/api/v1/ticket-trackers/${a.id}`, { body: { name: b.name } });
    assert.equal(taken.status, 409);
    const bad = await api(app, 'PATCH', `/api/v1/ticket-trackers/${a.id}`, { body: { base_url: 'nope' } });
    assert.equal(bad.status, 400);
    assert.match(message(bad), /^body\.base_url/);
    // The stored token never follows the tracker to another host: moving it needs the token again.
    const moved = await api(app, 'PATCH', `/api/v1/ticket-trackers/${a.id}`, {
      body: { base_url: 'https://elsewhere.example.com/api/v3' },
    });
    assert.equal(moved.status, 400);
    assert.match(message(moved), /^body\.token: give the token again when base_url or email changes/);
    const movedWithToken = await api<TicketTrackerView>(app, 'PATCH', `/api/v1/ticket-trackers/${a.id}`, {
      body: { base_url: 'https://elsewhere.example.com/api/v3', token: 'ghp_other-token-0123456789' },
    });
    assert.equal(movedWithToken.status, 200, JSON.stringify(movedWithToken.body));
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = await api<{ paths: Record<string, unknown> }>(server().app, 'GET', '/api/v1/openapi.json');
    for (const path of [
      '/api/v1/ticket-trackers',
      '/api/v1/ticket-trackers/{id}',
      '/api/v1/action-items/{id}/push',
      '/webhooks/ticket-trackers/{id}',
    ]) {
      assert.ok(path in doc.body.paths, `${path} missing from OpenAPI`);
    }
  });

  it('deletes a tracker: 204, then 404, audited', async () => {
    const { app } = server();
    const t = await buildGithubTracker(app, 'https://github.example.com/api/v3');
    assert.equal((await api(app, 'DELETE', `/api/v1/ticket-trackers/${t.id}`)).status, 204);
    assert.equal((await api(app, 'GET', `/api/v1/ticket-trackers/${t.id}`)).status, 404);
    assert.deepEqual(await auditActions(app, 'ticket_tracker', t.id), [
      'ticket_tracker.create',
      'ticket_tracker.delete',
    ]);
  });

  it('lets anyone signed in read trackers (never the token or secret); only admins change them', async () => {
    const { app } = server();
    const t = await buildGithubTracker(app, 'https://github.example.com/api/v3');
    for (const token of [responderToken, await viewerToken(app)]) {
      const list = await api<{ data: TicketTrackerView[] }>(app, 'GET', '/api/v1/ticket-trackers', { token });
      const one = await api<TicketTrackerView>(app, 'GET', `/api/v1/ticket-trackers/${t.id}`, { token });
      assert.equal(list.status, 200);
      assert.equal(one.status, 200);
      assert.ok(list.body.data.some((x) => x.id === t.id && x.project === 'acme/web'));
      assert.equal(one.body.name, t.name);
      for (const answer of [list.body, one.body]) {
        const text = JSON.stringify(answer);
        assert.ok(!text.includes(GITHUB_TOKEN), 'no token');
        assert.ok(!text.includes(t.webhook_secret), 'no webhook secret');
        assert.ok(!/"(token|webhook_secret)"/.test(text), 'no such fields at all');
      }
    }

    const body = { name: 'x', kind: 'github', project: 'a/b', token: 't' };
    const calls: [method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown][] = [
      ['POST', '/api/v1/ticket-trackers', body],
      ['PATCH', `/api/v1/ticket-trackers/${t.id}`, { name: 'y' }],
      ['DELETE', `/api/v1/ticket-trackers/${t.id}`],
    ];
    for (const [method, url, b] of calls) {
      const res = await api(app, method, url, {
        token: responderToken,
        ...(b === undefined ? {} : { body: b }),
      });
      assert.equal(res.status, 403, `${method} ${url}`);
    }
    assert.equal(
      (await api<TicketTrackerView>(app, 'GET', `/api/v1/ticket-trackers/${t.id}`)).body.name,
      t.name,
    );
  });

  it('accepts a loopback base URL where TOCSIN_OUTBOUND_ALLOW opens loopback (as the test servers do)', async () => {
    const { app } = server();
    // The suite's servers allow loopback (test/harness.ts); the refusal is the next suite's.
    const ok = await buildGithubTracker(app, 'http://127.0.0.1:9');
    assert.equal(ok.base_url, 'http://127.0.0.1:9');
  });
});

describeEachDialect(
  'ticket trackers: outbound addresses by default',
  (server) => {
    it('refuses loopback and private base URLs unless TOCSIN_OUTBOUND_ALLOW opens them', async () => {
      for (const url of ['http://127.0.0.1:8080', 'http://localhost', 'http://10.0.0.5', 'http://[::1]']) {
        const res = await api(server().app, 'POST', '/api/v1/ticket-trackers', {
          body: { name: 'x', kind: 'github', base_url: url, project: 'a/b', token: 't' },
        });
        assert.equal(res.status, 400, url);
        assert.match(message(res), /^body\.base_url: the host is .*TOCSIN_OUTBOUND_ALLOW/);
      }
    });

    it('refuses a loopback address again when pushing: a tracker saved before the policy changed answers 502', async () => {
      const { app, tdb } = server();
      const receiver = await startHttpReceiver();
      try {
        const t = await buildGithubTracker(app, 'https://github.example.com/api/v3');
        // Saved while TOCSIN_OUTBOUND_ALLOW opened loopback; this server's policy no longer does.
        await tdb.db
          .updateTable('ticket_trackers')
          .set({ base_url: receiver.url })
          .where('id', '=', t.id)
          .execute();
        const { incident } = await buildIncident(app, { from: 'declared' });
        const item = await api<{ id: string }>(app, 'POST', `/api/v1/incidents/${incident.id}/action-items`, {
          body: { title: 'Add a canary' },
        });
        const res = await api(app, 'POST', `/api/v1/action-items/${item.body.id}/push`, {
          body: { tracker_id: t.id },
        });
        assert.equal(res.status, 502);
        assert.match(message(res), /could not be reached: blocked: a loopback address/);
        assert.equal(receiver.requests.length, 0);
      } finally {
        await receiver.close();
      }
    });
  },
  { env: { TOCSIN_OUTBOUND_ALLOW: '' } },
);
