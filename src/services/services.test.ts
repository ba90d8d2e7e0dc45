import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auditActions, buildService, buildTeam, uniqueName, viewerToken } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { ServiceView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const MISSING_SERVICE = 'svc_01JAAAAAAAAAAAAAAAAAAAAAAA';

describeEachDialect('services API', (server) => {
  it('creates a service with dependencies and shows both directions', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const db = await buildService(app, { team_id: team.id });
    const cache = await buildService(app, { team_id: team.id });
    const name = uniqueName('Checkout');
    const res = await api<ServiceView>(app, 'POST', '/api/v1/services', {
      body: { name, description: 'takes the money', team_id: team.id, dependencies: [db.id, cache.id] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.id, /^svc_[0-9A-Z]{26}$/);
    assert.equal(res.body.name, name);
    assert.equal(res.body.team_id, team.id);
    assert.deepEqual(res.body.dependencies, [db.id, cache.id].sort());
    assert.deepEqual(res.body.dependents, []);

    const got = await api<ServiceView>(app, 'GET', `/api/v1/services/${res.body.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, res.body);
    const dbNow = await api<ServiceView>(app, 'GET', `/api/v1/services/${db.id}`);
    assert.deepEqual(dbNow.body.dependents, [res.body.id]);
    assert.deepEqual(await auditActions(app, 'service', res.body.id), ['service.create']);
  });

  it('lists services a page at a time and filters by team and name', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const tag = uniqueName('svc-list').replace(' ', '-');
    const mine = [
      await buildService(app, { team_id: team.id, name: `${tag} a` }),
      await buildService(app, { team_id: team.id, name: `${tag} b` }),
    ];
    const elsewhere = await buildService(app, { name: `${tag} c` });

    const first = await api<PageBody<ServiceView>>(app, 'GET', `/api/v1/services?team_id=${team.id}&limit=1`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.data.length, 1);
    assert.ok(first.body.next_cursor);
    const second = await api<PageBody<ServiceView>>(
      app,
      'GET',
      `/api/v1/services?team_id=${team.id}&limit=1&cursor=${first.body.next_cursor}`,
    );
    assert.equal(second.body.data.length, 1);
    assert.equal(second.body.next_cursor, null);
    assert.deepEqual(
      [...first.body.data, ...second.body.data].map((s) => s.id).sort(),
      mine.map((s) => s.id).sort(),
    );

    const byName = await api<PageBody<ServiceView>>(
      app,
      'GET',
      `/api/v1/services?q=${encodeURIComponent(`${tag} C`)}`,
    );
    assert.deepEqual(
      byName.body.data.map((s) => s.id),
      [elsewhere.id],
    );
  });

  it('updates name, team and dependencies, and records before and after', async () => {
    const { app } = server();
    const a = await buildService(app);
    const b = await buildService(app);
    const c = await buildService(app);
    const api1 = await buildService(app, { dependencies: [a.id, b.id] });
    const newTeam = await buildTeam(app);
    const name = uniqueName('Renamed');

    const res = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${api1.id}`, {
      body: { name, description: 'moved', team_id: newTeam.id, dependencies: [c.id] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name, name);
    assert.equal(res.body.description, 'moved');
    assert.equal(res.body.team_id, newTeam.id);
    assert.deepEqual(res.body.dependencies, [c.id]);
    assert.deepEqual((await api<ServiceView>(app, 'GET', `/api/v1/services/${a.id}`)).body.dependents, []);
    assert.deepEqual((await api<ServiceView>(app, 'GET', `/api/v1/services/${c.id}`)).body.dependents, [
      api1.id,
    ]);

    const cleared = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${api1.id}`, {
      body: { dependencies: [] },
    });
    assert.deepEqual(cleared.body.dependencies, []);

    const audit = await api<{ data: { before: ServiceView; after: ServiceView }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=service&target_id=${api1.id}&action=service.update`,
    );
    assert.equal(audit.body.data.length, 2);
    assert.deepEqual(audit.body.data[1]?.before.dependencies, [a.id, b.id].sort());
    assert.deepEqual(audit.body.data[1]?.after.dependencies, [c.id]);
  });

  it('deletes a service and the dependency links to it', async () => {
    const { app } = server();
    const base = await buildService(app);
    const top = await buildService(app, { dependencies: [base.id] });
    const del = await api(app, 'DELETE', `/api/v1/services/${base.id}`);
    assert.equal(del.status, 204);
    assert.equal((await api(app, 'GET', `/api/v1/services/${base.id}`)).status, 404);
    assert.deepEqual(
      (await api<ServiceView>(app, 'GET', `/api/v1/services/${top.id}`)).body.dependencies,
      [],
    );
    assert.deepEqual(await auditActions(app, 'service', base.id), ['service.create', 'service.delete']);
  });

  it('rejects bad input with 400 naming the field', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const existing = await buildService(app, { team_id: team.id });
    const cases: [unknown, RegExp][] = [
      [{ team_id: team.id }, /body\.name is required/],
      [{ name: 'x' }, /body\.team_id is required/],
      [{ name: 42, team_id: team.id }, /body\.name must be string/],
      [{ name: 'x', team_id: team.id, dependencies: 'all' }, /body\.dependencies must be array/],
      [{ name: 'x', team_id: team.id, dependencies: [7] }, /body\.dependencies\.0 must be string/],
      [{ name: 'x', team_id: team.id, tier: 1 }, /body\.tier is not a known field/],
      [
        { name: 'x', team_id: 'team_01JAAAAAAAAAAAAAAAAAAAAAAA' },
        /team_id: no team "team_01JAAAAAAAAAAAAAAAAAAAAAAA"/,
      ],
      [
        { name: 'x', team_id: team.id, dependencies: [existing.id, MISSING_SERVICE] },
        /dependencies\.1: no service/,
      ],
      [
        { name: 'x', team_id: team.id, dependencies: [existing.id, existing.id] },
        /dependencies\.1: .* is already dependencies\.0/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await api<ErrorBody>(app, 'POST', '/api/v1/services', { body });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.match(res.body.error.message, message);
    }
    const badTeam = await api<ErrorBody>(app, 'PATCH', `/api/v1/services/${existing.id}`, {
      body: { team_id: 'team_nope' },
    });
    assert.equal(badTeam.status, 400);
    assert.match(badTeam.body.error.message, /^team_id: no team/);
  });

  it('refuses self-dependencies and cycles, naming the services on the cycle', async () => {
    const { app } = server();
    const a = await buildService(app);
    const b = await buildService(app, { dependencies: [a.id] });
    const c = await buildService(app, { dependencies: [b.id] });

    const self = await api<ErrorBody>(app, 'PATCH', `/api/v1/services/${a.id}`, {
      body: { dependencies: [a.id] },
    });
    assert.equal(self.status, 400);
    assert.match(self.body.error.message, /^dependencies\.0: a service cannot depend on itself/);

    const twoWay = await api<ErrorBody>(app, 'PATCH', `/api/v1/services/${a.id}`, {
      body: { dependencies: [b.id] },
    });
    assert.equal(twoWay.status, 400);
    assert.equal(
      twoWay.body.error.message,
      `dependencies: would create a cycle ${a.name} -> ${b.name} -> ${a.name}`,
    );

    const threeWay = await api<ErrorBody>(app, 'PATCH', `/api/v1/services/${a.id}`, {
      body: { dependencies: [c.id] },
    });
    assert.equal(threeWay.status, 400);
    assert.equal(
      threeWay.body.error.message,
      `dependencies: would create a cycle ${a.name} -> ${c.name} -> ${b.name} -> ${a.name}`,
    );
    assert.deepEqual((await api<ServiceView>(app, 'GET', `/api/v1/services/${a.id}`)).body.dependencies, []);

    // Once b no longer depends on a, a may depend on b.
    const reversed = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${b.id}`, {
      body: { dependencies: [] },
    });
    assert.equal(reversed.status, 200);
    const nowOk = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${a.id}`, {
      body: { dependencies: [b.id] },
    });
    assert.equal(nowOk.status, 200, JSON.stringify(nowOk.body));
  });

  it('answers 409 for a duplicate name and 404 for a missing service', async () => {
    const { app } = server();
    const first = await buildService(app);
    const dup = await api<ErrorBody>(app, 'POST', '/api/v1/services', {
      body: { name: first.name, team_id: first.team_id },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'conflict');
    assert.match(dup.body.error.message, /a service named .* already exists/);

    const other = await buildService(app, { team_id: first.team_id });
    const rename = await api<ErrorBody>(app, 'PATCH', `/api/v1/services/${other.id}`, {
      body: { name: first.name },
    });
    assert.equal(rename.status, 409);

    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await api<ErrorBody>(app, method, `/api/v1/services/${MISSING_SERVICE}`, {
        ...(method === 'PATCH' ? { body: { description: 'x' } } : {}),
      });
      assert.equal(res.status, 404, method);
      assert.equal(res.body.error.code, 'not_found');
    }
  });

  it('refuses a viewer with 403 and a caller without credentials with 401', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const token = await viewerToken(app);
    const body = { name: uniqueName('Forbidden'), team_id: team.id };
    const forbidden = await api<ErrorBody>(app, 'POST', '/api/v1/services', { token, body });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    assert.equal((await api(app, 'GET', '/api/v1/services', { token })).status, 200);

    const anonymous = await api<ErrorBody>(app, 'POST', '/api/v1/services', { token: null, body });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'unauthenticated');
    const list = await api<PageBody<ServiceView>>(app, 'GET', `/api/v1/services?team_id=${team.id}`);
    assert.equal(list.body.data.length, 0);
  });
});
