import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildUser,
  homeTeamFor,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';

type App = Parameters<typeof api>[0];
type Incident = { id: string; ref: string; number: number; status: string; created_at: string };
type Entry = {
  id: string;
  at: string;
  kind: string;
  actor: { type: string; id: string; name: string };
  message: string;
  pinned: boolean;
  backdated: boolean;
  recorded_at: string | null;
};
type Err = { error: { code: string; message: string } };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-11-25T10:00:00Z');
let clock: Clock & { advance(ms: number): void };
const iso = (ms: number) => new Date(ms).toISOString();

/** A new alert-born incident on a fresh service without a policy. */
async function newIncident(app: App): Promise<Incident> {
  const opened = await buildIncident(app, {
    title: 'Checkout is slow',
    source: 'web-1',
    alertSeverity: 'error',
  });
  return opened.incident;
}

async function timeline(app: App, incident: Incident, query = ''): Promise<Entry[]> {
  const res = await api<{ data: Entry[] }>(
    app,
    'GET',
    `/api/v1/incidents/${incident.id}/timeline?limit=500${query}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
}

describeEachDialect(
  'incident notes and key events',
  (server) => {
    let token: string;
    let userId: string;

    before(async () => {
      const { app } = server();
      userId = (await buildUser(app, { role: 'responder' })).id;
      token = await tokenFor(app, userId);
      await homeTeamFor(app, [userId]);
    });

    const note = (app: App, incident: Incident, body: unknown, t = token) =>
      api<Entry & Err>(app, 'POST', `/api/v1/incidents/${incident.ref}/notes`, { body, token: t });

    it('a backdated note sorts at its time between older entries and says when it was written', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const created = Date.parse(incident.created_at);
      clock.advance(10 * MINUTE);
      const ack = await api(app, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      clock.advance(10 * MINUTE);

      const plain = await note(app, incident, { message: 'Rolling back deploy 1234' });
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.equal(plain.body.kind, 'note');
      assert.deepEqual([plain.body.actor.type, plain.body.actor.id], ['user', userId]);
      assert.equal(plain.body.at, iso(clock.now()));
      assert.equal(plain.body.backdated, false);
      assert.equal(plain.body.recorded_at, null);
      assert.equal(plain.body.pinned, false);

      const back = await note(app, incident, {
        message: 'Customer reports started',
        at: iso(created + 5 * MINUTE),
      });
      assert.equal(back.status, 201, JSON.stringify(back.body));
      assert.equal(back.body.at, iso(created + 5 * MINUTE));
      assert.equal(back.body.backdated, true);
      assert.equal(back.body.recorded_at, iso(clock.now()));

      const before = await note(app, incident, {
        message: 'First error in the logs',
        at: iso(created - 2 * HOUR),
      });
      assert.equal(before.status, 201, 'up to a day before the incident began is fine');

      const entries = await timeline(app, incident);
      const order = entries.map((e) => e.message);
      const at = (m: string) => order.indexOf(m);
      assert.ok(at('First error in the logs') === 0, `before everything: ${order.join(' | ')}`);
      const triggered = entries.findIndex((e) => e.kind === 'triggered');
      const acknowledged = entries.findIndex((e) => e.kind === 'acknowledged');
      assert.ok(triggered < at('Customer reports started'), order.join(' | '));
      assert.ok(at('Customer reports started') < acknowledged, order.join(' | '));
      assert.ok(acknowledged < at('Rolling back deploy 1234'), order.join(' | '));
      const times = entries.map((e) => Date.parse(e.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'the timeline is in time order',
      );
      const actions = await auditActions(app, 'incident', incident.id);
      assert.equal(actions.filter((a) => a === 'incident.note').length, 3);
    });

    it('refuses notes from the future or from long before the incident, and bad messages', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const created = Date.parse(incident.created_at);

      const future = await note(app, incident, { message: 'x', at: iso(clock.now() + 2 * MINUTE) });
      assert.equal(future.status, 400);
      assert.equal(future.body.error.message, 'body.at: must not be in the future');

      const skew = await note(app, incident, { message: 'clock a bit ahead', at: iso(clock.now() + 30_000) });
      assert.equal(skew.status, 201, 'within a minute of clock skew it is now');
      assert.equal(skew.body.at, iso(clock.now()));
      assert.equal(skew.body.backdated, false);

      const old = await note(app, incident, { message: 'x', at: iso(created - 25 * HOUR) });
      assert.equal(old.status, 400);
      assert.match(old.body.error.message, /^body\.at: must be at most 24 hours before the incident began/);

      const bad = await note(app, incident, { message: 'x', at: 'yesterday' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /^body\.at /);
      assert.equal((await note(app, incident, { message: '' })).status, 400);
      assert.equal((await note(app, incident, { message: 'x'.repeat(10_001) })).status, 400);
      assert.equal((await note(app, incident, { message: 'x', kind: 'resolved' })).status, 400);
      assert.equal((await note(app, incident, { message: 'x' }, await viewerToken(app))).status, 403);
      const missing = await api(app, 'POST', '/api/v1/incidents/INC-999999/notes', {
        body: { message: 'x' },
        token,
      });
      assert.equal(missing.status, 404);
      const notes = (await timeline(app, incident)).filter((e) => e.kind === 'note');
      assert.deepEqual(
        notes.map((e) => e.message),
        ['clock a bit ahead'],
      );
    });

    it('pins and unpins any entry as a key event; ?pinned=true lists key events only', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const other = await newIncident(app);
      clock.advance(MINUTE);
      const key = await note(app, incident, { message: 'Root cause found: bad config', pinned: true });
      assert.equal(key.status, 201);
      assert.equal(key.body.pinned, true);
      await note(app, incident, { message: 'ordinary note' });

      const triggered = (await timeline(app, incident)).find((e) => e.kind === 'triggered')!;
      const pin = (entryId: string, body: unknown, inc = incident) =>
        api<Entry & Err>(app, 'PATCH', `/api/v1/incidents/${inc.id}/timeline/${entryId}`, { body, token });
      const pinned = await pin(triggered.id, { pinned: true });
      assert.equal(pinned.status, 200, JSON.stringify(pinned.body));
      assert.equal(pinned.body.pinned, true);
      assert.equal(pinned.body.kind, 'triggered');
      assert.equal(pinned.body.message, triggered.message);

      let keys = await timeline(app, incident, '&pinned=true');
      assert.deepEqual(
        keys.map((e) => e.id),
        [triggered.id, key.body.id],
      );
      const rest = await timeline(app, incident, '&pinned=false');
      assert.ok(rest.every((e) => !e.pinned));
      assert.ok(rest.some((e) => e.message === 'ordinary note'));
      assert.equal((await timeline(app, incident)).length, keys.length + rest.length);

      const unpinned = await pin(key.body.id, { pinned: false });
      assert.equal(unpinned.status, 200);
      assert.equal(unpinned.body.pinned, false);
      keys = await timeline(app, incident, '&pinned=true');
      assert.deepEqual(
        keys.map((e) => e.id),
        [triggered.id],
      );

      // The timeline is append-only: nothing but the flag can change, through any route.
      const rewrite = await pin(key.body.id, { pinned: true, message: 'nothing happened' });
      assert.equal(rewrite.status, 400);
      assert.match((rewrite.body as Err).error.message, /body\.message is not a known field/);
      assert.equal((await pin(key.body.id, { message: 'nothing happened' })).status, 400);
      assert.equal((await pin(key.body.id, { at: iso(START) })).status, 400);
      const after = (await timeline(app, incident)).find((e) => e.id === key.body.id)!;
      assert.equal(after.message, 'Root cause found: bad config');
      assert.equal(after.at, key.body.at);
      assert.deepEqual(after.actor, key.body.actor);

      const elsewhere = await pin(key.body.id, { pinned: true }, other);
      assert.equal(elsewhere.status, 404, 'an entry of another incident');
      assert.equal((await pin('tl_nope', { pinned: true })).status, 404);
      const badFilter = await api<Err>(app, 'GET', `/api/v1/incidents/${incident.id}/timeline?pinned=yes`);
      assert.equal(badFilter.status, 400);

      const viewer = await viewerToken(app);
      const refused = await api(app, 'PATCH', `/api/v1/incidents/${incident.id}/timeline/${triggered.id}`, {
        body: { pinned: false },
        token: viewer,
      });
      assert.equal(refused.status, 403);
      const actions = await auditActions(app, 'incident', incident.id);
      assert.ok(actions.includes('incident.timeline.pin'), actions.join());
      assert.ok(actions.includes('incident.timeline.unpin'), actions.join());
    });

    it('notes are taken on resolved incidents, for the scribe reconstructing afterwards', async () => {
      const { app } = server();
      const incident = await newIncident(app);
      const resolved = await api(app, 'POST', `/api/v1/incidents/${incident.id}/resolve`, { token });
      assert.equal(resolved.status, 200);
      clock.advance(HOUR);
      const late = await note(app, incident, {
        message: 'Paged the vendor at this point',
        at: iso(Date.parse(incident.created_at) + MINUTE),
      });
      assert.equal(late.status, 201, JSON.stringify(late.body));
      assert.equal(late.body.backdated, true);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
