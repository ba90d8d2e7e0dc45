import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildNotificationRule,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { IncidentView, TimelineEntryView } from './schemas.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';

type App = Parameters<typeof api>[0];
type Err = { error: { code: string; message: string } };

const MIN = 60_000;
const T0 = Date.parse('2026-11-25T09:00:00Z');
let clock: ReturnType<typeof fixedClock>;
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'editing incidents',
  (server) => {
    let token: string;
    const drain = () => server().tocsin.engine.drain();

    before(async () => {
      const { app } = server();
      const responder = await buildUser(app, { role: 'responder' });
      token = await tokenFor(app, responder.id);
      await homeTeamFor(app, [responder.id]);
    });

    /** A declared incident on a service whose policy pages a fresh person by webhook at once. */
    async function declared(app: App, severity: SeverityName, opts: { policy?: boolean } = {}) {
      const path = `/${uniqueName('p').replace(/\W/g, '')}`;
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}${path}` }],
      });
      await buildNotificationRule(app, user.id, (user.contact_methods as { id: string }[])[0]!.id);
      const { incident, serviceId } = await buildIncident(app, {
        from: 'declared',
        token,
        severity,
        ...(opts.policy === false ? {} : { paged: [user.id] }),
      });
      await drain();
      return {
        incident,
        service: { id: serviceId },
        pages: () => receiver.requests.filter((r) => r.path === path).length,
      };
    }

    const patch = <T = IncidentView>(app: App, id: string, body: unknown, t = token) =>
      api<T>(app, 'PATCH', `/api/v1/incidents/${id}`, { token: t, body });
    const act = (app: App, id: string, verb: string) =>
      api<IncidentView>(app, 'POST', `/api/v1/incidents/${id}/${verb}`, { token });
    const timeline = async (app: App, id: string) =>
      (await api<{ data: TimelineEntryView[] }>(app, 'GET', `/api/v1/incidents/${id}/timeline?limit=500`))
        .body.data;
    const taskTitles = async (id: string) =>
      (
        await server()
          .tdb.db.selectFrom('incident_tasks')
          .select('title')
          .where('incident_id', '=', id)
          .orderBy('position')
          .execute()
      ).map((t) => t.title);
    const pageReasons = async (id: string) =>
      (
        await server()
          .tdb.db.selectFrom('pages')
          .select('reason')
          .where('incident_id', '=', id)
          .orderBy('id')
          .execute()
      ).map((p) => p.reason);

    it('raising an acknowledged SEV3 to SEV1 triggers and pages it again; lowering does not', async () => {
      const { app } = server();
      clock.set(T0);
      const { incident, pages } = await declared(app, 'SEV3');
      assert.equal(incident.urgency, 'low');
      assert.equal(pages(), 1, 'the declared incident paged once');
      const sev3Tasks = await taskTitles(incident.id);
      clock.set(T0 + 2 * MIN);
      assert.equal((await act(app, incident.id, 'acknowledge')).body.status, 'acknowledged');

      clock.set(T0 + 4 * MIN);
      const raised = await patch(app, incident.ref, { severity: 'SEV1' });
      assert.equal(raised.status, 200, JSON.stringify(raised.body));
      assert.equal(raised.body.severity, 'SEV1');
      assert.equal(raised.body.status, 'triggered');
      assert.equal(raised.body.urgency, 'high');
      assert.equal(
        raised.body.acknowledged_at,
        new Date(T0 + 2 * MIN).toISOString(),
        'MTTA keeps the first ack',
      );
      assert.equal(raised.body.next_update_due_at, new Date(T0 + 15 * MIN).toISOString(), 'SEV1 cadence');
      await drain();
      assert.equal(pages(), 2, 'paged again');
      assert.equal((await pageReasons(incident.id)).length, 2);

      const titles = await taskTitles(incident.id);
      assert.deepEqual(titles.slice(0, sev3Tasks.length), sev3Tasks, 'existing tasks stay first');
      assert.ok(titles.includes('Post the first status page update'), 'SEV1 checklist items were added');
      assert.equal(new Set(titles).size, titles.length, 'no checklist item twice');

      const raisedEntry = (await timeline(app, incident.id)).find((e) => e.kind === 'severity_changed')!;
      assert.match(raisedEntry.message, /raised INC-\d+ from SEV3 to SEV1; it is triggered and pages again/);
      assert.deepEqual(
        { from: raisedEntry.data.from, to: raisedEntry.data.to, pages_again: raisedEntry.data.pages_again },
        { from: 'SEV3', to: 'SEV1', pages_again: true },
      );

      // Acknowledged again, then lowered and raised between paging severities: no page.
      await act(app, incident.id, 'acknowledge');
      clock.set(T0 + 6 * MIN);
      const lowered = await patch(app, incident.id, { severity: 'SEV2' });
      assert.equal(lowered.body.status, 'acknowledged');
      assert.equal(lowered.body.next_update_due_at, new Date(T0 + 30 * MIN).toISOString());
      const back = await patch(app, incident.id, { severity: 'SEV1' });
      assert.equal(back.body.status, 'acknowledged', 'SEV2 already paged: whoever acknowledged is on it');
      const down = await patch(app, incident.id, { severity: 'SEV4' });
      assert.equal(down.body.status, 'acknowledged');
      assert.equal(down.body.next_update_due_at, null);
      await drain();
      assert.equal(pages(), 2, 'neither lowering nor a move between paging severities pages');
      const changes = (await timeline(app, incident.id)).filter((e) => e.kind === 'severity_changed');
      assert.deepEqual(
        changes.map((e) => [e.data.from, e.data.to, e.data.pages_again]),
        [
          ['SEV3', 'SEV1', true],
          ['SEV1', 'SEV2', false],
          ['SEV2', 'SEV1', false],
          ['SEV1', 'SEV4', false],
        ],
      );
      assert.match(changes[1]!.message, /lowered INC-\d+ from SEV1 to SEV2$/);
      const actions = await auditActions(app, 'incident', incident.id);
      assert.equal(actions.filter((a) => a === 'incident.update').length, 4);
    });

    it('raising a triggered low-urgency incident restarts its policy at level 1 at high urgency', async () => {
      const { app } = server();
      const { incident, pages } = await declared(app, 'SEV4');
      assert.equal(pages(), 1);
      const raised = await patch(app, incident.id, { severity: 'SEV2' });
      assert.equal(raised.body.status, 'triggered');
      assert.equal(raised.body.urgency, 'high');
      await drain();
      assert.equal(pages(), 2);

      // Without a policy there is nobody to page; the timeline says so.
      const lone = await declared(app, 'SEV3', { policy: false });
      await act(app, lone.incident.id, 'acknowledge');
      const res = await patch(app, lone.incident.id, { severity: 'SEV1' });
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'acknowledged', 'nobody to page: the acknowledgement stands');
      assert.equal(res.body.urgency, 'high');
      const entry = (await timeline(app, lone.incident.id)).find((e) => e.kind === 'severity_changed')!;
      assert.match(entry.message, /SEV1 pages, but INC-\d+ has no escalation policy or people to page/);
    });

    it('a resolved incident may change severity for the record but never pages', async () => {
      const { app } = server();
      const { incident, pages } = await declared(app, 'SEV3');
      await act(app, incident.id, 'resolve');
      const before = (await taskTitles(incident.id)).length;
      const res = await patch(app, incident.id, { severity: 'SEV1' });
      assert.equal(res.status, 200);
      assert.equal(res.body.severity, 'SEV1');
      assert.equal(res.body.status, 'resolved');
      assert.equal(res.body.next_update_due_at, null);
      assert.equal((await taskTitles(incident.id)).length, before, 'no checklist for a finished incident');
      await drain();
      assert.equal(pages(), 1);
    });

    it('edits title, description, postmortem link and services; audited, services on the timeline', async () => {
      const { app } = server();
      const { incident, service } = await declared(app, 'SEV2');
      const [b, c] = [await buildService(app), await buildService(app)];
      const res = await patch(app, incident.id, {
        title: 'Search is down',
        description: 'All queries time out',
        postmortem_url: 'https://wiki.example/pm/1',
        service_ids: [service.id, b.id, c.id],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.title, 'Search is down');
      assert.equal(res.body.description, 'All queries time out');
      assert.equal(res.body.postmortem_url, 'https://wiki.example/pm/1');
      assert.deepEqual(new Set(res.body.service_ids), new Set([service.id, b.id, c.id]));
      assert.equal(res.body.service_ids[0], service.id);
      const got = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${incident.id}`);
      assert.deepEqual(got.body, res.body);
      const listed = await api<{ data: IncidentView[] }>(app, 'GET', `/api/v1/incidents?service_id=${c.id}`);
      assert.deepEqual(
        listed.body.data.map((i) => i.id),
        [incident.id],
      );

      const fewer = await patch(app, incident.id, { service_ids: [service.id, c.id], postmortem_url: null });
      assert.deepEqual(fewer.body.service_ids, [service.id, c.id]);
      assert.equal(fewer.body.postmortem_url, null);
      const changed = (await timeline(app, incident.id)).filter((e) => e.kind === 'services_changed');
      assert.equal(changed.length, 2);
      assert.match(changed[0]!.message, new RegExp(`added ${b.name}, ${c.name}|added ${c.name}, ${b.name}`));
      assert.match(changed[1]!.message, new RegExp(`removed ${b.name}$`));
      assert.deepEqual(changed[1]!.data, { added: [], removed: [b.id] });

      // Sending what is already there changes nothing and records nothing.
      const same = await patch(app, incident.id, {
        title: 'Search is down',
        service_ids: [service.id, c.id],
      });
      assert.equal(same.status, 200);
      assert.equal(same.body.updated_at, fewer.body.updated_at);
      assert.deepEqual(await auditActions(app, 'incident', incident.id), [
        'incident.declare',
        'incident.update',
        'incident.update',
      ]);
    });

    it('bad input is a 400 naming the field; merged incidents are 409; viewers 403', async () => {
      const { app, tdb } = server();
      const { incident, service } = await declared(app, 'SEV3');
      const other = await buildService(app);
      const cases: [unknown, RegExp][] = [
        [{ severity: 'SEV9' }, /^body\.severity must be one of: SEV1, SEV2, SEV3, SEV4/],
        [{ service_ids: [other.id] }, /^body\.service_ids\[0\]: must be INC-\d+'s own service/],
        [{ service_ids: [service.id, 'svc_nope'] }, /^body\.service_ids\[1\]: service "svc_nope" not found$/],
        [{ service_ids: [] }, /^body\.service_ids/],
        [
          { postmortem_url: 'ftp://files.example/pm' },
          /^body\.postmortem_url: must be an http or https URL$/,
        ],
        [{ postmortem_url: 'not a url' }, /^body\.postmortem_url: must be an http or https URL$/],
        [{ title: '' }, /^body\.title/],
        [{ status: 'resolved' }, /^body\.status is not a known field/],
        [{}, /^body /],
      ];
      for (const [body, message] of cases) {
        const res = await patch<Err>(app, incident.id, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error.message, message, JSON.stringify(body));
      }
      assert.equal((await patch(app, incident.id, { title: 'x' }, await viewerToken(app))).status, 403);
      assert.equal((await patch(app, 'INC-999999', { title: 'x' })).status, 404);
      const unchanged = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${incident.id}`);
      assert.equal(unchanged.body.title, 'Search is slow');
      assert.equal(unchanged.body.severity, 'SEV3');

      const survivor = await declared(app, 'SEV3');
      await tdb.db
        .updateTable('incidents')
        .set({ merged_into_id: survivor.incident.id })
        .where('id', '=', incident.id)
        .execute();
      const merged = await patch<Err>(app, incident.id, { severity: 'SEV1' });
      assert.equal(merged.status, 409);
      assert.equal(
        merged.body.error.message,
        `${incident.ref} was merged into ${survivor.incident.ref}; edit ${survivor.incident.ref} instead`,
      );
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
