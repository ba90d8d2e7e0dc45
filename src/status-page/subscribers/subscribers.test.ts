import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { auditActions, buildUser, tokenFor } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import {
  type HttpReceiver,
  type ReceivedMail,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../../test/receivers.ts';
import { buildComponent, postUpdate, publishIncident } from '../../../test/status-page-api.ts';
import { closeEmailTransports } from '../../notify/channels/email.ts';
import { verifyWebhookSignature } from '../../notify/signature.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SUBSCRIBES_PER_MINUTE } from './public-routes.ts';
import { UNCONFIRMED_KEPT_MS } from './subscribe.ts';
import { PURGE_EVERY_MS } from './worker.ts';

/**
 * Subscribers end to end: the public endpoints through `app.inject`, the engine drained by hand
 * under a fixed clock, mail through a real SMTP server (smtp-server) and webhooks to a real
 * HTTP receiver. Public incidents and updates are posted through the admin API, as a comms lead
 * posts them (test/status-page-api.ts).
 */
type App = Parameters<typeof api>[0];

const PUBLIC_URL = 'https://tocsin.example.com';
const T0 = Date.parse('2026-03-02T14:00:00Z');
const clock = fixedClock(T0);
let smtp: SmtpReceiver;
let hooks: HttpReceiver;
const env: NodeJS.ProcessEnv = {
  TOCSIN_PUBLIC_URL: PUBLIC_URL,
  TOCSIN_SMTP_FROM: 'Status <status@example.com>',
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

let ipCounter = 0;
/** Each test subscribes from its own address, so the per-address limit of one does not touch another. */
const nextIp = () => `198.51.100.${++ipCounter}`;

async function post(
  app: App,
  url: string,
  opts: { form?: Record<string, string | string[]>; json?: unknown; ip?: string; raw?: string } = {},
) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.form ?? {})) for (const x of [v].flat()) form.append(k, x);
  const res = await app.inject({
    method: 'POST',
    url,
    remoteAddress: opts.ip ?? nextIp(),
    headers: {
      'content-type': opts.json !== undefined ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    payload: opts.json !== undefined ? JSON.stringify(opts.json) : (opts.raw ?? form.toString()),
  });
  return { status: res.statusCode, body: res.body, headers: res.headers };
}

/** The path (and query) of an absolute link under PUBLIC_URL, for app.inject. */
function pathOf(url: string): string {
  assert.ok(url.startsWith(`${PUBLIC_URL}/status/`), url);
  return url.slice(PUBLIC_URL.length);
}

const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

function listHeaders(m: ReceivedMail): { unsubscribe: string; post: string } {
  const list = m.headers.get('list') as { unsubscribe?: { url?: string } } | undefined;
  return { unsubscribe: list?.unsubscribe?.url ?? '', post: JSON.stringify(list ?? {}) };
}

