import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  buildEscalationPolicy,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect, type TestServer } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { UserView } from '../users/schemas.ts';

/**
 * Outbound requests (issue 14 item 1): contact-method URLs that lead inside the network are
 * refused when saved and when a delivery connects, and a receiver's answer never reaches the
 * timeline or the notification log, which every viewer reads.
 */

type App = Parameters<typeof api>[0];

/** What a receiver inside the network might answer; it must appear nowhere in Tocsin's answers. */
const MARKER = 'INTERNAL-ANSWER-7f3a9c';

const INTERNAL_URLS = [
  'http://169.254.169.254/latest/meta-data/',
  'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  'http://127.0.0.1:8080/hook',
  'http://[::1]/',
  'http://0x7f000001/',
  'http://017700000001/',
  'http://2130706433/',
  'http://localhost:9/',
  'http://10.0.0.5/hook',
  'http://[fd00::5]/hook',
];

let clock: Clock & { advance(ms: number): void };
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver({
    respond: (r) =>
      r.path.startsWith('/fail')
        ? { status: 500, body: `${MARKER} stack trace of an internal service` }
        : { status: 200, body: { ok: true } },
  });
});
after(() => receiver.close());

function port(): string {
  return new URL(receiver.url).port;
}

async function responderWithToken(app: App): Promise<{ user: UserView; token: string }> {
  const user = await buildUser(app, { role: 'responder' });
  return { user, token: await tokenFor(app, user.id) };
}

async function addMethod(app: App, userId: string, type: string, address: string, token?: string) {
  return api<{ id: string; error?: { message: string } }>(
    app,
    'POST',
    `/api/v1/users/${userId}/contact-methods`,
    { body: { type, address }, ...(token ? { token } : {}) },
  );
}

/** Pages `user` through `address` (a webhook at delay 0) and runs the engine once. */
async function pageThrough(server: TestServer, address: string): Promise<string> {
  const { app } = server;
  const user = await buildUser(app, { role: 'responder' });
  const cm = await addMethod(app, user.id, 'webhook', 'https://hooks.example.com/placeholder');
  assert.equal(cm.status, 201, JSON.stringify(cm.body));
  // Saved while the address was allowed (or before this check existed): delivery checks again.
  await server.tdb.db.updateTable('contact_methods').set({ address }).where('id', '=', cm.body.id).execute();
  await buildNotificationRule(app, user.id, cm.body.id, { delay_minutes: 0 });
  const policy = await buildEscalationPolicy(app, {
    levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: user.id }] }],
  });
  const service = await buildService(app, { escalation_policy_id: policy.id });
  const integration = await buildIntegration(app, 'events-v2', {}, service.id);
  const dedup = uniqueName('outbound').replace(/\W/g, '-');
  const res = await api(app, 'POST', '/v2/enqueue', {
    token: null,
    body: {
      routing_key: integration.key,
      event_action: 'trigger',
      dedup_key: dedup,
      payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const alert = await server.tdb.db
    .selectFrom('alerts')
    .select('incident_id')
    .where('dedup_key', '=', dedup)
    .executeTakeFirstOrThrow();
  await server.tocsin.engine.drain();
  return alert.incident_id!;
}

/** Everything a viewer can read about the incident's deliveries, as the raw JSON text. */
async function visible(app: App, incidentId: string): Promise<{ text: string; timeline: Entry[] }> {
  const viewer = await buildUser(app, { role: 'viewer' });
  const token = await tokenFor(app, viewer.id);
  const timeline = await api<{ data: Entry[] }>(
    app,
    'GET',
    `/api/v1/incidents/${incidentId}/timeline?limit=500`,
    { token },
  );
  const notifications = await api(app, 'GET', `/api/v1/incidents/${incidentId}/notifications?limit=100`, {
    token,
  });
  assert.equal(timeline.status, 200);
  assert.equal(notifications.status, 200);
  return {
    text: JSON.stringify([timeline.body, notifications.body]),
    timeline: timeline.body.data,
  };
}

interface Entry {
  kind: string;
  message: string;
}

describeEachDialect(
  'outbound requests, public addresses only',
  (server) => {
    it('refuses contact-method URLs that lead inside the network, naming the field', async () => {
      const { app } = server();
      const { user, token } = await responderWithToken(app);
      for (const type of ['webhook', 'slack', 'teams', 'discord']) {
        for (const url of INTERNAL_URLS) {
          const res = await addMethod(app, user.id, type, url, token);
          assert.equal(res.status, 400, `${type} ${url}: ${JSON.stringify(res.body)}`);
          assert.match(res.body.error!.message, /^body\.address: the host is an? [a-z -]+ address/, url);
        }
      }
      const creds = await addMethod(app, user.id, 'webhook', 'https://user:pass@hooks.example.com/x', token);
      assert.equal(creds.status, 400);
      assert.equal(creds.body.error!.message, 'body.address: must not contain a user name or password');
      const ok = await addMethod(app, user.id, 'webhook', 'https://hooks.example.com/x', token);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));

      const moved = await api<{ error: { message: string } }>(
        app,
        'PATCH',
        `/api/v1/users/${user.id}/contact-methods/${ok.body.id}`,
        { token, body: { address: 'http://0x7f000001/' } },
      );
      assert.equal(moved.status, 400);
      assert.match(moved.body.error.message, /^body\.address: the host is a loopback address/);

      const created = await api<{ error: { message: string } }>(app, 'POST', '/api/v1/users', {
        body: {
          name: uniqueName('user'),
          email: `${uniqueName('u').replace(' ', '-')}@example.com`,
          contact_methods: [{ type: 'slack', address: 'http://169.254.169.254/latest/meta-data/' }],
        },
      });
      assert.equal(created.status, 400);
      assert.match(
        created.body.error.message,
        /^contact_methods\.0\.address: the host is a cloud metadata address, which outbound requests never reach/,
      );
    });

    it('refuses a name that resolves to loopback when connecting: the receiver hears nothing', async () => {
      const before = receiver.requests.length;
      const incidentId = await pageThrough(server(), `http://localhost:${port()}/hook`);
      assert.equal(receiver.requests.length, before, 'no request reached the receiver');
      const { timeline } = await visible(server().app, incidentId);
      const failed = timeline.filter((e) => /failed/.test(e.message));
      assert.equal(failed.length, 1, JSON.stringify(timeline));
      // Not retried: the address will be refused next time too.
      assert.match(failed[0]!.message, /\(blocked: a loopback address\); no other contact method left/);
      assert.doesNotMatch(failed[0]!.message, /127\.0\.0\.1|localhost/);
    });
  },
  { env: { TOCSIN_OUTBOUND_ALLOW: '' } },
);

