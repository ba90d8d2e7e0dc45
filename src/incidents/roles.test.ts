import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  addMember,
  auditActions,
  buildIncident,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { acknowledgeIncident } from './act.ts';

type App = Parameters<typeof api>[0];
type Actor = { type: string; id: string; name: string };
type Incident = { id: string; ref: string; status: string };
type Holder = {
  role: string;
  name: string;
  user_id: string;
  user_name: string;
  assigned_at: string;
  assigned_by: Actor;
};
type Assignment = {
  role: string;
  user_id: string;
  user_name: string;
  assigned_at: string;
  assigned_by: Actor;
  ended_at: string | null;
  ended_by: Actor | null;
};
type Roles = { data: Holder[]; history: Assignment[] };
type Err = { error: { code: string; message: string } };
type Entry = {
  kind: string;
  actor: { type: string; id: string; name: string };
  message: string;
  data: Record<string, unknown>;
};
type User = { id: string; name: string };

describeEachDialect('incident roles', (server) => {
  let actor: User;
  let token: string;
  let home: { id: string };

  before(async () => {
    const { app } = server();
    actor = await buildUser(app, { role: 'responder' });
    token = await tokenFor(app, actor.id);
    home = await homeTeamFor(app, [actor.id]);
  });

  async function openIncident(app: App): Promise<Incident> {
    const opened = await buildIncident(app, {
      title: 'Queue backlog',
      source: 'worker-1',
      alertSeverity: 'error',
    });
    return opened.incident;
  }

  const responder = (app: App): Promise<User> => buildUser(app, { role: 'responder' });

  const roles = (app: App, incident: Incident) =>
    api<Roles>(app, 'GET', `/api/v1/incidents/${incident.id}/roles`);

  const assign = (app: App, incident: Incident, role: string, userId: string, t = token) =>
    api<Roles & Err>(app, 'PUT', `/api/v1/incidents/${incident.ref}/roles/${role}`, {
      token: t,
      body: { user_id: userId },
    });

  const unassign = (app: App, incident: Incident, role: string, t = token) =>
    api<Roles & Err>(app, 'DELETE', `/api/v1/incidents/${incident.ref}/roles/${role}`, { token: t });

  const roleEntries = async (app: App, incident: Incident) =>
    (
      await api<{ data: Entry[] }>(app, 'GET', `/api/v1/incidents/${incident.id}/timeline?limit=500`)
    ).body.data.filter((e) => e.kind === 'role_assigned' || e.kind === 'role_unassigned');

  it('assigns, hands over, unassigns, and keeps the whole history', async () => {
    const { app } = server();
    const incident = await openIncident(app);
    const [alice, bob, carol] = [await responder(app), await responder(app), await responder(app)];
    assert.deepEqual((await roles(app, incident)).body, { data: [], history: [] });

    const first = await assign(app, incident, 'commander', alice.id);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.data.map(({ assigned_at: _at, ...h }) => h),
      [
        {
          role: 'commander',
          name: 'Incident commander',
          user_id: alice.id,
          user_name: alice.name,
          assigned_by: { type: 'user', id: actor.id, name: actor.name },
        },
      ],
    );

    const handover = await assign(app, incident, 'commander', bob.id);
    assert.equal(handover.status, 200);
    assert.deepEqual(
      handover.body.data.map((h) => h.user_id),
      [bob.id],
    );
    assert.deepEqual(
      handover.body.history.map((h) => [h.user_id, h.ended_at === null, h.ended_by]),
      [
        [alice.id, false, { type: 'user', id: actor.id, name: actor.name }],
        [bob.id, true, null],
      ],
    );

    const same = await assign(app, incident, 'commander', bob.id);
    assert.equal(same.status, 200);
    assert.equal(same.body.history.length, 2, 'giving a role to its holder changes nothing');

    assert.equal((await assign(app, incident, 'scribe', carol.id)).status, 200);
    assert.equal((await assign(app, incident, 'tech_lead', alice.id)).status, 200);
    const all = (await roles(app, incident)).body;
    assert.deepEqual(
      all.data.map((h) => [h.role, h.name, h.user_name]),
      [
        ['commander', 'Incident commander', bob.name],
        ['tech_lead', 'Tech lead', alice.name],
        ['scribe', 'Scribe', carol.name],
      ],
      'current holders in role order',
    );

    const removed = await unassign(app, incident, 'scribe');
    assert.equal(removed.status, 200);
    assert.deepEqual(
      removed.body.data.map((h) => h.role),
      ['commander', 'tech_lead'],
    );
    assert.deepEqual(removed.body.history.find((h) => h.user_id === carol.id)?.ended_by, {
      type: 'user',
      id: actor.id,
      name: actor.name,
    });
    const emptyAgain = await unassign(app, incident, 'scribe');
    assert.equal(emptyAgain.status, 200, 'an empty role stays empty');
    assert.equal(emptyAgain.body.history.length, 4);

    const entries = await roleEntries(app, incident);
    assert.deepEqual(
      entries.map((e) => [e.kind, e.message]),
      [
        ['role_assigned', `${alice.name} is now incident commander`],
        ['role_assigned', `${bob.name} is now incident commander (was ${alice.name})`],
        ['role_assigned', `${carol.name} is now scribe`],
        ['role_assigned', `${alice.name} is now tech lead`],
        ['role_unassigned', `${carol.name} is no longer scribe`],
      ],
    );
    assert.deepEqual(entries[1]!.data, { role: 'commander', user_id: bob.id, previous_user_id: alice.id });
    assert.deepEqual([entries[1]!.actor.type, entries[1]!.actor.id], ['user', actor.id]);
    assert.deepEqual(await auditActions(app, 'incident', incident.id), [
      'incident.role.assign',
      'incident.role.assign',
      'incident.role.assign',
      'incident.role.assign',
      'incident.role.unassign',
    ]);
  });

  it('concurrent assignments of one role queue up: one holder, every one in the history', async () => {
    const { app } = server();
    const incident = await openIncident(app);
    const people = await Promise.all([1, 2, 3, 4, 5, 6].map(() => responder(app)));
    const answers = await Promise.all(people.map((p) => assign(app, incident, 'comms_lead', p.id)));
    assert.deepEqual(
      answers.map((a) => a.status),
      people.map(() => 200),
    );
    const { data, history } = (await roles(app, incident)).body;
    assert.equal(data.length, 1);
    assert.equal(history.length, people.length);
    assert.equal(history.filter((h) => h.ended_at === null).length, 1);
  });

  it('the first person to acknowledge becomes commander; a set commander or the system changes nothing', async () => {
    const { app } = server();
    const dora = await responder(app);
    const doraToken = await tokenFor(app, dora.id);
    await addMember(app, home.id, dora.id); // she acknowledges as a member of the owning team

    const first = await openIncident(app);
    assert.equal(
      (await api(app, 'POST', `/api/v1/incidents/${first.id}/acknowledge`, { token: doraToken })).status,
      200,
    );
    const got = (await roles(app, first)).body.data;
    assert.deepEqual(
      got.map((h) => [h.role, h.user_id, h.assigned_by]),
      [['commander', dora.id, { type: 'user', id: dora.id, name: dora.name }]],
    );
    const [entry] = await roleEntries(app, first);
    assert.equal(entry?.message, `${dora.name} acknowledged first and is incident commander`);
    assert.deepEqual(entry?.data, { role: 'commander', user_id: dora.id, previous_user_id: null });

    const erin = await responder(app);
    const second = await openIncident(app);
    assert.equal((await assign(app, second, 'commander', erin.id)).status, 200);
    await api(app, 'POST', `/api/v1/incidents/${second.id}/acknowledge`, { token: doraToken });
    assert.deepEqual(
      (await roles(app, second)).body.data.map((h) => h.user_id),
      [erin.id],
    );
    assert.equal((await roleEntries(app, second)).length, 1, 'only the explicit assignment');

    const third = await openIncident(app);
    const ack = await acknowledgeIncident({ ctx: server().ctx('source'), input: { id: third.id } });
    assert.equal(ack.status, 'acknowledged');
    assert.deepEqual((await roles(app, third)).body, { data: [], history: [] });

    const fourth = await openIncident(app);
    await api(app, 'POST', `/api/v1/incidents/${fourth.id}/mitigate`, { token: doraToken });
    assert.deepEqual(
      (await roles(app, fourth)).body.data.map((h) => h.user_id),
      [dora.id],
      'mitigating a triggered incident acknowledges it first',
    );
  });

  it('unknown roles and users are 400 naming the field; viewers 403; unknown incidents 404', async () => {
    const { app } = server();
    const incident = await openIncident(app);
    const alice = await responder(app);

    const role = await assign(app, incident, 'pilot', alice.id);
    assert.equal(role.status, 400);
    assert.equal(
      role.body.error.message,
      'params.role: unknown role "pilot"; known: commander, tech_lead, comms_lead, scribe',
    );
    assert.equal((await unassign(app, incident, 'pilot')).status, 400);
    const user = await assign(app, incident, 'commander', 'usr_nobody');
    assert.equal(user.status, 400);
    assert.equal(user.body.error.message, 'body.user_id: user "usr_nobody" not found');
    const missing = await api<Err>(app, 'PUT', `/api/v1/incidents/${incident.id}/roles/commander`, {
      token,
      body: {},
    });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /body\.user_id is required/);

    const viewer = await viewerToken(app);
    assert.equal((await assign(app, incident, 'commander', alice.id, viewer)).status, 403);
    assert.equal((await unassign(app, incident, 'commander', viewer)).status, 403);
    assert.equal(
      (await api(app, 'GET', `/api/v1/incidents/${incident.id}/roles`, { token: viewer })).status,
      200,
      'viewers can see who holds what',
    );
    const nowhere = { id: 'inc_nope', ref: 'INC-999999', status: 'triggered' };
    assert.equal((await assign(app, nowhere, 'commander', alice.id)).status, 404);
    assert.equal((await roles(app, nowhere)).status, 404);
    assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
  });

  it('a merged incident keeps its roles but takes no changes', async () => {
    const { app } = server();
    const survivor = await openIncident(app);
    const incident = await openIncident(app);
    const alice = await responder(app);
    assert.equal((await assign(app, incident, 'commander', alice.id)).status, 200);
    await server()
      .tdb.db.updateTable('incidents')
      .set({ status: 'resolved', merged_into_id: survivor.id })
      .where('id', '=', incident.id)
      .execute();
    const res = await assign(app, incident, 'scribe', alice.id);
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, new RegExp(`merged into ${survivor.ref}`));
    assert.equal((await unassign(app, incident, 'commander')).status, 409);
    assert.equal((await roles(app, incident)).body.data.length, 1);
  });
});
