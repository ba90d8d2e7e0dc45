import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { App } from '../platform/http/app.ts';
import type { IncidentView, TimelineEntryView } from '../incidents/schemas.ts';
import type { PostmortemView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string; allowed_transitions?: string[] } };

// A Wednesday: five business days later is the next Wednesday.
const START = Date.parse('2026-11-25T10:00:00Z');
const MINUTE = 60_000;
let clock: Clock & { advance(ms: number): void };

function post<T = PostmortemView>(app: App, url: string, body: unknown, token?: string): Promise<Answer<T>> {
  return api<T>(app, 'POST', `/api/v1${url}`, { body, ...(token === undefined ? {} : { token }) });
}

async function timeline(app: App, incidentId: string): Promise<TimelineEntryView[]> {
  return (
    await api<{ data: TimelineEntryView[] }>(app, 'GET', `/api/v1/incidents/${incidentId}/timeline?limit=500`)
  ).body.data;
}

describeEachDialect(
  'postmortems: create, edit, review, publish',
  (server) => {
    let alice: { id: string; name: string };
    let bob: { id: string; name: string };
    let carol: { id: string; name: string };
    let aliceToken: string;
    let bobToken: string;
    let carolToken: string;

    before(async () => {
      const { app } = server();
      alice = await buildUser(app, { name: 'Alice Owner', role: 'responder', time_zone: 'Europe/Paris' });
      bob = await buildUser(app, { name: 'Bob Reviewer', role: 'responder' });
      carol = await buildUser(app, { name: 'Carol Responder', role: 'responder' });
      aliceToken = await tokenFor(app, alice.id);
      bobToken = await tokenFor(app, bob.id);
      carolToken = await tokenFor(app, carol.id);
      await homeTeamFor(app, [alice.id, bob.id, carol.id]);
    });

    /** A declared incident with alice as its commander. */
    async function incident(app: App, severity: 'SEV1' | 'SEV2' | 'SEV3' = 'SEV1'): Promise<IncidentView> {
      const { incident } = await buildIncident(app, { from: 'declared', severity, token: aliceToken });
      const res = await api(app, 'PUT', `/api/v1/incidents/${incident.id}/roles/commander`, {
        body: { user_id: alice.id },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return incident;
    }

    it('a SEV1 walk-through: drafted from the template, reviewed, published, and the incident closes', async () => {
      const { app } = server();
      const inc = await incident(app);
      const created = await post(app, '/postmortems', { incident_id: inc.ref }, carolToken);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const pm = created.body;
      assert.equal(pm.status, 'draft');
      assert.equal(pm.incident.id, inc.id);
      assert.equal(pm.title, `${inc.ref}: ${inc.title}`);
      assert.deepEqual(pm.owner, { id: alice.id, name: alice.name }, 'the commander owns it');
      assert.equal(pm.time_zone, 'Europe/Paris', "the commander's time zone");
      assert.equal(pm.due_at, null, 'not due before the incident resolves');
      assert.deepEqual(
        pm.sections.map((s) => s.key),
        [
          'summary',
          'impact',
          'timeline',
          'root_cause',
          'contributing_factors',
          'detection',
          'response',
          'resolution',
          'went_well',
          'went_poorly',
          'lucky',
          'action_items',
          'lessons',
        ],
      );
      assert.deepEqual(pm.allowed_transitions, ['in_review']);
      const again = await post<ErrorBody>(app, '/postmortems', { incident_id: inc.id });
      assert.equal(again.status, 409);
      assert.match(
        again.body.error.message,
        new RegExp(`${inc.ref} already has a postmortem \\(${pm.id}\\)`),
      );
      assert.equal((await api(app, 'GET', `/api/v1/incidents/${inc.ref}/postmortem`)).body.id, pm.id);

      // Resolving starts the clock: five business days in the postmortem's zone.
      clock.advance(30 * MINUTE);
      assert.equal((await post(app, `/incidents/${inc.id}/resolve`, {}, aliceToken)).status, 200);
      const resolved = (await api<PostmortemView>(app, 'GET', `/api/v1/postmortems/${pm.id}`)).body;
      assert.equal(resolved.due_at, '2026-12-02T10:30:00.000Z');

      // Illegal moves name the allowed ones.
      const skip = await post<ErrorBody>(
        app,
        `/postmortems/${pm.id}/status`,
        { status: 'published' },
        aliceToken,
      );
      assert.equal(skip.status, 409);
      assert.deepEqual(skip.body.error.allowed_transitions, ['in_review']);
      assert.match(
        skip.body.error.message,
        /is draft; it cannot move to published; it can move to: in_review/,
      );

      const review = await post(app, `/postmortems/${pm.id}/status`, { status: 'in_review' }, carolToken);
      assert.equal(review.status, 200, JSON.stringify(review.body));
      assert.deepEqual(review.body.allowed_transitions, ['draft', 'published']);
      const asked = await post(app, `/postmortems/${pm.id}/reviewers`, { user_ids: [bob.id] }, aliceToken);
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      assert.deepEqual(
        asked.body.reviewers.map((r) => [r.user.name, r.approved_at]),
        [[bob.name, null]],
      );

      const early = await post<ErrorBody>(
        app,
        `/postmortems/${pm.id}/status`,
        { status: 'published' },
        aliceToken,
      );
      assert.equal(early.status, 409);
      assert.match(early.body.error.message, /waiting for approval from: Bob Reviewer/);
      const notReviewer = await post<ErrorBody>(app, `/postmortems/${pm.id}/approve`, undefined, carolToken);
      assert.equal(notReviewer.status, 403);
      const approved = await post(app, `/postmortems/${pm.id}/approve`, undefined, bobToken);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.notEqual(approved.body.reviewers[0]!.approved_at, null);

      const notPublisher = await post<ErrorBody>(
        app,
        `/postmortems/${pm.id}/status`,
        { status: 'published' },
        carolToken,
      );
      assert.equal(notPublisher.status, 403);
      assert.match(notPublisher.body.error.message, /owner, the commander .* and admins/);

      clock.advance(MINUTE);
      const published = await post(app, `/postmortems/${pm.id}/status`, { status: 'published' }, aliceToken);
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.equal(published.body.status, 'published');
      assert.equal(published.body.published_by?.id, alice.id);
      assert.deepEqual(published.body.allowed_transitions, []);
      const closed = (await api<IncidentView>(app, 'GET', `/api/v1/incidents/${inc.id}`)).body;
      assert.equal(closed.status, 'closed', 'publishing closed the SEV1');

      const kinds = (await timeline(app, inc.id)).map((e) => e.kind);
      for (const kind of ['postmortem_created', 'postmortem_in_review', 'postmortem_published', 'closed']) {
        assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(', ')}`);
      }
      const final = await post<ErrorBody>(
        app,
        `/postmortems/${pm.id}/status`,
        { status: 'draft' },
        aliceToken,
      );
      assert.equal(final.status, 409);
      assert.deepEqual(final.body.error.allowed_transitions, []);
      assert.deepEqual(await auditActions(app, 'postmortem', pm.id), [
        'postmortem.create',
        'postmortem.in_review',
        'postmortem.reviewers.request',
        'postmortem.approve',
        'postmortem.publish',
      ]);
      assert.deepEqual((await auditActions(app, 'incident', inc.id)).slice(-1), ['incident.close']);
    });

    it('edits the text without touching the timeline; stale revisions and bad fields are refused', async () => {
      const { app } = server();
      const inc = await incident(app, 'SEV2');
      const pm = (await post(app, '/postmortems', { incident_id: inc.id, time_zone: 'UTC' }, aliceToken))
        .body;
      const entries = (await timeline(app, inc.id)).length;
      const sections = pm.sections.map((s) =>
        s.key === 'summary' ? { ...s, body: 'The cache fell over.' } : s,
      );
      const edited = await api<PostmortemView>(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
        token: aliceToken,
        body: { title: 'Cache outage', sections, tags: ['cache', 'db'], if_revision: pm.revision },
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.title, 'Cache outage');
      assert.equal(edited.body.sections[0]!.body, 'The cache fell over.');
      assert.deepEqual(edited.body.tags, ['cache', 'db']);
      assert.equal(edited.body.revision, pm.revision + 1);
      assert.equal((await timeline(app, inc.id)).length, entries, 'editing writes nothing on the timeline');

      const stale = await api<ErrorBody>(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
        token: aliceToken,
        body: { title: 'Older', if_revision: pm.revision },
      });
      assert.equal(stale.status, 409);
      assert.match(stale.body.error.message, /changed since revision/);

      const cases: [Record<string, unknown>, RegExp][] = [
        [{ title: '' }, /^body\.title/],
        [{ title: '   ' }, /^body\.title/],
        [{ due_at: new Date(START - MINUTE).toISOString() }, /^body\.due_at: .* is in the past/],
        [{ owner_id: 'usr_01JAAAAAAAAAAAAAAAAAAAAAAA' }, /^body\.owner_id: no active user/],
        [{ time_zone: 'Mars/Olympus' }, /^body\.time_zone: unknown time zone/],
        [{ sections: [sections[0], sections[0]] }, /^body\.sections\.1\.key: "summary" appears twice/],
      ];
      for (const [body, message] of cases) {
        const res = await api<ErrorBody>(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
          token: aliceToken,
          body,
        });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error.message, message);
      }
      const due = new Date(clock.now() + 3 * 24 * 60 * MINUTE).toISOString();
      const set = await api<PostmortemView>(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
        token: aliceToken,
        body: { due_at: due, owner_id: bob.id },
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(set.body.due_at, due);
      assert.equal(set.body.owner?.id, bob.id);

      const viewer = await viewerToken(app);
      const read = await api(app, 'GET', `/api/v1/postmortems/${pm.id}`, { token: viewer });
      assert.equal(read.status, 200);
      const write = await api(app, 'PATCH', `/api/v1/postmortems/${pm.id}`, {
        token: viewer,
        body: { title: 'x' },
      });
      assert.equal(write.status, 403);
      assert.equal(
        (await post(app, '/postmortems', { incident_id: (await incident(app)).id }, viewer)).status,
        403,
      );
    });

    it('a required postmortem gates closing; an admin waiver with a reason lets it close', async () => {
      const { app } = server();
      const inc = await incident(app, 'SEV2');
      await post(app, `/incidents/${inc.id}/resolve`, {}, aliceToken);
      const refused = await post<ErrorBody>(app, `/incidents/${inc.id}/close`, {}, aliceToken);
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, /publish its postmortem, have an admin waive it/);

      const byResponder = await post(
        app,
        `/incidents/${inc.id}/postmortem/waive`,
        { reason: 'dup' },
        aliceToken,
      );
      assert.equal(byResponder.status, 403);
      const noReason = await post<ErrorBody>(app, `/incidents/${inc.id}/postmortem/waive`, { reason: ' ' });
      assert.equal(noReason.status, 400);
      assert.match(noReason.body.error.message, /^body\.reason/);
      const waived = await post<IncidentView>(app, `/incidents/${inc.id}/postmortem/waive`, {
        reason: 'A test of the paging path, no customer impact',
      });
      assert.equal(waived.status, 200, JSON.stringify(waived.body));
      assert.equal(waived.body.postmortem_waived_reason, 'A test of the paging path, no customer impact');
      const entry = (await timeline(app, inc.id)).find((e) => e.kind === 'postmortem_waived');
      assert.match(entry?.message ?? '', /waived by .*: A test of the paging path/);
      assert.equal((await post(app, `/incidents/${inc.id}/close`, {}, aliceToken)).status, 200);
      assert.deepEqual((await auditActions(app, 'incident', inc.id)).slice(-2), [
        'incident.postmortem_waive',
        'incident.close',
      ]);
    });

    it("a merged incident's postmortem is its survivor's", async () => {
      const { app } = server();
      const survivor = await incident(app, 'SEV3');
      const merged = await incident(app, 'SEV3');
      const res = await post(
        app,
        `/incidents/${survivor.id}/merge`,
        { incident_ids: [merged.id] },
        aliceToken,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const refused = await post<ErrorBody>(app, '/postmortems', { incident_id: merged.id }, aliceToken);
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, new RegExp(`merged into ${survivor.ref}`));
      const pm = (await post(app, '/postmortems', { incident_id: survivor.id }, aliceToken)).body;
      const viaMerged = await api<PostmortemView>(app, 'GET', `/api/v1/incidents/${merged.id}/postmortem`);
      assert.equal(viaMerged.body.id, pm.id);
      assert.equal(
        (await api(app, 'GET', `/api/v1/incidents/${(await incident(app)).id}/postmortem`)).status,
        404,
      );
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
