import assert from 'node:assert/strict';
import { ACTION_PAGE_STYLE } from './action-look.ts';
import { after, before, it } from 'node:test';
import { auditActions, buildIncident, buildUser } from '../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { App } from '../platform/http/app.ts';
import type { UserView } from '../users/schemas.ts';
import { type LinkAction, actionLinks, signActionToken } from '../notify/links.ts';

type Incident = {
  id: string;
  ref: string;
  title: string;
  status: string;
  acknowledged_by: { type: string; id: string } | null;
  resolved_by: { type: string; id: string } | null;
};
type AuditEntry = { action: string; actor_type: string; actor_id: string | null; actor_name: string };

const T0 = Date.parse('2025-01-06T12:00:00Z');
const HOUR = 3600_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let clock = fixedClock(T0);

describeEachDialect(
  'signed acknowledge / resolve links',
  (server) => {
    let receiver: HttpReceiver;
    before(async () => {
      receiver = await startHttpReceiver();
    });
    after(() => receiver.close());

    /**
     * An incident whose service's policy pages `paged` (through the engine, to a webhook each):
     * links act only for people paged for the incident.
     */
    async function openIncident(app: App, title = 'Disk full on db-1', paged: UserView[] = []) {
      for (const user of paged) {
        const cm = await api(app, 'POST', `/api/v1/users/${user.id}/contact-methods`, {
          body: { type: 'webhook', address: `${receiver.url}/${user.id}` },
        });
        assert.equal(cm.status, 201, JSON.stringify(cm.body));
      }
      const targets = paged.map((u) => ({ type: 'user', id: u.id }));
      const policy = { levels: [{ delay_minutes: 5, targets }] };
      const opened = await buildIncident(app, {
        ...(paged.length === 0 ? {} : { policy }),
        title,
        dedupKey: 'x',
      });
      const service = await api<{ name: string }>(app, 'GET', `/api/v1/services/${opened.serviceId}`);
      if (paged.length > 0) await server().tocsin.engine.drain();
      return { incident: opened.incident, serviceName: service.body.name };
    }

    const getIncident = async (app: App, id: string) =>
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${id}`)).body;

    function links(user: UserView, incident: Incident, ttlMs?: number) {
      const { app } = server();
      return actionLinks(
        'http://tocsin.test',
        app.deps.keys.actionLinks,
        { incidentId: incident.id, userId: user.id },
        clock.now(),
        ttlMs,
      );
    }

    /** The path of a link, as the browser requests it. */
    const pathOf = (url: string) => new URL(url).pathname;

    const page = (app: App, method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) =>
      app.inject({ method, url: pathOf(url), headers, ...(method === 'POST' ? { payload: '' } : {}) });

    /** POSTs a link's form with a query, as the respond page's forms do (`action="?do=..."`). */
    const post = (app: App, url: string, query: string, headers: Record<string, string> = FORM) =>
      app.inject({ method: 'POST', url: `${pathOf(url)}${query}`, headers, payload: '' });

    it('GET shows a confirmation form naming the incident, the action and the user, and changes nothing', async () => {
      const { app } = server();
      const alice = await buildUser(app, { role: 'responder', name: `Alice <b>${Date.now()}</b>` });
      const { incident, serviceName } = await openIncident(app, 'Disk <full> & "db"', [alice]);
      const { acknowledgeUrl, resolveUrl } = links(alice, incident);

      const res = await page(app, 'GET', acknowledgeUrl, { accept: 'text/html,*/*;q=0.8' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /Acknowledge INC-\d+\?/);
      assert.ok(res.body.includes(incident.ref));
      assert.ok(res.body.includes('Disk &#60;full&#62; &#38; &#34;db&#34;'), 'title, escaped');
      assert.ok(!res.body.includes('<full>'));
      assert.ok(res.body.includes(serviceName));
      assert.ok(res.body.includes('triggered'));
      assert.ok(res.body.includes('Alice &#60;b&#62;'), 'user name, escaped');
      assert.match(
        res.body,
        /<form method="post"><button type="submit">Acknowledge INC-\d+<\/button><\/form>/,
      );
      assert.ok(!/<script/i.test(res.body), 'the CSP allows no inline script');
      // The app's look: its sheet inline (the CSP allows inline styles, and says so), a card.
      assert.ok(res.body.includes(ACTION_PAGE_STYLE), 'the shared stylesheet');
      assert.match(res.body, /<main><div class="card"><h1>/);
      assert.match(String(res.headers['content-security-policy']), /style-src 'self' 'unsafe-inline'/);

      const resolvePage = await page(app, 'GET', resolveUrl);
      assert.equal(resolvePage.statusCode, 200);
      assert.match(resolvePage.body, /Resolve INC-\d+\?/);

      const after = await getIncident(app, incident.id);
      assert.equal(after.status, 'triggered');
      assert.equal(after.acknowledged_by, null);
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });

    it('POST of the form acknowledges as the user and records it; POST again is a friendly 409 "already used" page', async () => {
      const { app } = server();
      const alice = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [alice]);
      const { acknowledgeUrl } = links(alice, incident);

      const res = await page(app, 'POST', acknowledgeUrl, FORM);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.ok(res.body.includes(`${incident.ref} acknowledged`));
      assert.ok(res.body.includes(`Acknowledged by ${alice.name}`));

      const after = await getIncident(app, incident.id);
      assert.equal(after.status, 'acknowledged');
      assert.equal(after.acknowledged_by?.id, alice.id);
      const audit = await api<{ data: AuditEntry[] }>(
        app,
        'GET',
        `/api/v1/audit?target_type=incident&target_id=${incident.id}&action=incident.acknowledge`,
      );
      assert.equal(audit.body.data.length, 1);
      const { action, actor_type, actor_id, actor_name } = audit.body.data[0]!;
      assert.deepEqual(
        { action, actor_type, actor_id, actor_name },
        { action: 'incident.acknowledge', actor_type: 'user', actor_id: alice.id, actor_name: alice.name },
      );

      const again = await page(app, 'POST', acknowledgeUrl, FORM);
      assert.equal(again.statusCode, 409);
      assert.match(String(again.headers['content-type']), /^text\/html/);
      // A link acts once (issue 14 item 2): the page says so, and where the incident stands.
      assert.ok(again.body.includes('This link was already used'), again.body);
      assert.ok(again.body.includes(`${incident.ref} is acknowledged now`), again.body);
      assert.deepEqual(await auditActions(app, 'incident', incident.id), ['incident.acknowledge']);
    });

    it('the resolve link resolves (without a body or with JSON), and then answers 409 "already resolved"', async () => {
      const { app } = server();
      const bob = await buildUser(app, { role: 'admin' });
      const { incident } = await openIncident(app, undefined, [bob]);
      const { resolveUrl, acknowledgeUrl } = links(bob, incident);

      const res = await app.inject({ method: 'POST', url: pathOf(resolveUrl) });
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes(`${incident.ref} resolved`));
      const after = await getIncident(app, incident.id);
      assert.equal(after.status, 'resolved');
      assert.equal(after.resolved_by?.id, bob.id);

      for (const url of [resolveUrl, acknowledgeUrl]) {
        const again = await page(app, 'POST', url, { 'content-type': 'application/json' });
        assert.equal(again.statusCode, 409);
        // The used resolve link says it was used; the unused acknowledge link, why it cannot act.
        const expected =
          url === resolveUrl ? 'This link was already used' : `${incident.ref} is already resolved`;
        assert.ok(again.body.includes(expected), again.body);
      }
      assert.deepEqual(await auditActions(app, 'incident', incident.id), ['incident.resolve']);
    });

    it('answers JSON when the caller prefers it', async () => {
      const { app } = server();
      const carol = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [carol]);
      const { acknowledgeUrl } = links(carol, incident);
      const json = { accept: 'application/json' };

      const shown = await page(app, 'GET', acknowledgeUrl, json);
      assert.equal(shown.statusCode, 200);
      assert.equal(shown.json<{ incident: Incident }>().incident.status, 'triggered');
      assert.deepEqual(shown.json<{ action: string }>().action, 'acknowledge');

      const acted = await app.inject({
        method: 'POST',
        url: pathOf(acknowledgeUrl),
        headers: json,
        payload: { anything: true },
      });
      assert.equal(acted.statusCode, 200);
      const body = acted.json<{ incident: Incident }>();
      assert.equal(body.incident.id, incident.id);
      assert.equal(body.incident.status, 'acknowledged');

      const again = await page(app, 'POST', acknowledgeUrl, json);
      assert.equal(again.statusCode, 409);
      assert.deepEqual(again.json(), {
        error: { code: 'link_used', message: 'This link was already used' },
      });
    });

    it('an expired link answers 410 and changes nothing', async () => {
      const { app } = server();
      const dave = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [dave]);
      const { acknowledgeUrl } = links(dave, incident, HOUR);

      assert.equal((await page(app, 'GET', acknowledgeUrl)).statusCode, 200, 'valid before it expires');
      clock.advance(HOUR);
      try {
        for (const method of ['GET', 'POST'] as const) {
          const res = await page(app, method, acknowledgeUrl, FORM);
          assert.equal(res.statusCode, 410);
          assert.match(String(res.headers['content-type']), /^text\/html/);
          assert.ok(res.body.includes('This link has expired'));
          // Somewhere to go: the incident's page for people (issue 14 item 17).
          assert.ok(
            res.body.includes(`href="${app.deps.config.publicUrl}/incidents/${incident.ref}"`),
            `links the incident page:\n${res.body}`,
          );
        }
        const json = await page(app, 'POST', acknowledgeUrl, { accept: 'application/json' });
        assert.equal(json.statusCode, 410);
        assert.equal(json.json<{ error: { code: string } }>().error.code, 'expired');
      } finally {
        clock.set(T0);
      }
      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });

    it('a tampered or foreign link answers 400 "This link is not valid" and changes nothing', async () => {
      const { app } = server();
      const erin = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [erin]);
      const token = pathOf(links(erin, incident).acknowledgeUrl).slice('/actions/'.length);
      const [version, , mac] = token.split('.') as [string, string, string];
      // Claims for another action, re-encoded: exactly what a forger would try.
      const otherPayload = signActionToken(
        { incidentId: incident.id, userId: erin.id, action: 'resolve', issuedAt: T0, expiresAt: T0 + HOUR },
        app.deps.keys.actionLinks,
      ).split('.')[1]!;
      const foreign = signActionToken(
        {
          incidentId: incident.id,
          userId: erin.id,
          action: 'acknowledge',
          issuedAt: T0,
          expiresAt: T0 + HOUR,
        },
        Buffer.from('not-the-server-key'),
      );
      for (const bad of [`${version}.${otherPayload}.${mac}`, foreign, 'garbage', `${token}x`]) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await app.inject({ method, url: `/actions/${bad}`, headers: FORM, payload: '' });
          assert.equal(res.statusCode, 400, `${method} ${bad}`);
          assert.match(String(res.headers['content-type']), /^text\/html/);
          assert.ok(res.body.includes('This link is not valid'));
        }
      }
      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
    });

    it('a respond link: GET shows an Acknowledge and a Resolve form posting ?do= to the link, and changes nothing', async () => {
      const { app } = server();
      const alice = await buildUser(app, { role: 'responder' });
      const { incident, serviceName } = await openIncident(app, 'Disk <full> on db-1', [alice]);
      const { respondUrl } = links(alice, incident);

      const res = await page(app, 'GET', respondUrl, { accept: 'text/html' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.ok(res.body.includes(`Acknowledge or resolve ${incident.ref}?`), res.body);
      assert.ok(res.body.includes('Disk &#60;full&#62; on db-1'), 'title, escaped');
      assert.ok(res.body.includes(serviceName));
      assert.ok(res.body.includes(alice.name));
      const forms = [
        ...res.body.matchAll(/<form ([^>]*)>\s*<button type="submit"[^>]*>([^<]*)<\/button>\s*<\/form>/g),
      ];
      assert.deepEqual(
        forms.map((f) => [f[1], f[2]]),
        [
          ['method="post" action="?do=acknowledge"', 'Acknowledge'],
          ['method="post" action="?do=resolve"', 'Resolve'],
        ],
      );
      // The query-only action resolves against the link itself: the same path, token included.
      for (const f of forms) {
        const target = new URL(/action="([^"]+)"/.exec(f[1]!)![1]!, respondUrl);
        assert.equal(target.pathname, pathOf(respondUrl));
      }
      assert.ok(!/<script/i.test(res.body));

      const json = await page(app, 'GET', respondUrl, { accept: 'application/json' });
      assert.equal(json.statusCode, 200);
      assert.equal(json.json<{ action: string }>().action, 'respond');
      // GET with a `do` still only asks.
      const asked = await app.inject({ method: 'GET', url: `${pathOf(respondUrl)}?do=resolve` });
      assert.equal(asked.statusCode, 200);

      const after = await getIncident(app, incident.id);
      assert.equal(after.status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });

    it('a respond link: POST without a valid `do` answers 400 naming `do` and changes nothing', async () => {
      const { app } = server();
      const bob = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [bob]);
      const { respondUrl } = links(bob, incident);

      for (const query of [
        '',
        '?do=',
        '?do=bogus',
        '?do=ACKNOWLEDGE',
        '?do=acknowledge&do=resolve',
        '?action=resolve',
      ]) {
        const res = await post(app, respondUrl, query);
        assert.equal(res.statusCode, 400, query);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.ok(res.body.includes('query.do must be one of: acknowledge, resolve'), res.body);
        assert.ok(res.body.includes(incident.ref), 'names the incident');
      }
      const json = await post(app, respondUrl, '?do=bogus', { accept: 'application/json' });
      assert.equal(json.statusCode, 400);
      assert.deepEqual(json.json(), {
        error: { code: 'invalid_request', message: 'query.do must be one of: acknowledge, resolve' },
      });
      // Only the query counts: a form field named `do` in the body is not read.
      const inBody = await app.inject({
        method: 'POST',
        url: pathOf(respondUrl),
        headers: FORM,
        payload: 'do=resolve',
      });
      assert.equal(inBody.statusCode, 400);

      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });

    it('a respond link: ?do=resolve resolves as the user, then answers 409 like the other links', async () => {
      const { app } = server();
      const carol = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [carol]);
      const { respondUrl } = links(carol, incident);

      const res = await post(app, respondUrl, '?do=resolve');
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.ok(res.body.includes(`${incident.ref} resolved`));
      assert.ok(res.body.includes(`Resolved by ${carol.name}`));
      const after = await getIncident(app, incident.id);
      assert.equal(after.status, 'resolved');
      assert.equal(after.resolved_by?.id, carol.id);
      assert.equal(after.acknowledged_by, null, 'resolved, not acknowledged');

      for (const query of ['?do=acknowledge', '?do=resolve']) {
        const again = await post(app, respondUrl, query);
        assert.equal(again.statusCode, 409, query);
        assert.ok(again.body.includes('This link was already used'), again.body);
        assert.ok(again.body.includes(`${incident.ref} is resolved now`), again.body);
      }
      const json = await post(app, respondUrl, '?do=resolve', { accept: 'application/json' });
      assert.deepEqual(json.json(), {
        error: { code: 'link_used', message: 'This link was already used' },
      });
      assert.deepEqual(await auditActions(app, 'incident', incident.id), ['incident.resolve']);
    });

    it('a respond link: ?do=acknowledge acknowledges, and JSON says which action was taken', async () => {
      const { app } = server();
      const dora = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [dora]);
      const { respondUrl } = links(dora, incident);

      const res = await post(app, respondUrl, '?do=acknowledge', { accept: 'application/json' });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ incident: Incident; action: string; user: { id: string } }>();
      assert.equal(body.action, 'acknowledge');
      assert.equal(body.incident.status, 'acknowledged');
      assert.equal(body.user.id, dora.id);
      assert.equal((await getIncident(app, incident.id)).acknowledged_by?.id, dora.id);
      assert.deepEqual(await auditActions(app, 'incident', incident.id), ['incident.acknowledge']);
    });

    it('a single-action link ignores `do`', async () => {
      const { app } = server();
      const ed = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [ed]);
      const { acknowledgeUrl, resolveUrl } = links(ed, incident);

      const acked = await post(app, acknowledgeUrl, '?do=resolve');
      assert.equal(acked.statusCode, 200, acked.body);
      assert.equal((await getIncident(app, incident.id)).status, 'acknowledged', 'not resolved');
      const resolved = await post(app, resolveUrl, '?do=bogus&do=acknowledge');
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.equal((await getIncident(app, incident.id)).status, 'resolved');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), [
        'incident.acknowledge',
        'incident.resolve',
      ]);
    });

    it('an expired respond link answers 410, with or without `do`, and changes nothing', async () => {
      const { app } = server();
      const fay = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [fay]);
      const { respondUrl } = links(fay, incident, HOUR);

      assert.equal((await page(app, 'GET', respondUrl)).statusCode, 200, 'valid before it expires');
      clock.advance(HOUR);
      try {
        assert.equal((await page(app, 'GET', respondUrl)).statusCode, 410);
        for (const query of ['?do=acknowledge', '?do=resolve', '']) {
          const res = await post(app, respondUrl, query);
          assert.equal(res.statusCode, 410, query);
          assert.ok(res.body.includes('This link has expired'));
        }
      } finally {
        clock.set(T0);
      }
      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });

    it("a deleted user's link and a viewer's link answer 403 and change nothing", async () => {
      const { app } = server();
      // Refused for who they are, before whether they were paged is looked at.
      const { incident } = await openIncident(app);
      const gone = await buildUser(app, { role: 'responder' });
      const goneLinks = links(gone, incident);
      assert.equal((await api(app, 'DELETE', `/api/v1/users/${gone.id}`)).status, 204);
      const viewer = await buildUser(app, { role: 'viewer' });
      const viewerLinks = links(viewer, incident);

      for (const url of [goneLinks.acknowledgeUrl, goneLinks.resolveUrl, viewerLinks.acknowledgeUrl]) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await page(app, method, url, FORM);
          assert.equal(res.statusCode, 403, `${method} ${url}`);
          assert.match(String(res.headers['content-type']), /^text\/html/);
          assert.ok(res.body.includes('This link can no longer be used'));
        }
      }
      const viewerPage = await page(app, 'POST', viewerLinks.resolveUrl);
      assert.ok(viewerPage.body.includes('viewer role'));
      for (const url of [goneLinks.respondUrl, viewerLinks.respondUrl]) {
        const res = await post(app, url, '?do=resolve');
        assert.equal(res.statusCode, 403, url);
        assert.ok(res.body.includes('This link can no longer be used'));
      }
      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });

    it("acts as the link's user even when someone else's credentials are sent", async () => {
      const { app } = server();
      const frank = await buildUser(app, { role: 'responder' });
      const { incident } = await openIncident(app, undefined, [frank]);
      const res: Answer = await api(app, 'POST', pathOf(links(frank, incident).acknowledgeUrl), {
        headers: { accept: 'application/json' },
      });
      assert.equal(res.status, 200);
      // Acts as the link's user, not as the admin whose token was also sent.
      assert.equal((await getIncident(app, incident.id)).acknowledged_by?.id, frank.id);
    });

    it('an action link for an unknown incident answers 404', async () => {
      const { app } = server();
      const henry = await buildUser(app, { role: 'responder' });
      const action: LinkAction = 'acknowledge';
      const token = signActionToken(
        {
          incidentId: 'inc_01JGNOSUCHINCIDENT00000000',
          userId: henry.id,
          action,
          issuedAt: T0,
          expiresAt: T0 + HOUR,
        },
        app.deps.keys.actionLinks,
      );
      const res = await app.inject({ method: 'GET', url: `/actions/${token}` });
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /^text\/html/);
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
