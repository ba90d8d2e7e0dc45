import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildEscalationPolicy,
  buildSchedule,
  buildService,
  buildTeam,
  buildTeamWithMembers,
  buildUser,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import type { ServiceView } from '../../services/schemas.ts';
import type { EscalationPolicyView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const MISSING_POLICY = 'esc_01JAAAAAAAAAAAAAAAAAAAAAAA';
const URL = '/api/v1/escalation-policies';

describeEachDialect('escalation policies API', (server) => {
  it('creates a policy with ordered levels of every target type and reads it back', async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 2);
    const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
    const name = uniqueName('Primary');
    const levels = [
      { delay_minutes: 5, targets: [{ type: 'schedule', id: schedule.id }] },
      {
        delay_minutes: 10,
        targets: [
          { id: users[1]!.id, type: 'user' },
          { type: 'schedule_round_robin', id: schedule.id },
        ],
      },
      { delay_minutes: 15, targets: [{ type: 'team', id: team.id }] },
    ];
    const res = await api<EscalationPolicyView>(app, 'POST', URL, {
      body: { name, team_id: team.id, repeat_count: 2, ack_timeout_minutes: 30, levels },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.id, /^esc_[0-9A-Z]{26}$/);
    assert.equal(res.body.name, name);
    assert.equal(res.body.description, '');
    assert.equal(res.body.team_id, team.id);
    assert.equal(res.body.repeat_count, 2);
    assert.equal(res.body.ack_timeout_minutes, 30);
    assert.deepEqual(res.body.services, []);
    assert.deepEqual(
      res.body.levels.map((l) => l.position),
      [0, 1, 2],
    );
    for (const level of res.body.levels) assert.match(level.id, /^lvl_[0-9A-Z]{26}$/);
    assert.deepEqual(
      res.body.levels.map(({ delay_minutes, targets }) => ({ delay_minutes, targets })),
      [
        levels[0],
        {
          delay_minutes: 10,
          targets: [
            { type: 'user', id: users[1]!.id },
            { type: 'schedule_round_robin', id: schedule.id },
          ],
        },
        levels[2],
      ],
    );

    const got = await api<EscalationPolicyView>(app, 'GET', `${URL}/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    assert.deepEqual(await auditActions(app, 'escalation_policy', res.body.id), ['escalation_policy.create']);

    const minimal = await buildEscalationPolicy(app);
    assert.equal(minimal.team_id, null);
    assert.equal(minimal.repeat_count, 0);
    assert.equal(minimal.ack_timeout_minutes, null);
  });

  it('lists policies a page at a time and filters by team and name', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const tag = uniqueName('esc-list').replace(' ', '-');
    const mine = [
      await buildEscalationPolicy(app, { team_id: team.id, name: `${tag} a` }),
      await buildEscalationPolicy(app, { team_id: team.id, name: `${tag} b` }),
    ];
    const elsewhere = await buildEscalationPolicy(app, { name: `${tag} c` });

    const first = await api<PageBody<EscalationPolicyView>>(app, 'GET', `${URL}?team_id=${team.id}&limit=1`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.data.length, 1);
    assert.ok(first.body.next_cursor);
    assert.equal(first.body.data[0]!.levels.length, 1);
    const second = await api<PageBody<EscalationPolicyView>>(
      app,
      'GET',
      `${URL}?team_id=${team.id}&limit=1&cursor=${first.body.next_cursor}`,
    );
    assert.equal(second.body.data.length, 1);
    assert.equal(second.body.next_cursor, null);
    assert.deepEqual(
      [...first.body.data, ...second.body.data].map((p) => p.id).sort(),
      mine.map((p) => p.id).sort(),
    );
    const byName = await api<PageBody<EscalationPolicyView>>(
      app,
      'GET',
      `${URL}?q=${encodeURIComponent(`${tag} C`)}`,
    );
    assert.deepEqual(
      byName.body.data.map((p) => p.id),
      [elsewhere.id],
    );
  });

  it('updates fields, replaces the levels and records before and after', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const [a, b, c] = [await buildUser(app), await buildUser(app), await buildUser(app)];
    const policy = await buildEscalationPolicy(app, {
      team_id: team.id,
      levels: [
        { delay_minutes: 5, targets: [{ type: 'user', id: a.id }] },
        { delay_minutes: 5, targets: [{ type: 'user', id: b.id }] },
      ],
    });
    const name = uniqueName('Renamed');
    const res = await api<EscalationPolicyView>(app, 'PATCH', `${URL}/${policy.id}`, {
      body: {
        name,
        description: 'nights',
        team_id: null,
        repeat_count: 3,
        ack_timeout_minutes: 60,
        levels: [{ delay_minutes: 20, targets: [{ type: 'user', id: c.id }] }],
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, name);
    assert.equal(res.body.description, 'nights');
    assert.equal(res.body.team_id, null);
    assert.equal(res.body.repeat_count, 3);
    assert.equal(res.body.ack_timeout_minutes, 60);
    assert.equal(res.body.levels.length, 1);
    assert.equal(res.body.levels[0]!.position, 0);
    assert.equal(res.body.levels[0]!.delay_minutes, 20);
    assert.deepEqual(res.body.levels[0]!.targets, [{ type: 'user', id: c.id }]);
    assert.ok(!policy.levels.some((l) => l.id === res.body.levels[0]!.id), 'replaced levels get new ids');
    assert.deepEqual((await api(app, 'GET', `${URL}/${policy.id}`)).body, res.body);

    // Fields not given stay as they are; null clears the acknowledgement timeout.
    const partial = await api<EscalationPolicyView>(app, 'PATCH', `${URL}/${policy.id}`, {
      body: { ack_timeout_minutes: null },
    });
    assert.equal(partial.body.ack_timeout_minutes, null);
    assert.equal(partial.body.repeat_count, 3);
    assert.deepEqual(partial.body.levels, res.body.levels);

    const audit = await api<{ data: { before: EscalationPolicyView; after: EscalationPolicyView }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=escalation_policy&target_id=${policy.id}&action=escalation_policy.update`,
    );
    assert.equal(audit.body.data.length, 2);
    const first = audit.body.data[1]!;
    assert.deepEqual(
      first.before.levels.map((l) => l.targets[0]!.id),
      [a.id, b.id],
    );
    assert.deepEqual(
      first.after.levels.map((l) => l.targets[0]!.id),
      [c.id],
    );
    assert.equal(first.before.team_id, team.id);
  });

  it('links services, refuses to delete a policy in use naming them, deletes once unused', async () => {
    const { app } = server();
    const policy = await buildEscalationPolicy(app);
    const svc = await buildService(app, { escalation_policy_id: policy.id, name: uniqueName('b-checkout') });
    assert.equal(svc.escalation_policy_id, policy.id);
    const other = await buildService(app, { name: uniqueName('a-cart') });
    assert.equal(other.escalation_policy_id, null);
    const linked = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${other.id}`, {
      body: { escalation_policy_id: policy.id },
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.escalation_policy_id, policy.id);

    const withServices = await api<EscalationPolicyView>(app, 'GET', `${URL}/${policy.id}`);
    assert.deepEqual(withServices.body.services, [
      { id: other.id, name: other.name },
      { id: svc.id, name: svc.name },
    ]);

    const refused = await api<ErrorBody>(app, 'DELETE', `${URL}/${policy.id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'conflict');
    assert.ok(refused.body.error.message.includes(svc.name), refused.body.error.message);
    assert.ok(refused.body.error.message.includes(other.name), refused.body.error.message);
    assert.equal((await api(app, 'GET', `${URL}/${policy.id}`)).status, 200);

    for (const id of [svc.id, other.id]) {
      const unlinked = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${id}`, {
        body: { escalation_policy_id: null },
      });
      assert.equal(unlinked.body.escalation_policy_id, null);
    }
    assert.equal((await api(app, 'DELETE', `${URL}/${policy.id}`)).status, 204);
    assert.equal((await api(app, 'GET', `${URL}/${policy.id}`)).status, 404);
    assert.deepEqual(await auditActions(app, 'escalation_policy', policy.id), [
      'escalation_policy.create',
      'escalation_policy.delete',
    ]);

    const team = await buildTeam(app);
    const unknown = await api<ErrorBody>(app, 'POST', '/api/v1/services', {
      body: { name: uniqueName('svc'), team_id: team.id, escalation_policy_id: policy.id },
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.message, `escalation_policy_id: no escalation policy "${policy.id}"`);
    const unknownPatch = await api<ErrorBody>(app, 'PATCH', `/api/v1/services/${svc.id}`, {
      body: { escalation_policy_id: MISSING_POLICY },
    });
    assert.equal(unknownPatch.status, 400);
    assert.match(unknownPatch.body.error.message, /^escalation_policy_id: no escalation policy/);
  });

  it('applies concurrent updates one after the other, each seeing the previous one', async () => {
    const { app } = server();
    const policy = await buildEscalationPolicy(app);
    const users = await Promise.all([1, 2, 3, 4].map(() => buildUser(app)));
    const answers = await Promise.all(
      users.map((u) =>
        api<EscalationPolicyView>(app, 'PATCH', `${URL}/${policy.id}`, {
          body: { levels: [1, 2].map(() => ({ delay_minutes: 1, targets: [{ type: 'user', id: u.id }] })) },
        }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200],
      JSON.stringify(answers.map((a) => a.body)),
    );
    const final = (await api<EscalationPolicyView>(app, 'GET', `${URL}/${policy.id}`)).body;
    assert.equal(final.levels.length, 2);
    assert.equal(final.levels[0]!.targets[0]!.id, final.levels[1]!.targets[0]!.id);
    // Each update saw the one before it: its audit "before" is the previous "after".
    const audit = await api<{ data: { before: EscalationPolicyView; after: EscalationPolicyView }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=escalation_policy&target_id=${policy.id}&action=escalation_policy.update`,
    );
    const chain = audit.body.data.reverse();
    assert.equal(chain.length, 4);
    assert.deepEqual(chain[0]!.before.levels, policy.levels);
    for (let i = 1; i < chain.length; i++)
      assert.deepEqual(chain[i]!.before.levels, chain[i - 1]!.after.levels);
    assert.deepEqual(chain[3]!.after, final);
  });

  it('answers 409 for a duplicate name and 404 for a missing policy', async () => {
    const { app } = server();
    const first = await buildEscalationPolicy(app);
    const dup = await api<ErrorBody>(app, 'POST', URL, {
      body: {
        name: first.name,
        levels: first.levels.map(({ delay_minutes, targets }) => ({ delay_minutes, targets })),
      },
    });
    assert.equal(dup.status, 409);
    assert.match(dup.body.error.message, /an escalation policy named .* already exists/);
    const other = await buildEscalationPolicy(app);
    const rename = await api<ErrorBody>(app, 'PATCH', `${URL}/${other.id}`, { body: { name: first.name } });
    assert.equal(rename.status, 409);
    assert.equal((await api(app, 'PATCH', `${URL}/${other.id}`, { body: { name: other.name } })).status, 200);

    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await api<ErrorBody>(app, method, `${URL}/${MISSING_POLICY}`, {
        ...(method === 'PATCH' ? { body: { description: 'x' } } : {}),
      });
      assert.equal(res.status, 404, method);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  it('lets viewers read but only admins change policies', async () => {
    const { app } = server();
    const policy = await buildEscalationPolicy(app);
    const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
    for (const token of [await viewerToken(app), responder]) {
      assert.equal((await api(app, 'GET', URL, { token })).status, 200);
      assert.equal((await api(app, 'GET', `${URL}/${policy.id}`, { token })).status, 200);
      const body = {
        name: uniqueName('Forbidden'),
        levels: [{ delay_minutes: 1, targets: policy.levels[0]!.targets }],
      };
      const create = await api<ErrorBody>(app, 'POST', URL, { token, body });
      assert.equal(create.status, 403);
      assert.equal(create.body.error.code, 'forbidden');
      assert.equal(
        (await api(app, 'PATCH', `${URL}/${policy.id}`, { token, body: { description: 'x' } })).status,
        403,
      );
      assert.equal((await api(app, 'DELETE', `${URL}/${policy.id}`, { token })).status, 403);
    }
    assert.equal((await api(app, 'GET', URL, { token: null })).status, 401);
    assert.deepEqual((await api(app, 'GET', `${URL}/${policy.id}`)).body, policy);
    assert.deepEqual(await auditActions(app, 'escalation_policy', policy.id), ['escalation_policy.create']);
  });
});
