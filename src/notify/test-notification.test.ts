import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { auditActions, buildUser, tokenFor, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { newId } from '../platform/ids.ts';
import { insertContactMethod } from '../users/repository.ts';
import { verifyWebhookSignature } from './signature.ts';
import { TEST_NOTIFICATION_TEXT } from './test-notification.ts';
import type { TestNotificationResult } from './test-schemas.ts';

/**
 * Issue 16, My profile: "send me a test notification" goes through the channel's real provider
 * and the outbound guard, records the attempt and answers its result.
 */

async function webhookOwner(app: Parameters<typeof buildUser>[0], address: string) {
  const user = await buildUser(app, { role: 'viewer', contact_methods: [{ type: 'webhook', address }] });
  return { user, cm: user.contact_methods[0]!.id, token: await tokenFor(app, user.id) };
}

const testUrl = (userId: string, cm: string) => `/api/v1/users/${userId}/contact-methods/${cm}/test`;

describeEachDialect('test notifications', (server) => {
  let receiver: HttpReceiver;
  before(async () => {
    receiver = await startHttpReceiver({
      respond: (req) => (req.path.startsWith('/broken') ? { status: 503, body: 'down' } : { status: 200 }),
    });
  });
  after(() => receiver.close());

  it('delivers a signed test message to a webhook and answers and audits the result', async () => {
    const { app } = server();
    const path = `/${uniqueName('t').replace(/\W/g, '')}`;
    const o = await webhookOwner(app, `${receiver.url}${path}`);
    const res = await api<TestNotificationResult>(app, 'POST', testUrl(o.user.id, o.cm), { token: o.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'delivered');
    assert.equal(res.body.response_code, 200);
    assert.equal(res.body.channel, 'webhook');
    assert.equal(res.body.error, null);

    const got = receiver.requests.filter((r) => r.path === path);
    assert.equal(got.length, 1, 'one request reached the receiver');
    const payload = got[0]!.json as { event: string; text: string; idempotency_key: string };
    assert.equal(payload.text, TEST_NOTIFICATION_TEXT);
    assert.equal(payload.idempotency_key, res.body.id);
    const secret = await api<{ signing_secret: string }>(
      app,
      'GET',
      `/api/v1/users/${o.user.id}/contact-methods/${o.cm}/signing-secret`,
      { token: o.token },
    );
    const signature = String(got[0]!.headers['tocsin-signature']);
    assert.ok(verifyWebhookSignature(secret.body.signing_secret, signature, got[0]!.body, Date.now() / 1000));
    assert.ok((await auditActions(app, 'user', o.user.id)).includes('contact_method.test'));
  });

  it('answers a failed delivery with the receiver’s status', async () => {
    const { app } = server();
    const o = await webhookOwner(app, `${receiver.url}/broken/${uniqueName('b').replace(/\W/g, '')}`);
    const res = await api<TestNotificationResult>(app, 'POST', testUrl(o.user.id, o.cm), { token: o.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'failed');
    assert.equal(res.body.response_code, 503);
    assert.ok(res.body.error !== null && res.body.error !== '');
  });

  it('tests only your own contact methods unless admin, and 404s an unknown one', async () => {
    const { app } = server();
    const o = await webhookOwner(app, `${receiver.url}/x${uniqueName('o').replace(/\W/g, '')}`);
    const other = await buildUser(app, { role: 'responder' });
    const otherToken = await tokenFor(app, other.id);
    const before = receiver.requests.length;
    const refused = await api(app, 'POST', testUrl(o.user.id, o.cm), { token: otherToken });
    assert.equal(refused.status, 403);
    assert.equal(receiver.requests.length, before, 'nothing sent');
    const unknown = await api(app, 'POST', testUrl(o.user.id, 'cm_01JZZZZZZZZZZZZZZZZZZZZZZZ'), {
      token: o.token,
    });
    assert.equal(unknown.status, 404);
    const byAdmin = await api<TestNotificationResult>(app, 'POST', testUrl(o.user.id, o.cm));
    assert.equal(byAdmin.body.outcome, 'delivered');
  });
});

describeEachDialect(
  'test notifications behind the outbound guard',
  (server) => {
    let receiver: HttpReceiver;
    before(async () => {
      receiver = await startHttpReceiver();
    });
    after(() => receiver.close());

    it('refuses to connect where outbound requests may not go, and says so', async () => {
      const { app } = server();
      // Saved before the operator narrowed TOCSIN_OUTBOUND_ALLOW: only the send-time guard stops it.
      const user = await buildUser(app, { role: 'viewer' });
      const cm = newId('cm');
      await insertContactMethod(server().ctx().db, {
        id: cm,
        user_id: user.id,
        type: 'webhook',
        address: `${receiver.url}/guarded`,
        label: '',
        created_at: Date.now(),
        signing_secret: null,
        previous_signing_secret: null,
        previous_signing_secret_until: null,
      });
      const o = { user, cm, token: await tokenFor(app, user.id) };
      const res = await api<TestNotificationResult>(app, 'POST', testUrl(o.user.id, o.cm), {
        token: o.token,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.outcome, 'failed');
      assert.match(res.body.error ?? '', /loopback/);
      assert.equal(receiver.requests.length, 0, 'the receiver heard nothing');
    });
  },
  { env: { TOCSIN_OUTBOUND_ALLOW: '' } },
);
