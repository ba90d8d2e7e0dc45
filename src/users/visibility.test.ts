import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildUser, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { UserView } from './schemas.ts';

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
const ADDRESSES = [
  { type: 'slack', address: SLACK, label: 'chat' },
  { type: 'email', address: 'alice@example.com', label: 'mail' },
  { type: 'sms', address: '+14155554567', label: 'mobile' },
];
const MASKED = ['https://hooks.slack.com/…', 'a***@example.com', '+1******4567'];

describeEachDialect('contact address visibility (issue 14 item 9)', (server) => {
  async function setUp() {
    const { app } = server();
    const owner = await buildUser(app, { role: 'responder', contact_methods: ADDRESSES });
    const viewer = await buildUser(app, { role: 'viewer' });
    const responder = await buildUser(app, { role: 'responder' });
    return {
      app,
      owner,
      ownerToken: await tokenFor(app, owner.id),
      viewerToken: await tokenFor(app, viewer.id),
      responderToken: await tokenFor(app, responder.id),
    };
  }
  const addresses = (u: UserView) => u.contact_methods.map((m) => m.address);

  it("shows a user's addresses to nobody but the owner and admins, masked everywhere else", async () => {
    const { app, owner, ownerToken, viewerToken, responderToken } = await setUp();
    for (const token of [viewerToken, responderToken]) {
      const one = await api<UserView>(app, 'GET', `/api/v1/users/${owner.id}`, { token });
      assert.equal(one.status, 200);
      assert.deepEqual(addresses(one.body), MASKED);
      assert.deepEqual(
        one.body.contact_methods.map((m) => [m.type, m.label]),
        ADDRESSES.map((a) => [a.type, a.label]),
      );
      const list = await api<{ data: UserView[] }>(app, 'GET', `/api/v1/users?q=${owner.email}`, { token });
      assert.deepEqual(addresses(list.body.data.find((u) => u.id === owner.id)!), MASKED);
      const methods = await api<{ data: { address: string }[] }>(
        app,
        'GET',
        `/api/v1/users/${owner.id}/contact-methods`,
        { token },
      );
      assert.deepEqual(
        methods.body.data.map((m) => m.address),
        MASKED,
      );
      const all = await api(app, 'GET', '/api/v1/users?limit=100', { token });
      assert.doesNotMatch(JSON.stringify(all.body), /XXXXXXXX|alice@example\.com|5554567/);
    }
    for (const token of [ownerToken, undefined]) {
      const one = await api<UserView>(app, 'GET', `/api/v1/users/${owner.id}`, { token });
      assert.deepEqual(
        addresses(one.body),
        ADDRESSES.map((a) => a.address),
      );
      const methods = await api<{ data: { address: string }[] }>(
        app,
        'GET',
        `/api/v1/users/${owner.id}/contact-methods`,
        { token },
      );
      assert.equal(methods.body.data[0]!.address, SLACK);
    }
  });

  it('masks for an admin whose token is scoped down to viewer', async () => {
    const { app, owner } = await setUp();
    const admin = await buildUser(app, { role: 'admin' });
    const scoped = await tokenFor(app, admin.id, 'viewer');
    const one = await api<UserView>(app, 'GET', `/api/v1/users/${owner.id}`, { token: scoped });
    assert.deepEqual(addresses(one.body), MASKED);
  });
});
