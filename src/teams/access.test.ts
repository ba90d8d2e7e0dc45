import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildSchedule,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';

type Incident = { id: string; ref: string; status: string };

/**
 * Team scoping (issue 14 item 10): responders act on incidents of their teams' services (or
 * ones they were paged for / hold a role in); team managers edit their team's schedules,
 * overrides and policies. Reads stay open.
 */
describeEachDialect('team scoping of actions', (server) => {
  let team: { id: string };
  let otherTeam: { id: string };
  let member: { id: string; token: string };
  let manager: { id: string; token: string };
  let outsider: { id: string; token: string };

  async function person(app: App, role: 'responder' | 'viewer' = 'responder') {
    const user = await buildUser(app, { role });
    return { id: user.id, token: await tokenFor(app, user.id) };
  }

  before(async () => {
    const { app } = server();
    team = await buildTeam(app);
    otherTeam = await buildTeam(app);
    member = await person(app);
    manager = await person(app);
    outsider = await person(app);
    await addMember(app, team.id, member.id);
    await addMember(app, team.id, manager.id, 'manager');
    await addMember(app, otherTeam.id, outsider.id);
  });

  const declare = (app: App, serviceIds: string[], token?: string) =>
    api<Incident>(app, 'POST', '/api/v1/incidents', {
      token,
      body: { title: uniqueName('Checkout down'), severity: 'SEV2', service_ids: serviceIds },
    });
  const act = (app: App, incident: Incident, verb: string, token: string) =>
    api<Incident>(app, 'POST', `/api/v1/incidents/${incident.id}/${verb}`, { token, body: {} });
  const note = (app: App, incident: Incident, token: string) =>
    api(app, 'POST', `/api/v1/incidents/${incident.id}/notes`, { token, body: { message: 'looking' } });

  it('a responder outside the owning team cannot declare, act on or reopen its incidents', async () => {
    const { app } = server();
    const service = await buildService(app, { team_id: team.id });
    const refused = await declare(app, [service.id], outsider.token);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    const declared = await declare(app, [service.id], member.token);
    assert.equal(declared.status, 201, JSON.stringify(declared.body));
    const incident = declared.body;

    assert.equal((await act(app, incident, 'acknowledge', outsider.token)).status, 403);
    assert.equal((await note(app, incident, outsider.token)).status, 403);
    assert.equal((await act(app, incident, 'acknowledge', member.token)).status, 200);
    assert.equal((await act(app, incident, 'resolve', member.token)).status, 200);
    assert.equal((await act(app, incident, 'reopen', outsider.token)).status, 403);
    assert.equal((await act(app, incident, 'reopen', member.token)).status, 200);
    // Reading stays open to everyone.
    const read = await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.id}`, {
      token: outsider.token,
    });
    assert.equal(read.status, 200);
    assert.equal(read.body.status, 'acknowledged');
  });

  it('on an incident of several services, the team of any of them may act', async () => {
    const { app } = server();
    const ours = await buildService(app, { team_id: team.id });
    const theirs = await buildService(app, { team_id: otherTeam.id });
    const incident = (await declare(app, [ours.id, theirs.id], member.token)).body;
    assert.equal((await note(app, incident, outsider.token)).status, 201);
    const lone = (await declare(app, [ours.id], member.token)).body;
    assert.equal((await note(app, lone, outsider.token)).status, 403);
  });

  it('someone paged for an incident, given a role or a task in it, may act on it without being on the team', async () => {
    const { app } = server();
    const paged = await person(app);
    const policy = await buildEscalationPolicy(app, {
      levels: [{ delay_minutes: 5, targets: [{ type: 'user', id: paged.id }] }],
    });
    const service = await buildService(app, { team_id: team.id, escalation_policy_id: policy.id });
    const incident = (await declare(app, [service.id], member.token)).body;
    assert.equal((await act(app, incident, 'acknowledge', paged.token)).status, 403, 'not paged yet');
    await server().tocsin.engine.drain();
    const acked = await act(app, incident, 'acknowledge', paged.token);
    assert.equal(acked.status, 200, JSON.stringify(acked.body));

    const roled = (await declare(app, [service.id], member.token)).body;
    assert.equal((await note(app, roled, outsider.token)).status, 403);
    const assigned = await api(app, 'PUT', `/api/v1/incidents/${roled.id}/roles/scribe`, {
      body: { user_id: outsider.id },
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.equal((await note(app, roled, outsider.token)).status, 201);

    const tasked = (await declare(app, [service.id], member.token)).body;
    const task = await api<{ id: string }>(app, 'POST', `/api/v1/incidents/${tasked.id}/tasks`, {
      body: { title: 'Roll back the deploy', assignee_id: paged.id },
    });
    assert.equal(task.status, 201, JSON.stringify(task.body));
    const ticked = await api(app, 'PATCH', `/api/v1/incidents/${tasked.id}/tasks/${task.body.id}`, {
      token: paged.token,
      body: { done: true },
    });
    assert.equal(ticked.status, 200, JSON.stringify(ticked.body));
  });

  it("a team manager edits the team's schedules, overrides and policies; members and other teams' managers do not", async () => {
    const { app } = server();
    const schedule = await buildSchedule(app, team.id, [member.id, manager.id]);
    const period = { start: '2030-01-02T12:00:00Z', end: '2030-01-02T15:00:00Z' };
    const overrideFor = (userId: string, token: string) =>
      api(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        token,
        body: { ...period, user_id: userId },
      });
    // The case: a manager puts a teammate on call.
    const byManager = await overrideFor(member.id, manager.token);
    assert.equal(byManager.status, 201, JSON.stringify(byManager.body));
    assert.equal((await overrideFor(manager.id, member.token)).status, 403);

    const layerId = (await api<{ layers: { id: string }[] }>(app, 'GET', `/api/v1/schedules/${schedule.id}`))
      .body.layers[0]!.id;
    const editLayer = (token: string) =>
      api(app, 'PATCH', `/api/v1/schedules/${schedule.id}/layers/${layerId}`, {
        token,
        body: { participants: [manager.id, member.id] },
      });
    assert.equal((await editLayer(member.token)).status, 403);
    assert.equal((await editLayer(manager.token)).status, 200);

    const newSchedule = (teamId: string, token: string) =>
      api<{ id: string }>(app, 'POST', '/api/v1/schedules', {
        token,
        body: { name: uniqueName('schedule'), team_id: teamId, time_zone: 'UTC' },
      });
    const made = await newSchedule(team.id, manager.token);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await newSchedule(team.id, member.token)).status, 403);
    assert.equal((await newSchedule(otherTeam.id, manager.token)).status, 403);
    assert.equal(
      (await api(app, 'DELETE', `/api/v1/schedules/${made.body.id}`, { token: member.token })).status,
      403,
    );
    assert.equal(
      (await api(app, 'DELETE', `/api/v1/schedules/${made.body.id}`, { token: manager.token })).status,
      204,
    );

    const levels = [{ delay_minutes: 5, targets: [{ type: 'schedule', id: schedule.id }] }];
    const newPolicy = (teamId: string | undefined, token: string) =>
      api<{ id: string }>(app, 'POST', '/api/v1/escalation-policies', {
        token,
        body: { name: uniqueName('policy'), levels, ...(teamId ? { team_id: teamId } : {}) },
      });
    const policy = await newPolicy(team.id, manager.token);
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
    assert.equal((await newPolicy(team.id, member.token)).status, 403);
    assert.equal((await newPolicy(otherTeam.id, manager.token)).status, 403);
    assert.equal((await newPolicy(undefined, manager.token)).status, 403, 'no team: admins only');
    const patch = (body: unknown, token: string) =>
      api(app, 'PATCH', `/api/v1/escalation-policies/${policy.body.id}`, { token, body });
    assert.equal((await patch({ repeat_count: 2 }, manager.token)).status, 200);
    assert.equal((await patch({ repeat_count: 3 }, member.token)).status, 403);
    assert.equal((await patch({ team_id: otherTeam.id }, manager.token)).status, 403, 'cannot give it away');
  });

  it('viewers act on nothing, even as team members', async () => {
    const { app } = server();
    const viewer = await person(app, 'viewer');
    await addMember(app, team.id, viewer.id, 'manager');
    const service = await buildService(app, { team_id: team.id });
    assert.equal((await declare(app, [service.id], viewer.token)).status, 403);
    const schedule = await buildSchedule(app, team.id, [member.id]);
    const res = await api(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
      token: viewer.token,
      body: { start: '2030-01-02T12:00:00Z', end: '2030-01-02T15:00:00Z', user_id: member.id },
    });
    assert.equal(res.status, 403);
  });
});
