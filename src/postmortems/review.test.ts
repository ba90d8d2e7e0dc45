import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildIncident, buildUser, homeTeamFor, tokenFor } from '../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../test/harness.ts';
import type { IncidentView } from '../incidents/schemas.ts';
import type { App } from '../platform/http/app.ts';
import type { PostmortemView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string; allowed_transitions?: string[] } };

function post<T = PostmortemView>(app: App, url: string, body: unknown, token?: string): Promise<Answer<T>> {
  return api<T>(app, 'POST', `/api/v1${url}`, { body, ...(token === undefined ? {} : { token }) });
}

describeEachDialect('postmortem review and publish rules', (server) => {
  let owner: { id: string; name: string };
  let reviewer: { id: string; name: string };
  let ownerToken: string;
  let reviewerToken: string;

  before(async () => {
    const { app } = server();
    owner = await buildUser(app, { role: 'responder' });
    reviewer = await buildUser(app, { name: 'Rita Reviewer', role: 'responder' });
    ownerToken = await tokenFor(app, owner.id);
    reviewerToken = await tokenFor(app, reviewer.id);
    await homeTeamFor(app, [owner.id, reviewer.id]);
  });

  async function inReview(app: App, severity: 'SEV2' | 'SEV3', resolve = true) {
    const { incident } = await buildIncident(app, { from: 'declared', severity });
    if (resolve) assert.equal((await post(app, `/incidents/${incident.id}/resolve`, {})).status, 200);
    const pm = (await post(app, '/postmortems', { incident_id: incident.id, owner_id: owner.id }, ownerToken))
      .body;
    assert.equal(
      (await post(app, `/postmortems/${pm.id}/status`, { status: 'in_review' }, ownerToken)).status,
      200,
    );
    return { incident, pm };
  }

  it('an approval naming the revision read is refused once the text changed', async () => {
    const { app } = server();
    const { pm } = await inReview(app, 'SEV3');
    const asked = await post(app, `/postmortems/${pm.id}/reviewers`, { user_ids: [reviewer.id] }, ownerToken);
    const read = asked.body.revision;
    const edited = await api<PostmortemView>(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
      token: ownerToken,
      body: { title: 'Cache outage, rewritten' },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const stale = await post<ErrorBody>(
      app,
      `/postmortems/${pm.id}/approve`,
      { if_revision: read },
      reviewerToken,
    );
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    const still = await api<PostmortemView>(app, 'GET', `/api/v1/postmortems/${pm.id}`);
    assert.equal(still.body.reviewers[0]!.approved_at, null, 'the refused approval left nothing behind');
    const fresh = await post(
      app,
      `/postmortems/${pm.id}/approve`,
      { if_revision: edited.body.revision },
      reviewerToken,
    );
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    assert.notEqual(fresh.body.reviewers[0]!.approved_at, null);
  });

  it('back to draft clears approvals; approving needs the review status', async () => {
    const { app } = server();
    const { pm } = await inReview(app, 'SEV3');
    await post(app, `/postmortems/${pm.id}/reviewers`, { user_ids: [reviewer.id] }, ownerToken);
    assert.equal((await post(app, `/postmortems/${pm.id}/approve`, undefined, reviewerToken)).status, 200);
    const draft = await post(app, `/postmortems/${pm.id}/status`, { status: 'draft' }, ownerToken);
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    assert.deepEqual(
      draft.body.reviewers.map((r) => r.approved_at),
      [null],
    );
    const notInReview = await post<ErrorBody>(app, `/postmortems/${pm.id}/approve`, undefined, reviewerToken);
    assert.equal(notInReview.status, 409);
    assert.match(notInReview.body.error.message, /is draft; approvals are given while it is in_review/);
  });

  it('reviewers must be active responders; the owner publishes a SEV3 without closing it', async () => {
    const { app } = server();
    const { incident, pm } = await inReview(app, 'SEV3');
    const viewer = await buildUser(app, { role: 'viewer' });
    const bad = await post<ErrorBody>(
      app,
      `/postmortems/${pm.id}/reviewers`,
      { user_ids: [reviewer.id, viewer.id] },
      ownerToken,
    );
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^body\.user_ids\.1: .* is a viewer/);
    const published = await post(app, `/postmortems/${pm.id}/status`, { status: 'published' }, ownerToken);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const after = (await api<IncidentView>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body;
    assert.equal(after.status, 'resolved', 'a SEV3 needs no postmortem: closing stays the responders’ step');
    const late = await post<ErrorBody>(
      app,
      `/postmortems/${pm.id}/reviewers`,
      { user_ids: [reviewer.id] },
      ownerToken,
    );
    assert.equal(late.status, 409);
  });

  it('an admin publishes without the approvals; nobody publishes before the incident resolves', async () => {
    const { app } = server();
    const open = await inReview(app, 'SEV2', false);
    const early = await post<ErrorBody>(app, `/postmortems/${open.pm.id}/status`, { status: 'published' });
    assert.equal(early.status, 409);
    assert.match(early.body.error.message, /is triggered: resolve it before publishing its postmortem/);

    const { incident, pm } = await inReview(app, 'SEV2');
    await post(app, `/postmortems/${pm.id}/reviewers`, { user_ids: [reviewer.id] }, ownerToken);
    const byAdmin = await post(app, `/postmortems/${pm.id}/status`, { status: 'published' });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    assert.equal(byAdmin.body.reviewers[0]!.approved_at, null);
    assert.equal(
      (await api<IncidentView>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body.status,
      'closed',
    );
  });

  it('a postmortem whose incident the alerts resolved gets its due date with its next change', async () => {
    const { app } = server();
    const built = await buildIncident(app, { alertSeverity: 'critical' });
    assert.equal(built.incident.severity, 'SEV2');
    const pm = (await post(app, '/postmortems', { incident_id: built.incident.id, time_zone: 'UTC' })).body;
    assert.equal(pm.due_at, null);
    const resolved = await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: { routing_key: built.integration!.key, event_action: 'resolve', dedup_key: built.dedupKey },
    });
    assert.equal(resolved.status, 202);
    const incident = (await api<IncidentView>(app, 'GET', `/api/v1/incidents/${built.incident.id}`)).body;
    assert.equal(incident.status, 'resolved');
    const edited = await api<PostmortemView>(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
      body: { tags: ['x'] },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const resolvedAt = Date.parse(incident.resolved_at!);
    const days = (Date.parse(edited.body.due_at!) - resolvedAt) / 86_400_000;
    assert.ok(
      days >= 5 && days <= 7,
      `due ${edited.body.due_at} is five business days after ${incident.resolved_at}`,
    );
  });
});
