import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../test/receivers.ts';
import {
  GITHUB_TOKEN,
  JIRA_EMAIL,
  JIRA_TOKEN,
  buildGithubTracker,
  buildJiraTracker,
  hubSignature,
  postTrackerWebhook,
} from '../../../test/ticket-trackers.ts';
import type { ActionItemView } from '../schemas.ts';
import type { CreatedTicketTrackerView } from './schemas.ts';

/**
 * Pushing action items to GitHub and Jira on both databases, against real local HTTP receivers
 * that check each request's shape and credentials, and the trackers' signed webhooks moving the
 * items: closed -> done (not planned -> wont_do), reopened -> open, Jira's status categories;
 * a bad signature is 401 and changes nothing; an unknown issue is 202; a second push is 409; a
 * tracker's failure is a 502 naming what it said; who may not edit the item may not push it.
 */
type Entry = { kind: string; message: string; actor: unknown };
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;

describeEachDialect('ticket trackers: push and webhooks', (server) => {
  let github: HttpReceiver;
  let jira: HttpReceiver;
  let failing: HttpReceiver;
  let gh: CreatedTicketTrackerView;
  let jr: CreatedTicketTrackerView;
  let responderToken: string;
  let incident: { id: string; ref: string };
  let issues = 11;
  let tickets = 6;

  before(async () => {
    const { app } = server();
    github = await startHttpReceiver({
      respond: () => ({
        status: 201,
        body: { number: ++issues, html_url: `https://github.com/acme/web/issues/${issues}`, state: 'open' },
      }),
    });
    jira = await startHttpReceiver({
      respond: () => ({ status: 201, body: { id: '10001', key: `OPS-${++tickets}`, self: 'x' } }),
    });
    failing = await startHttpReceiver({
      respond: () => ({ status: 401, body: { message: 'Bad credentials' } }),
    });
    gh = await buildGithubTracker(app, github.url, { labels: ['incident-follow-up'] });
    jr = await buildJiraTracker(app, `${jira.url}/`);
    const responder = await buildUser(app, { role: 'responder' });
    await homeTeamFor(app, [responder.id]);
    responderToken = await tokenFor(app, responder.id);
    incident = (await buildIncident(app, { from: 'declared', severity: 'SEV2', title: 'Checkout errors' }))
      .incident;
  });
  after(async () => {
    await Promise.all([github.close(), jira.close(), failing.close()]);
  });

  const newItem = async (title: string) => {
    const res = await api<ActionItemView>(
      server().app,
      'POST',
      `/api/v1/incidents/${incident.id}/action-items`,
      {
        body: { title, description: 'Page on the **error rate**, not on latency.' },
      },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const push = (id: string, trackerId: string, token?: string) =>
    api<ActionItemView>(server().app, 'POST', `/api/v1/action-items/${id}/push`, {
      body: { tracker_id: trackerId },
      ...(token === undefined ? {} : { token }),
    });
  const item = async (id: string) =>
    (await api<ActionItemView>(server().app, 'GET', `/api/v1/action-items/${id}`)).body;
  const timeline = async () =>
    (await api<{ data: Entry[] }>(server().app, 'GET', `/api/v1/incidents/${incident.id}/timeline?limit=500`))
      .body.data;

  it('pushes to GitHub: the issue made with its token and API version, the item linked, on the timeline', async () => {
    const it0 = await newItem('Alert on checkout error rate');
    const before = github.requests.length;
    const res = await push(it0.id, gh.id, responderToken);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const req = github.requests[before]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/repos/acme/web/issues');
    assert.equal(req.headers.authorization, `Bearer ${GITHUB_TOKEN}`);
    assert.equal(req.headers.accept, 'application/vnd.github+json');
    assert.equal(req.headers['x-github-api-version'], '2022-11-28');
    const body = req.json as { title: string; body: string; labels: string[] };
    assert.equal(body.title, 'Alert on checkout error rate');
    assert.match(body.body, /^Page on the \*\*error rate\*\*, not on latency\./);
    assert.match(
      body.body,
      new RegExp(`\\[${incident.ref}: Checkout errors\\]\\(http.*/incidents/${incident.ref}\\)`),
    );
    assert.deepEqual(body.labels, ['incident-follow-up']);
    assert.deepEqual(res.body.tracker, {
      kind: 'github',
      key: `acme/web#${issues}`,
      url: `https://github.com/acme/web/issues/${issues}`,
      state: 'open',
    });
    assert.deepEqual((await item(it0.id)).tracker, res.body.tracker);
    const pushed = (await timeline()).filter((e) => e.kind === 'action_item_pushed');
    assert.ok(pushed.some((e) => e.message.includes(`as acme/web#${issues}`)));
    assert.deepEqual(await auditActions(server().app, 'action_item', it0.id), [
      'action_item.create',
      'action_item.push',
    ]);

    const again = await push(it0.id, jr.id);
    assert.equal(again.status, 409);
    assert.match(message(again), new RegExp(`already pushed, as acme/web#${issues}`));
    assert.equal(github.requests.length, before + 1, 'no second issue');
  });

  it('pushes to Jira with basic auth and the fields of REST v2; the link is the site /browse/KEY', async () => {
    const it0 = await newItem('Add a runbook for the payment provider');
    const res = await push(it0.id, jr.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const req = jira.requests.at(-1)!;
    assert.equal(req.path, '/rest/api/2/issue');
    const basic = Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString('base64');
    assert.equal(req.headers.authorization, `Basic ${basic}`);
    const fields = (req.json as { fields: Record<string, unknown> }).fields;
    assert.deepEqual(fields.project, { key: 'OPS' });
    assert.equal(fields.summary, 'Add a runbook for the payment provider');
    assert.deepEqual(fields.issuetype, { name: 'Task' });
    assert.match(String(fields.description), new RegExp(incident.ref));
    assert.deepEqual(res.body.tracker, {
      kind: 'jira',
      key: `OPS-${tickets}`,
      url: `${jira.url}/browse/OPS-${tickets}`,
      state: 'open',
    });
  });

  it('two pushes at once make one issue: the other answers 409 while the first is under way', async () => {
    const { app } = server();
    const slow = await startHttpReceiver({
      respond: () => ({
        status: 201,
        body: { number: 1, html_url: 'https://github.com/acme/web/issues/1', state: 'open' },
        delayMs: 300,
      }),
    });
    try {
      const t = await buildGithubTracker(app, slow.url);
      const it0 = await newItem('Cache the price list');
      const answers = await Promise.all([push(it0.id, t.id), push(it0.id, t.id)]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
      assert.match(message(answers.find((a) => a.status === 409)!), /being pushed|already pushed/);
      assert.equal(slow.requests.length, 1);
    } finally {
      await slow.close();
    }
  });

  it("answers 502 naming the tracker's message when it fails, and the item can be pushed again", async () => {
    const { app } = server();
    const broken = await buildGithubTracker(app, failing.url);
    const it0 = await newItem('Rotate the leaked key');
    const res = await push(it0.id, broken.id);
    assert.equal(res.status, 502, JSON.stringify(res.body));
    assert.equal((res.body as unknown as { error: { code: string } }).error.code, 'tracker_error');
    assert.match(message(res), /^GitHub \(.*\) answered 401: Bad credentials$/);
    assert.ok(!message(res).includes(GITHUB_TOKEN));
    assert.equal((await item(it0.id)).tracker, null);

    const closed = await startHttpReceiver();
    const unreachable = await buildGithubTracker(app, closed.url);
    await closed.close();
    const down = await push(it0.id, unreachable.id);
    assert.equal(down.status, 502);
    assert.match(message(down), /could not be reached: network error: ECONNREFUSED/);

    assert.equal((await push(it0.id, gh.id)).status, 200, 'the failed pushes released the item');
    assert.deepEqual(await auditActions(app, 'action_item', it0.id), [
      'action_item.create',
      'action_item.push_failed',
      'action_item.push_failed',
      'action_item.push',
    ]);
  });

  it('GitHub webhooks: closed -> done, reopened -> open, closed as not planned -> wont_do, as the tracker', async () => {
    const { app } = server();
    const it0 = await newItem('Load-test checkout');
    const pushed = (await push(it0.id, gh.id)).body.tracker!;
    const number = Number(pushed.key.split('#')[1]);
    const event = (action: string, stateReason: string | null) => ({
      action,
      issue: { number, state: action === 'closed' ? 'closed' : 'open', state_reason: stateReason },
      repository: { full_name: 'Acme/Web' },
    });

    const closed = await postTrackerWebhook(app, gh, gh.webhook_secret, event('closed', 'completed'));
    assert.deepEqual(closed, {
      status: 200,
      body: { matched: true, action_item_id: it0.id, status: 'done' },
    });
    const done = await item(it0.id);
    assert.equal(done.status, 'done');
    assert.equal(done.tracker?.state, 'closed');
    assert.ok(done.completed_at !== null);

    assert.equal(
      (await postTrackerWebhook(app, gh, gh.webhook_secret, event('reopened', 'reopened'))).status,
      200,
    );
    assert.equal((await item(it0.id)).status, 'open');
    await postTrackerWebhook(app, gh, gh.webhook_secret, event('closed', 'not_planned'));
    assert.equal((await item(it0.id)).status, 'wont_do');
    await postTrackerWebhook(app, gh, gh.webhook_secret, event('reopened', 'reopened'));
    await postTrackerWebhook(app, gh, gh.webhook_secret, event('closed', 'duplicate'));
    assert.equal((await item(it0.id)).status, 'wont_do', 'closed as a duplicate: not done');

    const entries = (await timeline()).filter((e) => e.kind === 'action_item_status');
    assert.ok(entries.some((e) => e.message.startsWith(`ticket tracker ${gh.name} completed`)));
    assert.ok(entries.some((e) => e.message.startsWith(`ticket tracker ${gh.name} won't do`)));
    const audit = await api<{ data: { action: string; actor: { name: string } }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=action_item&target_id=${it0.id}`,
    );
    const moves = audit.body.data.filter((e) => e.action === 'action_item.status');
    assert.equal(moves.length, 5);
    assert.ok(
      moves.every((e) => JSON.stringify(e).includes(`ticket tracker ${gh.name}`)),
      JSON.stringify(moves[0]),
    );

    const other = await postTrackerWebhook(app, gh, gh.webhook_secret, {
      ...event('closed', null),
      issue: { number: 99999 },
    });
    assert.deepEqual(other, { status: 202, body: { matched: false } });
    const ping = await postTrackerWebhook(app, gh, gh.webhook_secret, { zen: 'hi' }, { event: 'ping' });
    assert.deepEqual(ping, { status: 202, body: { matched: false } });
  });

  it('Jira webhooks: status category done -> done, indeterminate -> in_progress, new -> open', async () => {
    const { app } = server();
    const it0 = await newItem('Document the failover');
    const key = (await push(it0.id, jr.id)).body.tracker!.key;
    const event = (category: string, name: string, changed = 'status') => ({
      webhookEvent: 'jira:issue_updated',
      issue: { key, fields: { status: { name, statusCategory: { key: category, name } } } },
      changelog: { id: '1', items: [{ field: changed, fromString: 'x', toString: name }] },
    });
    assert.equal(
      (await postTrackerWebhook(app, jr, jr.webhook_secret, event('indeterminate', 'In Progress'))).status,
      200,
    );
    assert.equal((await item(it0.id)).status, 'in_progress');
    await postTrackerWebhook(app, jr, jr.webhook_secret, event('done', 'Done'));
    const done = await item(it0.id);
    assert.equal(done.status, 'done');
    assert.equal(done.tracker?.state, 'Done');
    await postTrackerWebhook(app, jr, jr.webhook_secret, event('new', 'To Do'));
    assert.equal((await item(it0.id)).status, 'open');

    // Done in Tocsin; then someone edits the ticket's description, its status untouched.
    await api(app, 'POST', `/api/v1/action-items/${it0.id}/status`, { body: { status: 'done' } });
    const edited = await postTrackerWebhook(app, jr, jr.webhook_secret, event('new', 'To Do', 'description'));
    assert.deepEqual(edited, { status: 202, body: { matched: false } });
    // A comment is an issue_updated without a changelog: it moves nothing either.
    const { changelog: _, ...commented } = event('new', 'To Do');
    const comment = await postTrackerWebhook(app, jr, jr.webhook_secret, commented);
    assert.deepEqual(comment, { status: 202, body: { matched: false } });
    assert.equal((await item(it0.id)).status, 'done');
  });

  it('a bad or missing signature answers 401 and changes nothing; an unknown tracker 404', async () => {
    const { app } = server();
    const it0 = await newItem('Add a canary');
    const number = Number((await push(it0.id, gh.id)).body.tracker!.key.split('#')[1]);
    const payload = {
      action: 'closed',
      issue: { number, state_reason: 'completed' },
      repository: { full_name: 'acme/web' },
    };
    const wrongSecret = await postTrackerWebhook(app, gh, 'not-the-secret', payload);
    assert.equal(wrongSecret.status, 401);
    const otherTrackers = await postTrackerWebhook(app, gh, jr.webhook_secret, payload);
    assert.equal(otherTrackers.status, 401);
    const body = JSON.stringify(payload);
    const res = await app.inject({
      method: 'POST',
      url: `/webhooks/ticket-trackers/${gh.id}`,
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues' },
      payload: body,
    });
    assert.equal(res.statusCode, 401, 'unsigned');
    // Signed over other bytes than were sent (a re-serialised body does not pass).
    const reformatted = await postTrackerWebhook(app, gh, gh.webhook_secret, payload, {
      signature: hubSignature(gh.webhook_secret, JSON.stringify(payload, null, 2)),
    });
    assert.equal(reformatted.status, 401);
    assert.equal((await item(it0.id)).status, 'open');
    const unknown = await postTrackerWebhook(
      app,
      // Shaped like an id, so it is looked up, and not there.
      { id: 'trk_01M8VA0EG0N84GXVHFJEA5ZVJH', kind: 'github' },
      gh.webhook_secret,
      payload,
    );
    assert.equal(unknown.status, 404);
  });

  it('answers 403 to viewers and to responders who may not edit the item, and pushes nothing', async () => {
    const { app } = server();
    const it0 = await newItem('Review the alert thresholds');
    const outsider = await buildUser(app, { role: 'responder' });
    const sent = github.requests.length;
    assert.equal((await push(it0.id, gh.id, await viewerToken(app))).status, 403);
    assert.equal((await push(it0.id, gh.id, await tokenFor(app, outsider.id))).status, 403);
    assert.equal(github.requests.length, sent);
    const unknown = await push(it0.id, 'trk_nope');
    assert.equal(unknown.status, 400);
    assert.match(message(unknown), /^body\.tracker_id: ticket tracker "trk_nope" not found/);
  });
});
