import assert from 'node:assert/strict';
import { it } from 'node:test';
import { api, describeEachDialect } from '../../test/harness.ts';
import { buildIncident, buildNotificationRule, buildUser } from '../../test/factories.ts';
import { fallThrough } from './fallthrough.ts';

/**
 * Falling through to a person's next contact method after one failed for good, and never for a
 * person deactivated meanwhile: a page already `sending` when they were deactivated is not
 * cancelled with their pending ones, and its failure must not page them elsewhere.
 */
describeEachDialect('fall-through to the next contact method', (server) => {
  async function pagedPerson() {
    const { app } = server();
    const user = await buildUser(app, { role: 'responder' });
    const method = async (type: string, address: string) => {
      const res = await api<{ id: string }>(app, 'POST', `/api/v1/users/${user.id}/contact-methods`, {
        body: { type, address },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    };
    const sms = await method('sms', '+15005550001');
    await method('webhook', 'https://hooks.example.com/fallback');
    await buildNotificationRule(app, user.id, sms);
    const { incident } = await buildIncident(app, { paged: [user.id] });
    return { user, incident };
  }

  const failSms = (userId: string, incidentId: string) =>
    fallThrough(
      server().app.deps.db,
      {
        id: 'ntf_test',
        incident_id: incidentId,
        page_id: null,
        user_id: userId,
        channel: 'sms',
        kind: 'page',
        message: null,
      },
      'HTTP 400',
      server().app.deps.clock.now(),
    );

  const pending = (userId: string) =>
    server()
      .app.deps.db.selectFrom('notifications')
      .select('id')
      .where('user_id', '=', userId)
      .where('status', '=', 'pending')
      .execute();

  it('an active person: the next contact method is tried', async () => {
    const { user, incident } = await pagedPerson();
    const before = (await pending(user.id)).length;
    await failSms(user.id, incident.id);
    assert.equal((await pending(user.id)).length, before + 1);
  });

  it('a person deactivated meanwhile: nothing else is tried, and the timeline says so', async () => {
    const { app } = server();
    const { user, incident } = await pagedPerson();
    const off = await api(app, 'POST', `/api/v1/users/${user.id}/deactivate`, {});
    assert.equal(off.status, 200, JSON.stringify(off.body));
    await failSms(user.id, incident.id);
    assert.deepEqual(await pending(user.id), []);
    const entries = await api<{ data: { kind: string; message: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents/${incident.id}/timeline?limit=200`,
    );
    const failed = entries.body.data.filter((e) => e.kind === 'notification_failed');
    assert.equal(failed.length, 1, JSON.stringify(entries.body.data.map((e) => e.kind)));
    assert.match(failed[0]!.message, /no other contact method left to try/);
  });
});
