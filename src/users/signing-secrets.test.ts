import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildUser, tokenFor, triggerPagingAlert, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { App } from '../platform/http/app.ts';
import { hkdfSync } from 'node:crypto';
import { signActionToken } from '../notify/links.ts';
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
      const before = receiver.requests.filter((r) => r.path === path).length;
      await triggerPagingAlert(app, [user.id]);
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

    /** What a value encrypted under another server secret looks like to this one. */
    const FOREIGN = `enc1.${'A'.repeat(16)}.${'B'.repeat(20)}.${'C'.repeat(22)}`;

    it('never replaces a secret it cannot decrypt: delivery fails at once, GET is 409, rotating recovers', async () => {
      const { app, tdb } = server();
      const o = await owner(app);
      await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token });
      await tdb.db
        .updateTable('contact_methods')
        .set({ signing_secret: FOREIGN })
        .where('id', '=', o.cm)
        .execute();
      const stored = () =>
        tdb.db
          .selectFrom('contact_methods')
          .select('signing_secret')
          .where('id', '=', o.cm)
          .executeTakeFirstOrThrow();

      const read = await api<{ error: { message: string } }>(app, 'GET', secretUrl(o.user, o.cm), {
        token: o.token,
      });
      assert.equal(read.status, 409, JSON.stringify(read.body));
      assert.match(
        read.body.error.message,
        /signing secret unreadable: was TOCSIN_SECRET changed\? rotate it/,
      );
      assert.equal((await stored()).signing_secret, FOREIGN, 'reading did not replace it');

      // The engine does not replace it either: the webhook fails at once, unsent, without retries.
      const before = receiver.requests.filter((r) => r.path === o.path).length;
      await triggerPagingAlert(app, [o.user.id]);
      await server().tocsin.engine.drain();
      assert.equal(receiver.requests.filter((r) => r.path === o.path).length, before, 'nothing sent');
      assert.equal((await stored()).signing_secret, FOREIGN, 'delivery did not replace it');
      const attempts = await tdb.db
        .selectFrom('notifications')
        .select(['status', 'attempts', 'last_error'])
        .where('contact_method_id', '=', o.cm)
        .execute();
      assert.equal(attempts.length, 1, JSON.stringify(attempts));
      assert.equal(attempts[0]!.status, 'failed');
      assert.equal(attempts[0]!.attempts, 1, 'no retry');
      assert.match(
        attempts[0]!.last_error!,
        /signing secret unreadable: was TOCSIN_SECRET changed\? rotate it/,
      );

      // An overlap needs the old secret; a plain rotation recovers.
      const overlap = await api(app, 'POST', rotateUrl(o.user, o.cm), {
        token: o.token,
        body: { overlap_minutes: 60 },
      });
      assert.equal(overlap.status, 409, JSON.stringify(overlap.body));
      const rotated = await api<Secret>(app, 'POST', rotateUrl(o.user, o.cm), { token: o.token });
      assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
      assert.equal(rotated.body.previous_secret_valid_until, null);
      const req = await page(app, o.user, o.path);
      assert.ok(verifies(rotated.body.signing_secret, req));
    });

    it('the current and previous secrets cannot be swapped in storage', async () => {
      const { app, tdb } = server();
      const o = await owner(app);
      await api<Secret>(app, 'GET', secretUrl(o.user, o.cm));
      const rotated = await api<Secret>(app, 'POST', rotateUrl(o.user, o.cm), {
        body: { overlap_minutes: 60 },
      });
      assert.equal(rotated.status, 200);
      const row = await tdb.db
        .selectFrom('contact_methods')
        .select(['signing_secret', 'previous_signing_secret'])
        .where('id', '=', o.cm)
        .executeTakeFirstOrThrow();
      await tdb.db
        .updateTable('contact_methods')
        .set({ signing_secret: row.previous_signing_secret, previous_signing_secret: row.signing_secret })
        .where('id', '=', o.cm)
        .execute();
      const read = await api<Secret>(app, 'GET', secretUrl(o.user, o.cm));
      assert.equal(read.status, 409, JSON.stringify(read.body));
    });

    it('concurrent rotations: every 200 answer carries a secret that signs, the others get 409', async () => {
      const { app } = server();
      for (let round = 0; round < 5; round++) {
        const o = await owner(app);
        await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token });
        // With an overlap, both secrets of two rotations that ran one after the other still sign.
        const answers = await Promise.all(
          [1, 2].map(() =>
            api<Secret>(app, 'POST', rotateUrl(o.user, o.cm), {
              token: o.token,
              body: { overlap_minutes: 60 },
            }),
          ),
        );
        const ok = answers.filter((a) => a.status === 200);
        assert.ok(ok.length >= 1);
        for (const a of answers) {
          if (a.status !== 200) assert.equal(a.status, 409, JSON.stringify(a.body));
        }
        const req = await page(app, o.user, o.path);
        for (const a of ok)
          assert.ok(verifies(a.body.signing_secret, req), `round ${round}: an unstored secret`);
      }
    });

    it('a new address or type gets a new secret; a new label keeps it', async () => {
      const { app } = server();
      const o = await owner(app);
      const cmUrl = `/api/v1/users/${o.user.id}/contact-methods/${o.cm}`;
      const read = async () =>
        (await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token })).body.signing_secret;
      const first = await read();
      const relabel = await api(app, 'PATCH', cmUrl, { token: o.token, body: { label: 'pager' } });
      assert.equal(relabel.status, 200, JSON.stringify(relabel.body));
      assert.equal(await read(), first, 'a label is not a new receiver');
      const moved = await api(app, 'PATCH', cmUrl, {
        token: o.token,
        body: { address: `${receiver.url}${o.path}-new` },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const second = await read();
      assert.notEqual(second, first, 'the old receiver cannot sign for the new one');
      // Away from a webhook and back: still not the old receiver's secret.
      for (const body of [
        { type: 'email', address: 'x@example.com' },
        { type: 'webhook', address: `${receiver.url}${o.path}` },
      ]) {
        const res = await api(app, 'PATCH', cmUrl, { token: o.token, body });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      const third = await read();
      assert.notEqual(third, second);
      assert.notEqual(third, first);
    });

    // Receivers of webhooks from before the upgrade were sent TOCSIN_SECRET itself: with a public
    // salt they could derive every key. The salt is random per install and kept in the database.
    it('keys derived from TOCSIN_SECRET without the install’s own salt sign no link the server accepts', async () => {
      const { app } = server();
      const o = await owner(app);
      const req = await page(app, o.user, o.path);
      const incidentId = (req.json as { incidents: { id: string }[] }).incidents[0]!.id;
      const claims = {
        incidentId,
        userId: o.user.id,
        action: 'acknowledge' as const,
        issuedAt: clock.now(),
        expiresAt: clock.now() + 3600_000,
      };
      const label = 'tocsin/action-links/v1';
      const guessed = [Buffer.from('tocsin key derivation'), Buffer.alloc(0)].map((salt) =>
        Buffer.from(hkdfSync('sha256', SERVER_SECRET, salt, label, 32)),
      );
      for (const key of guessed) {
        const res = await app.inject({ method: 'GET', url: `/actions/${signActionToken(claims, key)}` });
        assert.equal(res.statusCode, 400, res.body);
      }
      const real = await app.inject({
        method: 'GET',
        url: `/actions/${signActionToken(claims, app.deps.keys.actionLinks)}`,
      });
      assert.equal(real.statusCode, 200, 'the same claims with the real key');
    });

    it('reading a secret is audited, without the secret', async () => {
      const { app } = server();
      const o = await owner(app);
      const read = await api<Secret>(app, 'GET', secretUrl(o.user, o.cm), { token: o.token });
      assert.equal(read.status, 200);
      const audit = await api<{ data: { action: string; actor_id: string | null; after: unknown }[] }>(
        app,
        'GET',
        `/api/v1/audit?target_type=user&target_id=${o.user.id}&action=contact_method.read_signing_secret`,
      );
      assert.equal(audit.body.data.length, 1, JSON.stringify(audit.body));
      assert.equal(audit.body.data[0]!.actor_id, o.user.id);
      assert.deepEqual(audit.body.data[0]!.after, { contact_method_id: o.cm });
      assert.ok(!JSON.stringify(audit.body).includes(read.body.signing_secret));
    });

    it('a read-only (viewer) token of the owner reads the secret but cannot rotate it', async () => {
      const { app } = server();
      const o = await owner(app);
      const created = await api<{ token: string }>(app, 'POST', '/api/v1/tokens', {
        token: o.token,
        body: { name: 'read only', role: 'viewer' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const token = created.body.token;
      assert.equal((await api(app, 'GET', secretUrl(o.user, o.cm), { token })).status, 200);
      const rotate = await api(app, 'POST', rotateUrl(o.user, o.cm), { token });
      assert.equal(rotate.status, 403, JSON.stringify(rotate.body));
      assert.equal((await api(app, 'POST', rotateUrl(o.user, o.cm), { token: o.token })).status, 200);
    });
  },
  { clock: () => (clock = fixedClock(T0)), env: { TOCSIN_SECRET: SERVER_SECRET } },
);
