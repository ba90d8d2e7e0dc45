import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  auditActions,
  buildEscalationPolicy,
  buildIncident,
  buildNotificationRule,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';

type App = Parameters<typeof api>[0];
type Incident = { id: string; ref: string; status: string };
type Err = { error: { code: string; message: string } };
type Notification = { user_id: string; channel: string; status: string };

const MINUTE = 60_000;
let clock: Clock & { advance(ms: number): void };
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'incident responder actions',
  (server) => {
    const drain = () => server().tocsin.engine.drain();
    const pagesTo = (u: { hookPath: string }) =>
      receiver.requests.filter((r) => r.path === u.hookPath).length;
    let token: string;

    /** A responder paged by webhook at once, and by Slack `slackAfter` minutes later when given. */
    async function person(app: App, slackAfter?: number) {
      const name = uniqueName('p').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [
          { type: 'webhook', address: `${receiver.url}/${name}/webhook` },
          { type: 'slack', address: `${receiver.url}/${name}/slack` },
        ],
      });
      const [hook, slack] = user.contact_methods as { id: string }[];
      await buildNotificationRule(app, user.id, hook!.id);
      if (slackAfter !== undefined) {
        await buildNotificationRule(app, user.id, slack!.id, { delay_minutes: slackAfter });
      }
      return { id: user.id, hookPath: `/${name}/webhook`, slackPath: `/${name}/slack` };
    }

    const levels = (...users: { id: string }[]) =>
      users.map((u) => ({ delay_minutes: 30, targets: [{ type: 'user', id: u.id }] }));

    /** A new incident on a service with `policy` (none when null), after the engine's first pass. */
    async function incidentWith(app: App, policy: Record<string, unknown> | null): Promise<Incident> {
      const { incident } = await buildIncident(app, policy === null ? {} : { policy });
      await drain();
      return incident;
    }

    const act = <T = Incident>(app: App, incident: Incident, verb: string, body: unknown = {}, t = token) =>
      api<T>(app, 'POST', `/api/v1/incidents/${incident.id}/${verb}`, { body, token: t });

    const statusOf = async (app: App, incident: Incident) =>
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body.status;

    const timeline = async (app: App, incident: Incident) =>
      (
        await api<{ data: { kind: string }[] }>(
          app,
          'GET',
          `/api/v1/incidents/${incident.id}/timeline?limit=500`,
        )
      ).body.data.map((e) => e.kind);

    before(async () => {
      const { app } = server();
      const responder = await buildUser(app, { role: 'responder' });
      token = await tokenFor(app, responder.id);
      await homeTeamFor(app, [responder.id]);
    });

    it('escalate pages the next level at once, and again goes further; exhausted needs a level', async () => {
      const { app } = server();
      const [alice, bob, carol] = [await person(app), await person(app), await person(app)];
      const incident = await incidentWith(app, { levels: levels(alice, bob, carol) });
      assert.deepEqual([pagesTo(alice), pagesTo(bob)], [1, 0]);

      const first = await api(app, 'POST', `/api/v1/incidents/${incident.ref}/escalate`, { token });
      assert.equal(first.status, 200, `no body at all is fine: ${JSON.stringify(first.body)}`);
      await drain();
      assert.equal(pagesTo(bob), 1, 'level 2 paged without waiting out 30 minutes');
      assert.equal(pagesTo(carol), 0);

      assert.equal((await act(app, incident, 'escalate')).status, 200);
      await drain();
      assert.deepEqual([pagesTo(alice), pagesTo(bob), pagesTo(carol)], [1, 1, 1]);

      const none = await act<Err>(app, incident, 'escalate');
      assert.equal(none.status, 409, 'every level has fired');
      assert.match(none.body.error.message, /every level.*give a level/);
      assert.equal((await act(app, incident, 'escalate', { level: 1 })).status, 200);
      await drain();
      assert.equal(pagesTo(alice), 2, 'a given level pages again');

      const kinds = (await timeline(app, incident)).filter((k) => k !== 'notified');
      assert.deepEqual(kinds, [
        'triggered',
        'escalated',
        'escalation_requested',
        'escalated',
        'escalation_requested',
        'escalated',
        'policy_exhausted',
        'escalation_requested',
        'escalated',
      ]);
      const actions = await auditActions(app, 'incident', incident.id);
      assert.equal(actions.filter((a) => a === 'incident.escalate').length, 3);
    });

    it('escalate re-triggers an acknowledged incident; a level out of range is 400; no policy is 409', async () => {
      const { app } = server();
      const [alice, bob] = [await person(app), await person(app)];
      const incident = await incidentWith(app, { levels: levels(alice, bob) });
      assert.equal((await act(app, incident, 'acknowledge')).status, 200);

      const bad = await act<Err>(app, incident, 'escalate', { level: 3 });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /^level: .* has 2 levels; give 1 to 2/);
      assert.equal((await act<Err>(app, incident, 'escalate', { level: 0 })).status, 400);
      assert.equal(await statusOf(app, incident), 'acknowledged', 'a refused escalation changes nothing');

      const ok = await act(app, incident, 'escalate', { level: 2 });
      assert.equal(ok.body.status, 'triggered');
      await drain();
      assert.equal(pagesTo(bob), 1);

      const bare = await incidentWith(app, null);
      const conflict = await act<Err>(app, bare, 'escalate');
      assert.equal(conflict.status, 409);
      assert.match(conflict.body.error.message, /no escalation policy/);
    });

    it('reassign to people pages them now, cancels pending notifications and ends the old policy', async () => {
      const { app } = server();
      const [alice, bob, dave] = [await person(app, 5), await person(app), await person(app)];
      const incident = await incidentWith(app, { levels: levels(alice, bob) });
      assert.equal((await act(app, incident, 'acknowledge')).status, 200);
      const res = await act(app, incident, 'reassign', { user_ids: [dave.id] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'triggered');
      await drain();
      assert.equal(pagesTo(dave), 1);

      clock.advance(60 * MINUTE);
      await drain();
      assert.equal(receiver.requests.filter((r) => r.path === alice.slackPath).length, 0);
      assert.deepEqual([pagesTo(alice), pagesTo(bob), pagesTo(dave)], [1, 0, 1], 'people are paged once');
      const log = await api<{ data: Notification[] }>(
        app,
        'GET',
        `/api/v1/incidents/${incident.id}/notifications`,
      );
      assert.deepEqual(
        log.body.data.map((n) => `${n.user_id === dave.id ? 'dave' : 'alice'}:${n.channel}:${n.status}`),
        ['dave:webhook:sent', 'alice:slack:cancelled', 'alice:webhook:sent'],
      );
      assert.ok((await auditActions(app, 'incident', incident.id)).includes('incident.reassign'));
    });

    it('reassign to a policy restarts it at level 1; bad bodies name the field', async () => {
      const { app } = server();
      const [alice, carol, erin] = [await person(app), await person(app), await person(app)];
      const incident = await incidentWith(app, { levels: levels(alice) });
      const other = await buildEscalationPolicy(app, { levels: levels(carol, erin) });
      assert.equal((await act(app, incident, 'reassign', { escalation_policy_id: other.id })).status, 200);
      await drain();
      assert.deepEqual([pagesTo(carol), pagesTo(erin)], [1, 0]);
      clock.advance(30 * MINUTE);
      await drain();
      assert.equal(pagesTo(erin), 1, "the new policy's level 2 follows its delay");
      assert.equal((await act(app, incident, 'reassign', { escalation_policy_id: other.id })).status, 200);
      await drain();
      assert.deepEqual(
        [pagesTo(alice), pagesTo(carol), pagesTo(erin)],
        [1, 2, 1],
        'the same policy starts over',
      );
      assert.equal((await timeline(app, incident)).filter((k) => k === 'reassigned').length, 2);

      const cases: [unknown, RegExp][] = [
        [{}, /^user_ids: give exactly one/],
        [{ user_ids: [alice.id], escalation_policy_id: other.id }, /^user_ids: give exactly one/],
        [{ user_ids: [alice.id, 'usr_nobody'] }, /^user_ids\.1: no user "usr_nobody"/],
        [{ escalation_policy_id: 'esc_nope' }, /^escalation_policy_id: no escalation policy/],
        [{ user_ids: [] }, /user_ids/],
      ];
      for (const [body, message] of cases) {
        const res = await act<Err>(app, incident, 'reassign', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error.message, message);
      }
    });

    it('snooze: 409 unless acknowledged; no page until it ends (even past the ack timeout), then re-triggered', async () => {
      const { app } = server();
      const alice = await person(app);
      const incident = await incidentWith(app, { levels: levels(alice), ack_timeout_minutes: 10 });
      const early = await act<Err>(app, incident, 'snooze', { minutes: 30 });
      assert.equal(early.status, 409);
      assert.match(early.body.error.message, /is triggered; only an acknowledged incident can be snoozed/);

      await act(app, incident, 'acknowledge');
      assert.equal((await act(app, incident, 'snooze', { minutes: 0 })).status, 400);
      assert.equal((await act(app, incident, 'snooze', { minutes: 1441 })).status, 400);
      const ok = await act(app, incident, 'snooze', { minutes: 30 });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.status, 'acknowledged');
      clock.advance(29 * MINUTE);
      await drain();
      assert.equal(pagesTo(alice), 1, 'no page during the snooze, though the ack timeout is 10 min');
      assert.equal(await statusOf(app, incident), 'acknowledged');
      clock.advance(MINUTE);
      await drain();
      assert.equal(pagesTo(alice), 2);
      assert.equal(await statusOf(app, incident), 'triggered');
      const kinds = await timeline(app, incident);
      // SEV2 wants an update every 30 minutes: the reminder falls due in the same engine pass as
      // the re-trigger, so its entry may come before or after the page's.
      assert.ok(kinds.includes('update_due'));
      assert.deepEqual(
        kinds.slice(kinds.indexOf('acknowledged')).filter((k) => k !== 'update_due'),
        [
          'acknowledged',
          'role_assigned', // the first acknowledger is commander
          'snoozed',
          'retriggered',
          'escalated',
          'policy_exhausted',
          'notified',
        ],
      );
      assert.ok((await auditActions(app, 'incident', incident.id)).includes('incident.snooze'));
    });

    it('viewers get 403 on every action; resolved incidents are 409; unknown ones 404', async () => {
      const { app } = server();
      const alice = await person(app);
      const incident = await incidentWith(app, { levels: levels(alice) });
      const viewer = await viewerToken(app);
      const bodies: [string, unknown][] = [
        ['escalate', {}],
        ['reassign', { user_ids: [alice.id] }],
        ['snooze', { minutes: 5 }],
      ];
      for (const [verb, body] of bodies) {
        assert.equal((await act(app, incident, verb, body, viewer)).status, 403, verb);
      }
      await act(app, incident, 'resolve');
      for (const [verb, body] of bodies) {
        assert.equal((await act(app, incident, verb, body)).status, 409, verb);
        const missing = await api(app, 'POST', `/api/v1/incidents/INC-999999/${verb}`, { body, token });
        assert.equal(missing.status, 404, verb);
      }
      assert.equal(await statusOf(app, incident), 'resolved');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), ['incident.resolve']);
    });
  },
  { clock: () => (clock = fixedClock(Date.parse('2026-11-25T10:00:00Z'))) },
);
