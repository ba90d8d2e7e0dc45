import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../platform/config.ts';
import type { App } from '../platform/http/app.ts';
import { type Tocsin, startTocsin } from '../server.ts';
import {
  buildIncident,
  buildSchedule,
  buildTeamWithMembers,
  buildUser,
  tokenFor,
} from '../../test/factories.ts';
import {
  TEST_ADMIN_TOKEN,
  TEST_OUTBOUND_ALLOW,
  type TestServer,
  api,
  describeEachDialect,
  startTestServer,
} from '../../test/harness.ts';
import { type SseEvent, type SseStream, openSse } from '../../test/sse.ts';

const bearer = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

async function listening(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const json = <T = Record<string, unknown>>(e: SseEvent) => JSON.parse(e.data) as T;
type TimelineData = { incident_id: string; entry: { id: string; kind: string; message: string } };
const timelineOf = (incidentId: string, kind?: string) => (e: SseEvent) =>
  e.event === 'timeline' &&
  json<TimelineData>(e).incident_id === incidentId &&
  (kind === undefined || json<TimelineData>(e).entry.kind === kind);

/** A stream that has caught up (its `ready` event came), so changes from now on reach it. */
async function openReady(base: string, headers: Record<string, string>): Promise<SseStream> {
  const s = await openSse(`${base}/api/v1/stream`, headers);
  assert.equal(s.status, 200);
  await s.next((e) => e.event === 'ready');
  return s;
}

describeEachDialect('live stream (GET /api/v1/stream)', (server) => {
  let base = '';
  const streams: SseStream[] = [];
  const open = async (headers: Record<string, string> = bearer) => {
    const s = await openReady(base, headers);
    streams.push(s);
    return s;
  };
  before(async () => {
    base = await listening(server().app);
  });
  after(() => {
    for (const s of streams) s.close();
  });

  it('an alert sent to /v2/enqueue arrives as the incident and its timeline entry', async () => {
    const s = await open();
    assert.match(s.contentType ?? '', /^text\/event-stream/);
    const { incident } = await buildIncident(server().app, { title: 'Checkout is down' });
    const inc = await s.next((e) => e.event === 'incident' && json(e).id === incident.id);
    assert.equal(json(inc).title, 'Checkout is down');
    assert.equal(json(inc).status, 'triggered');
    const entry = await s.next(timelineOf(incident.id, 'triggered'));
    assert.ok(entry.id?.startsWith(`${json<TimelineData>(entry).entry.id}~`), entry.id);
  });

  it('acknowledging arrives as a timeline entry and the incident now acknowledged', async () => {
    const { app } = server();
    const { incident } = await buildIncident(app);
    const s = await open();
    const ack = await api(app, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await s.next(timelineOf(incident.id, 'acknowledged'));
    await s.next(
      (e) => e.event === 'incident' && json(e).id === incident.id && json(e).status === 'acknowledged',
    );
  });

  it('an on-call change arrives as an oncall event naming the schedule', async () => {
    const { app } = server();
    const s = await open();
    const { team, users } = await buildTeamWithMembers(app, 1);
    const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
    const e = await s.next((x) => x.event === 'oncall' && json(x).target_id === schedule.id);
    assert.equal(json(e).action, 'schedule.create');
  });

  it('resuming with Last-Event-ID sends exactly what was missed, then goes on live', async () => {
    const { app } = server();
    const { incident } = await buildIncident(app);
    const first = await open();
    const note = (text: string) =>
      api<{ id: string }>(app, 'POST', `/api/v1/incidents/${incident.id}/notes`, { body: { message: text } });
    const seen = await note('before the drop');
    assert.equal(seen.status, 201, JSON.stringify(seen.body));
    await first.next((e) => timelineOf(incident.id, 'note')(e));
    const lastId = first.lastId()!;
    first.close();
    const missed = [await note('missed one'), await note('missed two')].map((r) => r.body.id);

    const again = await open({ ...bearer, 'last-event-id': lastId });
    const replayed = again.events.filter(timelineOf(incident.id)).map((e) => json<TimelineData>(e).entry.id);
    assert.deepEqual(replayed, missed);
    const live = await note('after the resume');
    await again.next((e) => timelineOf(incident.id)(e) && json<TimelineData>(e).entry.id === live.body.id);
    const all = again.events.filter(timelineOf(incident.id)).map((e) => json<TimelineData>(e).entry.id);
    assert.deepEqual(all, [...missed, live.body.id], 'no entry twice');
  });

  it('every signed-in role may read it: a viewer outside the owning team, and a session cookie', async () => {
    const { app } = server();
    // Reading is open to every role (SPEC §2): the stream shows what GET /incidents/:id shows.
    const viewer = await buildUser(app, { role: 'viewer' });
    const viewerStream = await open({ authorization: `Bearer ${await tokenFor(app, viewer.id)}` });
    const password = 'a long enough password';
    await buildUser(app, { email: 'stream@example.com', password, role: 'responder' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'stream@example.com', password },
    });
    const cookie = login.cookies.find((c) => c.name === 'tocsin_session')!;
    const cookieStream = await open({ cookie: `tocsin_session=${cookie.value}` });
    const { incident } = await buildIncident(app);
    await viewerStream.next(timelineOf(incident.id, 'triggered'));
    await cookieStream.next(timelineOf(incident.id, 'triggered'));
  });

  it('refuses a stream without credentials (401) or with a Last-Event-ID it did not send (400)', async () => {
    const none = await fetch(`${base}/api/v1/stream`);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'unauthenticated');
    const bad = await fetch(`${base}/api/v1/stream`, { headers: { ...bearer, 'last-event-id': 'nonsense' } });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /last-event-id/);
  });

  it('a backdated note (its id sorts in the past) still arrives live', async () => {
    const { app } = server();
    const { incident } = await buildIncident(app);
    const s = await open();
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const note = await api<{ id: string }>(app, 'POST', `/api/v1/incidents/${incident.id}/notes`, {
      body: { message: 'what happened an hour ago', at },
    });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    await s.next((e) => timelineOf(incident.id)(e) && json<TimelineData>(e).entry.id === note.body.id);
  });

  it('ends its streams when the server closes', async () => {
    const other = await startTestServer(server().dialect);
    const t = await openReady(await listening(other.app), bearer);
    await other.close();
    await t.ended;
  });
});

describe('live stream across two nodes on one PostgreSQL database', () => {
  let one: TestServer | undefined;
  let two: Tocsin | undefined;
  // Ended by the server's close: a client-side abort left fetch's socket open until the
  // server's keep-alive timeout (72 s) ran out.
  const streams: SseStream[] = [];
  before(async () => {
    one = await startTestServer('postgres');
    two = await startTocsin(
      loadConfig({
        TOCSIN_DATABASE_URL: one.tdb.url,
        TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
        TOCSIN_ROLE: 'api',
      }),
    );
  });
  after(async () => {
    await two?.close();
    await Promise.all(streams.map((x) => x.ended));
    await one?.close();
  });

  it('a change committed through one node reaches a stream on the other, also the engine escalating', async () => {
    const s = await openReady(await listening(two!.app!), bearer);
    streams.push(s);
    const user = await buildUser(one!.app);
    const { incident } = await buildIncident(one!.app, { paged: [user.id] });
    await s.next(timelineOf(incident.id, 'triggered'));
    await one!.tocsin.engine.drain();
    await s.next(timelineOf(incident.id, 'escalated'));
    const ack = await api(one!.app, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await s.next(timelineOf(incident.id, 'acknowledged'));
  });
});
