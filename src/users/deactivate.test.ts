import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildAlertingService,
  buildEscalationPolicy,
  buildSchedule,
  buildUser,
  homeTeamFor,
  tokenFor,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { ConflictError } from '../platform/errors.ts';
import type { App } from '../platform/http/app.ts';
import { deactivateUser, reactivateUser } from './deactivate.ts';

/**
 * Deactivation (issue 17): a deactivated person cannot log in, their sessions and tokens stop at
 * once, they are never paged (a level with others pages the others, a level left with nobody is
 * skipped), reactivation restores login; refused for yourself and the last active admin.
 */
const PASSWORD = 'correct horse battery staple';
type Err = { error: { code: string; message: string } };

async function login(app: App, email: string, password = PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

function sessionOf(res: Awaited<ReturnType<typeof login>>): string {
  return /tocsin_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
}

describeEachDialect('deactivating people', (server) => {
  it('refuses login, ends sessions and tokens at once; reactivation restores login only', async () => {
    const { app } = server();
    const user = await buildUser(app, { role: 'responder', password: PASSWORD });
    const token = await tokenFor(app, user.id);
    const feed = await api<{ url: string }>(app, 'POST', '/api/v1/calendar-feeds', {
      token,
      body: { user_id: user.id },
    });
    assert.equal(feed.status, 201, JSON.stringify(feed.body));
    const ical = () =>
      app.inject({ method: 'GET', url: new URL(feed.body.url).pathname + new URL(feed.body.url).search });
    assert.equal((await ical()).statusCode, 200);
    const session = sessionOf(await login(app, user.email));
    const me = () =>
      app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tocsin_session: session } });
    assert.equal((await me()).statusCode, 200);
    assert.equal((await api(app, 'GET', '/api/v1/auth/me', { token })).status, 200);

    const off = await api<{ status: string; deactivated_at: string | null }>(
      app,
      'POST',
      `/api/v1/users/${user.id}/deactivate`,
    );
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.status, 'deactivated');
    assert.ok(off.body.deactivated_at !== null);

    assert.equal((await me()).statusCode, 401, 'the session ended');
    assert.equal((await api(app, 'GET', '/api/v1/auth/me', { token })).status, 401, 'the token is refused');
    assert.equal((await ical()).statusCode, 401, 'their calendar feed stops answering');
    const refused = await login(app, user.email);
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /deactivated/);
    // Without the password nothing says the account exists.
    const wrong = await login(app, user.email, 'not the password at all');
    assert.doesNotMatch(wrong.body, /deactivated/);

    const tokens = await api<{ data: { user_id: string; revoked_at: string | null }[] }>(
      app,
      'GET',
      `/api/v1/tokens?user_id=${user.id}&include_revoked=true`,
    );
    assert.ok(tokens.body.data.length > 0 && tokens.body.data.every((t) => t.revoked_at !== null));
    const listed = await api<{ data: { id: string; status: string }[] }>(
      app,
      'GET',
      '/api/v1/users?limit=500',
    );
    assert.equal(listed.body.data.find((u) => u.id === user.id)?.status, 'deactivated');

    const on = await api<{ status: string }>(app, 'POST', `/api/v1/users/${user.id}/reactivate`);
    assert.equal(on.body.status, 'active');
    assert.equal((await login(app, user.email)).statusCode, 200, 'login works again');
    assert.equal(
      (await api(app, 'GET', '/api/v1/auth/me', { token })).status,
      401,
      'revoked tokens stay revoked',
    );
    assert.deepEqual(await auditActions(app, 'user', user.id), [
      'user.create',
      'session.login',
      'user.deactivate',
      'user.reactivate',
      'session.login',
    ]);
  });

  it("the confirmation's references list schedules where they hold an override or a temporary shift not yet over", async () => {
    const { app } = server();
    const gone = await buildUser(app);
    const other = await buildUser(app);
    const team = await homeTeamFor(app, [gone.id, other.id]);
    const covered = await buildSchedule(app, team.id, [other.id]);
    const planned = await buildSchedule(app, team.id, [other.id]);
    const past = await buildSchedule(app, team.id, [other.id]);
    const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await api(app, 'POST', path, { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await post(`/api/v1/schedules/${covered.id}/overrides`, { user_id: gone.id, start: at(24), end: at(30) });
    await post(`/api/v1/schedules/${past.id}/overrides`, { user_id: gone.id, start: at(-30), end: at(-24) });
    await post(`/api/v1/schedules/${planned.id}/temporary-schedules`, {
      name: 'holiday',
      start: at(48),
      end: at(72),
      shifts: [{ user_id: gone.id, start: at(48), end: at(72) }],
    });
    const refs = await api<{ overrides: { name: string }[]; temporary_schedules: { name: string }[] }>(
      app,
      'GET',
      `/api/v1/users/${gone.id}/references`,
    );
    assert.equal(refs.status, 200, JSON.stringify(refs.body));
    assert.deepEqual(
      refs.body.overrides.map((s) => s.name),
      [covered.name],
      'the ended override is not listed',
    );
    assert.deepEqual(
      refs.body.temporary_schedules.map((s) => s.name),
      [planned.name],
    );
  });

  it('never pages a deactivated person: others on the level are paged, an empty level is skipped', async () => {
    const { app, tocsin, tdb } = server();
    const gone = await buildUser(app, { contact_methods: [{ type: 'email', address: 'gone@example.com' }] });
    const stays = await buildUser(app, {
      contact_methods: [{ type: 'email', address: 'stays@example.com' }],
    });
    const team = await homeTeamFor(app, [gone.id]);
    // `gone` holds the only slot of a schedule: it resolves to nobody once they are deactivated.
    const schedule = await buildSchedule(app, team.id, [gone.id]);
    const policy = await buildEscalationPolicy(app, {
      levels: [
        { delay_minutes: 30, targets: [{ type: 'schedule', id: schedule.id }] },
        {
          delay_minutes: 30,
          targets: [
            { type: 'user', id: gone.id },
            { type: 'user', id: stays.id },
          ],
        },
      ],
    });
    const refs = await api<{ schedules: { name: string }[]; escalation_policies: { name: string }[] }>(
      app,
      'GET',
      `/api/v1/users/${gone.id}/references`,
    );
    assert.deepEqual(
      refs.body.schedules.map((s) => s.name),
      [schedule.name],
    );
    assert.deepEqual(
      refs.body.escalation_policies.map((p) => p.name),
      [policy.name],
    );
    assert.equal((await api(app, 'POST', `/api/v1/users/${gone.id}/deactivate`)).status, 200);

    const { service, trigger } = await buildAlertingService(app, policy.id);
    await trigger();
    await tocsin.engine.drain();
    const incidents = await api<{ data: { id: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${service.id}`,
    );
    const incidentId = incidents.body.data[0]!.id;
    const paged = await tdb.db
      .selectFrom('pages')
      .select('user_id')
      .where('incident_id', '=', incidentId)
      .execute();
    assert.deepEqual(
      paged.map((p) => p.user_id),
      [stays.id],
    );
    const sentTo = await tdb.db
      .selectFrom('notifications')
      .select('user_id')
      .where('incident_id', '=', incidentId)
      .execute();
    assert.ok(sentTo.length > 0 && sentTo.every((n) => n.user_id === stays.id));
    const timeline = await api<{ data: { kind: string; message: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents/${incidentId}/timeline`,
    );
    assert.ok(
      timeline.body.data.some((e) => e.kind === 'level_skipped'),
      'the schedule level with only the deactivated person is skipped',
    );
  });

  // Last: it leaves the bootstrap admin's token revoked.
  it('refuses deactivating yourself and the last active admin with 409; others may not at all', async () => {
    const { app } = server();
    const me = await api<{ user: { id: string } }>(app, 'GET', '/api/v1/auth/me');
    const self = await api<Err>(app, 'POST', `/api/v1/users/${me.body.user.id}/deactivate`);
    assert.equal(self.status, 409);
    assert.match(self.body.error.message, /your own account/);
    const responder = await buildUser(app, { role: 'responder' });
    const victim = await buildUser(app);
    const forbidden = await api(app, 'POST', `/api/v1/users/${victim.id}/deactivate`, {
      token: await tokenFor(app, responder.id),
    });
    assert.equal(forbidden.status, 403);

    // Over HTTP the actor is an active admin other than the target, so the last-admin rule bites
    // for the CLI and config-as-code (system actors): checked through the action itself.
    const other = await buildUser(app, { role: 'admin' });
    const otherToken = await tokenFor(app, other.id);
    const first = await api(app, 'POST', `/api/v1/users/${me.body.user.id}/deactivate`, {
      token: otherToken,
    });
    assert.equal(first.status, 200, 'two active admins: one may go');
    assert.equal((await api(app, 'GET', '/api/v1/auth/me')).status, 401, 'the bootstrap token stops');
    await assert.rejects(
      deactivateUser({ ctx: server().ctx(), input: { id: other.id } }),
      (e: Error) => e instanceof ConflictError && /last active admin/.test(e.message),
    );
    // The deactivated admin is not the last one: demoting them leaves the active admins as they are.
    const demoted = await api(app, 'PATCH', `/api/v1/users/${me.body.user.id}`, {
      token: otherToken,
      body: { role: 'responder' },
    });
    assert.equal(demoted.status, 200, JSON.stringify(demoted.body));
    await reactivateUser({ ctx: server().ctx(), input: { id: me.body.user.id } });
    assert.equal((await api(app, 'GET', '/api/v1/auth/me')).status, 401, 'its revoked token stays revoked');
  });
});
