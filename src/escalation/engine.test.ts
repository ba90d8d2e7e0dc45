import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildSchedule,
  buildTeam,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { verifyWebhookSignature } from '../notify/signature.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import { MINUTE } from './core.ts';

type App = Parameters<typeof api>[0];
type TestClock = Clock & { advance(ms: number): void };

let clock: TestClock;
let receiver: HttpReceiver;
/** Paths answered 500 (to exercise retries and fall-through). */
const failing = new Set<string>();

before(async () => {
  receiver = await startHttpReceiver({
    respond: (r) => (failing.has(r.path) ? { status: 500, body: 'down' } : { status: 200 }),
  });
});
after(() => receiver.close());

describeEachDialect(
  'escalation engine',
  (server) => {
    const engine = () => server().tocsin.engine;
    const db = () => server().tdb.db;
    const sent = (path: string) => receiver.requests.filter((r) => r.path === path);

    /** A user whose pages go to `receiver.url/<name>` by webhook at once, then Slack-shaped at `slackAfter`. */
    async function responder(app: App, opts: { slackAfter?: number } = {}) {
      const name = uniqueName('r').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [
          { type: 'webhook', address: `${receiver.url}/${name}/webhook` },
          { type: 'slack', address: `${receiver.url}/${name}/slack` },
        ],
      });
      const methods = user.contact_methods as { id: string; type: string }[];
      const hook = methods.find((m) => m.type === 'webhook');
      const slack = methods.find((m) => m.type === 'slack');
      await buildNotificationRule(app, user.id, hook!.id, { delay_minutes: 0 });
      if (opts.slackAfter !== undefined) {
        await buildNotificationRule(app, user.id, slack!.id, { delay_minutes: opts.slackAfter });
      }
      return { ...user, hookPath: `/${name}/webhook`, slackPath: `/${name}/slack` };
    }

    async function serviceWith(app: App, policy: Record<string, unknown>) {
      const p = await buildEscalationPolicy(app, policy);
      const service = await buildService(app, { escalation_policy_id: p.id });
      const int = await buildIntegration(app, 'events-v2', {}, service.id);
      return { policy: p, service, key: int.key };
    }

    async function trigger(
      app: App,
      key: string,
      dedup = uniqueName('d'),
      extra: Record<string, unknown> = {},
    ) {
      const res = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: dedup,
          payload: {
            summary: `Disk full on ${dedup}`,
            source: 'db-1',
            severity: 'critical',
            custom_details: { runbook_url: 'https://runbooks.example/disk' },
          },
          ...extra,
        },
      });
      assert.equal(res.status, 202);
      const alert = await db()
        .selectFrom('alerts')
        .select('incident_id')
        .where('dedup_key', '=', dedup)
        .executeTakeFirstOrThrow();
      return alert.incident_id!;
    }

    const timeline = async (incidentId: string) =>
      (
        await db()
          .selectFrom('incident_timeline')
          .select(['kind', 'message'])
          .where('incident_id', '=', incidentId)
          .orderBy('id')
          .execute()
      ).map((t) => t.kind);

    it('pages level 1 at once by each rule in turn, escalates to level 2 after its delay, then stops', async () => {
      const { app } = server();
      const alice = await responder(app, { slackAfter: 2 });
      const bob = await responder(app);
      const { key } = await serviceWith(app, {
        levels: [
          { delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] },
          { delay_minutes: 5, targets: [{ type: 'user', id: bob.id }] },
        ],
      });
      const incident = await trigger(app, key);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 1);
      assert.equal(sent(alice.slackPath).length, 0, 'slack rule is 2 minutes later');
      assert.equal(sent(bob.hookPath).length, 0);

      const page = sent(alice.hookPath)[0]!;
      const body = page.json as {
        event: string;
        incidents: { id: string; acknowledge_url: string; runbook_url: string }[];
      };
      assert.equal(body.event, 'incident.page');
      assert.equal(body.incidents[0]!.id, incident);
      assert.equal(body.incidents[0]!.runbook_url, 'https://runbooks.example/disk');
      assert.ok(
        verifyWebhookSignature(
          await signingSecretOf(app, alice),
          String(page.headers['tocsin-signature']),
          page.body,
          Math.floor(clock.now() / 1000),
        ),
      );
      assert.ok(page.headers['idempotency-key']);

      clock.advance(2 * MINUTE);
      await engine().drain();
      assert.equal(sent(alice.slackPath).length, 1);
      assert.equal(sent(bob.hookPath).length, 0);

      clock.advance(3 * MINUTE);
      await engine().drain();
      assert.equal(sent(bob.hookPath).length, 1, 'level 2 five minutes after level 1');

      clock.advance(60 * MINUTE);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 1);
      assert.equal(sent(bob.hookPath).length, 1);
      assert.deepEqual(await timeline(incident), [
        'triggered',
        'escalated',
        'notified',
        'notified',
        'escalated',
        'policy_exhausted',
        'notified',
        // SEV2's 30-minute update cadence passed with no update; nobody holds commander to remind.
        'update_due',
      ]);
      const attempts = await db()
        .selectFrom('notification_attempts')
        .innerJoin('notifications', 'notifications.id', 'notification_attempts.notification_id')
        .select(['notification_attempts.outcome', 'notification_attempts.response_code'])
        .where('notifications.incident_id', '=', incident)
        .execute();
      assert.equal(attempts.length, 3);
      assert.ok(attempts.every((a) => a.outcome === 'delivered' && a.response_code === 200));
    });

    /** The secret the user's webhook is signed with, read as its owner would. */
    async function signingSecretOf(app: App, user: { id: string; contact_methods: unknown[] }) {
      const hook = (user.contact_methods as { id: string; type: string }[]).find(
        (m) => m.type === 'webhook',
      )!;
      const res = await api<{ signing_secret: string }>(
        app,
        'GET',
        `/api/v1/users/${user.id}/contact-methods/${hook.id}/signing-secret`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.signing_secret;
    }

    it('acknowledgement stops escalation and cancels pending notifications; the ack link in the page works', async () => {
      const { app } = server();
      const alice = await responder(app, { slackAfter: 2 });
      const bob = await responder(app);
      const { key } = await serviceWith(app, {
        levels: [
          { delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] },
          { delay_minutes: 5, targets: [{ type: 'user', id: bob.id }] },
        ],
      });
      const incident = await trigger(app, key);
      await engine().drain();
      const page = sent(alice.hookPath)[0]!.json as { incidents: { acknowledge_url: string }[] };
      const ackPath = new URL(page.incidents[0]!.acknowledge_url).pathname;
      const res = await app.inject({ method: 'POST', url: ackPath, headers: { accept: 'application/json' } });
      assert.equal(res.statusCode, 200, res.body);
      clock.advance(30 * MINUTE);
      await engine().drain();
      // Alice, commander since she acknowledged first, is reminded of the overdue update on Slack;
      // that is the only message there.
      assert.deepEqual(
        sent(alice.slackPath).map((r) => /status update was due/.test(r.body)),
        [true],
        'the 2-minute Slack page was cancelled',
      );
      assert.equal(sent(bob.hookPath).length, 0, 'no escalation after acknowledgement');
      const statuses = await db()
        .selectFrom('notifications')
        .select('status')
        .where('incident_id', '=', incident)
        .where('kind', '=', 'page')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        statuses.map((s) => s.status),
        ['sent', 'cancelled'],
      );
      assert.deepEqual(await timeline(incident), [
        'triggered',
        'escalated',
        'notified',
        'acknowledged',
        'role_assigned',
        'update_due',
      ]);
    });

    it('resolution cancels every pending notification and ends escalation', async () => {
      const { app } = server();
      const alice = await responder(app, { slackAfter: 3 });
      const { key } = await serviceWith(app, {
        levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] }],
        repeat_count: 3,
      });
      const dedup = uniqueName('d');
      const incident = await trigger(app, key, dedup);
      await engine().drain();
      await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: { routing_key: key, event_action: 'resolve', dedup_key: dedup },
      });
      clock.advance(60 * MINUTE);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 1);
      assert.equal(sent(alice.slackPath).length, 0);
      const esc = await db()
        .selectFrom('incident_escalations')
        .selectAll()
        .where('incident_id', '=', incident)
        .executeTakeFirstOrThrow();
      assert.equal(esc.state, 'stopped');
      assert.equal(esc.due_at, null);
      assert.deepEqual(await timeline(incident), ['triggered', 'escalated', 'notified', 'resolved']);
    });

    it('skips a level whose schedule has nobody on call at once, and writes the skip to the timeline', async () => {
      const { app } = server();
      const bob = await responder(app);
      const team = (
        await api<{ id: string }>(app, 'POST', '/api/v1/teams', { body: { name: uniqueName('team') } })
      ).body;
      const schedule = (
        await api<{ id: string }>(app, 'POST', '/api/v1/schedules', {
          body: { name: uniqueName('empty'), team_id: team.id, time_zone: 'UTC' },
        })
      ).body;
      const { key } = await serviceWith(app, {
        levels: [
          { delay_minutes: 10, targets: [{ type: 'schedule', id: schedule.id }] },
          { delay_minutes: 10, targets: [{ type: 'user', id: bob.id }] },
        ],
      });
      const incident = await trigger(app, key);
      await engine().drain();
      assert.equal(sent(bob.hookPath).length, 1, 'level 2 paged without waiting out level 1');
      assert.deepEqual(await timeline(incident), [
        'triggered',
        'level_skipped',
        'escalated',
        'policy_exhausted',
        'notified',
      ]);
    });

    it('repeats the policy the configured number of times', async () => {
      const { app } = server();
      const alice = await responder(app);
      const { key } = await serviceWith(app, {
        levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] }],
        repeat_count: 2,
      });
      await trigger(app, key);
      for (let i = 0; i < 6; i++) {
        await engine().drain();
        clock.advance(5 * MINUTE);
      }
      assert.equal(sent(alice.hookPath).length, 3);
    });

    it('an acknowledgement timeout re-triggers the incident and pages from level 1 again', async () => {
      const { app } = server();
      const alice = await responder(app);
      const { key } = await serviceWith(app, {
        levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] }],
        ack_timeout_minutes: 20,
      });
      const incident = await trigger(app, key);
      await engine().drain();
      const ack = await api(app, 'POST', `/api/v1/incidents/${incident}/acknowledge`);
      assert.equal(ack.status, 200);
      clock.advance(19 * MINUTE);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 1);
      clock.advance(1 * MINUTE);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 2);
      const row = await db()
        .selectFrom('incidents')
        .select('status')
        .where('id', '=', incident)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'triggered');
      assert.deepEqual(await timeline(incident), [
        'triggered',
        'escalated',
        'policy_exhausted',
        'notified',
        'acknowledged',
        'role_assigned',
        'retriggered',
        'escalated',
        'policy_exhausted',
        'notified',
      ]);
    });

    it('retries a failing contact method with backoff, then falls through to the next one', async () => {
      const { app } = server();
      const alice = await responder(app);
      failing.add(alice.hookPath);
      const { key } = await serviceWith(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: alice.id }] }],
      });
      const incident = await trigger(app, key);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 1);
      // TOCSIN_NOTIFY_RETRY_BASE_MS=60000 with attempts=3: retries within 1 and 2 minutes.
      clock.advance(60_000);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 2);
      clock.advance(120_000);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 3);
      assert.equal(sent(alice.slackPath).length, 1, 'fell through to Slack after the third failure');
      const keys = new Set(sent(alice.hookPath).map((r) => r.headers['idempotency-key']));
      assert.equal(keys.size, 1, 'retries carry the same idempotency key');
      assert.deepEqual(await timeline(incident), [
        'triggered',
        'escalated',
        'policy_exhausted',
        'notification_failed',
        'notification_failed',
        'fell_through',
        'notified',
      ]);
      const attempts = await db()
        .selectFrom('notification_attempts')
        .innerJoin('notifications', 'notifications.id', 'notification_attempts.notification_id')
        .select([
          'notification_attempts.outcome',
          'notification_attempts.response_code',
          'notification_attempts.channel',
        ])
        .where('notifications.incident_id', '=', incident)
        .orderBy('notification_attempts.id')
        .execute();
      assert.deepEqual(
        attempts.map((a) => `${a.channel}:${a.outcome}:${a.response_code}`),
        ['webhook:failed:500', 'webhook:failed:500', 'webhook:failed:500', 'slack:delivered:200'],
      );
      failing.delete(alice.hookPath);
    });

    it('bundles pages above the throttle into one message instead of dropping them', async () => {
      const { app } = server();
      const alice = await responder(app);
      const { key } = await serviceWith(app, {
        levels: [{ delay_minutes: 60, targets: [{ type: 'user', id: alice.id }] }],
      });
      // TOCSIN_NOTIFY_THROTTLE allows 2 webhook messages per person per 10 minutes.
      await trigger(app, key);
      await trigger(app, key);
      await engine().drain();
      const incidentsIn = (r: { json?: unknown }) => (r.json as { incidents: unknown[] }).incidents.length;
      assert.deepEqual(
        sent(alice.hookPath).map(incidentsIn),
        [1, 1],
        'under the limit each page is its own message',
      );
      for (let i = 0; i < 3; i++) await trigger(app, key);
      await engine().drain();
      assert.equal(sent(alice.hookPath).length, 2, 'over the limit: held back, not sent');
      clock.advance(10 * MINUTE);
      await engine().drain();
      const all = sent(alice.hookPath);
      assert.equal(
        all.map(incidentsIn).reduce((x, y) => x + y, 0),
        5,
        'every incident reached her',
      );
      assert.equal(all.length, 4, 'the third held-back page rode in a bundle');
      assert.equal((all.at(-1)!.json as { event: string }).event, 'incident.bundle');
    });

    it('reports attempts by channel and outcome, escalation lag and open incidents at /metrics', async () => {
      const { app } = server();
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      const text = res.body;
      const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
      assert.ok(
        value(/tocsin_notification_attempts_total\{channel="webhook",outcome="delivered"\} (\d+)/) >= 10,
      );
      assert.ok(value(/tocsin_notification_attempts_total\{channel="webhook",outcome="failed"\} (\d+)/) >= 3);
      assert.ok(value(/tocsin_escalation_lag_seconds_count (\d+)/) >= 10);
      const open = await db()
        .selectFrom('incidents')
        .select('id')
        .where('status', '=', 'triggered')
        .execute();
      assert.equal(
        value(/tocsin_open_incidents\{status="triggered",urgency="high",severity="SEV2"\} (\d+)/),
        open.length,
      );
    });

    it('resolves a schedule to whoever is on call, a team to its members, round-robin to participants in turn', async () => {
      const { app } = server();
      const people = [await responder(app), await responder(app), await responder(app)];
      const team = await buildTeam(app);
      for (const p of people) await addMember(app, team.id, p.id);
      const schedule = await buildSchedule(
        app,
        team.id,
        people.map((p) => p.id),
      );
      const onCall = await api<{ data: { schedule_id: string; user_id: string }[] }>(
        app,
        'GET',
        `/api/v1/oncall?at=${new Date(clock.now()).toISOString()}&limit=500`,
      );
      const who = onCall.body.data.find((d) => d.schedule_id === schedule.id)!.user_id;
      const count = () => people.map((p) => sent(p.hookPath).length);

      const bySchedule = await serviceWith(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'schedule', id: schedule.id }] }],
      });
      await trigger(app, bySchedule.key);
      await engine().drain();
      assert.deepEqual(
        count(),
        people.map((p) => (p.id === who ? 1 : 0)),
        'only the on-call person',
      );

      const byTeam = await serviceWith(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'team', id: team.id }] }],
      });
      await trigger(app, byTeam.key);
      await engine().drain();
      assert.deepEqual(
        count(),
        people.map((p) => (p.id === who ? 2 : 1)),
        'every member',
      );

      const rr = await serviceWith(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'schedule_round_robin', id: schedule.id }] }],
      });
      const before = count();
      const order: number[] = [];
      for (let i = 0; i < 4; i++) {
        // Past the webhook throttle window (2 per 10 minutes), so every page goes out at once.
        clock.advance(11 * MINUTE);
        const was = count();
        await trigger(app, rr.key);
        await engine().drain();
        order.push(count().findIndex((n, j) => n > was[j]!));
      }
      assert.deepEqual(order, [0, 1, 2, 0], 'participants in rotation order, one per incident');
      assert.equal(count().reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0), 4);
    });
  },
  {
    clock: () => (clock = fixedClock(Date.parse('2026-11-25T10:00:00Z'))),
    env: { TOCSIN_NOTIFY_RETRY_BASE_MS: '60000', TOCSIN_NOTIFY_THROTTLE: 'webhook=2/10m,*=30/15m' },
  },
);
