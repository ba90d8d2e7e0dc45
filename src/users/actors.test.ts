import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMember, buildIntegration, buildUser, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { actorUserIds, presentActor } from './actors.ts';

type Actor = { type: string; id: string; name: string };

describe('presentActor (issue 14 item 16)', () => {
  const id = 'usr_01J00000000000000000000000';
  const names = new Map([[id, 'Ada Lovelace']]);
  it('maps every reference storage holds to {type, id, name}', () => {
    assert.deepEqual(presentActor(`user:${id}`, names), { type: 'user', id, name: 'Ada Lovelace' });
    assert.deepEqual(presentActor(id, names), { type: 'user', id, name: 'Ada Lovelace' }, 'a bare user id');
    assert.deepEqual(presentActor('user:usr_01J00000000000000000000001', names), {
      type: 'user',
      id: 'usr_01J00000000000000000000001',
      name: 'deleted user',
    });
    assert.deepEqual(presentActor('system:engine', names), {
      type: 'system',
      id: 'engine',
      name: 'Tocsin engine',
    });
    assert.deepEqual(presentActor('system:ingest', names), {
      type: 'system',
      id: 'ingest',
      name: 'Alert ingestion',
    });
    assert.deepEqual(presentActor('system:some-job', names), {
      type: 'system',
      id: 'some-job',
      name: 'some-job',
    });
    assert.deepEqual(presentActor('alerts resolved', names), {
      type: 'system',
      id: 'alerts',
      name: 'All alerts resolved',
    });
    assert.deepEqual(presentActor('alerts acknowledged', names), {
      type: 'system',
      id: 'alerts',
      name: 'All alerts acknowledged',
    });
    assert.deepEqual(presentActor('merged into INC-7', names), {
      type: 'system',
      id: 'merge',
      name: 'Merged into INC-7',
    });
  });

  it('collects each user id once for one look-up', () => {
    assert.deepEqual(actorUserIds([`user:${id}`, id, 'system:engine', null, 'alerts resolved']), [id]);
  });
});

describeEachDialect('actors in answers (issue 14 item 16)', (server) => {
  it('incident, timeline and audit name who acted; "every alert resolved" is a system actor', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const send = (action: string) =>
      api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action: action,
          dedup_key: 'actors',
          payload: { summary: 'Boom', source: 's', severity: 'error' },
        },
      });
    assert.equal((await send('trigger')).status, 202);
    const list = await api<{ data: { id: string; ref: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${int.service_id}`,
    );
    const incident = list.body.data[0]!;
    const ada = await buildUser(app, { name: 'Ada Actor', role: 'responder' });
    // Responders act on incidents of their teams' services (issue 14 item 10).
    const service = await api<{ team_id: string }>(app, 'GET', `/api/v1/services/${int.service_id}`);
    await addMember(app, service.body.team_id, ada.id);
    const token = await tokenFor(app, ada.id);
    const acked = await api<{ acknowledged_by: Actor }>(
      app,
      'POST',
      `/api/v1/incidents/${incident.id}/acknowledge`,
      { token },
    );
    assert.equal(acked.status, 200);
    assert.deepEqual(acked.body.acknowledged_by, { type: 'user', id: ada.id, name: 'Ada Actor' });

    assert.equal((await send('resolve')).status, 202);
    const got = await api<{ status: string; resolved_by: Actor; acknowledged_by: Actor }>(
      app,
      'GET',
      `/api/v1/incidents/${incident.ref}`,
    );
    assert.equal(got.body.status, 'resolved');
    assert.deepEqual(got.body.resolved_by, { type: 'system', id: 'alerts', name: 'All alerts resolved' });

    const timeline = await api<{ data: { kind: string; actor: Actor }[] }>(
      app,
      'GET',
      `/api/v1/incidents/${incident.id}/timeline?limit=500`,
    );
    assert.deepEqual(timeline.body.data.find((e) => e.kind === 'acknowledged')?.actor, {
      type: 'user',
      id: ada.id,
      name: 'Ada Actor',
    });
    for (const e of timeline.body.data) {
      assert.ok(['user', 'system'].includes(e.actor.type) && e.actor.name !== '', JSON.stringify(e));
    }

    const audit = await api<{ data: { action: string; actor: Actor }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_id=${incident.id}`,
    );
    const entry = audit.body.data.find((e) => e.action === 'incident.acknowledge');
    assert.equal(entry?.actor.type, 'token');
    assert.equal(entry?.actor.id, ada.id);
  });
});
