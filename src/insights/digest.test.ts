import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildIntegration,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../test/receivers.ts';
import { closeEmailTransports } from '../notify/channels/email.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../notify/signature.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * The weekly digest: subscribed by a team manager, sent once the week is over to a real SMTP
 * server and a real HTTP receiver, once per week even when the engine passes again, signed with
 * the subscription's own secret, and naming the person paged at night too often.
 */
const PUBLIC_URL = 'https://tocsin.example.com';
// A Wednesday; the week ends Monday 2026-11-09 00:00Z.
const T0 = Date.parse('2026-11-04T10:00:00Z');
const clock = fixedClock(T0);
let smtp: SmtpReceiver;
let hooks: HttpReceiver;
const env: NodeJS.ProcessEnv = {
  TOCSIN_PUBLIC_URL: PUBLIC_URL,
  TOCSIN_SMTP_FROM: 'Tocsin <tocsin@example.com>',
};

before(async () => {
  smtp = await startSmtpReceiver();
  hooks = await startHttpReceiver();
  env.TOCSIN_SMTP_URL = smtp.url;
});
after(async () => {
  closeEmailTransports();
  await Promise.all([smtp.close(), hooks.close()]);
});

describeEachDialect(
  'weekly insight digest',
  (server) => {
    let teamId: string;
    let managerToken: string;
    let memberToken: string;
    const hookPath = `/digest-${Math.random().toString(36).slice(2)}`;
    const mailTo = `team-${Math.random().toString(36).slice(2)}@example.com`;

    before(async () => {
      const { app } = server();
      clock.set(T0);
      const manager = await buildUser(app, { role: 'responder' });
      const sleeper = await buildUser(app, {
        name: 'Night Owl',
        role: 'responder',
        time_zone: 'Europe/Berlin',
      });
      teamId = (await buildTeam(app, { name: `Digest team ${Math.random().toString(36).slice(2, 6)}` })).id;
      await addMember(app, teamId, manager.id, 'manager');
      await addMember(app, teamId, sleeper.id);
      managerToken = await tokenFor(app, manager.id);
      memberToken = await tokenFor(app, sleeper.id);
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: sleeper.id }] }],
      });
      const service = await buildService(app, { team_id: teamId, escalation_policy_id: policy.id });
      const key = (await buildIntegration(app, 'events-v2', {}, service.id)).key;
      // Three pages at 02:00 Berlin time (01:00Z) on three nights of the week.
      for (const day of ['2026-11-03', '2026-11-05', '2026-11-06']) {
        clock.set(Date.parse(`${day}T01:00:00Z`));
        const res = await api(app, 'POST', '/v2/enqueue', {
          token: null,
          body: {
            routing_key: key,
            event_action: 'trigger',
            dedup_key: `night-${day}`,
            payload: { summary: 'Disk full', source: 'db-1', severity: 'critical', class: 'DiskFull' },
          },
        });
        assert.equal(res.status, 202);
        await server().tocsin.engine.drain();
        const list = await api<{ data: { id: string }[] }>(
          app,
          'GET',
          `/api/v1/incidents?service_id=${service.id}&limit=1`,
        );
        clock.set(Date.parse(`${day}T01:20:00Z`));
        await api(app, 'POST', `/api/v1/incidents/${list.body.data[0]!.id}/resolve`, {
          body: { classification: 'noise' },
        });
      }
      clock.set(T0);
    });

    it('lets the team managers subscribe an address and a webhook, and nobody else', async () => {
      const { app } = server();
      const refused = await api(app, 'POST', `/api/v1/teams/${teamId}/insight-digests`, {
        token: memberToken,
        body: { kind: 'email', address: mailTo },
      });
      assert.equal(refused.status, 403);
      const badUrl = await api<{ error: { message: string } }>(
        app,
        'POST',
        `/api/v1/teams/${teamId}/insight-digests`,
        {
          token: managerToken,
          body: { kind: 'webhook', address: 'http://169.254.169.254/latest' },
        },
      );
      assert.equal(badUrl.status, 400);
      assert.match(badUrl.body.error.message, /^body\.address: /);
      const mail = await api<{ id: string; signing_secret: string | null }>(
        app,
        'POST',
        `/api/v1/teams/${teamId}/insight-digests`,
        { token: managerToken, body: { kind: 'email', address: mailTo } },
      );
      assert.equal(mail.status, 201, JSON.stringify(mail.body));
      assert.equal(mail.body.signing_secret, null);
      const again = await api(app, 'POST', `/api/v1/teams/${teamId}/insight-digests`, {
        token: managerToken,
        body: { kind: 'email', address: mailTo },
      });
      assert.equal(again.status, 409);
      const listed = await api<{ data: { kind: string; address: string }[] }>(
        app,
        'GET',
        `/api/v1/teams/${teamId}/insight-digests`,
        { token: managerToken },
      );
      assert.deepEqual(
        listed.body.data.map((d) => [d.kind, d.address]),
        [['email', mailTo]],
      );
      assert.equal(
        (await api(app, 'GET', `/api/v1/teams/${teamId}/insight-digests`, { token: memberToken })).status,
        403,
      );
    });

    it('sends the week once it is over, once, by email and signed webhook, naming who was paged at night', async () => {
      const { app } = server();
      const hook = await api<{ id: string; signing_secret: string }>(
        app,
        'POST',
        `/api/v1/teams/${teamId}/insight-digests`,
        {
          token: managerToken,
          body: { kind: 'webhook', address: `${hooks.url}${hookPath}`, night_pages_per_week: 2 },
        },
      );
      assert.equal(hook.status, 201, JSON.stringify(hook.body));
      assert.match(hook.body.signing_secret, /^whsec_/);
      const mine = () => hooks.requests.filter((r) => r.path === hookPath);
      const mails = () => smtp.messages.filter((m) => m.to.includes(mailTo));

      // Mid-week: nothing yet.
      clock.set(Date.parse('2026-11-08T23:59:00Z'));
      await server().tocsin.engine.drain();
      assert.equal(mine().length, 0);
      assert.equal(mails().length, 0);

      clock.set(Date.parse('2026-11-09T00:01:00Z'));
      await server().tocsin.engine.drain();
      // drain() waits for the sends it started, so what was sent has arrived.
      const [req] = mine();
      assert.ok(req, 'the webhook got the digest');
      const body = req.json as {
        event: string;
        team: { id: string };
        week: { from: string; to: string };
        incidents: number;
        oncall: { flagged: { user_id: string; name: string; sleep_hour_pages: number; nights: number }[] };
        alert_quality: { accuracy: number | null; noisiest: { alert_name: string; pages: number }[] };
        url: string;
      };
      assert.equal(body.event, 'insights.weekly');
      assert.equal(body.team.id, teamId);
      assert.deepEqual(body.week, { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z' });
      assert.equal(body.incidents, 3);
      assert.deepEqual(body.oncall.flagged, [
        { user_id: body.oncall.flagged[0]!.user_id, name: 'Night Owl', sleep_hour_pages: 3, nights: 3 },
      ]);
      assert.equal(body.alert_quality.accuracy, 0);
      assert.deepEqual(
        body.alert_quality.noisiest.map((a) => [a.alert_name, a.pages]),
        [['DiskFull', 3]],
      );
      assert.ok(body.url.startsWith(`${PUBLIC_URL}/insights?team=`));
      const header = String(req.headers[SIGNATURE_HEADER.toLowerCase()]);
      assert.ok(
        verifyWebhookSignature(hook.body.signing_secret, header, req.body, Math.floor(clock.now() / 1000)),
      );

      const [mail] = mails();
      assert.ok(mail, 'the email got the digest');
      assert.match(mail.subject, /^Tocsin weekly insights: Digest team .*, 2026-11-02 to 2026-11-08$/);
      assert.match(mail.text, /3 incidents \(the week before: 0\)/);
      assert.match(mail.text, /Paged at night more than 2 times: Night Owl \(3 pages, 3 nights\)/);
      assert.match(mail.html, /<li>Alert accuracy: 0%; flapping: 0<\/li>/);

      // Later passes in the same week send nothing more; the next week's does.
      clock.set(Date.parse('2026-11-10T12:00:00Z'));
      await server().tocsin.engine.drain();
      assert.equal(mine().length, 1);
      assert.equal(mails().length, 1);
      clock.set(Date.parse('2026-11-16T00:05:00Z'));
      await server().tocsin.engine.drain();
      assert.equal(mine().length, 2);
      assert.equal((mine()[1]!.json as { incidents: number }).incidents, 0);

      const listed = await api<{
        data: { kind: string; last_sent_at: string | null; last_error: string | null }[];
      }>(app, 'GET', `/api/v1/teams/${teamId}/insight-digests`, { token: managerToken });
      assert.deepEqual(
        listed.body.data.map((d) => [d.kind, d.last_sent_at, d.last_error]),
        [
          ['email', '2026-11-16T00:05:00.000Z', null],
          ['webhook', '2026-11-16T00:05:00.000Z', null],
        ],
      );
    });
  },
  { clock: () => clock, env },
);
