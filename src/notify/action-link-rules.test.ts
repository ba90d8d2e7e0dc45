import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { auditActions, buildUser, triggerPagingAlert, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { deriveKey } from '../platform/auth/keys.ts';
import { fixedClock } from '../platform/clock.ts';
import type { App } from '../platform/http/app.ts';
import type { UserView } from '../users/schemas.ts';
import { type LinkAction, signActionToken } from './links.ts';

/**
 * Issue 14 item 2: the server decides how long a link lives, a link acts only for someone paged
 * for that incident, and only once. Links here come from real pages sent by the engine, or are
 * signed with the server's real link key, so what refuses them is the rule, not the signature.
 */

type Incident = { id: string; ref: string; status: string };
type PageBody = { incidents: { id: string; acknowledge_url: string; respond_url: string }[] };

const T0 = Date.parse('2025-03-03T09:00:00Z');
const DAY = 86_400_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
let clock = fixedClock(T0);

describeEachDialect(
  'action links: lifetime, paged only, once',
  (server) => {
    let receiver: HttpReceiver;
    before(async () => {
      receiver = await startHttpReceiver();
    });
    after(() => receiver.close());

    const pathOf = (url: string) => new URL(url).pathname;
    const getIncident = async (app: App, id: string) =>
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${id}`)).body;

    /** A responder whose pages go to their own webhook path. */
    async function responder(app: App) {
      const name = uniqueName('r').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}` }],
      });
      return { user, path: `/${name}` };
    }

    /** An incident on a service whose one level pages `users`; the engine sends the pages. */
    async function pagedIncident(app: App, ...users: UserView[]): Promise<Incident> {
      const serviceId = await triggerPagingAlert(
        app,
        users.map((u) => u.id),
      );
      const list = await api<{ data: Incident[] }>(app, 'GET', `/api/v1/incidents?service_id=${serviceId}`);
      await server().tocsin.engine.drain();
      return list.body.data[0]!;
    }

    /** The pages `path` received, newest last. */
    const pages = (path: string) =>
      receiver.requests.filter((r) => r.path === path).map((r) => (r.json as PageBody).incidents[0]!);

    const sign = (
      app: App,
      userId: string,
      incidentId: string,
      over: { action?: LinkAction; expiresAt?: number } = {},
    ) =>
      `/actions/${signActionToken(
        {
          incidentId,
          userId,
          action: 'acknowledge',
          issuedAt: clock.now(),
          expiresAt: clock.now() + 3600_000,
          ...over,
        },
        app.deps.keys.actionLinks,
      )}`;

    async function refused(app: App, path: string, incident: Incident) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await app.inject({ method, url: path, headers: FORM, payload: '' });
        assert.equal(res.statusCode, 400, `${method} ${res.body}`);
        assert.ok(res.body.includes('This link is not valid'));
      }
      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    }

    it('a well-signed link for someone never paged for that incident is refused like a forged one', async () => {
      const { app } = server();
      const alice = await responder(app);
      const bob = await responder(app);
      const incident = await pagedIncident(app, alice.user);
      // Bob is paged, but for another incident: that does not let him act on this one.
      await pagedIncident(app, bob.user);
      assert.equal(pages(bob.path).length, 1);
      await refused(app, sign(app, bob.user.id, incident.id), incident);
      await refused(app, sign(app, bob.user.id, incident.id, { action: 'respond' }), incident);
      // The same link for Alice, who was paged, is fine: the signature was never the problem.
      const ok = await app.inject({ method: 'GET', url: sign(app, alice.user.id, incident.id) });
      assert.equal(ok.statusCode, 200, ok.body);
    });

    it('the server caps the lifetime: a well-signed link expiring in a year is refused', async () => {
      const { app } = server();
      const alice = await responder(app);
      const incident = await pagedIncident(app, alice.user);
      const year = sign(app, alice.user.id, incident.id, { action: 'resolve', expiresAt: T0 + 365 * DAY });
      await refused(app, year, incident);
      clock.advance(2 * DAY);
      try {
        await refused(app, year, incident);
        // A real page's link, made for the standard day, has expired by now.
        const res = await app.inject({ method: 'POST', url: pathOf(pages(alice.path)[0]!.acknowledge_url) });
        assert.equal(res.statusCode, 410);
      } finally {
        clock.set(T0);
      }
    });

    it('links signed with the server secret itself or a key derived for another purpose are refused', async () => {
      const { app, tdb } = server();
      const alice = await responder(app);
      const incident = await pagedIncident(app, alice.user);
      const setting = async (key: string) =>
        (await tdb.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow())
          .value;
      const master = await setting('secret');
      const SALT = await setting('key_salt');
      const claims = {
        incidentId: incident.id,
        userId: alice.user.id,
        action: 'resolve' as const,
        issuedAt: clock.now(),
        expiresAt: clock.now() + 3600_000,
      };
      for (const key of [Buffer.from(master), deriveKey(master, SALT, 'secretEncryption')]) {
        await refused(app, `/actions/${signActionToken(claims, key)}`, incident);
      }
      assert.deepEqual(app.deps.keys.actionLinks, deriveKey(master, SALT, 'actionLinks'));
    });

    it('a used acknowledge link cannot act again after the incident is reopened and re-escalated', async () => {
      const { app } = server();
      const alice = await responder(app);
      const incident = await pagedIncident(app, alice.user);
      const first = pathOf(pages(alice.path)[0]!.acknowledge_url);
      assert.equal((await app.inject({ method: 'POST', url: first })).statusCode, 200);
      assert.equal((await getIncident(app, incident.id)).status, 'acknowledged');

      clock.advance(10 * 60_000);
      for (const step of ['resolve', 'reopen', 'escalate']) {
        const body = step === 'escalate' ? { level: 1 } : {};
        const res = await api(app, 'POST', `/api/v1/incidents/${incident.id}/${step}`, { body });
        assert.equal(res.status, 200, `${step}: ${JSON.stringify(res.body)}`);
      }
      await server().tocsin.engine.drain();
      assert.equal((await getIncident(app, incident.id)).status, 'triggered');
      assert.equal(pages(alice.path).length, 2, 'paged again, with new links');

      for (const method of ['GET', 'POST'] as const) {
        const again = await app.inject({ method, url: first, headers: FORM, payload: '' });
        assert.equal(again.statusCode, 409, `${method} ${again.body}`);
        assert.ok(again.body.includes('This link was already used'));
        assert.ok(again.body.includes(`${incident.ref} is triggered now`));
      }
      assert.equal((await getIncident(app, incident.id)).status, 'triggered', 'the old link did not act');

      const fresh = pathOf(pages(alice.path)[1]!.acknowledge_url);
      assert.notEqual(fresh, first);
      assert.equal((await app.inject({ method: 'POST', url: fresh })).statusCode, 200);
      assert.equal((await getIncident(app, incident.id)).status, 'acknowledged');
    });

    it('two concurrent POSTs of one link act once', async () => {
      const { app } = server();
      const alice = await responder(app);
      const incident = await pagedIncident(app, alice.user);
      const respond = pathOf(pages(alice.path)[0]!.respond_url);
      // Acknowledge then resolve would both be allowed transitions: only the link stops the second.
      const answers = await Promise.all(
        ['acknowledge', 'resolve'].map((a) =>
          app.inject({ method: 'POST', url: `${respond}?do=${a}`, headers: { accept: 'application/json' } }),
        ),
      );
      const codes = answers.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [200, 409], answers.map((r) => r.body).join('\n'));
      const lost = answers.find((r) => r.statusCode === 409)!;
      assert.equal(lost.json<{ error: { code: string } }>().error.code, 'link_used');
      const acted = await auditActions(app, 'incident', incident.id);
      assert.equal(acted.length, 1, acted.join());
    });

    /** POSTs `paths` at once, asking for JSON; the status codes, sorted. */
    async function concurrently(app: App, paths: string[]): Promise<number[]> {
      const answers = await Promise.all(
        paths.map((url) => app.inject({ method: 'POST', url, headers: { accept: 'application/json' } })),
      );
      for (const r of answers) assert.ok(r.statusCode < 500, r.body);
      return answers.map((r) => r.statusCode).sort();
    }

    // Different tokens do not collide on used_action_links' key: the incident lock must order
    // them, or on PostgreSQL each waits for the other's lock (a deadlock, answered 500).
    it('two responders paged for one incident acknowledge at once: one acts, the other gets 409', async () => {
      const { app } = server();
      for (let round = 0; round < 10; round++) {
        const alice = await responder(app);
        const bob = await responder(app);
        const incident = await pagedIncident(app, alice.user, bob.user);
        const urls = [alice, bob].map((r) => pathOf(pages(r.path).at(-1)!.acknowledge_url));
        assert.deepEqual(await concurrently(app, urls), [200, 409], `round ${round}`);
        assert.deepEqual(await auditActions(app, 'incident', incident.id), ['incident.acknowledge']);
      }
    });

    it("one person's acknowledge and resolve links used at once never fail with a 500", async () => {
      const { app } = server();
      for (let round = 0; round < 10; round++) {
        const alice = await responder(app);
        const incident = await pagedIncident(app, alice.user);
        const { acknowledge_url, respond_url } = pages(alice.path).at(-1)!;
        const resolve = `${pathOf(respond_url)}?do=resolve`;
        const codes = await concurrently(app, [pathOf(acknowledge_url), resolve]);
        // Acknowledge then resolve both act; resolve first leaves acknowledge a 409.
        assert.ok(codes[0] === 200 && [200, 409].includes(codes[1]!), `round ${round}: ${codes.join()}`);
        assert.equal((await getIncident(app, incident.id)).status, 'resolved');
      }
    });

    it('records of used links are pruned once the links are long expired', async () => {
      const { app, tdb } = server();
      const alice = await responder(app);
      const old = await pagedIncident(app, alice.user);
      const oldUrl = pathOf(pages(alice.path).at(-1)!.acknowledge_url);
      assert.equal((await app.inject({ method: 'POST', url: oldUrl })).statusCode, 200);
      const records = (incidentId: string) =>
        tdb.db
          .selectFrom('used_action_links')
          .select('token_hash')
          .where('incident_id', '=', incidentId)
          .execute();
      assert.equal((await records(old.id)).length, 1);
      clock.advance(DAY + 2 * 3600_000);
      try {
        const incident = await pagedIncident(app, alice.user);
        const sent = receiver.requests
          .filter((r) => r.path === alice.path)
          .flatMap((r) => (r.json as PageBody).incidents)
          .find((i) => i.id === incident.id);
        const url = pathOf(sent!.acknowledge_url);
        assert.equal((await app.inject({ method: 'POST', url })).statusCode, 200);
        assert.equal((await records(old.id)).length, 0, 'the expired link’s record is gone');
        assert.equal((await records(incident.id)).length, 1);
      } finally {
        clock.set(T0);
      }
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
