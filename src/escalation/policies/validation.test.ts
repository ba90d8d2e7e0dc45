import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildEscalationPolicy, buildUser } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import type { EscalationPolicyView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const MISSING = {
  user: 'usr_01JAAAAAAAAAAAAAAAAAAAAAAA',
  schedule: 'sch_01JAAAAAAAAAAAAAAAAAAAAAAA',
  team: 'team_01JAAAAAAAAAAAAAAAAAAAAAAA',
};
const URL = '/api/v1/escalation-policies';

describeEachDialect('escalation policy validation', (server) => {
  it('rejects bad input with 400 naming the field', async () => {
    const { app } = server();
    const user = await buildUser(app);
    const ok = { delay_minutes: 5, targets: [{ type: 'user', id: user.id }] };
    const level = (targets: unknown[], delay_minutes: unknown = 5) => ({ delay_minutes, targets });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ levels: [ok] }, /body\.name is required/],
      [{ name: 'x' }, /body\.levels is required/],
      [{ name: 'x', levels: [] }, /body\.levels must NOT have fewer than 1 items/],
      [
        { name: 'x', levels: Array.from({ length: 21 }, () => ok) },
        /body\.levels must NOT have more than 20/,
      ],
      [{ name: 'x', levels: [level([])] }, /body\.levels\.0\.targets must NOT have fewer than 1/],
      [{ name: 'x', levels: [level([{ type: 'user', id: user.id }], 0)] }, /body\.levels\.0\.delay_minutes/],
      [
        { name: 'x', levels: [level([{ type: 'user', id: user.id }], 1441)] },
        /body\.levels\.0\.delay_minutes/,
      ],
      [{ name: 'x', levels: [level([{ type: 'user', id: user.id }], '5')] }, /delay_minutes must be integer/],
      [{ name: 'x', levels: [level([{ type: 'pager', id: user.id }])] }, /targets\.0\.type must be one of/],
      [{ name: 'x', levels: [{ ...ok, wait: 1 }] }, /body\.levels\.0\.wait is not a known field/],
      [{ name: 'x', levels: [ok], tier: 1 }, /body\.tier is not a known field/],
      [{ name: 'x', levels: [ok], repeat_count: 10 }, /body\.repeat_count/],
      [{ name: 'x', levels: [ok], ack_timeout_minutes: 0 }, /body\.ack_timeout_minutes/],
      [{ name: 'x', levels: [ok], team_id: MISSING.team }, /^team_id: no team "team_01J/],
      [
        { name: 'x', levels: [ok, level([{ type: 'user', id: MISSING.user }])] },
        /^levels\.1\.targets\.0\.id: no user "usr_/,
      ],
      [
        { name: 'x', levels: [ok, level([{ type: 'schedule', id: MISSING.schedule }])] },
        /^levels\.1\.targets\.0\.id: no schedule "sch_/,
      ],
      [
        {
          name: 'x',
          levels: [
            level([
              { type: 'user', id: user.id },
              { type: 'schedule_round_robin', id: MISSING.schedule },
            ]),
          ],
        },
        /^levels\.0\.targets\.1\.id: no schedule "sch_/,
      ],
      [
        { name: 'x', levels: [level([{ type: 'team', id: MISSING.team }])] },
        /^levels\.0\.targets\.0\.id: no team "team_/,
      ],
      // A user id under another type names the wrong kind of object.
      [
        { name: 'x', levels: [level([{ type: 'team', id: user.id }])] },
        /^levels\.0\.targets\.0\.id: no team/,
      ],
      [
        {
          name: 'x',
          levels: [
            ok,
            level([
              { type: 'user', id: user.id },
              { type: 'user', id: user.id },
            ]),
          ],
        },
        /^levels\.1\.targets\.1: user ".*" is already levels\.1\.targets\.0/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api<ErrorBody>(app, 'POST', URL, { body });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.match(res.body.error.message, message);
    }
    const list = await api<PageBody<EscalationPolicyView>>(app, 'GET', `${URL}?q=x&limit=500`);
    assert.ok(!list.body.data.some((p) => p.name === 'x'), 'nothing was created by a refused request');

    const policy = await buildEscalationPolicy(app);
    const badPatch = await api<ErrorBody>(app, 'PATCH', `${URL}/${policy.id}`, {
      body: { name: 'renamed', levels: [ok, level([{ type: 'schedule', id: MISSING.schedule }])] },
    });
    assert.equal(badPatch.status, 400);
    assert.match(badPatch.body.error.message, /^levels\.1\.targets\.0\.id: no schedule/);
    assert.deepEqual((await api(app, 'GET', `${URL}/${policy.id}`)).body, policy);
    const empty = await api<ErrorBody>(app, 'PATCH', `${URL}/${policy.id}`, { body: {} });
    assert.equal(empty.status, 400);
  });
});
