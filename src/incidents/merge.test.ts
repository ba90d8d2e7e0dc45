import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  auditActions,
  buildEscalationPolicy,
  buildIncident,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';

type App = Parameters<typeof api>[0];
type Incident = {
  id: string;
  ref: string;
  number: number;
  status: string;
  service_id: string;
  service_ids: string[];
  alert_count: number;
  resolved_by: { type: string; id: string; name: string } | null;
  resolved_at: string | null;
  merged_into_id: string | null;
  next_update_due_at: string | null;
};
type Entry = { id: string; at: string; kind: string; message: string; data: Record<string, unknown> };
type Task = { id: string; title: string; position: number; incident_id: string };
type Err = { error: { code: string; message: string } };

const MINUTE = 60_000;
const START = Date.parse('2026-11-25T10:00:00Z');
let clock: Clock & { advance(ms: number): void };
const iso = (ms: number) => new Date(ms).toISOString();

/** Triggers a new alert on the integration and answers the incident it opened. */
async function trigger(app: App, integration: { key: string; service_id: string }): Promise<Incident> {
  const dedupKey = uniqueName('d');
  const opened = await buildIncident(app, {
    integration,
    dedupKey,
    title: `Errors ${dedupKey}`,
    source: 'api-1',
  });
  return opened.incident;
}

