import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../test/receivers.ts';
import { closeEmailTransports } from '../notify/channels/email.ts';
import { verifyWebhookSignature } from '../notify/signature.ts';
import { fixedClock } from '../platform/clock.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';

type App = Parameters<typeof api>[0];
type Incident = {
  id: string;
  ref: string;
  status: string;
  last_update_at: string | null;
  next_update_due_at: string | null;
};
type Err = { error: { code: string; message: string } };
type Subscriber = {
  user_id: string;
  user_name: string;
  contact_method_id: string | null;
  created_at: string;
  created_by: Actor;
};
type Actor = { type: string; id: string; name: string };
type Update = {
  id: string;
  incident_id: string;
  message: string;
  incident_status: string;
  severity: string;
  created_at: string;
  created_by: Actor;
  notified: number;
};

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const clock = fixedClock(T0);
let hooks: HttpReceiver;
let smtp: SmtpReceiver;
/** Read when each dialect's server boots, after `before` filled in the SMTP receiver. */
const env: NodeJS.ProcessEnv = { TOCSIN_PUBLIC_URL: 'https://tocsin.example.com' };

before(async () => {
  // Anything under /gone/ answers 410, as a revoked webhook does: not worth retrying.
  hooks = await startHttpReceiver({
    respond: (r) =>
      r.path.startsWith('/gone/') ? { status: 410, body: 'gone' } : { status: 200, body: { ok: true } },
  });
  smtp = await startSmtpReceiver();
  env.TOCSIN_SMTP_URL = smtp.url;
});
after(async () => {
  closeEmailTransports();
  await Promise.all([hooks.close(), smtp.close()]);
});

