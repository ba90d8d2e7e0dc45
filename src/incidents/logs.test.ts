import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  buildIncident,
  buildNotificationRule,
  buildUser,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';

type App = Parameters<typeof api>[0];
type Page<T> = { data: T[]; next_cursor: string | null };
type Entry = {
  id: string;
  at: string;
  kind: string;
  actor: { type: string; id: string; name: string };
  message: string;
  data: Record<string, unknown>;
};
type Attempt = {
  attempt: number;
  outcome: string;
  response_code: number | null;
  latency_ms: number;
  error: string | null;
};
type Notification = {
  id: string;
  incident_id: string;
  user_id: string;
  channel: string;
  kind: string;
  contact_method_id: string | null;
  status: string;
  run_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  attempts_log: Attempt[];
};

const MINUTE = 60_000;
const START = Date.parse('2026-11-25T10:00:00Z');
let clock: Clock & { advance(ms: number): void };
let receiver: HttpReceiver;
/** Paths answered 503 this many more times before 200. */
const failures = new Map<string, number>();

before(async () => {
  receiver = await startHttpReceiver({
    respond: (r) => {
      const left = failures.get(r.path) ?? 0;
      if (left === 0) return { status: 200 };
      failures.set(r.path, left - 1);
      return { status: 503, body: 'busy' };
    },
  });
});
after(() => receiver.close());

