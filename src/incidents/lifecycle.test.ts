import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  auditActions,
  buildEscalationPolicy,
  buildIncident,
  buildNotificationRule,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';

type App = Parameters<typeof api>[0];
type Incident = {
  id: string;
  ref: string;
  number: number;
  status: string;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_by: Actor | null;
  mitigated_at: string | null;
  mitigated_by: Actor | null;
  resolved_at: string | null;
  resolved_by: Actor | null;
  closed_at: string | null;
  closed_by: Actor | null;
  postmortem_url: string | null;
  next_update_due_at: string | null;
  durations: {
    to_acknowledge_seconds: number | null;
    to_mitigate_seconds: number | null;
    to_resolve_seconds: number | null;
  };
};
type Conflict = { error: { code: string; message: string; allowed_transitions: string[] } };
type Actor = { type: string; id: string; name: string };
type Entry = { kind: string; actor: Actor; message: string; data: Record<string, unknown> };

const START = Date.parse('2026-11-25T10:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
let clock: Clock & { advance(ms: number): void };
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'incident status machine',
  (server) => {
    let token: string;
    let userId: string;
    let userName: string;

    before(async () => {
      const { app } = server();
      ({ id: userId, name: userName } = await buildUser(app, { role: 'responder' }));
      token = await tokenFor(app, userId);
      await homeTeamFor(app, [userId]);
    });

    const dedup = () => uniqueName('d').replace(/\W/g, '');

    async function trigger(app: App, key: string, dedupKey: string) {
      const res = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: dedupKey,
          payload: { summary: 'Checkout is failing', source: 'web-1', severity: 'error' },
        },
      });
      assert.equal(res.status, 202);
    }

    /** A triggered incident on a fresh service (no policy unless given), at severity `severity`. */
    async function openIncident(app: App, opts: { severity?: SeverityName; policyId?: string } = {}) {
      const opened = await buildIncident(app, {
        ...(opts.policyId ? { policyId: opts.policyId } : {}),
        title: 'Checkout is failing',
        source: 'web-1',
        alertSeverity: 'error',
        dedupKey: dedup(),
      });
      await setSeverity(opened.incident, opts.severity ?? 'SEV3');
      return {
        incident: opened.incident,
        key: opened.integration!.key,
        dedupKey: opened.dedupKey!,
        serviceId: opened.serviceId,
      };
    }

    const setSeverity = (incident: Incident, severity: SeverityName) =>
      server().tdb.db.updateTable('incidents').set({ severity }).where('id', '=', incident.id).execute();

    const act = <T = Incident>(app: App, incident: Incident, verb: string, body?: unknown, t = token) =>
      api<T>(app, 'POST', `/api/v1/incidents/${incident.ref}/${verb}`, {
        token: t,
        ...(body === undefined ? {} : { body }),
      });

    const get = async (app: App, incident: Incident) =>
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body;

    const timeline = async (app: App, incident: Incident) =>
      (await api<{ data: Entry[] }>(app, 'GET', `/api/v1/incidents/${incident.id}/timeline?limit=500`)).body
        .data;

    const alertStatuses = async (app: App, incident: Incident) =>
      (
        await api<{ data: { status: string }[] }>(app, 'GET', `/api/v1/alerts?incident_id=${incident.id}`)
      ).body.data.map((a) => a.status);

    it('walks triggered -> acknowledged -> mitigated -> resolved -> closed with a time and an actor for each', async () => {
      const { app } = server();
      const { incident } = await openIncident(app);
      const by = { type: 'user', id: userId, name: userName };
      assert.equal(incident.status, 'triggered');

      clock.advance(90 * SECOND);
      const ack = await act(app, incident, 'acknowledge');
      assert.equal(ack.status, 200);
      assert.equal(ack.body.status, 'acknowledged');
      assert.deepEqual(ack.body.acknowledged_by, by);
      assert.deepEqual(await alertStatuses(app, incident), ['acknowledged']);

      clock.advance(4 * MINUTE);
      const mitigated = await act(app, incident, 'mitigate');
      assert.equal(mitigated.status, 200, JSON.stringify(mitigated.body));
      assert.equal(mitigated.body.status, 'mitigated');
      assert.deepEqual(mitigated.body.mitigated_by, by);
      assert.deepEqual(
        await alertStatuses(app, incident),
        ['acknowledged'],
        'mitigation leaves alerts alone',
      );

      clock.advance(10 * MINUTE);
      const resolved = await act(app, incident, 'resolve');
      assert.equal(resolved.status, 200);
      assert.equal(resolved.body.status, 'resolved');
      assert.deepEqual(resolved.body.resolved_by, by);
      assert.equal(resolved.body.next_update_due_at, null);
      assert.deepEqual(await alertStatuses(app, incident), ['resolved']);

      clock.advance(MINUTE);
      const closed = await act(app, incident, 'close');
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.equal(closed.body.status, 'closed');
      assert.deepEqual(closed.body.closed_by, by);

      const created = Date.parse(incident.created_at);
      assert.equal(closed.body.acknowledged_at, new Date(created + 90 * SECOND).toISOString());
      assert.equal(closed.body.mitigated_at, new Date(created + 90 * SECOND + 4 * MINUTE).toISOString());
      assert.equal(closed.body.resolved_at, new Date(created + 90 * SECOND + 14 * MINUTE).toISOString());
      assert.equal(closed.body.closed_at, new Date(created + 90 * SECOND + 15 * MINUTE).toISOString());
      assert.deepEqual(closed.body.durations, {
        to_acknowledge_seconds: 90,
        to_mitigate_seconds: 330,
        to_resolve_seconds: 930,
      });
      assert.deepEqual(await get(app, incident), closed.body);

      const kinds = (await timeline(app, incident)).map((e) => e.kind);
      assert.deepEqual(
        kinds.filter((k) => ['acknowledged', 'mitigated', 'resolved', 'closed'].includes(k)),
        ['acknowledged', 'mitigated', 'resolved', 'closed'],
      );
      assert.deepEqual(await auditActions(app, 'incident', incident.id), [
        'incident.acknowledge',
        'incident.mitigate',
        'incident.resolve',
        'incident.close',
      ]);
    });

    it('mitigating a triggered incident acknowledges it and stops paging; resolve works from mitigated', async () => {
      const { app } = server();
      const people = await Promise.all(
        [0, 1].map(async () => {
          const name = uniqueName('p').replace(/\W/g, '');
          const user = await buildUser(app, {
            role: 'responder',
            contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}` }],
          });
          await buildNotificationRule(app, user.id, (user.contact_methods as { id: string }[])[0]!.id);
          return { id: user.id, path: `/${name}` };
        }),
      );
      const pagesTo = (p: { path: string }) => receiver.requests.filter((r) => r.path === p.path).length;
      const policy = await buildEscalationPolicy(app, {
        levels: people.map((p) => ({ delay_minutes: 10, targets: [{ type: 'user', id: p.id }] })),
      });
      const { incident } = await openIncident(app, { policyId: policy.id });
      await server().tocsin.engine.drain();
      assert.deepEqual(people.map(pagesTo), [1, 0]);

      clock.advance(2 * MINUTE);
      const res = await act(app, incident, 'mitigate');
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'mitigated');
      assert.deepEqual(res.body.acknowledged_by, { type: 'user', id: userId, name: userName });
      assert.equal(res.body.acknowledged_at, res.body.mitigated_at);
      assert.equal(res.body.durations.to_acknowledge_seconds, 120);
      assert.deepEqual(await alertStatuses(app, incident), ['triggered'], 'mitigation leaves alerts alone');

      clock.advance(30 * MINUTE);
      await server().tocsin.engine.drain();
      assert.deepEqual(people.map(pagesTo), [1, 0], 'level 2 is never paged');

      const entries = await timeline(app, incident);
      const kinds = entries.map((e) => e.kind);
      assert.ok(kinds.indexOf('acknowledged') < kinds.indexOf('mitigated'), kinds.join());
      assert.equal(entries.find((e) => e.kind === 'mitigated')?.actor.id, userId);

      const resolved = await act(app, incident, 'resolve');
      assert.equal(resolved.status, 200);
      assert.equal(resolved.body.status, 'resolved');
      assert.deepEqual(await alertStatuses(app, incident), ['resolved']);
    });

    it('refuses illegal transitions with 409 and the allowed ones', async () => {
      const { app } = server();
      const { incident } = await openIncident(app);
      const ref = incident.ref;

      const early = await act<Conflict>(app, incident, 'close');
      assert.equal(early.status, 409);
      assert.deepEqual(early.body, {
        error: {
          code: 'conflict',
          message: `${ref} is triggered; it can be: acknowledged, mitigated, resolved`,
          allowed_transitions: ['acknowledge', 'mitigate', 'resolve'],
        },
      });
      const reopen = await act<Conflict>(app, incident, 'reopen');
      assert.equal(reopen.status, 409);
      assert.deepEqual(reopen.body.error.allowed_transitions, ['acknowledge', 'mitigate', 'resolve']);

      assert.equal((await act(app, incident, 'mitigate')).status, 200);
      const ackMitigated = await act<Conflict>(app, incident, 'acknowledge');
      assert.equal(ackMitigated.status, 409);
      assert.deepEqual(ackMitigated.body.error, {
        code: 'conflict',
        message: `${ref} is mitigated; it can be: resolved, reopened`,
        allowed_transitions: ['resolve', 'reopen'],
      });
      assert.equal(
        (await act<Conflict>(app, incident, 'mitigate')).body.error.message.includes('already'),
        true,
      );

      assert.equal((await act(app, incident, 'resolve')).status, 200);
      const ackResolved = await act<Conflict>(app, incident, 'acknowledge');
      assert.equal(ackResolved.status, 409);
      assert.deepEqual(ackResolved.body, {
        error: {
          code: 'conflict',
          message: `${ref} is resolved; it can be: closed, reopened`,
          allowed_transitions: ['close', 'reopen'],
        },
      });
      const again = await act<Conflict>(app, incident, 'resolve');
      assert.equal(again.status, 409);
      assert.equal(again.body.error.message, `${ref} is already resolved; it can be: closed, reopened`);

      assert.equal((await get(app, incident)).status, 'resolved');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), [
        'incident.mitigate',
        'incident.resolve',
      ]);
    });

    it('a SEV1 closes only with a postmortem; one given on close or attached before is enough', async () => {
      const { app } = server();
      const { incident } = await openIncident(app, { severity: 'SEV1' });
      assert.equal((await act(app, incident, 'resolve')).status, 200);

      const refused = await act<Conflict>(app, incident, 'close');
      assert.equal(refused.status, 409);
      assert.deepEqual(refused.body.error, {
        code: 'conflict',
        message: `${incident.ref} is SEV1: a postmortem is required before closing (publish its postmortem, have an admin waive it, or attach a link with postmortem_url)`,
        allowed_transitions: ['reopen'],
      });
      const bad = await act<Conflict>(app, incident, 'close', { postmortem_url: 'not a url' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /body\.postmortem_url/);
      const unknown = await act<Conflict>(app, incident, 'close', { postmortem: 'x' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error.message, /body\.postmortem is not a known field/);
      assert.equal((await get(app, incident)).status, 'resolved');

      const url = 'https://wiki.example.com/postmortems/checkout';
      const closed = await act(app, incident, 'close', { postmortem_url: url });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.equal(closed.body.status, 'closed');
      assert.equal(closed.body.postmortem_url, url);
      const entry = (await timeline(app, incident)).find((e) => e.kind === 'closed');
      assert.deepEqual(entry?.data, { postmortem_url: url });

      const other = (await openIncident(app, { severity: 'SEV2' })).incident;
      await server()
        .tdb.db.updateTable('incidents')
        .set({ postmortem_url: url })
        .where('id', '=', other.id)
        .execute();
      assert.equal((await act(app, other, 'resolve')).status, 200);
      assert.equal((await act(app, other, 'close')).status, 200, 'the attached postmortem counts');
    });

    it('reopen comes back acknowledged, clears later times, keeps acknowledged_at and restarts the update cadence', async () => {
      const { app } = server();
      const { incident } = await openIncident(app, { severity: 'SEV1' });
      clock.advance(MINUTE);
      const acked = (await act(app, incident, 'acknowledge')).body;
      clock.advance(MINUTE);
      await act(app, incident, 'mitigate');
      clock.advance(MINUTE);
      await act(app, incident, 'resolve');
      await act(app, incident, 'close', { postmortem_url: 'https://wiki.example.com/pm/1' });

      clock.advance(MINUTE);
      const reopened = await act(app, incident, 'reopen');
      assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
      const r = reopened.body;
      assert.equal(r.status, 'acknowledged');
      assert.equal(r.acknowledged_at, acked.acknowledged_at);
      assert.deepEqual(r.acknowledged_by, acked.acknowledged_by);
      assert.deepEqual(
        [r.mitigated_at, r.mitigated_by, r.resolved_at, r.resolved_by, r.closed_at, r.closed_by],
        [null, null, null, null, null, null],
      );
      assert.deepEqual(r.durations, {
        to_acknowledge_seconds: 60,
        to_mitigate_seconds: null,
        to_resolve_seconds: null,
      });
      // SEV1: an internal update every 15 minutes, counted from the start (none was posted).
      assert.equal(
        r.next_update_due_at,
        new Date(Date.parse(incident.created_at) + 15 * MINUTE).toISOString(),
      );

      const entries = await timeline(app, incident);
      const kinds = entries.map((e) => e.kind);
      for (const k of ['mitigated', 'resolved', 'closed']) assert.ok(kinds.includes(k), `history keeps ${k}`);
      assert.deepEqual(entries.at(-1), {
        ...entries.at(-1),
        kind: 'reopened',
        actor: { type: 'user', id: userId, name: userName },
        data: { from: 'closed' },
      });

      // Reopened from mitigated too, then resolved again with a new time.
      clock.advance(MINUTE);
      await act(app, incident, 'mitigate');
      assert.equal((await act(app, incident, 'reopen')).body.mitigated_at, null);
      clock.advance(MINUTE);
      const again = await act(app, incident, 'resolve');
      assert.equal(again.body.durations.to_resolve_seconds, 360);
      assert.deepEqual(await auditActions(app, 'incident', incident.id), [
        'incident.acknowledge',
        'incident.mitigate',
        'incident.resolve',
        'incident.close',
        'incident.reopen',
        'incident.mitigate',
        'incident.reopen',
        'incident.resolve',
      ]);
    });

    it('reopen is refused while a newer incident is open for the same alerts', async () => {
      const { app } = server();
      const { incident, key, dedupKey, serviceId } = await openIncident(app);
      assert.equal((await act(app, incident, 'resolve')).status, 200);
      await trigger(app, key, dedupKey);
      const list = await api<{ data: Incident[] }>(app, 'GET', `/api/v1/incidents?service_id=${serviceId}`);
      const newer = list.body.data.find((i) => i.id !== incident.id);
      assert.ok(newer, 'the re-sent alert opened a new incident');

      const res = await act<Conflict>(app, incident, 'reopen');
      assert.equal(res.status, 409);
      assert.match(res.body.error.message, new RegExp(`${newer.ref} is open for the same alerts`));
      assert.deepEqual(res.body.error.allowed_transitions, ['close']);
      assert.equal((await get(app, incident)).status, 'resolved');
    });

    it('a merged incident takes no action and says where it went', async () => {
      const { app } = server();
      const survivor = (await openIncident(app)).incident;
      const { incident } = await openIncident(app);
      await server()
        .tdb.db.updateTable('incidents')
        .set({ status: 'resolved', merged_into_id: survivor.id })
        .where('id', '=', incident.id)
        .execute();
      for (const verb of ['acknowledge', 'mitigate', 'resolve', 'close', 'reopen']) {
        const res = await act<Conflict>(app, incident, verb);
        assert.equal(res.status, 409, verb);
        assert.deepEqual(res.body.error.allowed_transitions, [], verb);
        assert.match(
          res.body.error.message,
          new RegExp(`it can be: nothing \\(merged into ${survivor.ref}\\)`),
        );
      }
    });

    it('viewers get 403, unknown incidents 404', async () => {
      const { app } = server();
      const { incident } = await openIncident(app);
      const viewer = await viewerToken(app);
      for (const verb of ['acknowledge', 'mitigate', 'resolve', 'close', 'reopen']) {
        assert.equal((await act(app, incident, verb, undefined, viewer)).status, 403, verb);
        const missing = await api(app, 'POST', `/api/v1/incidents/INC-999999/${verb}`, { token });
        assert.equal(missing.status, 404, verb);
      }
      assert.equal((await get(app, incident)).status, 'triggered');
      assert.deepEqual(await auditActions(app, 'incident', incident.id), []);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
