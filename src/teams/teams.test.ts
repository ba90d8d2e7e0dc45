import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  addMember,
  auditActions,
  buildSchedule,
  buildService,
  buildTeam,
  buildTeamWithMembers,
  buildUser,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { TeamMemberView, TeamView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const MISSING_TEAM = 'team_01JAAAAAAAAAAAAAAAAAAAAAAA';

describeEachDialect('teams API', (server) => {
  it('creates a team, answers 201 and gets it back', async () => {
    const { app } = server();
    const name = uniqueName('Payments');
    const res = await api<TeamView>(app, 'POST', '/api/v1/teams', {
      body: { name, description: 'money in, money out' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.id, /^team_[0-9A-Z]{26}$/);
    assert.equal(res.body.name, name);
    assert.equal(res.body.description, 'money in, money out');
    assert.equal(res.body.member_count, 0);
    assert.equal(res.body.created_at, res.body.updated_at);

    const got = await api<TeamView>(app, 'GET', `/api/v1/teams/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    assert.deepEqual(await auditActions(app, 'team', res.body.id), ['team.create']);
  });

  it('lists teams a page at a time and filters by name and member', async () => {
    const { app } = server();
    const tag = uniqueName('list').replace(' ', '-');
    const teams = [
      await buildTeam(app, { name: `${tag} one` }),
      await buildTeam(app, { name: `${tag} two` }),
      await buildTeam(app, { name: `${tag} three` }),
    ];

    const seen: string[] = [];
    let url = `/api/v1/teams?limit=1&q=${encodeURIComponent(tag.toUpperCase())}`;
    for (let i = 0; i < 3; i++) {
      const page = await api<PageBody<TeamView>>(app, 'GET', url);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.body.data.length, 1);
      seen.push(page.body.data[0]!.id);
      if (i < 2) {
        assert.ok(page.body.next_cursor);
        url = `/api/v1/teams?limit=1&q=${encodeURIComponent(tag)}&cursor=${page.body.next_cursor}`;
      } else {
        assert.equal(page.body.next_cursor, null);
      }
    }
    // Ids made in the same millisecond need not sort in creation order, so compare as sets.
    assert.deepEqual(seen.sort(), teams.map((t) => t.id).sort());

    const user = await buildUser(app);
    await addMember(app, teams[1]!.id, user.id);
    const mine = await api<PageBody<TeamView>>(app, 'GET', `/api/v1/teams?user_id=${user.id}`);
    assert.deepEqual(
      mine.body.data.map((t) => [t.id, t.member_count]),
      [[teams[1]!.id, 1]],
    );
  });

  it('matches q literally, not as a LIKE pattern', async () => {
    const { app } = server();
    const tag = uniqueName('lit').replace(' ', '');
    const underscored = await buildTeam(app, { name: `${tag} a_b` });
    await buildTeam(app, { name: `${tag} axb` });
    const res = await api<PageBody<TeamView>>(
      app,
      'GET',
      `/api/v1/teams?q=${encodeURIComponent(`${tag} a_`)}`,
    );
    assert.deepEqual(
      res.body.data.map((t) => t.id),
      [underscored.id],
    );
  });

  it('updates a team and records before and after', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const name = uniqueName('Renamed');
    const res = await api<TeamView>(app, 'PATCH', `/api/v1/teams/${team.id}`, {
      body: { name, description: 'new' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, name);
    assert.equal(res.body.description, 'new');

    const audit = await api<{ data: { action: string; before: TeamView; after: TeamView }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=team&target_id=${team.id}&action=team.update`,
    );
    assert.equal(audit.body.data[0]?.before.name, team.name);
    assert.equal(audit.body.data[0]?.after.name, name);

    const empty = await api<ErrorBody>(app, 'PATCH', `/api/v1/teams/${team.id}`, { body: {} });
    assert.equal(empty.status, 400);
  });

  it('deletes a team with its memberships, then answers 404', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const user = await buildUser(app);
    await addMember(app, team.id, user.id);
    const del = await api(app, 'DELETE', `/api/v1/teams/${team.id}`);
    assert.equal(del.status, 204);
    const got = await api<ErrorBody>(app, 'GET', `/api/v1/teams/${team.id}`);
    assert.equal(got.status, 404);
    assert.equal(got.body.error.code, 'not_found');
    assert.deepEqual(await auditActions(app, 'team', team.id), [
      'team.create',
      'team_member.create',
      'team.delete',
    ]);
  });

  it('adds, lists, re-roles and removes members', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const alice = await buildUser(app);
    const bob = await buildUser(app);

    const added = await api<TeamMemberView>(app, 'POST', `/api/v1/teams/${team.id}/members`, {
      body: { user_id: alice.id },
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.user_id, alice.id);
    assert.equal(added.body.name, alice.name);
    assert.equal(added.body.email, alice.email);
    assert.equal(added.body.role, 'member');
    await addMember(app, team.id, bob.id, 'manager');

    const again = await api<ErrorBody>(app, 'POST', `/api/v1/teams/${team.id}/members`, {
      body: { user_id: alice.id },
    });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already a member/);

    const first = await api<PageBody<TeamMemberView>>(app, 'GET', `/api/v1/teams/${team.id}/members?limit=1`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.data.length, 1);
    const rest = await api<PageBody<TeamMemberView>>(
      app,
      'GET',
      `/api/v1/teams/${team.id}/members?limit=1&cursor=${first.body.next_cursor}`,
    );
    assert.equal(rest.body.next_cursor, null);
    assert.deepEqual(
      [...first.body.data, ...rest.body.data].map((m) => m.user_id).sort(),
      [alice.id, bob.id].sort(),
    );
    assert.equal((await api<TeamView>(app, 'GET', `/api/v1/teams/${team.id}`)).body.member_count, 2);

    const promoted = await api<TeamMemberView>(app, 'PATCH', `/api/v1/teams/${team.id}/members/${alice.id}`, {
      body: { role: 'manager' },
    });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    assert.equal(promoted.body.role, 'manager');

    const removed = await api(app, 'DELETE', `/api/v1/teams/${team.id}/members/${alice.id}`);
    assert.equal(removed.status, 204);
    const gone = await api<ErrorBody>(app, 'DELETE', `/api/v1/teams/${team.id}/members/${alice.id}`);
    assert.equal(gone.status, 404);
    const left = await api<PageBody<TeamMemberView>>(app, 'GET', `/api/v1/teams/${team.id}/members`);
    assert.deepEqual(
      left.body.data.map((m) => m.user_id),
      [bob.id],
    );

    assert.deepEqual(await auditActions(app, 'team', team.id), [
      'team.create',
      'team_member.create',
      'team_member.create',
      'team_member.update',
      'team_member.delete',
    ]);
  });

  it('rejects bad input with 400 naming the field', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/v1/teams', { description: 'x' }, /body\.name is required/],
      ['POST', '/api/v1/teams', { name: 42 }, /body\.name must be string/],
      ['POST', '/api/v1/teams', { name: 'x', colour: 'red' }, /body\.colour is not a known field/],
      ['POST', '/api/v1/teams', { name: '   ' }, /body\.name must match pattern/],
      ['PATCH', `/api/v1/teams/${team.id}`, { description: 7 }, /body\.description must be string/],
      [
        'POST',
        `/api/v1/teams/${team.id}/members`,
        { user_id: 'usr_x', role: 'boss' },
        /body\.role must be one of: member, manager/,
      ],
      ['POST', `/api/v1/teams/${team.id}/members`, { role: 'member' }, /body\.user_id is required/],
      [
        'POST',
        `/api/v1/teams/${team.id}/members`,
        { user_id: 'usr_01JAAAAAAAAAAAAAAAAAAAAAAA' },
        /user_id: no user/,
      ],
    ];
    for (const [method, url, body, message] of cases) {
      const res = await api<ErrorBody>(app, method as 'POST' | 'PATCH', url, { body });
      assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.match(res.body.error.message, message);
    }
  });

  it('answers 409 for a duplicate name and for deleting a team that owns services', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const dup = await api<ErrorBody>(app, 'POST', '/api/v1/teams', { body: { name: team.name } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'conflict');
    assert.match(dup.body.error.message, /a team named .* already exists/);

    const other = await buildTeam(app);
    const rename = await api<ErrorBody>(app, 'PATCH', `/api/v1/teams/${other.id}`, {
      body: { name: team.name },
    });
    assert.equal(rename.status, 409);

    const service = await buildService(app, { team_id: team.id });
    const del = await api<ErrorBody>(app, 'DELETE', `/api/v1/teams/${team.id}`);
    assert.equal(del.status, 409);
    assert.ok(del.body.error.message.includes(service.name), del.body.error.message);
    assert.equal((await api(app, 'GET', `/api/v1/teams/${team.id}`)).status, 200);
  });

  it('answers 404 for a missing team', async () => {
    const { app } = server();
    const user = await buildUser(app);
    for (const [method, url, body] of [
      ['GET', `/api/v1/teams/${MISSING_TEAM}`, undefined],
      ['PATCH', `/api/v1/teams/${MISSING_TEAM}`, { description: 'x' }],
      ['DELETE', `/api/v1/teams/${MISSING_TEAM}`, undefined],
      ['GET', `/api/v1/teams/${MISSING_TEAM}/members`, undefined],
      ['POST', `/api/v1/teams/${MISSING_TEAM}/members`, { user_id: user.id }],
    ] as const) {
      const res = await api<ErrorBody>(app, method, url, body === undefined ? {} : { body });
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  it('refuses a viewer with 403 and a caller without credentials with 401', async () => {
    const { app } = server();
    const token = await viewerToken(app);
    const name = uniqueName('Forbidden');
    const forbidden = await api<ErrorBody>(app, 'POST', '/api/v1/teams', { token, body: { name } });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    const readable = await api(app, 'GET', '/api/v1/teams', { token });
    assert.equal(readable.status, 200);

    const anonymous = await api<ErrorBody>(app, 'POST', '/api/v1/teams', { token: null, body: { name } });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthenticated');
    const list = await api<PageBody<TeamView>>(app, 'GET', `/api/v1/teams?q=${encodeURIComponent(name)}`);
    assert.equal(list.body.data.length, 0);
  });

  it('refuses to delete a team that still owns schedules, on both databases, with 409', async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 2);
    const schedule = await buildSchedule(
      app,
      team.id,
      users.map((u) => u.id),
    );
    const res = await api<{ error: { code: string; message: string } }>(
      app,
      'DELETE',
      `/api/v1/teams/${team.id}`,
    );
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, new RegExp(`still owns schedules: ${schedule.name}`));
  });
});
