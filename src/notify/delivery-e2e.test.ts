import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
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
import { api, describeEachDialect } from '../../test/harness.ts';
import {
  type HttpReceiver,
  type ReceivedRequest,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../test/receivers.ts';
import type { IncidentView, NotificationView, TimelineEntryView } from '../incidents/schemas.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import type { UserView } from '../users/schemas.ts';
import { closeEmailTransports } from './channels/email.ts';
import { SMS_MAX_LENGTH } from './render.ts';
import { verifyWebhookSignature } from './signature.ts';

/**
 * Paging end to end through the real engine: an alert posted to /v2/enqueue, the escalation
 * engine (drained by hand under a fixed clock), every channel's real provider talking to real
 * local receivers (an SMTP server, a Twilio-shaped REST API, chat and webhook endpoints), then
 * the signed links that arrived followed back into Tocsin through `app.inject`.
 */

type App = Parameters<typeof api>[0];
type TestClock = Clock & { advance(ms: number): void };

const PUBLIC_URL = 'https://tocsin.example.com';
const TWILIO_SID = 'AC00000000000000000000000000e2e0';
const TWILIO_TOKEN = 'twilio-e2e-token';
const TWILIO_FROM = '+15005550006';
const RUNBOOK = 'https://runbooks.example.com/disk-full';
// No characters any channel escapes (Discord escapes markdown, Slack & < >, HTML & < > " ').
const SUMMARY = 'Disk 97 percent full on db-1';

let clock: TestClock;
let hooks: HttpReceiver;
let twilio: HttpReceiver;
let smtp: SmtpReceiver;
/** Phone numbers Twilio refuses with 400 (code 21211), as it does an invalid `To`. */
const invalidNumbers = new Set<string>();

/** Filled in by `before`, read when each dialect's server boots (after this hook). */
const env: NodeJS.ProcessEnv = {
  TOCSIN_PUBLIC_URL: PUBLIC_URL,
  TOCSIN_SMTP_FROM: 'Tocsin <pager@tocsin.example.com>',
  TOCSIN_TWILIO_ACCOUNT_SID: TWILIO_SID,
  TOCSIN_TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
  TOCSIN_TWILIO_FROM: TWILIO_FROM,
};

before(async () => {
  hooks = await startHttpReceiver();
  twilio = await startHttpReceiver({
    respond: (r) => {
      const to = new URLSearchParams(r.body).get('To') ?? '';
      if (invalidNumbers.has(to)) {
        return {
          status: 400,
          body: {
            code: 21211,
            message: `The 'To' number ${to} is not a valid phone number.`,
            more_info: 'https://www.twilio.com/docs/errors/21211',
            status: 400,
          },
        };
      }
      const sid = r.path.endsWith('/Calls.json') ? 'CA' : 'SM';
      return { status: 201, body: { sid: `${sid}${'0'.repeat(32)}`, status: 'queued' } };
    },
  });
  smtp = await startSmtpReceiver();
  env.TOCSIN_SMTP_URL = smtp.url;
  env.TOCSIN_TWILIO_BASE_URL = twilio.url;
});

after(async () => {
  closeEmailTransports();
  await Promise.all([hooks.close(), twilio.close(), smtp.close()]);
});

function phoneNumber(): string {
  return `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/** The form fields of a Twilio REST call. */
function form(r: ReceivedRequest): URLSearchParams {
  return new URLSearchParams(r.body);
}

function twilioTo(resource: 'Messages' | 'Calls', number: string): ReceivedRequest[] {
  return twilio.requests.filter(
    (r) => r.path === `/2010-04-01/Accounts/${TWILIO_SID}/${resource}.json` && form(r).get('To') === number,
  );
}

describeEachDialect(
  'paging end to end through the engine',
  (server) => {
    const engine = () => server().tocsin.engine;
    const db = () => server().tdb.db;

    /** The server secret, which must sign nothing a receiver sees. */
    async function serverSecret(): Promise<string> {
      const row = await db()
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'secret')
        .executeTakeFirstOrThrow();
      return row.value;
    }

    /** What a receiver verifies with: its webhook contact method's own secret, read by its owner. */
    async function signingSecret(app: App, user: UserView): Promise<string> {
      const cm = user.contact_methods.find((m) => m.type === 'webhook')!;
      const res = await api<{ signing_secret: string }>(
        app,
        'GET',
        `/api/v1/users/${user.id}/contact-methods/${cm.id}/signing-secret`,
        { token: await tokenFor(app, user.id) },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.signing_secret;
    }

    /** A responder with the given contact methods; a rule at delay 0 for those listed in `paged`. */
    async function responder(
      app: App,
      methods: { type: ContactMethodType; address: string }[],
      paged: ContactMethodType[],
    ): Promise<UserView> {
      const user = await buildUser(app, { role: 'responder', contact_methods: methods });
      for (const type of paged) {
        const cm = user.contact_methods.find((m) => m.type === type);
        assert.ok(cm, `contact method ${type}`);
        await buildNotificationRule(app, user.id, cm.id, { delay_minutes: 0 });
      }
      return user;
    }

    /** A service whose one-level policy targets `users`; returns its events-v2 key and name. */
    async function serviceFor(app: App, users: UserView[]) {
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 30, targets: users.map((u) => ({ type: 'user', id: u.id })) }],
      });
      // Fixed length (19), so the SMS checks below see the same room on every run.
      const name = `checkout-api-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      const service = await buildService(app, { name, escalation_policy_id: policy.id });
      const integration = await buildIntegration(app, 'events-v2', {}, service.id);
      return { key: integration.key, name };
    }

    async function trigger(app: App, key: string): Promise<IncidentView> {
      const dedup = uniqueName('disk').replace(/\W/g, '-');
      const res = await api<{ status: string; dedup_key: string }>(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: dedup,
          payload: {
            summary: SUMMARY,
            source: 'db-1',
            severity: 'critical',
            custom_details: { runbook_url: RUNBOOK, used_percent: 97 },
          },
        },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const alert = await db()
        .selectFrom('alerts')
        .select('incident_id')
        .where('dedup_key', '=', dedup)
        .executeTakeFirstOrThrow();
      return getIncident(app, alert.incident_id!);
    }

    async function getIncident(app: App, id: string): Promise<IncidentView> {
      const res = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${id}`);
      assert.equal(res.status, 200);
      return res.body;
    }

    async function notificationLog(app: App, incidentId: string): Promise<NotificationView[]> {
      const res = await api<{ data: NotificationView[] }>(
        app,
        'GET',
        `/api/v1/incidents/${incidentId}/notifications?limit=100`,
      );
      assert.equal(res.status, 200);
      return res.body.data;
    }

    async function timeline(app: App, incidentId: string): Promise<TimelineEntryView[]> {
      const res = await api<{ data: TimelineEntryView[] }>(
        app,
        'GET',
        `/api/v1/incidents/${incidentId}/timeline?limit=500`,
      );
      assert.equal(res.status, 200);
      return res.body.data;
    }

    /** Checks that `text` names everything a page must carry; `what` names the channel in failures. */
    function carries(what: string, text: string, expected: Record<string, string>): void {
      for (const [field, value] of Object.entries(expected)) {
        assert.ok(text.includes(value), `${what} carries the ${field} ${JSON.stringify(value)}:\n${text}`);
      }
    }

    it('pages one user per channel type, each message carries the page, and the links in them act', async (t) => {
      const { app } = server();
      const slug = uniqueName('p').replace(/\W/g, '');
      const sms = phoneNumber();
      const voice = phoneNumber();
      const emailAddress = `${slug}@example.com`;
      const paths = {
        slack: `/${slug}/slack`,
        teams: `/${slug}/teams`,
        discord: `/${slug}/discord`,
        webhook: `/${slug}/webhook`,
      } as const;
      const users = {
        email: await responder(app, [{ type: 'email', address: emailAddress }], ['email']),
        sms: await responder(app, [{ type: 'sms', address: sms }], ['sms']),
        voice: await responder(app, [{ type: 'voice', address: voice }], ['voice']),
        slack: await responder(app, [{ type: 'slack', address: hooks.url + paths.slack }], ['slack']),
        teams: await responder(app, [{ type: 'teams', address: hooks.url + paths.teams }], ['teams']),
        discord: await responder(app, [{ type: 'discord', address: hooks.url + paths.discord }], ['discord']),
        webhook: await responder(app, [{ type: 'webhook', address: hooks.url + paths.webhook }], ['webhook']),
      };
      const { key, name: serviceName } = await serviceFor(app, Object.values(users));
      const incident = await trigger(app, key);
      assert.equal(incident.status, 'triggered');
      assert.match(incident.ref, /^INC-\d+$/);

      const deliveries = await engine().drain();
      assert.equal(deliveries.length, 7, 'one send per channel');
      assert.ok(
        deliveries.every((d) => d.result.ok && d.recorded),
        JSON.stringify(deliveries.map((d) => d.result)),
      );

      const expected = {
        ref: incident.ref,
        severity: 'critical',
        service: serviceName,
        summary: SUMMARY,
        runbook: RUNBOOK,
      };
      const linkPrefix = `${PUBLIC_URL}/actions/`;

      // Email: one message to the address, links in both parts, Message-ID from the idempotency key.
      const mails = smtp.messages.filter((m) => m.envelope.to.includes(emailAddress));
      assert.equal(mails.length, 1, 'exactly one email');
      const mail = mails[0]!;
      assert.deepEqual(mail.to, [emailAddress]);
      carries('the email subject', mail.subject, { ref: incident.ref, severity: 'critical' });
      carries('the email text', mail.text, expected);
      carries('the email HTML', mail.html, expected);
      const ack = /Acknowledge:\s+(\S+)/.exec(mail.text)?.[1];
      const resolve = /Resolve:\s+(\S+)/.exec(mail.text)?.[1];
      assert.ok(ack?.startsWith(linkPrefix) && resolve?.startsWith(linkPrefix), mail.text);
      assert.notEqual(ack, resolve);
      assert.ok(mail.html.includes(`href="${ack}"`), 'the HTML part links the same acknowledge URL');
      assert.ok(mail.html.includes(`href="${resolve}"`), 'the HTML part links the same resolve URL');
      const emailNotification = await db()
        .selectFrom('notifications')
        .select(['idempotency_key'])
        .where('incident_id', '=', incident.id)
        .where('user_id', '=', users.email.id)
        .executeTakeFirstOrThrow();
      assert.equal(mail.messageId, `<${emailNotification.idempotency_key}@tocsin>`);

      // SMS through Twilio's Messages resource: within 320 characters, everything a page carries,
      // with one respond link (its page offers both actions) instead of two single-action links.
      const texts = twilioTo('Messages', sms);
      assert.equal(texts.length, 1, 'exactly one SMS');
      const text = texts[0]!;
      assert.equal(
        text.headers.authorization,
        `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`,
      );
      assert.equal(form(text).get('From'), TWILIO_FROM);
      const smsBody = form(text).get('Body') ?? '';
      t.diagnostic(`SMS body (${smsBody.length} characters): ${JSON.stringify(smsBody)}`);
      assert.ok(smsBody.length <= SMS_MAX_LENGTH, `SMS of ${smsBody.length} characters`);
      carries('the SMS', smsBody, expected);
      assert.ok(smsBody.includes(`\nRunbook: ${RUNBOOK}\n`), `the runbook link is whole:\n${smsBody}`);
      const smsRespond = /\nRespond: (\S+)$/.exec(smsBody)?.[1];
      assert.ok(smsRespond?.startsWith(linkPrefix), smsBody);
      assert.doesNotMatch(smsBody, /Ack|Resolve:/, 'no single-action links');
      assert.equal(smsBody.split(linkPrefix).length, 2, 'exactly one signed link');

      // Voice through Twilio's Calls resource: TwiML that says the page and has no URL in it.
      const calls = twilioTo('Calls', voice);
      assert.equal(calls.length, 1, 'exactly one call');
      const twiml = form(calls[0]!).get('Twiml') ?? '';
      assert.match(twiml, /^<Response><Say[^>]*>[^<]+<\/Say><\/Response>$/);
      assert.doesNotMatch(twiml, /:\/\/|https?:|www\.|\/actions\//i, 'no URL is read aloud');
      carries('the call', twiml, {
        ref: `Incident ${incident.number}`,
        severity: 'critical',
        service: serviceName,
        summary: SUMMARY,
      });

      // Chat channels and the webhook: one JSON POST each, carrying everything and both links.
      const posted = (path: string) => {
        const got = hooks.requests.filter((r) => r.path === path);
        assert.equal(got.length, 1, `exactly one POST to ${path}`);
        assert.equal(got[0]!.method, 'POST');
        assert.ok(got[0]!.json !== undefined, `${path} got JSON`);
        return got[0]!;
      };
      // Every page links the incident's page for people, never the JSON API (issue 14 item 17).
      const pageUrl = `${PUBLIC_URL}/incidents/${incident.ref}`;
      for (const channel of ['slack', 'teams', 'discord'] as const) {
        const body = posted(paths[channel]).body;
        carries(channel, body, expected);
        assert.ok(body.includes(linkPrefix), `${channel} carries the signed links`);
        assert.ok(body.includes(pageUrl), `${channel} links ${pageUrl}:\n${body}`);
        assert.ok(!body.includes('/api/v1/'), `${channel} links no API URL`);
      }
      for (const [what, text] of [
        ['the email text', mail.text],
        ['the email HTML', mail.html],
      ] as const) {
        assert.ok(text.includes(pageUrl), `${what} links ${pageUrl}`);
        assert.ok(!text.includes('/api/v1/'), `${what} links no API URL`);
      }
      const hook = posted(paths.webhook);
      const payload = hook.json as {
        event: string;
        incidents: {
          id: string;
          ref: string;
          severity: string;
          summary: string;
          runbook_url: string;
          service: { name: string };
          acknowledge_url: string;
          resolve_url: string;
          respond_url: string;
        }[];
      };
      assert.equal(payload.event, 'incident.page');
      assert.equal(payload.incidents.length, 1);
      const page = payload.incidents[0]!;
      assert.equal(page.id, incident.id);
      assert.equal(page.ref, incident.ref);
      assert.equal(page.severity, 'critical');
      assert.equal(page.service.name, serviceName);
      assert.equal(page.summary, SUMMARY);
      assert.equal(page.runbook_url, RUNBOOK);
      assert.equal((page as { url?: string }).url, pageUrl);
      assert.ok(page.acknowledge_url.startsWith(linkPrefix) && page.resolve_url.startsWith(linkPrefix));
      assert.ok(page.respond_url.startsWith(linkPrefix));
      assert.equal(new Set([page.acknowledge_url, page.resolve_url, page.respond_url]).size, 3);
      const signature = String(hook.headers['tocsin-signature']);
      const nowS = Math.floor(clock.now() / 1000);
      const secret = await signingSecret(app, users.webhook);
      assert.ok(verifyWebhookSignature(secret, signature, hook.body, nowS), 'signature verifies');
      assert.ok(
        !verifyWebhookSignature(await serverSecret(), signature, hook.body, nowS),
        'not signed with the server secret (issue 14 item 2)',
      );
      assert.ok(
        !verifyWebhookSignature(secret, signature, hook.body.replace(SUMMARY, 'tampered'), nowS),
        'the signature covers the body',
      );

      // The notification log: one sent notification per channel, each delivered on its first attempt.
      const log = await notificationLog(app, incident.id);
      assert.deepEqual(log.map((n) => n.channel).sort(), [
        'discord',
        'email',
        'slack',
        'sms',
        'teams',
        'voice',
        'webhook',
      ]);
      for (const n of log) {
        assert.equal(n.status, 'sent', `${n.channel} notification`);
        assert.equal(n.attempts, 1);
        assert.equal(n.attempts_log.length, 1);
        assert.equal(n.attempts_log[0]!.outcome, 'delivered', `${n.channel} attempt`);
        assert.ok(n.sent_at !== null);
      }
      const codes = Object.fromEntries(log.map((n) => [n.channel, n.attempts_log[0]!.response_code]));
      assert.deepEqual(codes, {
        discord: 200,
        email: 250,
        slack: 200,
        sms: 201,
        teams: 200,
        voice: 201,
        webhook: 200,
      });

      // Follow the respond link of the SMS: GET only asks, offering both actions; POST with the
      // acknowledge form's `?do=acknowledge` acts as the texted user.
      const respondPath = new URL(smsRespond!).pathname;
      assert.match(respondPath, /^\/actions\/v2\./);
      const shown = await app.inject({ method: 'GET', url: respondPath });
      assert.equal(shown.statusCode, 200, shown.body);
      assert.match(String(shown.headers['content-type']), /^text\/html/);
      assert.ok(shown.body.includes(`Acknowledge or resolve ${incident.ref}?`), shown.body);
      assert.match(
        shown.body,
        /<form method="post" action="\?do=acknowledge">\s*<button[^>]*>Acknowledge<\/button>/,
      );
      assert.match(shown.body, /<form method="post" action="\?do=resolve">\s*<button[^>]*>Resolve<\/button>/);
      assert.ok(shown.body.includes(users.sms.name), 'names who the link acts as');
      assert.equal((await getIncident(app, incident.id)).status, 'triggered', 'GET changed nothing');

      const acked = await app.inject({ method: 'POST', url: `${respondPath}?do=acknowledge` });
      assert.equal(acked.statusCode, 200, acked.body);
      assert.ok(acked.body.includes(`${incident.ref} acknowledged`), acked.body);
      const afterAck = await getIncident(app, incident.id);
      assert.equal(afterAck.status, 'acknowledged');
      assert.deepEqual(afterAck.acknowledged_by, { type: 'user', id: users.sms.id, name: users.sms.name });
      const ackEntry = (await timeline(app, incident.id)).find((e) => e.kind === 'acknowledged');
      assert.deepEqual(ackEntry?.actor, { type: 'user', id: users.sms.id, name: users.sms.name });

      // The resolve link of the email resolves, as the emailed user.
      const resolved = await app.inject({
        method: 'POST',
        url: new URL(resolve!).pathname,
        headers: { accept: 'application/json' },
      });
      assert.equal(resolved.statusCode, 200, resolved.body);
      const answer = JSON.parse(resolved.body) as { incident: IncidentView; user: { id: string } };
      assert.equal(answer.incident.status, 'resolved');
      assert.equal(answer.user.id, users.email.id);
      const afterResolve = await getIncident(app, incident.id);
      assert.equal(afterResolve.status, 'resolved');
      assert.deepEqual(afterResolve.resolved_by, {
        type: 'user',
        id: users.email.id,
        name: users.email.name,
      });

      // Nothing more was sent on any channel while acting.
      await engine().drain();
      assert.equal(smtp.messages.filter((m) => m.envelope.to.includes(emailAddress)).length, 1);
      assert.equal(twilioTo('Messages', sms).length + twilioTo('Calls', voice).length, 2);
      for (const path of Object.values(paths)) {
        assert.equal(hooks.requests.filter((r) => r.path === path).length, 1, path);
      }
    });

    it('a Twilio 400 (invalid number) is not retried and falls through to the next contact method', async () => {
      const { app } = server();
      const slug = uniqueName('f').replace(/\W/g, '');
      const bad = phoneNumber();
      invalidNumbers.add(bad);
      const fallback = `/${slug}/fallback`;
      // SMS is the only rule; the webhook is just another contact method to fall through to.
      const user = await responder(
        app,
        [
          { type: 'sms', address: bad },
          { type: 'webhook', address: hooks.url + fallback },
        ],
        ['sms'],
      );
      const { key } = await serviceFor(app, [user]);
      const incident = await trigger(app, key);
      await engine().drain();

      assert.equal(twilioTo('Messages', bad).length, 1, 'Twilio was asked once');
      const hooked = hooks.requests.filter((r) => r.path === fallback);
      assert.equal(hooked.length, 1, 'the webhook got the page instead');
      assert.equal((hooked[0]!.json as { incidents: { id: string }[] }).incidents[0]!.id, incident.id);

      // Past every retry the default backoff could have scheduled: still only the one request.
      clock.advance(30 * 60_000);
      await engine().drain();
      assert.equal(twilioTo('Messages', bad).length, 1, 'a 400 is not retried');

      const entries = await timeline(app, incident.id);
      const fell = entries.filter((e) => e.kind === 'fell_through');
      assert.equal(fell.length, 1, JSON.stringify(entries.map((e) => e.kind)));
      assert.match(
        fell[0]!.message,
        /^sms to .+ failed \(HTTP 400, Twilio error 21211\); trying webhook instead$/,
      );
      assert.ok(!entries.some((e) => e.kind === 'notification_failed'), 'no retry was scheduled');
      assert.ok(entries.some((e) => e.kind === 'notified' && e.data.channel === 'webhook'));

      const log = await notificationLog(app, incident.id);
      const smsLog = log.find((n) => n.channel === 'sms');
      const hookLog = log.find((n) => n.channel === 'webhook');
      assert.equal(smsLog?.status, 'failed');
      assert.equal(smsLog.attempts, 1);
      assert.deepEqual(
        smsLog.attempts_log.map((a) => [a.outcome, a.response_code]),
        [['failed', 400]],
      );
      assert.match(smsLog.last_error ?? '', /^HTTP 400/);
      assert.equal(hookLog?.status, 'sent');
      assert.deepEqual(
        hookLog.attempts_log.map((a) => a.outcome),
        ['delivered'],
      );
      invalidNumbers.delete(bad);
    });
  },
  {
    clock: () => (clock = fixedClock(Date.parse('2026-11-25T10:00:00Z'))),
    env,
  },
);
