import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  buildEscalationPolicy,
  buildIntegration,
  buildService,
  buildUser,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { App } from '../platform/http/app.ts';
import { verifyWebhookSignature } from '../notify/signature.ts';
import type { UserView } from './schemas.ts';

/**
 * Issue 14 item 2: each webhook contact method signs with its own secret, which its owner (or an
 * admin) reads and rotates; the server secret signs nothing a receiver sees.
 */

const SERVER_SECRET = 'signing-secrets-test-server-secret-0123456789';
const T0 = Date.parse('2025-05-05T10:00:00Z');
let clock = fixedClock(T0);
type Secret = {
  contact_method_id: string;
  signing_secret: string;
  previous_secret_valid_until: string | null;
};

describeEachDialect(
  'webhook signing secrets',
  (server) => {
    let receiver: HttpReceiver;
    before(async () => {
      receiver = await startHttpReceiver();
    });
    after(() => receiver.close());

    async function owner(app: App) {
      const name = uniqueName('h').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [
          { type: 'webhook', address: `${receiver.url}/${name}` },
          { type: 'email', address: `${name}@example.com` },
        ],
      });
      const cm = user.contact_methods.find((m) => m.type === 'webhook')!.id;
      const email = user.contact_methods.find((m) => m.type === 'email')!.id;
      return { user, cm, email, path: `/${name}`, token: await tokenFor(app, user.id) };
    }

    const secretUrl = (user: UserView, cm: string) =>
      `/api/v1/users/${user.id}/contact-methods/${cm}/signing-secret`;
    const rotateUrl = (user: UserView, cm: string) =>
      `/api/v1/users/${user.id}/contact-methods/${cm}/rotate-signing-secret`;

    /** Pages `user` once (a fresh incident) and returns the webhook request that arrived. */
    async function page(app: App, user: UserView, path: string): Promise<ReceivedRequest> {
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: user.id }] }],
      });
      const service = await buildService(app, { escalation_policy_id: policy.id });
      const int = await buildIntegration(app, 'events-v2', {}, service.id);
      const before = receiver.requests.filter((r) => r.path === path).length;
      const sent = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: uniqueName('d'),
          payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' },
        },
      });
      assert.equal(sent.status, 202);
      await server().tocsin.engine.drain();
      const got = receiver.requests.filter((r) => r.path === path);
      assert.equal(got.length, before + 1, 'one webhook');
      return got.at(-1)!;
    }

    const verifies = (secret: string, req: ReceivedRequest) =>
      verifyWebhookSignature(secret, String(req.headers['tocsin-signature']), req.body, clock.now() / 1000);

    it('signs with the contact method’s own secret, read through its endpoint, not with TOCSIN_SECRET', async () => {
      const { app } = server();
      const o = await owner(app);
      const read = await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token });
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.match(read.body.signing_secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.equal(read.body.contact_method_id, o.cm);
      assert.equal(read.body.previous_secret_valid_until, null);
      const again = await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token });
      assert.equal(again.body.signing_secret, read.body.signing_secret, 'stable until rotated');

      const req = await page(app, o.user, o.path);
      assert.ok(verifies(read.body.signing_secret, req), 'verifies with its own secret');
      assert.ok(!verifies(SERVER_SECRET, req), 'not with the server secret');
      const other = await owner(app);
      const otherSecret = (await api<Secret>(app, 'GET', secretUrl(other.user, other.cm))).body
        .signing_secret;
      assert.notEqual(otherSecret, read.body.signing_secret, 'one secret per contact method');
      assert.ok(!verifies(otherSecret, req));
    });

    it('a secret made on first delivery is the one the owner reads later', async () => {
      const { app } = server();
      const o = await owner(app);
      const req = await page(app, o.user, o.path);
      const read = await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token });
      assert.ok(verifies(read.body.signing_secret, req));
    });

    it('rotating changes the signature; the answer carries the new secret once, the audit log none', async () => {
      const { app } = server();
      const o = await owner(app);
      const old = (await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token })).body
        .signing_secret;
      const rotated = await api<Secret>(app, 'POST', rotateUrl(o.user, o.cm), { token: o.token });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      const fresh = rotated.body.signing_secret;
      assert.notEqual(fresh, old);
      assert.equal((await api<Secret>(app, 'GET', secretUrl(o.user, o.cm))).body.signing_secret, fresh);
      const req = await page(app, o.user, o.path);
      assert.ok(verifies(fresh, req));
      assert.ok(!verifies(old, req), 'the old secret stopped at once');

      const audit = await api<{ data: { action: string; before: unknown; after: unknown }[] }>(
        app,
        'GET',
        `/api/v1/audit?target_type=user&target_id=${o.user.id}`,
      );
      assert.ok(audit.body.data.some((e) => e.action === 'contact_method.rotate_signing_secret'));
      const text = JSON.stringify(audit.body);
      assert.ok(!text.includes(fresh) && !text.includes(old), 'no secret in the audit log');
    });

    it('a rotation with an overlap signs with both secrets until it ends', async () => {
      const { app } = server();
      const o = await owner(app);
      const old = (await api<Secret>(app, 'GET', secretUrl(o.user, o.cm))).body.signing_secret;
      const rotated = await api<Secret>(app, 'POST', rotateUrl(o.user, o.cm), {
        body: { overlap_minutes: 60 },
      });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.equal(rotated.body.previous_secret_valid_until, new Date(clock.now() + 3600_000).toISOString());
      const during = await page(app, o.user, o.path);
      assert.equal(String(during.headers['tocsin-signature']).match(/v1=/g)?.length, 2);
      assert.ok(verifies(rotated.body.signing_secret, during) && verifies(old, during));
      clock.advance(61 * 60_000);
      try {
        const later = await page(app, o.user, o.path);
        assert.ok(verifies(rotated.body.signing_secret, later));
        assert.ok(!verifies(old, later), 'the overlap ended');
      } finally {
        clock.set(T0);
      }
      const bad = await api(app, 'POST', rotateUrl(o.user, o.cm), { body: { overlap_minutes: 5000 } });
      assert.equal(bad.status, 400);
    });

    it('only the owner or an admin reads or rotates it; other methods and users have none', async () => {
      const { app } = server();
      const o = await owner(app);
      const viewer = await buildUser(app, { role: 'viewer' });
      const other = await owner(app);
      for (const token of [await tokenFor(app, viewer.id), other.token]) {
        for (const [method, url] of [
          ['GET', secretUrl(o.user, o.cm)],
          ['POST', rotateUrl(o.user, o.cm)],
        ] as const) {
          const res = await api(app, method, url, { token });
          assert.equal(res.status, 403, `${method} ${url}`);
          assert.ok(!JSON.stringify(res.body).includes('whsec_'));
        }
      }
      // Another user's contact method under your own id is not yours.
      assert.equal((await api(app, 'GET', secretUrl(other.user, o.cm), { token: other.token })).status, 404);
      const email = await api<{ error: { message: string } }>(app, 'GET', secretUrl(o.user, o.email));
      assert.equal(email.status, 400);
      assert.match(email.body.error.message, /contactMethodId: a email contact method has no signing secret/);
      assert.equal((await api(app, 'GET', secretUrl(o.user, o.cm))).status, 200, 'an admin may');
    });

    it('is encrypted at rest and absent from the user, contact-method and audit answers', async () => {
      const { app, tdb } = server();
      const o = await owner(app);
      const secret = (await api<Secret>(app, 'GET', secretUrl(o.user, o.cm))).body.signing_secret;
      const row = await tdb.db
        .selectFrom('contact_methods')
        .select('signing_secret')
        .where('id', '=', o.cm)
        .executeTakeFirstOrThrow();
      assert.match(row.signing_secret!, /^enc1\./);
      assert.ok(!row.signing_secret!.includes(secret) && !row.signing_secret!.includes(secret.slice(6, 20)));
      for (const url of [
        `/api/v1/users/${o.user.id}`,
        `/api/v1/users/${o.user.id}/contact-methods`,
        '/api/v1/users',
      ]) {
        const res = await api(app, 'GET', url);
        assert.equal(res.status, 200);
        assert.ok(!JSON.stringify(res.body).includes(secret), url);
        assert.ok(!JSON.stringify(res.body).includes('enc1.'), url);
      }
      const audit = await api(app, 'GET', '/api/v1/audit?limit=200');
      assert.ok(!JSON.stringify(audit.body).includes(secret));
      assert.ok(!JSON.stringify(audit.body).includes('enc1.'));
    });

    it('replaces a stored secret the server cannot decrypt (TOCSIN_SECRET changed)', async () => {
      const { app, tdb } = server();
      const o = await owner(app);
      const before = (await api<Secret>(app, 'GET', secretUrl(o.user, o.cm))).body.signing_secret;
      // What a value encrypted under another server secret looks like to this one.
      await tdb.db
        .updateTable('contact_methods')
        .set({ signing_secret: `enc1.${'A'.repeat(16)}.${'B'.repeat(20)}.${'C'.repeat(22)}` })
        .where('id', '=', o.cm)
        .execute();
      const after = (await api<Secret>(app, 'GET', secretUrl(o.user, o.cm))).body.signing_secret;
      assert.match(after, /^whsec_/);
      assert.notEqual(after, before);
      const req = await page(app, o.user, o.path);
      assert.ok(verifies(after, req));
    });
  },
  { clock: () => (clock = fixedClock(T0)), env: { TOCSIN_SECRET: SERVER_SECRET } },
);
