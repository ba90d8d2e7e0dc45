import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildIncident, buildUser, homeTeamFor, tokenFor, uniqueName } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../test/receivers.ts';
import { buildComponent, publishIncident } from '../../../test/status-page-api.ts';
import { nextDueAt } from '../../engine/due.ts';
import { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { runStatusPageDeadlines } from './reminders.ts';

/**
 * The status-page deadlines of a SEV1 under a fixed clock: the comms lead is reminded when no
 * public incident exists 10 minutes (SEV1's status_page_minutes) after it opened, once per
 * interval, once however many engines look, then when no public update came for 30 minutes
 * (public_update_minutes).
 */
const T0 = Date.parse('2026-03-02T14:00:00Z');
const MINUTE = 60_000;
const clock = fixedClock(T0);
let hooks: HttpReceiver;

before(async () => {
  hooks = await startHttpReceiver();
});
after(() => hooks.close());

type Entry = { kind: string; message: string; data: Record<string, unknown> };

describeEachDialect(
  'status page deadlines',
  (server) => {
    const db = () => server().tdb.db;
    const drain = () => server().tocsin.engine.drain();
    let componentId = '';

    before(async () => {
      // The page is in use once it has a component; internal update reminders are off here so
      // every reminder the comms lead gets is a status-page one.
      componentId = (await buildComponent(server().app, { name: 'API' })).id;
      await db().updateTable('severities').set({ update_cadence_minutes: null }).execute();
    });

    it('reminds the comms lead of a SEV1 with no public incident after its deadline, once, then of a stale public update', async () => {
      const app = server().app;
      const name = uniqueName('lead').replace(/\W/g, '');
      const lead = await buildUser(app, {
        name,
        contact_methods: [{ type: 'webhook', address: `${hooks.url}/${name}` }],
      });
      // The lead's team owns the incident's service, so the lead may publish it.
      await homeTeamFor(app, [lead.id]);
      const opened = clock.now();
      const { incident } = await buildIncident(app, {
        from: 'declared',
        severity: 'SEV1',
        title: 'Checkout down',
      });
      await db()
        .insertInto('incident_role_assignments')
        .values({
          id: newId('rol', opened),
          incident_id: incident.id,
          role: 'comms_lead',
          user_id: lead.id,
          assigned_at: opened,
          assigned_by: 'system:test',
          ended_at: null,
          ended_by: null,
        })
        .execute();
      const reminders = () =>
        hooks.requests.filter((r) => r.path === `/${name}`).map((r) => (r.json as { text: string }).text);
      const due = async () =>
        (
          await api<{ data: Entry[] }>(app, 'GET', `/api/v1/incidents/${incident.id}/timeline?limit=500`)
        ).body.data.filter((e) => e.kind === 'status_page_due');

      clock.set(opened + 9 * MINUTE);
      await drain();
      assert.deepEqual(reminders(), [], 'not before the deadline');
      // Nothing else is scheduled here: a sleeping engine wakes exactly at the deadline.
      assert.equal(await nextDueAt(db()), opened + 10 * MINUTE);

      clock.set(opened + 10 * MINUTE);
      await drain();
      assert.equal(reminders().length, 1);
      assert.ok(
        reminders()[0]!.startsWith(`${incident.ref} (SEV1) "Checkout down": publish it on the status page`),
        reminders()[0],
      );
      const [entry] = await due();
      assert.ok(entry);
      assert.equal(entry.data.due, 'publish');
      assert.match(
        entry.message,
        /^Status page due: no public incident published within 10 min for SEV1; reminded .+ \(comms lead\)$/,
      );

      assert.equal(await nextDueAt(db()), opened + 20 * MINUTE, 'then an interval after the reminder');
      clock.set(opened + 19 * MINUTE);
      await drain();
      assert.equal(reminders().length, 1, 'not again within the interval');

      // Two engines looking at once (two transactions): one reminder.
      clock.set(opened + 20 * MINUTE);
      const passes = await Promise.all(
        [0, 1].map(() =>
          db()
            .transaction()
            .execute((trx) => runStatusPageDeadlines(trx, clock.now())),
        ),
      );
      assert.equal(passes[0]! + passes[1]!, 1);
      await drain();
      assert.equal(reminders().length, 2);
      assert.equal((await due()).length, 2);

      // Published by the comms lead: the public update cadence (30 min for SEV1) takes over.
      const published = opened + 21 * MINUTE;
      clock.set(published);
      await publishIncident(
        app,
        { name: 'Checkout errors', body: 'Investigating', incident_id: incident.id, components: {} },
        await tokenFor(app, lead.id),
      );
      clock.set(published + 29 * MINUTE);
      await drain();
      assert.equal(reminders().length, 2);
      assert.equal(await nextDueAt(db()), published + 30 * MINUTE, 'wakes when the public update is due');
      clock.set(published + 30 * MINUTE);
      await drain();
      assert.equal(reminders().length, 3);
      assert.match(reminders()[2]!, /post a public update \(one is due every 30 min\)/);
      assert.equal((await due()).at(-1)?.data.due, 'update');

      // A page with no component is not in use: its deadlines wake nobody.
      assert.equal(await nextDueAt(db()), published + 60 * MINUTE);
      const removed = await api(app, 'DELETE', `/api/v1/status-page/components/${componentId}`);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      assert.equal(await nextDueAt(db()), null);
    });
  },
  { clock: () => clock },
);
