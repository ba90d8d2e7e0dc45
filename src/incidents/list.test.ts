import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIncident, buildService, buildTeam, buildUser, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Page = { data: { ref: string; status: string }[]; next_cursor: string | null };
type Counts = Record<'triggered' | 'acknowledged' | 'mitigated' | 'resolved' | 'closed', number>;
type Err = { error: { code: string; message: string } };

/**
 * The incident list's filters (issue 16: the web UI's Incidents and Now pages) and the counts per
 * status that go with them: both read one WHERE, so they must agree for every filter.
 */
describeEachDialect('incident list filters and counts', (server) => {
  const refs = (p: Page) => p.data.map((i) => i.ref).sort();

  it('filters by team, several statuses, text or number, and counts per status agree', async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const service = await buildService(app, { team_id: team.id });
    const other = await buildService(app);
    const disk = await buildIncident(app, { serviceId: service.id, title: 'Disk full on db-1' });
    const cpu = await buildIncident(app, { serviceId: service.id, title: 'CPU hot', status: 'acknowledged' });
    const gone = await buildIncident(app, { serviceId: service.id, title: 'Disk slow', status: 'resolved' });
    await buildIncident(app, { serviceId: other.id, title: 'Disk full elsewhere' });

    const list = (q: string) => api<Page>(app, 'GET', `/api/v1/incidents?team_id=${team.id}&${q}`);
    const ours = await list('');
    assert.deepEqual(refs(ours.body), [disk, cpu, gone].map((b) => b.incident.ref).sort());

    const open = await list('status=triggered&status=acknowledged');
    assert.equal(open.status, 200, JSON.stringify(open.body));
    assert.deepEqual(refs(open.body), [disk.incident.ref, cpu.incident.ref].sort());
    assert.deepEqual(refs((await list('status=resolved')).body), [gone.incident.ref]);

    assert.deepEqual(refs((await list('q=DISK')).body), [disk.incident.ref, gone.incident.ref].sort());
    assert.deepEqual(refs((await list(`q=${cpu.incident.ref}`)).body), [cpu.incident.ref]);
    assert.deepEqual(refs((await list(`q=${cpu.incident.number}`)).body), [cpu.incident.ref]);
    assert.deepEqual(refs((await list('q=100%25')).body), [], '% is matched literally');

    const counts = await api<Counts>(app, 'GET', `/api/v1/incidents/counts?team_id=${team.id}`);
    assert.equal(counts.status, 200, JSON.stringify(counts.body));
    assert.deepEqual(counts.body, { triggered: 1, acknowledged: 1, mitigated: 0, resolved: 1, closed: 0 });
    const disks = await api<Counts>(app, 'GET', `/api/v1/incidents/counts?team_id=${team.id}&q=disk`);
    assert.deepEqual(disks.body, { triggered: 1, acknowledged: 0, mitigated: 0, resolved: 1, closed: 0 });
    const future = await api<Counts>(
      app,
      'GET',
      `/api/v1/incidents/counts?team_id=${team.id}&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    assert.deepEqual(future.body, { triggered: 0, acknowledged: 0, mitigated: 0, resolved: 0, closed: 0 });
  });

  it('assigned_to=me: paged for it, reassigned to me, or holding a role; not the others', async () => {
    const { app, tocsin } = server();
    const me = await buildUser(app, { role: 'responder' });
    const token = await tokenFor(app, me.id);
    const team = await buildTeam(app);
    const service = await buildService(app, { team_id: team.id });
    const paged = await buildIncident(app, { paged: [me.id], title: 'Paged' });
    const role = await buildIncident(app, { serviceId: service.id, title: 'Commanding' });
    const reassigned = await buildIncident(app, { serviceId: service.id, title: 'Reassigned' });
    const notMine = await buildIncident(app, { serviceId: service.id, title: 'Not mine' });
    await tocsin.engine.drain();
    const put = await api(app, 'PUT', `/api/v1/incidents/${role.incident.id}/roles/commander`, {
      body: { user_id: me.id },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const moved = await api(app, 'POST', `/api/v1/incidents/${reassigned.incident.id}/reassign`, {
      body: { user_ids: [me.id] },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));

    const mine = await api<Page>(app, 'GET', '/api/v1/incidents?assigned_to=me', { token });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const expected = [paged, role, reassigned].map((b) => b.incident.ref).sort();
    assert.deepEqual(refs(mine.body), expected);
    assert.ok(!refs(mine.body).includes(notMine.incident.ref));
    const byId = await api<Page>(app, 'GET', `/api/v1/incidents?assigned_to=${me.id}`);
    assert.deepEqual(refs(byId.body), expected, 'the admin asks about someone else by id');
    const counts = await api<Counts>(app, 'GET', '/api/v1/incidents/counts?assigned_to=me', { token });
    assert.equal(counts.body.triggered, 3);
  });

  it('rejects bad filters with a message naming the parameter', async () => {
    const { app } = server();
    const bad = await api<Err>(app, 'GET', '/api/v1/incidents?status=open');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /querystring\.status/);
    const long = await api<Err>(app, 'GET', `/api/v1/incidents/counts?q=${'x'.repeat(201)}`);
    assert.equal(long.status, 400);
    assert.match(long.body.error.message, /querystring\.q/);
    const paging = await api<Err>(app, 'GET', '/api/v1/incidents/counts?limit=5');
    assert.equal(paging.status, 400, 'counts take the filters, not paging');
  });
});