describeEachDialect(
  'incident timeline and notification logs',
  (server) => {
    const drain = () => server().tocsin.engine.drain();

    async function person(app: App) {
      const name = uniqueName('p').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}/webhook` }],
      });
      await buildNotificationRule(app, user.id, (user.contact_methods as { id: string }[])[0]!.id);
      return { id: user.id, hookPath: `/${name}/webhook` };
    }

    async function incidentPaging(app: App, users: { id: string }[]): Promise<string> {
      const policy = {
        levels: users.map((u) => ({ delay_minutes: 10, targets: [{ type: 'user', id: u.id }] })),
      };
      const { incident } = await buildIncident(app, { policy, title: 'Queue backlog', source: 'mq' });
      return incident.id;
    }

    it('the timeline lists entries in order, page by page, to viewers', async () => {
      const { app } = server();
      const t0 = clock.now();
      const [alice, bob] = [await person(app), await person(app)];
      const incident = await incidentPaging(app, [alice, bob]);
      await drain();
      clock.advance(10 * MINUTE);
      await drain();
      const ack = await api(app, 'POST', `/api/v1/incidents/${incident}/acknowledge`);
      assert.equal(ack.status, 200);

      const token = await viewerToken(app);
      const url = `/api/v1/incidents/${incident}/timeline`;
      const first = await api<Page<Entry>>(app, 'GET', `${url}?limit=2`, { token });
      assert.equal(first.status, 200);
      assert.equal(first.body.data.length, 2);
      assert.ok(first.body.next_cursor);
      const rest = await api<Page<Entry>>(app, 'GET', `${url}?limit=50&cursor=${first.body.next_cursor}`, {
        token,
      });
      assert.equal(rest.body.next_cursor, null);
      const all = [...first.body.data, ...rest.body.data];
      assert.deepEqual(
        all.map((e) => e.kind),
        [
          'triggered',
          'escalated',
          'notified',
          'escalated',
          'policy_exhausted',
          'notified',
          'acknowledged',
          'role_assigned',
        ],
      );
      assert.deepEqual(
        all.map((e) => e.id),
        all.map((e) => e.id).sort(),
      );
      assert.equal(all[0]!.at, new Date(t0).toISOString());
      assert.equal(all.at(-1)!.at, new Date(t0 + 10 * MINUTE).toISOString());
      assert.deepEqual(all[1]!.data.users, [alice.id]);
      assert.equal(all[3]!.data.level, 2);
      assert.match(all.at(-1)!.actor.type, /^(system|user)$/);
      assert.equal((await api(app, 'GET', `${url}?cursor=bogus`)).status, 400);
      assert.equal((await api(app, 'GET', '/api/v1/incidents/INC-999999/timeline')).status, 404);
    });

    it("notification logs show each attempt's response code, by incident and by user", async () => {
      const { app } = server();
      const t0 = clock.now();
      const alice = await person(app);
      failures.set(alice.hookPath, 1);
      const incident = await incidentPaging(app, [alice]);
      await drain();
      const token = await viewerToken(app);
      const byIncident = () =>
        api<Page<Notification>>(app, 'GET', `/api/v1/incidents/${incident}/notifications`, { token });

      let log = await byIncident();
      assert.equal(log.status, 200);
      assert.equal(log.body.data.length, 1);
      let n = log.body.data[0]!;
      assert.equal(n.status, 'pending', 'waiting to retry');
      assert.equal(n.attempts, 1);
      assert.match(n.last_error ?? '', /503/);
      assert.deepEqual(
        n.attempts_log.map((a) => [a.attempt, a.outcome, a.response_code]),
        [[1, 'failed', 503]],
      );

      clock.advance(MINUTE);
      await drain();
      log = await byIncident();
      n = log.body.data[0]!;
      assert.deepEqual(
        [n.incident_id, n.user_id, n.kind, n.channel, n.status, n.attempts],
        [incident, alice.id, 'page', 'webhook', 'sent', 2],
      );
      assert.equal(n.sent_at, new Date(t0 + MINUTE).toISOString());
      assert.deepEqual(
        n.attempts_log.map((a) => [a.attempt, a.outcome, a.response_code]),
        [
          [1, 'failed', 503],
          [2, 'delivered', 200],
        ],
      );
      assert.ok(n.attempts_log.every((a) => Number.isInteger(a.latency_ms) && a.latency_ms >= 0));

      // A second incident for her: the user's log spans both, newest first, page by page.
      const other = await incidentPaging(app, [alice]);
      await drain();
      const mine = `/api/v1/users/${alice.id}/notifications`;
      const p1 = await api<Page<Notification>>(app, 'GET', `${mine}?limit=1`, { token });
      assert.equal(p1.status, 200);
      const p2 = await api<Page<Notification>>(app, 'GET', `${mine}?limit=1&cursor=${p1.body.next_cursor}`, {
        token,
      });
      assert.deepEqual(
        [...p1.body.data, ...p2.body.data].map((x) => x.incident_id),
        [other, incident],
      );
      assert.equal(p2.body.next_cursor, null);
      const stranger = await person(app);
      const empty = await api<Page<Notification>>(app, 'GET', `/api/v1/users/${stranger.id}/notifications`);
      assert.deepEqual(empty.body, { data: [], next_cursor: null });
      assert.equal((await api(app, 'GET', '/api/v1/users/usr_nobody/notifications')).status, 404);
    });

    it('the OpenAPI document describes the new routes with response schemas', async () => {
      const doc = await api<{
        paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      }>(server().app, 'GET', '/api/v1/openapi.json', { token: null });
      for (const [path, method] of [
        ['/api/v1/incidents/{id}/escalate', 'post'],
        ['/api/v1/incidents/{id}/reassign', 'post'],
        ['/api/v1/incidents/{id}/snooze', 'post'],
        ['/api/v1/incidents/{id}/timeline', 'get'],
        ['/api/v1/incidents/{id}/notifications', 'get'],
        ['/api/v1/users/{id}/notifications', 'get'],
      ] as const) {
        assert.ok(doc.body.paths[path]?.[method]?.responses?.['200'], `${method} ${path}`);
      }
    });
  },
  {
    clock: () => (clock = fixedClock(START)),
    // Retries wait at most a minute, so advancing the fixed clock one minute reaches the retry.
    env: { TOCSIN_NOTIFY_RETRY_BASE_MS: '60000' },
  },
);
