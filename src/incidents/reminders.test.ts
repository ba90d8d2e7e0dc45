import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildIncident, buildUser, homeTeamFor, tokenFor, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { nextDueAt } from '../engine/due.ts';
import { fixedClock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { runDueReminders } from './reminders.ts';

type App = Parameters<typeof api>[0];
type Incident = { id: string; ref: string; number: number };
type Entry = { kind: string; message: string; data: Record<string, unknown> };

const T0 = Date.parse('2026-03-02T14:00:00Z');
const MINUTE = 60_000;
const clock = fixedClock(T0);
let hooks: HttpReceiver;

before(async () => {
  hooks = await startHttpReceiver();
});
after(() => hooks.close());

describeEachDialect(
  'overdue status update reminders',
  (server, dialect) => {
    const db = () => server().tdb.db;
    const drain = () => server().tocsin.engine.drain();
    let responderToken: string;

    before(async () => {
      const responder = await buildUser(server().app, { role: 'responder' });
      responderToken = await tokenFor(server().app, responder.id);
      await homeTeamFor(server().app, [responder.id]);
    });

    async function person(app: App) {
      const name = uniqueName('p').replace(/\W/g, '');
      const path = `/${name}`;
      const user = await buildUser(app, {
        name,
        contact_methods: [{ type: 'webhook', address: `${hooks.url}${path}` }],
      });
      return { id: user.id, name, path };
    }

    const received = (p: { path: string }) => hooks.requests.filter((r) => r.path === p.path);

    /** A SEV1 incident (no policy: nothing is paged), its update due 15 minutes after it opened. */
    async function sev1(app: App): Promise<Incident & { dueAt: number }> {
      const { incident: inc } = await buildIncident(app, { title: 'Payments down', source: 'pay-1' });
      const dueAt = clock.now() + 15 * MINUTE;
      await db()
        .updateTable('incidents')
        .set({ severity: 'SEV1', next_update_due_at: dueAt })
        .where('id', '=', inc.id)
        .execute();
      await drain();
      return { ...inc, dueAt };
    }

    async function assign(incidentId: string, role: string, userId: string): Promise<void> {
      await db()
        .insertInto('incident_role_assignments')
        .values({
          id: newId('rol', clock.now()),
          incident_id: incidentId,
          role,
          user_id: userId,
          assigned_at: clock.now(),
          assigned_by: 'system:test',
          ended_at: null,
          ended_by: null,
        })
        .execute();
    }

    const updateDue = async (app: App, inc: Incident) =>
      (
        await api<{ data: Entry[] }>(app, 'GET', `/api/v1/incidents/${inc.id}/timeline?limit=500`)
      ).body.data.filter((e) => e.kind === 'update_due');

    const dueOf = async (inc: Incident) =>
      (
        await db()
          .selectFrom('incidents')
          .select('next_update_due_at')
          .where('id', '=', inc.id)
          .executeTakeFirstOrThrow()
      ).next_update_due_at;

    it('reminds the commander and comms lead when the update is overdue, not before, then every cadence until one is posted', async () => {
      const { app } = server();
      const inc = await sev1(app);
      const [alice, bob, carol] = [await person(app), await person(app), await person(app)];
      await assign(inc.id, 'commander', alice.id);
      await assign(inc.id, 'comms_lead', bob.id);
      await assign(inc.id, 'scribe', carol.id);
      assert.equal(await nextDueAt(db()), inc.dueAt, 'a sleeping engine wakes for the due update');

      // The engine looks at timers once a (clock) second, so "just before" is a minute before.
      clock.set(inc.dueAt - MINUTE);
      await drain();
      assert.equal(received(alice).length + received(bob).length, 0, 'not before it is due');
      assert.deepEqual(await updateDue(app, inc), []);

      clock.set(inc.dueAt);
      await drain();
      for (const who of [alice, bob]) {
        const got = received(who);
        assert.equal(got.length, 1, `${who.name} reminded once`);
        const body = got[0]!.json as { event: string; text: string };
        assert.equal(body.event, 'incident.update_due');
        assert.ok(body.text.startsWith(`${inc.ref} (SEV1) "`), body.text);
        const hhmm = new Date(inc.dueAt).toISOString().slice(11, 16);
        assert.ok(
          body.text.includes(`a status update was due at ${hhmm} UTC and none has been posted yet`),
          body.text,
        );
        assert.match(body.text, /every 15 min/);
        assert.ok(body.text.includes(`/incidents/${inc.ref}#updates`), body.text);
      }
      assert.equal(received(carol).length, 0, 'the scribe is not reminded');
      const entries = await updateDue(app, inc);
      assert.equal(entries.length, 1);
      assert.equal(
        entries[0]!.message,
        `Status update overdue (every 15 min for SEV1); reminded ${alice.name} (commander), ${bob.name} (comms lead)`,
      );
      assert.equal(await dueOf(inc), inc.dueAt + 15 * MINUTE, 'due again one cadence later');
      const kinds = await db()
        .selectFrom('notifications')
        .select(['kind', 'status'])
        .where('incident_id', '=', inc.id)
        .execute();
      assert.deepEqual(
        kinds.map((k) => `${k.kind}:${k.status}`),
        ['reminder:sent', 'reminder:sent'],
      );

      await drain();
      assert.equal(received(alice).length, 1, 'no repeat at the same time');

      clock.set(inc.dueAt + 15 * MINUTE);
      await drain();
      assert.equal(received(alice).length, 2, 'reminded again a cadence later');
      assert.equal((await updateDue(app, inc)).length, 2);

      clock.advance(5 * MINUTE);
      const posted = await api(app, 'POST', `/api/v1/incidents/${inc.id}/updates`, {
        body: { message: 'Failing over to the standby' },
        token: responderToken,
      });
      assert.equal(posted.status, 201);
      assert.equal(await dueOf(inc), clock.now() + 15 * MINUTE, 'the cadence restarts at the update');
      clock.set(inc.dueAt + 30 * MINUTE);
      await drain();
      assert.equal(received(alice).length, 2, 'the posted update stopped the next reminder');
      assert.equal((await updateDue(app, inc)).length, 2);
    });

    it('one reminder to someone holding both roles; nobody to remind is on the timeline', async () => {
      const { app } = server();
      const both = await sev1(app);
      const dana = await person(app);
      await assign(both.id, 'commander', dana.id);
      await assign(both.id, 'comms_lead', dana.id);
      const orphan = await sev1(app);
      clock.set(Math.max(both.dueAt, orphan.dueAt));
      await drain();
      assert.equal(received(dana).length, 1);
      assert.match(
        (await updateDue(app, both))[0]!.message,
        new RegExp(`reminded ${dana.name} \\(commander, comms lead\\)$`),
      );
      assert.equal(
        (await updateDue(app, orphan))[0]!.message,
        'Status update overdue (every 15 min for SEV1); nobody holds commander or comms lead',
      );
      assert.equal(await dueOf(orphan), clock.now() + 15 * MINUTE, 'and it keeps reminding');
    });

    it('a resolved incident is not reminded, and its stale due time is cleared', async () => {
      const { app } = server();
      const inc = await sev1(app);
      const erin = await person(app);
      await assign(inc.id, 'commander', erin.id);
      const resolved = await api(app, 'POST', `/api/v1/incidents/${inc.id}/resolve`, {
        token: responderToken,
      });
      assert.equal(resolved.status, 200);
      // As if whatever resolved it had left a due time behind, already past.
      const stale = clock.now() - MINUTE;
      await db()
        .updateTable('incidents')
        .set({ next_update_due_at: stale })
        .where('id', '=', inc.id)
        .execute();
      const wake = await nextDueAt(db());
      assert.ok(
        wake === null || wake > clock.now(),
        'no wake-up (let alone a busy loop) for a resolved incident',
      );
      clock.advance(MINUTE);
      await drain();
      assert.equal(received(erin).length, 0);
      assert.deepEqual(await updateDue(app, inc), []);
      assert.equal(await dueOf(inc), null);
    });

    if (dialect === 'postgres') {
      it('an incident another engine is reminding (row locked) is skipped, not reminded twice', async () => {
        const { app } = server();
        const inc = await sev1(app);
        const fay = await person(app);
        await assign(inc.id, 'commander', fay.id);
        clock.set(inc.dueAt);
        const reminders = async () =>
          (
            await db()
              .selectFrom('notifications')
              .select('id')
              .where('incident_id', '=', inc.id)
              .where('kind', '=', 'reminder')
              .execute()
          ).length;
        await db()
          .transaction()
          .execute(async (trx) => {
            await trx.selectFrom('incidents').select('id').where('id', '=', inc.id).forUpdate().execute();
            // Another engine's pass, on a connection of its own, while this one holds the row.
            await db()
              .transaction()
              .execute((t2) => runDueReminders(t2, 'postgres', clock.now(), 500, ''));
          });
        assert.equal(await reminders(), 0, 'the locked incident was skipped');
        assert.equal(await dueOf(inc), inc.dueAt, 'and is still due');
        await drain();
        assert.equal(await reminders(), 1);
        assert.equal(received(fay).length, 1);
        assert.equal((await updateDue(app, inc)).length, 1);
      });
    }
  },
  { clock: () => clock },
);