describeEachDialect(
  'status page subscribers',
  (server) => {
    const db = () => server().tdb.db;
    const drain = () => server().tocsin.engine.drain();

    it('confirms an email subscriber by mail, notifies it once per update, and one-click unsubscribes', async () => {
      const app = server().app;
      const address = `alice.${ipCounter}@example.com`;
      const answer = await post(app, '/status/subscribe', { form: { email: address.toUpperCase() } });
      assert.equal(answer.status, 202);
      assert.match(answer.body, /confirmation link/);
      await drain();
      const [confirm] = mailsTo(address);
      assert.ok(confirm, 'the confirmation mail arrived');
      assert.equal(mailsTo(address).length, 1);
      assert.match(confirm.subject, /Confirm your subscription/);
      assert.ok(listHeaders(confirm).unsubscribe.startsWith(`${PUBLIC_URL}/status/unsubscribe?token=`));
      const link = /Confirm: (\S+)/.exec(confirm.text)?.[1];
      assert.ok(link, confirm.text);

      // Nothing is sent before the link is confirmed.
      const component = (await buildComponent(app)).id;
      await publishIncident(app, {
        name: 'Early',
        impact: 'major',
        body: 'Before confirming',
        components: { [component]: 'partial_outage' },
      });
      await drain();
      assert.equal(mailsTo(address).length, 1);

      // A GET (a mail scanner following the link) only shows the button.
      const shown = await app.inject({ method: 'GET', url: pathOf(link) });
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /<form method="post">/);
      const pending = await db()
        .selectFrom('status_subscribers')
        .selectAll()
        .where('address', '=', address)
        .executeTakeFirstOrThrow();
      assert.equal(pending.confirmed_at, null);
      assert.notEqual(pending.confirm_token_hash, null);
      assert.ok(!link.includes(pending.confirm_token_hash!), 'only a keyed hash of the token is stored');

      const confirmed = await post(app, pathOf(link));
      assert.equal(confirmed.status, 200);
      assert.match(confirmed.body, /Subscribed/);
      assert.equal((await post(app, pathOf(link))).status, 400, 'a used link does not work again');

      const incident = (
        await publishIncident(app, {
          name: 'Checkout errors',
          impact: 'major',
          body: 'We are investigating checkout errors.',
          components: { [component]: 'partial_outage' },
        })
      ).id;
      await drain();
      await drain();
      const updates = mailsTo(address).filter((m) => m.subject.includes('Checkout errors'));
      assert.equal(updates.length, 1, 'one mail per update');
      const mail = updates[0]!;
      assert.match(mail.subject, /Investigating/);
      assert.match(mail.text, /We are investigating checkout errors\./);
      const { unsubscribe, post: postHeader } = listHeaders(mail);
      assert.ok(unsubscribe.startsWith(`${PUBLIC_URL}/status/unsubscribe?token=`), unsubscribe);
      assert.match(postHeader, /List-Unsubscribe=One-Click/);
      assert.ok(mail.text.includes(unsubscribe), 'the unsubscribe link is in the body too');

      // The body is Markdown: rendered in the HTML part by the status page's renderer (raw HTML
      // shown as text, never passed through), written as it is in the text part.
      clock.advance(60_000);
      const markdown = '**Found it**: a bad deploy.\n\n<script>alert(1)</script><img src=x onerror=alert(2)>';
      await postUpdate(app, incident, { status: 'identified', body: markdown });
      await drain();
      const checkout = mailsTo(address).filter((m) => m.subject.includes('Checkout errors'));
      assert.equal(checkout.length, 2);
      const rendered = checkout[1]!;
      assert.match(rendered.html, /<strong>Found it<\/strong>: a bad deploy\./);
      assert.ok(!/<script|<img/i.test(rendered.html), rendered.html);
      assert.match(rendered.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.ok(rendered.text.includes(markdown), 'the text part has the body as written');
      assert.ok(
        rendered.html.includes(listHeaders(rendered).unsubscribe),
        'the HTML part links to unsubscribe',
      );

      // RFC 8058 one-click: a POST of `List-Unsubscribe=One-Click` to the header's URL, no cookie.
      const gone = await post(app, pathOf(unsubscribe), { raw: 'List-Unsubscribe=One-Click' });
      assert.equal(gone.status, 200);
      assert.equal(
        await db()
          .selectFrom('status_subscribers')
          .select('id')
          .where('address', '=', address)
          .executeTakeFirst(),
        undefined,
      );
      clock.advance(60_000);
      await postUpdate(app, incident, { status: 'resolved', body: 'Fixed.' });
      await drain();
      assert.equal(mailsTo(address).filter((m) => m.subject.includes('Checkout errors')).length, 2);
    });

    it('answers the same whether or not an address is subscribed, and rate limits per client address', async () => {
      const app = server().app;
      const ip = nextIp();
      const known = `known.${ipCounter}@example.com`;
      const first = await post(app, '/status/subscribe', { json: { email: known }, ip });
      const again = await post(app, '/status/subscribe', { json: { email: known }, ip });
      const fresh = await post(app, '/status/subscribe', {
        json: { email: `new.${ipCounter}@example.com` },
        ip,
      });
      assert.equal(first.status, 202);
      assert.deepEqual([again.status, again.body], [first.status, first.body]);
      assert.deepEqual([fresh.status, fresh.body], [first.status, first.body]);
      await drain();
      assert.equal(mailsTo(known).length, 1, 'asking again soon sends no second confirmation');

      const hook = `${hooks.url}/same-${ipCounter}`;
      const w1 = await post(app, '/status/subscribe', { json: { webhook_url: hook }, ip: nextIp() });
      const w2 = await post(app, '/status/subscribe', { json: { webhook_url: hook }, ip: nextIp() });
      assert.equal(w1.status, 202);
      assert.equal(w2.status, w1.status);
      const b1 = JSON.parse(w1.body) as { secret: string };
      const b2 = JSON.parse(w2.body) as { secret: string };
      assert.deepEqual(Object.keys(b2), Object.keys(b1));
      assert.notEqual(b2.secret, b1.secret, 'the subscribed webhook keeps its secret');

      const bad = await post(app, '/status/subscribe', { json: { email: 'not an address' }, ip: nextIp() });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /body\.email/);
      const unknownComponent = await post(app, '/status/subscribe', {
        json: { email: 'x@example.com', component_ids: ['cmp_00000000000000000000000000'] },
        ip: nextIp(),
      });
      assert.equal(unknownComponent.status, 400);
      assert.match(unknownComponent.body, /body\.component_ids/);
      const internal = await post(app, '/status/subscribe', {
        json: { webhook_url: 'http://169.254.169.254/latest' },
        ip: nextIp(),
      });
      assert.equal(internal.status, 400, 'the outbound guard refuses internal addresses');
      assert.match(internal.body, /body\.webhook_url/);

      const limited = nextIp();
      for (let i = 0; i < SUBSCRIBES_PER_MINUTE; i++) {
        const ok = await post(app, '/status/subscribe', {
          form: { email: `burst${i}.${ipCounter}@example.com` },
          ip: limited,
        });
        assert.equal(ok.status, 202);
      }
      const over = await post(app, '/status/subscribe', {
        form: { email: `over.${ipCounter}@example.com` },
        ip: limited,
      });
      assert.equal(over.status, 429);
      assert.equal(over.headers['retry-after'], '60');
      assert.equal(
        (await post(app, '/status/subscribe', { form: { email: `other.${ipCounter}@example.com` } })).status,
        202,
      );
    });

    it('signs webhook deliveries in Statuspage shape and filters them by component', async () => {
      const app = server().app;
      const api1 = (await buildComponent(app)).id;
      const api2 = (await buildComponent(app)).id;
      const subscribeHook = async (name: string, componentIds?: string[]) => {
        const res = await post(app, '/status/subscribe', {
          form: {
            webhook_url: `${hooks.url}/${name}`,
            ...(componentIds ? { 'component_ids[]': componentIds } : {}),
          },
        });
        assert.equal(res.status, 202, res.body);
        const secret = /<code>(whsec_[^<]+)<\/code>/.exec(res.body)?.[1];
        assert.ok(secret, 'the page shows the secret once');
        return secret;
      };
      const tag = `f${ipCounter}`;
      const allSecret = await subscribeHook(`${tag}-all`);
      await subscribeHook(`${tag}-web`, [api1]);
      await subscribeHook(`${tag}-mail`, [api2]);

      const published = await publishIncident(app, {
        name: 'Web down',
        impact: 'major',
        body: 'Looking into it',
        components: { [api1]: 'partial_outage' },
      });
      const incident = published.id;
      const update = published.updates[0]!.id;
      await drain();
      const to = (name: string) => hooks.requests.filter((r) => r.path === `/${tag}-${name}`);
      assert.equal(to('all').length, 1);
      assert.equal(to('web').length, 1);
      assert.equal(to('mail').length, 0, 'a subscriber of another component is not told');

      const req = to('all')[0]!;
      assert.ok(
        verifyWebhookSignature(
          allSecret,
          String(req.headers['tocsin-signature']),
          req.body,
          Math.floor(clock.now() / 1000),
        ),
      );
      const body = req.json as {
        meta: { unsubscribe: string; documentation: string };
        page: { id: string; status_indicator: string; status_description: string };
        incident: {
          id: string;
          name: string;
          status: string;
          impact: string;
          incident_updates: { id: string; body: string; incident_id: string }[];
        };
      };
      assert.ok(body.meta.unsubscribe.startsWith(`${PUBLIC_URL}/status/unsubscribe?token=`));
      assert.equal(typeof body.meta.documentation, 'string');
      assert.equal(body.page.status_indicator, 'major');
      assert.equal(body.page.status_description, 'Partial System Outage');
      assert.equal(body.incident.id, incident);
      assert.equal(body.incident.name, 'Web down');
      assert.deepEqual(
        body.incident.incident_updates.map((u) => [u.id, u.body, u.incident_id]),
        [[update, 'Looking into it', incident]],
      );
      assert.equal(
        req.headers['idempotency-key'],
        `update:${update}:${await subscriberId(`${hooks.url}/${tag}-all`)}`,
      );

      // The unsubscribe link in meta ends the subscription.
      assert.equal((await post(app, pathOf(body.meta.unsubscribe))).status, 200);
      await postUpdate(app, incident, { status: 'resolved', body: 'Done' });
      await drain();
      assert.equal(to('all').length, 1);
      assert.equal(to('web').length, 2);
    });

    async function subscriberId(address: string): Promise<string> {
      return (
        await db()
          .selectFrom('status_subscribers')
          .select('id')
          .where('address', '=', address)
          .executeTakeFirstOrThrow()
      ).id;
    }

    it('lists subscribers to admins only and audits a removal', async () => {
      const app = server().app;
      const hook = `${hooks.url}/admin-${ipCounter}`;
      await post(app, '/status/subscribe', { json: { webhook_url: hook } });
      const id = await subscriberId(hook);
      const responder = await buildUser(app, { role: 'responder' });
      const token = await tokenFor(app, responder.id);
      assert.equal((await api(app, 'GET', '/api/v1/status-page/subscribers', { token })).status, 403);
      assert.equal(
        (await api(app, 'DELETE', `/api/v1/status-page/subscribers/${id}`, { token })).status,
        403,
      );

      const seen: { id: string; address: string; kind: string; confirmed: boolean }[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { data: typeof seen; next_cursor: string | null } } = await api(
          app,
          'GET',
          `/api/v1/status-page/subscribers?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        assert.equal(page.status, 200);
        seen.push(...page.body.data);
        cursor = page.body.next_cursor;
      } while (cursor !== null);
      const mine = seen.find((s) => s.id === id);
      assert.deepEqual(mine && { address: mine.address, kind: mine.kind, confirmed: mine.confirmed }, {
        address: hook,
        kind: 'webhook',
        confirmed: true,
      });
      assert.ok(!JSON.stringify(seen).includes('whsec_'), 'secrets are never listed');

      assert.equal((await api(app, 'DELETE', `/api/v1/status-page/subscribers/${id}`)).status, 204);
      assert.equal((await api(app, 'DELETE', `/api/v1/status-page/subscribers/${id}`)).status, 404);
      assert.deepEqual(await auditActions(app, 'status_subscriber', id), ['status_page.subscriber.delete']);
    });

    // Last: it moves the shared clock on by a week.
    it('deletes email subscriptions left unconfirmed for 7 days after their last link', async () => {
      const app = server().app;
      const exists = async (address: string) =>
        (await db()
          .selectFrom('status_subscribers')
          .select('id')
          .where('address', '=', address)
          .executeTakeFirst()) !== undefined;
      const subscribeMail = async (address: string) =>
        assert.equal((await post(app, '/status/subscribe', { json: { email: address } })).status, 202);
      const tag = `p${ipCounter}`;
      const stale = `stale.${tag}@example.com`;
      const renewed = `renewed.${tag}@example.com`;
      const kept = `kept.${tag}@example.com`;
      // The engine looks at most every PURGE_EVERY_MS: each step below moves the clock that far.
      clock.advance(PURGE_EVERY_MS);
      for (const address of [stale, renewed, kept]) await subscribeMail(address);
      await drain();
      const linkOf = (address: string) => /Confirm: (\S+)/.exec(mailsTo(address)[0]!.text)![1]!;
      const staleLink = linkOf(stale);
      assert.equal((await post(app, pathOf(linkOf(kept)))).status, 200);

      clock.advance(UNCONFIRMED_KEPT_MS - PURGE_EVERY_MS);
      await subscribeMail(renewed);
      await drain();
      assert.equal(mailsTo(renewed).length, 2, 'asking again sent a fresh link');
      assert.ok(await exists(stale), 'not before 7 days');

      clock.advance(PURGE_EVERY_MS);
      await drain();
      assert.equal(await exists(stale), false, 'never confirmed for 7 days: deleted');
      assert.ok(await exists(renewed), 'a fresh link starts the 7 days again');
      assert.ok(await exists(kept), 'confirmed subscriptions stay');
      assert.equal((await post(app, pathOf(staleLink))).status, 400, 'its link no longer confirms');
    });
  },
  { clock: () => clock, env },
);