describeEachDialect(
  'merging incidents',
  (server) => {
    let token: string;
    const drain = () => server().tocsin.engine.drain();

    before(async () => {
      const { app } = server();
      const responder = await buildUser(app, { role: 'responder' });
      token = await tokenFor(app, responder.id);
      await homeTeamFor(app, [responder.id]);
    });

    const merge = (app: App, into: Incident | string, ids: string[], t = token) =>
      api<Incident & Err>(
        app,
        'POST',
        `/api/v1/incidents/${typeof into === 'string' ? into : into.id}/merge`,
        { body: { incident_ids: ids }, token: t },
      );
    const timeline = async (app: App, incident: Incident) =>
      (await api<{ data: Entry[] }>(app, 'GET', `/api/v1/incidents/${incident.id}/timeline?limit=500`)).body
        .data;
    const note = async (app: App, incident: Incident, message: string) => {
      const res = await api(app, 'POST', `/api/v1/incidents/${incident.id}/notes`, {
        body: { message },
        token,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    const get = async (app: App, incident: Incident) =>
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body;

    it('moves alerts, the whole timeline in time order, tasks and subscribers; the source ends resolved', async () => {
      const { app, tdb } = server();
      // A pager whose only rule waits 5 minutes, so the source has a pending notification.
      const pager = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: 'http://127.0.0.1:9/never' }],
      });
      await buildNotificationRule(app, pager.id, (pager.contact_methods as { id: string }[])[0]!.id, {
        delay_minutes: 5,
      });
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: pager.id }] }],
      });
      const serviceA = await buildService(app, { escalation_policy_id: policy.id });
      const serviceB = await buildService(app);
      const intA = await buildIntegration(app, 'events-v2', {}, serviceA.id);
      const intB = await buildIntegration(app, 'events-v2', {}, serviceB.id);

      const survivor = await trigger(app, intB);
      clock.advance(MINUTE);
      const source = await trigger(app, intA);
      await drain();
      clock.advance(MINUTE);
      await note(app, survivor, 'survivor: looking at the API');
      clock.advance(MINUTE);
      await note(app, source, 'source: errors on checkout');
      clock.advance(MINUTE);
      await note(app, survivor, 'survivor: same root cause?');
      const sourceTask = await api<Task>(app, 'POST', `/api/v1/incidents/${source.id}/tasks`, {
        body: { title: 'Source task' },
        token,
      });
      assert.equal(sourceTask.status, 201);
      const survivorTasks = (
        await api<{ data: Task[] }>(app, 'GET', `/api/v1/incidents/${survivor.id}/tasks`)
      ).body.data;

      // Subscribers, written directly: both have `both`, only the source has `only`.
      const both = await buildUser(app);
      const only = await buildUser(app);
      await tdb.db
        .insertInto('incident_subscribers')
        .values([
          {
            incident_id: survivor.id,
            user_id: both.id,
            contact_method_id: null,
            created_at: START,
            created_by: 'test',
          },
          {
            incident_id: source.id,
            user_id: both.id,
            contact_method_id: null,
            created_at: START + 1,
            created_by: 'test',
          },
          {
            incident_id: source.id,
            user_id: only.id,
            contact_method_id: null,
            created_at: START + 2,
            created_by: 'test',
          },
        ])
        .execute();

      const pendingBefore = await tdb.db
        .selectFrom('notifications')
        .select(['status'])
        .where('incident_id', '=', source.id)
        .execute();
      assert.ok(
        pendingBefore.some((n) => n.status === 'pending'),
        `the source has a pending page: ${JSON.stringify(pendingBefore)}`,
      );
      const sourceEntries = await timeline(app, source);
      const survivorEntries = await timeline(app, survivor);

      clock.advance(MINUTE);
      const res = await merge(app, survivor, [source.ref]);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.id, survivor.id);
      assert.equal(res.body.alert_count, 2);
      assert.equal(res.body.status, survivor.status);
      assert.deepEqual(
        res.body.service_ids,
        [serviceB.id, serviceA.id],
        'it now affects the source service too',
      );

      const alerts = await api<{ data: { incident_id: string }[] }>(
        app,
        'GET',
        `/api/v1/alerts?incident_id=${survivor.id}`,
      );
      assert.equal(alerts.body.data.length, 2);
      const left = await api<{ data: unknown[] }>(app, 'GET', `/api/v1/alerts?incident_id=${source.id}`);
      assert.equal(left.body.data.length, 0);

      const merged = await timeline(app, survivor);
      const ids = merged.map((e) => e.id);
      for (const e of [...sourceEntries, ...survivorEntries]) assert.ok(ids.includes(e.id), `kept ${e.kind}`);
      assert.deepEqual(ids, [...ids].sort(), 'ids (and so the order) unchanged');
      const times = merged.map((e) => Date.parse(e.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'in time order',
      );
      const notes = merged.filter((e) => e.kind === 'note').map((e) => e.message);
      assert.deepEqual(notes, [
        'survivor: looking at the API',
        'source: errors on checkout',
        'survivor: same root cause?',
      ]);
      const last = merged[merged.length - 1]!;
      assert.equal(last.kind, 'merged');
      assert.equal(
        last.message.replace(/ by .*:/, ':'),
        `${source.ref} merged into this incident: 1 alert, ${sourceEntries.length} timeline entries`,
      );

      const after = await get(app, source);
      assert.equal(after.status, 'resolved');
      assert.equal(after.merged_into_id, survivor.id);
      assert.deepEqual(after.resolved_by, {
        type: 'system',
        id: 'merge',
        name: `Merged into ${survivor.ref}`,
      });
      assert.equal(after.resolved_at, iso(clock.now()));
      assert.equal(after.next_update_due_at, null);
      const rest = await timeline(app, source);
      assert.deepEqual(
        rest.map((e) => e.kind),
        ['merged_into'],
      );
      assert.match(rest[0]!.message, new RegExp(`^Merged into ${survivor.ref}`));

      const tasksAfter = (await api<{ data: Task[] }>(app, 'GET', `/api/v1/incidents/${survivor.id}/tasks`))
        .body.data;
      const moved = tasksAfter.find((t) => t.id === sourceTask.body.id)!;
      assert.equal(moved.incident_id, survivor.id);
      assert.ok(
        survivorTasks.every((t) => t.position < moved.position),
        'after the survivor tasks',
      );
      assert.equal(
        (await api<{ data: Task[] }>(app, 'GET', `/api/v1/incidents/${source.id}/tasks`)).body.data.length,
        0,
      );

      const subs = await tdb.db
        .selectFrom('incident_subscribers')
        .select(['incident_id', 'user_id', 'created_at'])
        .where('user_id', 'in', [both.id, only.id])
        .orderBy('created_at')
        .execute();
      assert.deepEqual(
        subs.map((s) => [s.incident_id, s.user_id, Number(s.created_at)]),
        [
          [survivor.id, both.id, START],
          [survivor.id, only.id, START + 2],
        ],
      );

      const notifications = await tdb.db
        .selectFrom('notifications')
        .select(['status'])
        .where('incident_id', '=', source.id)
        .execute();
      assert.ok(notifications.length > 0);
      assert.ok(
        notifications.every((n) => n.status === 'cancelled'),
        `pending pages cancelled: ${JSON.stringify(notifications)}`,
      );
      const esc = await tdb.db
        .selectFrom('incident_escalations')
        .select(['state', 'due_at'])
        .where('incident_id', '=', source.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        { ...esc, due_at: esc.due_at === null ? null : Number(esc.due_at) },
        { state: 'stopped', due_at: null },
      );
      clock.advance(60 * MINUTE);
      await drain();
      const later = await tdb.db
        .selectFrom('notifications')
        .select(['status'])
        .where('incident_id', '=', source.id)
        .execute();
      assert.ok(
        later.every((n) => n.status === 'cancelled'),
        'nobody is paged for it afterwards',
      );

      assert.ok((await auditActions(app, 'incident', survivor.id)).includes('incident.merge'));
      assert.ok((await auditActions(app, 'incident', source.id)).includes('incident.merge'));
    });

    it('merges several at once; refuses merging twice, into a merged or closed incident, unknown ids and itself', async () => {
      const { app, tdb } = server();
      const int = await buildIntegration(app, 'events-v2');
      const [a, b, c, d] = [
        await trigger(app, int),
        await trigger(app, int),
        await trigger(app, int),
        await trigger(app, int),
      ];

      const unknown = await merge(app, a, [b.id, 'INC-999999']);
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.message, 'body.incident_ids[1]: incident "INC-999999" not found');
      const self = await merge(app, a, [a.ref]);
      assert.equal(self.status, 400);
      assert.match(self.body.error.message, /^body\.incident_ids\[0\]: /);
      assert.equal((await merge(app, a, [])).status, 400);
      assert.equal((await merge(app, 'INC-999999', [b.id])).status, 404);
      assert.equal((await merge(app, a, [b.id], await viewerToken(app))).status, 403);
      assert.equal((await get(app, b)).merged_into_id, null, 'refused merges changed nothing');

      const both = await merge(app, a, [b.ref, c.id, b.id]);
      assert.equal(both.status, 200, JSON.stringify(both.body));
      assert.equal(both.body.alert_count, 3);
      assert.equal((await get(app, b)).merged_into_id, a.id);
      assert.equal((await get(app, c)).merged_into_id, a.id);
      assert.equal((await timeline(app, a)).filter((e) => e.kind === 'merged').length, 2);

      const twice = await merge(app, a, [b.id]);
      assert.equal(twice.status, 409);
      assert.match(twice.body.error.message, new RegExp(`^${b.ref} was already merged into ${a.ref}`));
      const intoMerged = await merge(app, b, [d.id]);
      assert.equal(intoMerged.status, 409);
      const taskOnMerged = await api(app, 'POST', `/api/v1/incidents/${b.id}/tasks`, {
        body: { title: 'too late' },
        token,
      });
      assert.equal(taskOnMerged.status, 409, 'a merged incident takes no tasks; its survivor does');

      await tdb.db
        .updateTable('incidents')
        .set({ status: 'closed', closed_at: clock.now() })
        .where('id', '=', d.id)
        .execute();
      const closed = await merge(app, a, [d.id]);
      assert.equal(closed.status, 409);
      assert.match(closed.body.error.message, new RegExp(`^${d.ref} is closed`));
      const intoClosed = await merge(app, d, [a.id]);
      assert.equal(intoClosed.status, 409);
      assert.equal((await get(app, a)).alert_count, 3, 'refused merges changed nothing');
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
