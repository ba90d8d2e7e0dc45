import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  buildEscalationPolicy,
  buildSchedule,
  buildTeamWithMembers,
  buildUser,
} from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';

type Conflict = {
  error: {
    code: string;
    message: string;
    escalation_policies?: { id: string; name: string }[];
    schedules?: { id: string; name: string }[];
  };
};

describeEachDialect('deleting what escalation pages (issue 14 item 6)', (server) => {
  it('refuses to delete a schedule an escalation policy pages, listing the policies', async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 1);
    const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
    const roundRobin = await buildSchedule(app, team.id, [users[0]!.id]);
    const policy = await buildEscalationPolicy(app, {
      levels: [{ delay_minutes: 5, targets: [{ type: 'schedule', id: schedule.id }] }],
    });
    const other = await buildEscalationPolicy(app, {
      levels: [{ delay_minutes: 5, targets: [{ type: 'schedule_round_robin', id: roundRobin.id }] }],
    });

    const res = await api<Conflict>(app, 'DELETE', `/api/v1/schedules/${schedule.id}`);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.match(res.body.error.message, new RegExp(policy.name));
    assert.deepEqual(res.body.error.escalation_policies, [{ id: policy.id, name: policy.name }]);
    const rr = await api<Conflict>(app, 'DELETE', `/api/v1/schedules/${roundRobin.id}`);
    assert.equal(rr.status, 409);
    assert.deepEqual(rr.body.error.escalation_policies, [{ id: other.id, name: other.name }]);
    assert.equal((await api(app, 'GET', `/api/v1/schedules/${schedule.id}`)).status, 200);

    // Once no level pages it, it goes.
    const user = await buildUser(app);
    const patched = await api(app, 'PATCH', `/api/v1/escalation-policies/${policy.id}`, {
      body: { levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: user.id }] }] },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((await api(app, 'DELETE', `/api/v1/schedules/${schedule.id}`)).status, 204);
  });

  it('refuses to delete a user an escalation policy pages directly, listing the policies', async () => {
    const { app } = server();
    const user = await buildUser(app);
    const policy = await buildEscalationPolicy(app, {
      levels: [
        { delay_minutes: 5, targets: [{ type: 'user', id: (await buildUser(app)).id }] },
        { delay_minutes: 5, targets: [{ type: 'user', id: user.id }] },
      ],
    });
    const res = await api<Conflict>(app, 'DELETE', `/api/v1/users/${user.id}`);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.deepEqual(res.body.error.escalation_policies, [{ id: policy.id, name: policy.name }]);
    assert.equal((await api(app, 'GET', `/api/v1/users/${user.id}`)).status, 200);

    await api(app, 'DELETE', `/api/v1/escalation-policies/${policy.id}`);
    assert.equal((await api(app, 'DELETE', `/api/v1/users/${user.id}`)).status, 204);
  });

  it('refuses to delete a user in a schedule rotation, but not one only in its superseded history', async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 2);
    const [inRotation, other] = [users[0]!, users[1]!];
    const schedule = await buildSchedule(app, team.id, [inRotation.id, other.id]);
    const res = await api<Conflict>(app, 'DELETE', `/api/v1/users/${inRotation.id}`);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.deepEqual(res.body.error.schedules, [{ id: schedule.id, name: schedule.name }]);

    // Taken out of the rotation from now on: the old version still names them, as history.
    const layerId = schedule.layers[0]!.id;
    const edited = await api(app, 'PATCH', `/api/v1/schedules/${schedule.id}/layers/${layerId}`, {
      body: { participants: [other.id] },
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const gone = await api(app, 'DELETE', `/api/v1/users/${inRotation.id}`);
    assert.equal(gone.status, 204, JSON.stringify(gone.body));
  });
});
