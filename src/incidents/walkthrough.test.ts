import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  buildEscalationPolicy,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { IncidentView, TimelineEntryView } from './schemas.ts';

/**
 * Issue 6's "done when": one SEV1 from the alert to close, through every status, role change,
 * update reminder, task and merge, on both databases, with the timeline asserted in order and
 * MTTA / MTTM / MTTR computed from the stored timestamps.
 */

type App = Parameters<typeof api>[0];
type TestClock = Clock & { advance(ms: number): void; set(t: number): void };

const MIN = 60_000;
const T0 = Date.parse('2026-11-25T09:00:00Z');

let clock: TestClock;
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'incident walk-through: one SEV1 from alert to close',
  (server) => {
    /** A responder whose every message goes to `receiver.url/<name>` by webhook, at once. */
    async function person(app: App, label: string) {
      const path = `/${label}-${uniqueName('p').replace(/\W/g, '')}`;
      const user = await buildUser(app, {
        name: uniqueName(label),
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}${path}` }],
      });
      const method = (user.contact_methods as { id: string }[])[0]!;
      await buildNotificationRule(app, user.id, method.id, { delay_minutes: 0 });
      return { ...user, path, token: await tokenFor(app, user.id) };
    }
    const received = (path: string) =>
      receiver.requests
        .filter((r) => r.path === path)
        .map((r) => JSON.parse(r.body) as Record<string, unknown>);

    async function call<T>(
      method: 'GET' | 'POST' | 'PATCH' | 'PUT',
      url: string,
      token?: string,
      body?: unknown,
    ) {
      const res = await api<T>(server().app, method, url, { ...(token ? { token } : {}), body });
      return res;
    }
    async function ok<T>(
      method: 'GET' | 'POST' | 'PATCH' | 'PUT',
      url: string,
      token?: string,
      body?: unknown,
    ) {
      const res = await call<T>(method, url, token, body);
      assert.ok(
        res.status === 200 || res.status === 201,
        `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`,
      );
      return res.body;
    }

    it('walks every status, role, reminder, task and merge, and the timeline tells it in order', async () => {
      const { app } = server();
      const engine = server().tocsin.engine;
      const alice = await person(app, 'alice'); // on call: paged, acknowledges first
      const bob = await person(app, 'bob'); // takes over as commander
      const carol = await person(app, 'carol'); // comms lead
      const dave = await person(app, 'dave'); // stakeholder subscribed to the service
      await homeTeamFor(app, [alice.id, bob.id, carol.id]); // the team owning the service
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: alice.id }] }],
      });
      const service = await buildService(app, {
        name: uniqueName('Checkout API'),
        escalation_policy_id: policy.id,
      });
      const int = await buildIntegration(app, 'events-v2', {}, service.id);
      await ok('POST', `/api/v1/services/${service.id}/subscribers`, undefined, { user_id: dave.id });

      // A deploy 20 minutes before the incident: a "recent change" on its timeline.
      clock.set(T0 - 20 * MIN);
      const change = await call('POST', '/v2/change/enqueue', undefined, {
        routing_key: int.key,
        payload: {
          summary: 'Deploy checkout v2.3.1',
          source: 'ci',
          timestamp: new Date(T0 - 20 * MIN).toISOString(),
        },
      });
      assert.equal(change.status, 202, JSON.stringify(change.body));

      // 09:00 the alert: a critical alert opens a SEV2 incident and pages Alice.
      clock.set(T0);
      const trigger = (dedup: string, summary: string) =>
        call('POST', '/v2/enqueue', undefined, {
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: dedup,
          payload: { summary, source: 'checkout-1', severity: 'critical', custom_details: { env: 'prod' } },
        });
      assert.equal((await trigger('checkout-5xx', 'Checkout 5xx rate above 20%')).status, 202);
      const list = await ok<{ data: IncidentView[] }>('GET', `/api/v1/incidents?service_id=${service.id}`);
      assert.equal(list.data.length, 1);
      let inc = list.data[0]!;
      const ref = inc.ref;
      assert.equal(inc.severity, 'SEV2');
      assert.equal(inc.status, 'triggered');
      assert.match(inc.slug, /^inc-20261125-checkout-api-/);
      await engine.drain();
      assert.equal(received(alice.path).length, 1, 'Alice is paged');

      // 09:03 Alice acknowledges and, first to acknowledge, becomes incident commander.
      clock.set(T0 + 3 * MIN);
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/acknowledge`, alice.token);
      assert.equal(inc.status, 'acknowledged');
      type Roles = {
        data: { role: string; user_id: string }[];
        history: { role: string; user_id: string; ended_at: string | null }[];
      };
      let roles = await ok<Roles>('GET', `/api/v1/incidents/${ref}/roles`);
      assert.deepEqual(
        roles.data.map((r) => [r.role, r.user_id]),
        [['commander', alice.id]],
      );

      // 09:04 it is worse than it looked: SEV1.
      clock.set(T0 + 4 * MIN);
      inc = await ok<IncidentView>('PATCH', `/api/v1/incidents/${ref}`, alice.token, { severity: 'SEV1' });
      assert.equal(inc.severity, 'SEV1');
      // The SEV1 cadence is 15 minutes from the incident's start.
      assert.equal(inc.next_update_due_at, new Date(T0 + 15 * MIN).toISOString());

      // 09:05 roles: Bob takes over as commander (Alice becomes tech lead), Carol comms, Alice scribes too.
      clock.set(T0 + 5 * MIN);
      await ok('PUT', `/api/v1/incidents/${ref}/roles/commander`, alice.token, { user_id: bob.id });
      await ok('PUT', `/api/v1/incidents/${ref}/roles/tech_lead`, bob.token, { user_id: alice.id });
      await ok('PUT', `/api/v1/incidents/${ref}/roles/comms_lead`, bob.token, { user_id: carol.id });
      roles = await ok<Roles>('GET', `/api/v1/incidents/${ref}/roles`);
      assert.deepEqual(roles.data.map((r) => [r.role, r.user_id]).sort(), [
        ['commander', bob.id],
        ['comms_lead', carol.id],
        ['tech_lead', alice.id],
      ]);
      assert.ok(
        roles.history.some((h) => h.role === 'commander' && h.user_id === alice.id && h.ended_at !== null),
        'the handover is in the history',
      );

      // Tasks: the SEV2 checklist was seeded, SEV1's extra item added; work through them.
      type Task = { id: string; title: string; done: boolean; source: string; assignee_id: string | null };
      const tasks = (await ok<{ data: Task[] }>('GET', `/api/v1/incidents/${ref}/tasks`)).data;
      assert.ok(tasks.some((t) => t.title === 'Acknowledge the page' && t.source === 'checklist'));
      assert.ok(
        tasks.some((t) => t.title === 'Post the first status page update'),
        'SEV1 checklist item added',
      );
      const ackTask = tasks.find((t) => t.title === 'Acknowledge the page')!;
      await ok('PATCH', `/api/v1/incidents/${ref}/tasks/${ackTask.id}`, bob.token, { done: true });
      const rollback = await ok<Task>('POST', `/api/v1/incidents/${ref}/tasks`, bob.token, {
        title: 'Roll back checkout to v2.3.0',
        assignee_id: alice.id,
      });

      // Notes: a pinned key event, and the scribe's backdated reconstruction.
      clock.set(T0 + 8 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/notes`, alice.token, {
        message: 'Errors began right after the v2.3.1 deploy',
        pinned: true,
      });
      await ok('POST', `/api/v1/incidents/${ref}/notes`, alice.token, {
        message: 'Customer support reported failed payments',
        at: new Date(T0 + 1 * MIN).toISOString(),
      });

      // 09:10 a second alert opened its own incident; it is the same outage, so it is merged in.
      clock.set(T0 + 10 * MIN);
      assert.equal((await trigger('payment-timeouts', 'Payment provider timeouts')).status, 202);
      const second = (
        await ok<{ data: IncidentView[] }>('GET', `/api/v1/incidents?service_id=${service.id}`)
      ).data.find((i) => i.id !== inc.id)!;
      const related = await ok<{ data: { incident: IncidentView; reasons: string[] }[] }>(
        'GET',
        `/api/v1/incidents/${ref}/related`,
      );
      assert.ok(
        related.data.some((r) => r.incident.id === second.id),
        'the second incident is suggested as related',
      );
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/merge`, bob.token, {
        incident_ids: [second.ref],
      });
      assert.equal(inc.alert_count, 2);
      const merged = await ok<IncidentView>('GET', `/api/v1/incidents/${second.id}`);
      assert.equal(merged.merged_into_id, inc.id);

      // 09:16 no update was posted within 15 minutes: the commander and the comms lead are reminded.
      const bobBefore = received(bob.path).length;
      clock.set(T0 + 16 * MIN);
      await engine.drain();
      assert.equal(received(bob.path).length, bobBefore + 1, 'the commander is reminded');
      assert.equal(received(carol.path).length, 1, 'the comms lead is reminded');

      // 09:17 Carol posts the update; Dave (subscribed to the service) receives it.
      clock.set(T0 + 17 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/updates`, carol.token, {
        message: 'Checkout failing for ~20% of customers; rolling back v2.3.1.',
      });
      await engine.drain();
      const daveGot = received(dave.path);
      assert.equal(daveGot.length, 1);
      assert.match(JSON.stringify(daveGot[0]), /rolling back v2\.3\.1/);

      // 09:25 the rollback mitigates; 09:40 resolved; a relapse reopens it; 09:50 resolved for good.
      clock.set(T0 + 25 * MIN);
      await ok('PATCH', `/api/v1/incidents/${ref}/tasks/${rollback.id}`, alice.token, { done: true });
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/mitigate`, bob.token);
      assert.equal(inc.status, 'mitigated');
      clock.set(T0 + 40 * MIN);
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/resolve`, bob.token);
      const illegal = await call<{ error: { allowed_transitions: string[]; message: string } }>(
        'POST',
        `/api/v1/incidents/${ref}/acknowledge`,
        bob.token,
      );
      assert.equal(illegal.status, 409);
      assert.deepEqual([...illegal.body.error.allowed_transitions].sort(), ['close', 'reopen']);
      clock.set(T0 + 42 * MIN);
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/reopen`, bob.token);
      assert.equal(inc.status, 'acknowledged');
      assert.equal(inc.resolved_at, null);
      clock.set(T0 + 45 * MIN);
      await ok('POST', `/api/v1/incidents/${ref}/mitigate`, bob.token);
      clock.set(T0 + 50 * MIN);
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/resolve`, bob.token);
      assert.equal(inc.status, 'resolved');

      // SEV1 needs a postmortem before it closes.
      const early = await call<{ error: { allowed_transitions: string[]; message: string } }>(
        'POST',
        `/api/v1/incidents/${ref}/close`,
        bob.token,
        {},
      );
      assert.equal(early.status, 409);
      assert.match(early.body.error.message, /postmortem/);
      clock.set(T0 + 3 * 24 * 60 * MIN);
      inc = await ok<IncidentView>('POST', `/api/v1/incidents/${ref}/close`, bob.token, {
        postmortem_url: 'https://wiki.example/postmortems/checkout-2026-11-25',
      });
      assert.equal(inc.status, 'closed');

      // MTTA, MTTM and MTTR from the stored timestamps (the columns, not the timeline).
      const row = await server()
        .tdb.db.selectFrom('incidents')
        .select(['created_at', 'acknowledged_at', 'mitigated_at', 'resolved_at', 'closed_at'])
        .where('id', '=', inc.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.acknowledged_at) - Number(row.created_at), 3 * MIN, 'time to acknowledge');
      assert.equal(
        Number(row.mitigated_at) - Number(row.created_at),
        45 * MIN,
        'time to mitigate (after the relapse)',
      );
      assert.equal(Number(row.resolved_at) - Number(row.created_at), 50 * MIN, 'time to resolve');
      assert.deepEqual(inc.durations, {
        to_acknowledge_seconds: 180,
        to_mitigate_seconds: 2700,
        to_resolve_seconds: 3000,
      });

      // The timeline, in order: what happened, when, by whom.
      const entries: TimelineEntryView[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: TimelineEntryView[]; next_cursor: string | null } = await ok(
          'GET',
          `/api/v1/incidents/${ref}/timeline?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        );
        entries.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor !== null);
      const times = entries.map((e) => Date.parse(e.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'entries are in time order',
      );
      const story = entries
        .map((e) => e.kind)
        .filter((k) => !['paged', 'notified', 'escalated', 'task_added', 'task_assigned'].includes(k));
      const expected = [
        'recent_change',
        'triggered',
        'policy_exhausted', // its one level paged Alice; nobody after her
        'note', // backdated to 09:01
        'acknowledged',
        'role_assigned', // Alice, first to acknowledge
        'severity_changed',
        'role_assigned', // Bob takes over
        'role_assigned', // Alice tech lead
        'role_assigned', // Carol comms lead
        'task_done',
        'note', // pinned
      ];
      assert.deepEqual(story.slice(0, expected.length), expected, story.join(', '));
      const rest = story.slice(expected.length);
      const order = [
        'merged',
        'update_due',
        'status_update',
        'task_done',
        'mitigated',
        'resolved',
        'reopened',
        'mitigated',
        'resolved',
        'closed',
      ];
      let at = 0;
      for (const kind of order) {
        const i = rest.indexOf(kind, at);
        assert.ok(i >= 0, `${kind} after position ${at} in ${rest.join(', ')}`);
        at = i + 1;
      }
      const backdated = entries.find((e) => e.kind === 'note' && e.backdated);
      assert.equal(backdated?.at, new Date(T0 + 1 * MIN).toISOString());
      const pinned = (
        await ok<{ data: TimelineEntryView[] }>('GET', `/api/v1/incidents/${ref}/timeline?pinned=true`)
      ).data;
      assert.deepEqual(
        pinned.map((e) => e.message),
        ['Errors began right after the v2.3.1 deploy'],
      );
      // The merged incident's alert and its trigger moved here.
      assert.ok(entries.some((e) => e.kind === 'triggered' && e.message.includes(second.ref)));
    });
  },
  { clock: () => (clock = fixedClock(T0 - 60 * MIN)) },
);