describeEachDialect(
  'outbound requests, loopback allowed',
  (server) => {
    it('accepts loopback URLs but never metadata or credentials', async () => {
      const { app } = server();
      const { user, token } = await responderWithToken(app);
      assert.equal((await addMethod(app, user.id, 'webhook', `${receiver.url}/x`, token)).status, 201);
      assert.equal((await addMethod(app, user.id, 'webhook', 'http://[::1]:9/x', token)).status, 201);
      const meta = await addMethod(
        app,
        user.id,
        'webhook',
        'http://169.254.169.254/latest/meta-data/',
        token,
      );
      assert.equal(meta.status, 400);
      const inside = await addMethod(app, user.id, 'webhook', 'http://10.0.0.5/', token);
      assert.equal(inside.status, 400, 'only loopback is allowed');
      const creds = await addMethod(app, user.id, 'webhook', `http://u:p@127.0.0.1:${port()}/`, token);
      assert.equal(creds.status, 400);
    });

    it('delivers to a name that resolves to an allowed address', async () => {
      const before = receiver.requests.length;
      const incidentId = await pageThrough(server(), `http://localhost:${port()}/ok`);
      assert.equal(receiver.requests.length, before + 1);
      const { timeline } = await visible(server().app, incidentId);
      assert.ok(
        timeline.some((e) => e.kind === 'notified'),
        JSON.stringify(timeline),
      );
    });

    it("records the status code, never the receiver's answer", async () => {
      const before = receiver.requests.length;
      const incidentId = await pageThrough(server(), `${receiver.url}/fail`);
      // Through both attempts to the final failure.
      clock.advance(60_000);
      await server().tocsin.engine.drain();
      assert.equal(receiver.requests.length, before + 2);
      const { text, timeline } = await visible(server().app, incidentId);
      assert.ok(!text.includes(MARKER), 'the answer reached what viewers read');
      assert.ok(!text.includes('stack trace'), 'the answer reached what viewers read');
      const failed = timeline.filter((e) => /failed/.test(e.message)).map((e) => e.message);
      assert.equal(failed.length, 2, JSON.stringify(failed));
      assert.ok(
        failed.every((m) => /\(attempt 1 of 2: HTTP 500\)|\(HTTP 500, after 2 attempts\)/.test(m)),
        JSON.stringify(failed),
      );
      assert.match(text, /"response_code":500/);
    });
  },
  {
    clock: () => (clock = fixedClock(Date.parse('2026-11-25T10:00:00Z'))),
    env: { TOCSIN_NOTIFY_ATTEMPTS: '2', TOCSIN_NOTIFY_RETRY_BASE_MS: '1000' },
  },
);