describeEachDialect(
  'status updates and subscribers',
  (server) => {
    const db = () => server().tdb.db;
    let responderToken: string;
    let responder: { id: string; name: string };

    before(async () => {
      responder = await buildUser(server().app, { role: 'responder' });
      responderToken = await tokenFor(server().app, responder.id);
      await homeTeamFor(server().app, [responder.id]);
    });

    /** A person with a webhook (at a path of their own) and whatever else is listed. */
    async function person(app: App, extra: { type: ContactMethodType; address: string }[] = []) {
      const path = `/${uniqueName('p').replace(/\W/g, '')}`;
      const user = await buildUser(app, {
        role: 'viewer',
        contact_methods: [{ type: 'webhook', address: `${hooks.url}${path}` }, ...extra],
      });
      return { ...user, path, hook: user.contact_methods[0]!.id };
    }

    /** An open incident on a fresh service without a policy, so nothing but updates is sent. */
    async function incident(app: App, serviceId?: string): Promise<Incident> {
      const opened = await buildIncident(app, {
        ...(serviceId ? { serviceId } : {}),
        title: 'Checkout errors',
        source: 'web-1',
      });
      const found = opened.incident;
      // SEV2: its update cadence is 30 minutes.
      await db().updateTable('incidents').set({ severity: 'SEV2' }).where('id', '=', found.id).execute();
      return found;
    }

    const subscribe = (app: App, path: string, body: unknown, token?: string) =>
      api<Subscriber & Err>(app, 'POST', path, { body, ...(token ? { token } : {}) });

    it('subscribing checks the user and the contact method, is idempotent, and unsubscribing an outsider is 404', async () => {
      const { app } = server();
      const inc = await incident(app);
      const [alice, bob] = [
        await person(app, [{ type: 'voice', address: '+15555550100' }]),
        await person(app),
      ];
      const path = `/api/v1/incidents/${inc.ref}/subscribers`;

      const unknown = await subscribe(app, path, { user_id: 'usr_nobody' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /^body\.user_id: user "usr_nobody" not found/);
      const foreign = await subscribe(app, path, { user_id: alice.id, contact_method_id: bob.hook });
      assert.equal(foreign.status, 400);
      assert.match(foreign.body.error.message, /^body\.contact_method_id: .* is not a contact method of /);
      const voice = await subscribe(app, path, {
        user_id: alice.id,
        contact_method_id: alice.contact_methods[1]!.id,
      });
      assert.equal(voice.status, 400);
      assert.match(voice.body.error.message, /^body\.contact_method_id: voice is for pages only/);
      assert.equal((await subscribe(app, path, {})).status, 400, 'user_id is required');
      assert.equal(
        (await subscribe(app, '/api/v1/incidents/INC-999999/subscribers', { user_id: alice.id })).status,
        404,
      );

      const first = await subscribe(app, path, { user_id: alice.id });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(
        { ...first.body, created_at: undefined, created_by: undefined },
        {
          user_id: alice.id,
          user_name: alice.name,
          contact_method_id: null,
          created_at: undefined,
          created_by: undefined,
        },
      );
      const again = await subscribe(app, path, { user_id: alice.id, contact_method_id: alice.hook });
      assert.equal(again.status, 200, 'subscribing again is not an error; it changes the method');
      assert.equal(again.body.contact_method_id, alice.hook);
      const list = await api<{ data: Subscriber[] }>(app, 'GET', path);
      assert.deepEqual(
        list.body.data.map((s) => [s.user_id, s.contact_method_id]),
        [[alice.id, alice.hook]],
      );

      const outsider = await api<Err>(app, 'DELETE', `${path}/${bob.id}`);
      assert.equal(outsider.status, 404);
      assert.match(outsider.body.error.message, /is not subscribed to INC-/);
      assert.equal((await api(app, 'DELETE', `${path}/${alice.id}`)).status, 204);
      assert.equal((await api(app, 'DELETE', `${path}/${alice.id}`)).status, 404);

      const timeline = await api<{ data: { kind: string; message: string }[] }>(
        app,
        'GET',
        `/api/v1/incidents/${inc.id}/timeline?limit=500`,
      );
      const mine = timeline.body.data.filter((e) => e.kind === 'subscribed' || e.kind === 'unsubscribed');
      assert.deepEqual(
        mine.map((e) => e.kind),
        ['subscribed', 'unsubscribed'],
      );
      assert.match(mine[0]!.message, new RegExp(`subscribed ${alice.name} to status updates`));
      assert.deepEqual(
        (await auditActions(app, 'incident', inc.id)).filter((a) => a.startsWith('incident.subscriber')),
        ['incident.subscriber.add', 'incident.subscriber.add', 'incident.subscriber.remove'],
      );
    });

    it('service subscriptions, and viewers subscribing themselves but nobody else', async () => {
      const { app } = server();
      const service = await buildService(app);
      const [carol, dan] = [await person(app), await person(app)];
      const path = `/api/v1/services/${service.id}/subscribers`;
      assert.equal(
        (await subscribe(app, '/api/v1/services/svc_nope/subscribers', { user_id: carol.id })).status,
        404,
      );

      const carolToken = await tokenFor(app, carol.id);
      const self = await subscribe(
        app,
        path,
        { user_id: carol.id, contact_method_id: carol.hook },
        carolToken,
      );
      assert.equal(self.status, 201, JSON.stringify(self.body));
      assert.deepEqual(self.body.created_by, { type: 'user', id: carol.id, name: carol.name });
      const other = await subscribe(app, path, { user_id: dan.id }, carolToken);
      assert.equal(other.status, 403, 'a viewer subscribes only themselves');
      assert.equal((await subscribe(app, path, { user_id: dan.id }, responderToken)).status, 201);
      const list = await api<{ data: Subscriber[] }>(app, 'GET', path);
      assert.deepEqual(list.body.data.map((s) => s.user_id).sort(), [carol.id, dan.id].sort());

      assert.equal((await api(app, 'DELETE', `${path}/${dan.id}`, { token: carolToken })).status, 403);
      assert.equal((await api(app, 'DELETE', `${path}/${carol.id}`, { token: carolToken })).status, 204);
      assert.deepEqual(
        (await auditActions(app, 'service', service.id)).filter((a) => a.startsWith('service.subscriber')),
        ['service.subscriber.add', 'service.subscriber.add', 'service.subscriber.remove'],
      );
    });

    it('an update reaches incident and service subscribers (email and signed webhook), once each, even when acknowledged', async () => {
      const { app } = server();
      const service = await buildService(app);
      const other = await buildService(app);
      const inc = await incident(app, service.id);
      // The incident also affects `other`: its subscribers hear about it too.
      await db()
        .insertInto('incident_services')
        .values({ incident_id: inc.id, service_id: other.id })
        .execute();
      const alice = await person(app);
      const bob = await person(app, [{ type: 'voice', address: '+15555550101' }]);
      const carolMail = `${uniqueName('carol').replace(/\W/g, '')}@example.com`;
      const carol = await buildUser(app, { contact_methods: [{ type: 'email', address: carolMail }] });
      const dave = await person(app);
      const nobody = await buildUser(app, { contact_methods: [{ type: 'voice', address: '+15555550102' }] });
      await subscribe(app, `/api/v1/incidents/${inc.id}/subscribers`, {
        user_id: alice.id,
        contact_method_id: alice.hook,
      });
      await subscribe(app, `/api/v1/services/${service.id}/subscribers`, { user_id: bob.id });
      await subscribe(app, `/api/v1/services/${other.id}/subscribers`, { user_id: carol.id });
      await subscribe(app, `/api/v1/incidents/${inc.id}/subscribers`, { user_id: dave.id });
      await subscribe(app, `/api/v1/services/${service.id}/subscribers`, { user_id: dave.id });
      await subscribe(app, `/api/v1/services/${service.id}/subscribers`, { user_id: nobody.id });

      const ack = await api(app, 'POST', `/api/v1/incidents/${inc.id}/acknowledge`, {
        token: responderToken,
      });
      assert.equal(ack.status, 200);
      await server().tocsin.engine.drain();
      clock.advance(7 * MINUTE);
      const postedAt = clock.now();
      const text = `Rolled back the release; errors are dropping ${uniqueName('u')}`;
      const res = await api<Update>(app, 'POST', `/api/v1/incidents/${inc.ref}/updates`, {
        body: { message: text },
        token: responderToken,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.message, text);
      assert.equal(res.body.incident_status, 'acknowledged');
      assert.equal(res.body.severity, 'SEV2');
      assert.equal(res.body.created_at, new Date(postedAt).toISOString());
      assert.deepEqual(res.body.created_by, { type: 'user', id: responder.id, name: responder.name });
      assert.equal(res.body.notified, 4, 'alice, bob, carol and dave; nobody has no usable method');

      const after = await api<Incident>(app, 'GET', `/api/v1/incidents/${inc.id}`);
      assert.equal(after.body.last_update_at, new Date(postedAt).toISOString());
      assert.equal(
        after.body.next_update_due_at,
        new Date(postedAt + 30 * MINUTE).toISOString(),
        'SEV2: 30 min',
      );

      await server().tocsin.engine.drain();
      for (const who of [alice, bob, dave]) {
        // Each webhook is signed with its contact method's own secret (issue 14 item 2).
        const secret = (
          await api<{ signing_secret: string }>(
            app,
            'GET',
            `/api/v1/users/${who.id}/contact-methods/${who.hook}/signing-secret`,
          )
        ).body.signing_secret;
        const got = hooks.requests.filter((r) => r.path === who.path);
        assert.equal(got.length, 1, `one update to ${who.name}`);
        const body = got[0]!.json as {
          event: string;
          text: string;
          incidents: { ref: string; sev: string }[];
        };
        assert.equal(body.event, 'incident.update');
        assert.equal(body.text, text);
        assert.deepEqual([body.incidents[0]!.ref, body.incidents[0]!.sev], [inc.ref, 'SEV2']);
        const sig = String(got[0]!.headers['tocsin-signature']);
        assert.ok(verifyWebhookSignature(secret, sig, got[0]!.body, postedAt / 1000), 'signed');
        assert.ok(!got[0]!.body.includes('/actions/'), 'no acknowledge or resolve links');
      }
      const mails = smtp.messages.filter((m) => m.to.includes(carolMail));
      assert.equal(mails.length, 1);
      assert.match(mails[0]!.subject, new RegExp(`^\\[Tocsin\\] Update on ${inc.ref} \\(SEV2\\)`));
      assert.ok(mails[0]!.text.includes(text));

      const sent = await db()
        .selectFrom('notifications')
        .select(['kind', 'status', 'user_id'])
        .where('incident_id', '=', inc.id)
        .execute();
      assert.deepEqual(
        sent.map((n) => `${n.kind}:${n.status}`),
        Array(4).fill('update:sent'),
        'delivered, not cancelled, though the incident is acknowledged',
      );

      const updates = await api<{ data: Update[] }>(app, 'GET', `/api/v1/incidents/${inc.id}/updates`);
      assert.deepEqual(
        updates.body.data.map((u) => [u.id, u.notified]),
        [[res.body.id, 4]],
      );
      const timeline = await api<{
        data: { kind: string; message: string; data: Record<string, unknown> }[];
      }>(app, 'GET', `/api/v1/incidents/${inc.id}/timeline?limit=500`);
      const entry = timeline.body.data.find((e) => e.kind === 'status_update')!;
      assert.equal(entry.message, text);
      assert.equal(entry.data.update_id, res.body.id);
      assert.equal(entry.data.notified, 4);
      assert.deepEqual(entry.data.unreachable, [nobody.id]);
      assert.ok((await auditActions(app, 'incident', inc.id)).includes('incident.update.post'));
    });

    it('an update whose chosen method fails for good falls through to the next method for updates', async () => {
      const { app } = server();
      const inc = await incident(app);
      const mail = `${uniqueName('gina').replace(/\W/g, '')}@example.com`;
      const gina = await buildUser(app, {
        contact_methods: [
          { type: 'webhook', address: `${hooks.url}/gone/${uniqueName('g').replace(/\W/g, '')}` },
          { type: 'voice', address: '+15555550103' },
          { type: 'email', address: mail },
        ],
      });
      const hook = gina.contact_methods.find((m) => m.type === 'webhook')!;
      await subscribe(app, `/api/v1/incidents/${inc.id}/subscribers`, {
        user_id: gina.id,
        contact_method_id: hook.id,
      });
      const res = await api<Update>(app, 'POST', `/api/v1/incidents/${inc.id}/updates`, {
        body: { message: 'Still investigating' },
        token: responderToken,
      });
      assert.equal(res.status, 201);
      await server().tocsin.engine.drain();
      const mails = smtp.messages.filter((m) => m.to.includes(mail));
      assert.equal(mails.length, 1, 'sent by email instead');
      assert.ok(mails[0]!.text.includes('Still investigating'));
      const rows = await db()
        .selectFrom('notifications')
        .select(['channel', 'status', 'kind'])
        .where('incident_id', '=', inc.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((n) => `${n.kind}:${n.channel}:${n.status}`),
        ['update:webhook:failed', 'update:email:sent'],
        'never a phone call for an update',
      );
      const timeline = await api<{ data: { kind: string; message: string }[] }>(
        app,
        'GET',
        `/api/v1/incidents/${inc.id}/timeline?limit=500`,
      );
      const fell = timeline.body.data.find((e) => e.kind === 'fell_through');
      assert.match(
        fell!.message,
        /^status update by webhook to .* failed \(HTTP 410\); trying email instead$/,
      );
      const updates = await api<{ data: Update[] }>(app, 'GET', `/api/v1/incidents/${inc.id}/updates`);
      assert.equal(updates.body.data[0]!.notified, 1, 'one person, however many methods it took');
    });

    it('bad messages are 400, viewers 403; resolved incidents take updates, closed and merged ones 409', async () => {
      const { app } = server();
      const post = (id: string, body: unknown, token = responderToken) =>
        api<Update & Err>(app, 'POST', `/api/v1/incidents/${id}/updates`, { body, token });
      const inc = await incident(app);
      for (const body of [
        {},
        { message: '' },
        { message: '   ' },
        { message: 'x'.repeat(5001) },
        { message: 'ok', extra: 1 },
      ]) {
        const res = await post(inc.id, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error.message, /message|extra|additional/, res.body.error.message);
      }
      const viewer = await tokenFor(app, (await buildUser(app, { role: 'viewer' })).id);
      assert.equal((await post(inc.id, { message: 'hello' }, viewer)).status, 403);
      assert.equal((await post('INC-999999', { message: 'hello' })).status, 404);

      assert.equal(
        (await api(app, 'POST', `/api/v1/incidents/${inc.id}/resolve`, { token: responderToken })).status,
        200,
      );
      const resolved = await post(inc.id, { message: 'All clear' });
      assert.equal(resolved.status, 201, JSON.stringify(resolved.body));
      assert.equal(resolved.body.incident_status, 'resolved');
      const after = await api<Incident>(app, 'GET', `/api/v1/incidents/${inc.id}`);
      assert.equal(after.body.next_update_due_at, null, 'a resolved incident owes no more updates');

      await db().updateTable('incidents').set({ status: 'closed' }).where('id', '=', inc.id).execute();
      const closed = await post(inc.id, { message: 'too late' });
      assert.equal(closed.status, 409);
      assert.match(closed.body.error.message, new RegExp(`^${inc.ref} is closed`));

      const survivor = await incident(app);
      const merged = await incident(app);
      await db()
        .updateTable('incidents')
        .set({ merged_into_id: survivor.id, status: 'resolved' })
        .where('id', '=', merged.id)
        .execute();
      const res = await post(merged.id, { message: 'here?' });
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, new RegExp(`merged into ${survivor.ref}; post updates there`));
      assert.equal((await api(app, 'GET', `/api/v1/incidents/${merged.id}/updates`)).status, 200);
    });
  },
  { clock: () => clock, env },
);
