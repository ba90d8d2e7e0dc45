import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildIncident,
  buildSchedule,
  buildTeam,
  buildTeamWithMembers,
  buildUser,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { ScheduleView } from '../oncall/schemas.ts';

/**
 * A deactivated person is never paged (escalation/targets.ts), so choosing one as someone to
 * page or to put on call would silently page nobody (review of issue 17, S4): every such choice
 * is refused with 400 naming the field. Choices made before the deactivation may stay.
 */
type Err = { error: { code: string; message: string } };

describeEachDialect('choosing deactivated people', (server) => {
  it('refuses them in reassign, new layer participants, overrides, policy targets and team additions', async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 3);
    const [erin, kept, active] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    const schedule = await buildSchedule(app, team.id, [kept.id, active.id]);
    const policy = await buildEscalationPolicy(app, {
      levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: kept.id }] }],
    });
    for (const u of [erin, kept])
      assert.equal((await api(app, 'POST', `/api/v1/users/${u.id}/deactivate`)).status, 200);

    const refused = (res: { status: number; body: unknown }, field: string) => {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal((res.body as Err).error.message, `${field}: ${erin.name} is deactivated`);
    };

    const { incident } = await buildIncident(app, { from: 'declared' });
    refused(
      await api(app, 'POST', `/api/v1/incidents/${incident.id}/reassign`, {
        body: { user_ids: [active.id, erin.id] },
      }),
      'user_ids.1',
    );

    const layer = schedule.layers[0]!;
    const layerUrl = `/api/v1/schedules/${schedule.id}/layers/${layer.id}`;
    refused(
      await api(app, 'PATCH', layerUrl, { body: { participants: [kept.id, active.id, erin.id] } }),
      'participants.2',
    );
    // `kept` was on the rotation before the deactivation: an unrelated change still saves.
    const saved = await api<ScheduleView['layers'][number]>(app, 'PATCH', layerUrl, {
      body: { participants: [active.id, kept.id] },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const start = Date.now() + 3_600_000;
    refused(
      await api(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        body: {
          user_id: erin.id,
          start: new Date(start).toISOString(),
          end: new Date(start + 3_600_000).toISOString(),
        },
      }),
      'user_id',
    );

    refused(
      await api(app, 'POST', '/api/v1/escalation-policies', {
        body: {
          name: 'Deactivated target',
          levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: erin.id }] }],
        },
      }),
      'levels.0.targets.0.id',
    );
    const policyUrl = `/api/v1/escalation-policies/${policy.id}`;
    refused(
      await api(app, 'PATCH', policyUrl, {
        body: {
          levels: [
            { delay_minutes: 5, targets: [{ type: 'user', id: kept.id }] },
            { delay_minutes: 5, targets: [{ type: 'user', id: erin.id }] },
          ],
        },
      }),
      'levels.1.targets.0.id',
    );
    const renamed = await api(app, 'PATCH', policyUrl, {
      body: { levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: kept.id }] }] },
    });
    assert.equal(renamed.status, 200, 'a target kept from before the deactivation may stay');

    const other = await buildUser(app);
    const otherTeam = await buildTeam(app);
    await addMember(app, otherTeam.id, other.id);
    refused(
      await api(app, 'POST', `/api/v1/teams/${otherTeam.id}/members`, { body: { user_id: erin.id } }),
      'user_id',
    );
    await addMember(app, otherTeam.id, active.id);
  });

  it('says "deactivated" in the timeline when the people reassigned to were deactivated since', async () => {
    const { app, tocsin } = server();
    const erin = await buildUser(app);
    const { incident } = await buildIncident(app, { from: 'declared' });
    const moved = await api(app, 'POST', `/api/v1/incidents/${incident.id}/reassign`, {
      body: { user_ids: [erin.id] },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await api(app, 'POST', `/api/v1/users/${erin.id}/deactivate`)).status, 200);
    await tocsin.engine.drain();
    const timeline = await api<{ data: { kind: string; message: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents/${incident.id}/timeline`,
    );
    const paged = timeline.body.data.filter((e) => e.kind === 'paged').map((e) => e.message);
    assert.deepEqual(paged, [`The assignees are deactivated (${erin.name}); nobody paged`]);
  });
});
