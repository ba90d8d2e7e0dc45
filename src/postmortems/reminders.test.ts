import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildIncident, buildUser, homeTeamFor, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { remindedOwner } from '../../test/reminded-owner.ts';
import { startSecondEngine } from '../../test/second-engine.ts';
import { fixedClock } from '../platform/clock.ts';
import type { App } from '../platform/http/app.ts';
import { runPostmortemReminders } from './reminders.ts';
import type { PostmortemView } from './schemas.ts';

/**
 * A postmortem's owner hears once when it falls due within one business day and once per
 * business day after it is overdue, in business hours where they are, by their low-urgency
 * rules; never once it is published or waived; and once however many engines run the timer.
 */
// Wednesday 2026-12-02, 12:00 UTC (13:00 in Berlin).
const T0 = Date.parse('2026-12-02T12:00:00Z');
const at = (iso: string) => Date.parse(iso);
const clock = fixedClock(T0);
let hooks: HttpReceiver;

before(async () => {
  hooks = await startHttpReceiver();
});
after(() => hooks.close());

type Entry = { kind: string; message: string; data: Record<string, unknown> };

describeEachDialect(
  'postmortem reminders',
  (server) => {
    const drain = () => server().tocsin.engine.drain();

    /** A resolved SEV3 incident's postmortem, owned by `ownerId` (or nobody), due at `dueAt`. */
    async function postmortemDue(app: App, token: string, ownerId: string | null, dueAt: string) {
      const { incident } = await buildIncident(app, {
        from: 'declared',
        severity: 'SEV3',
        status: 'resolved',
      });
      const created = await api<PostmortemView>(app, 'POST', '/api/v1/postmortems', {
        body: { incident_id: incident.id, ...(ownerId === null ? {} : { owner_id: ownerId }) },
        token,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const set = await api<PostmortemView>(app, 'PATCH', `/api/v1/postmortems/${created.body.id}`, {
        body: { due_at: dueAt },
        token,
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      return { incident, pm: set.body };
    }

    async function member(app: App, userId: string) {
      await homeTeamFor(app, [userId]);
      return tokenFor(app, userId);
    }

    it('reminds the owner the business day before it is due, then each business day it is overdue', async () => {
      const { app } = server();
      clock.set(T0);
      const { user, received } = await remindedOwner(app, hooks);
      const token = await member(app, user.id);
      // Due Monday 09:30 in Berlin.
      const { incident, pm } = await postmortemDue(app, token, user.id, '2026-12-07T08:30:00Z');

      for (const t of ['2026-12-02T12:00:00Z', '2026-12-03T15:00:00Z', '2026-12-04T07:30:00Z']) {
        clock.set(at(t));
        await drain();
      }
      assert.deepEqual(received('low'), [], 'not two business days ahead, nor before 09:00 on Friday');

      // Friday 11:00 in Berlin: one business day from now is Monday 11:00, past the due time.
      clock.set(at('2026-12-04T10:00:00Z'));
      await drain();
      assert.equal(received('low').length, 1);
      const [soon] = received('low');
      assert.equal(soon!.event, 'postmortem.due');
      assert.equal(soon!.incidents[0]!.ref, incident.ref);
      assert.match(
        soon!.text,
        new RegExp(`^The postmortem of ${incident.ref} ".+" is due Mon 7 Dec, 09:30 CET\\. `),
      );
      assert.match(soon!.text, new RegExp(`/postmortems/${pm.id}$`));
      assert.deepEqual(received('high'), [], 'the high-urgency rule is not used');

      // Later on Friday, and Monday morning before it is due: the advance reminder was given.
      for (const t of ['2026-12-04T14:00:00Z', '2026-12-07T08:00:00Z']) {
        clock.set(at(t));
        await drain();
      }
      assert.equal(received('low').length, 1, 'one advance reminder per due date');

      // Monday 10:00 in Berlin: overdue.
      clock.set(at('2026-12-07T09:00:00Z'));
      await drain();
      await drain();
      assert.equal(received('low').length, 2, 'overdue, once that day');
      assert.match(received('low')[1]!.text, /was due Mon 7 Dec, 09:30 CET and is not published yet\./);

      // Tuesday before hours (07:30 in Berlin), then within them.
      clock.set(at('2026-12-08T06:30:00Z'));
      await drain();
      assert.equal(received('low').length, 2, 'not before 09:00 owner time');
      clock.set(at('2026-12-08T09:00:00Z'));
      await drain();
      assert.equal(received('low').length, 3);
      assert.match(
        received('low')[2]!.text,
        /was due Mon 7 Dec, 09:30 CET, 1 day ago, and is not published yet\./,
      );

      const timeline = await api<{ data: Entry[] }>(
        app,
        'GET',
        `/api/v1/incidents/${incident.id}/timeline?limit=500`,
      );
      const reminders = timeline.body.data.filter((e) => e.kind === 'postmortem_reminder');
      assert.deepEqual(
        reminders.map((e) => [e.data.reminder, e.data.day]),
        [
          ['due_soon', '2026-12-07'],
          ['overdue', '2026-12-07'],
          ['overdue', '2026-12-08'],
        ],
      );
      assert.match(reminders[0]!.message, /^Postmortem due soon; reminded .+ \(webhook\)$/);

      // Published: no more reminders.
      for (const status of ['in_review', 'published']) {
        const moved = await api(app, 'POST', `/api/v1/postmortems/${pm.id}/status`, {
          body: { status },
          token,
        });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
      clock.set(at('2026-12-09T09:00:00Z'));
      await drain();
      assert.equal(received('low').length, 3);
    });

    it('reminds whoever started an ownerless postmortem, and nobody once it is waived', async () => {
      const { app } = server();
      clock.set(T0);
      const starter = await remindedOwner(app, hooks);
      const token = await member(app, starter.user.id);
      const ownerless = await postmortemDue(app, token, null, '2026-12-03T09:00:00Z');
      const waived = await postmortemDue(app, token, null, '2026-12-03T09:00:00Z');
      const admin = await buildUser(app, { role: 'admin' });
      const adminToken = await tokenFor(app, admin.id);
      const waive = await api(app, 'POST', `/api/v1/incidents/${waived.incident.id}/postmortem/waive`, {
        body: { reason: 'Duplicate of a drill' },
        token: adminToken,
      });
      assert.equal(waive.status, 200, JSON.stringify(waive.body));

      clock.set(at('2026-12-03T12:00:00Z'));
      await drain();
      const got = starter.received('low');
      assert.equal(got.length, 1, JSON.stringify(got));
      assert.ok(got[0]!.text.endsWith(`/postmortems/${ownerless.pm.id}`), got[0]!.text);
      // Published (by an admin: it has no owner), so that it reminds nobody in the tests after this one.
      for (const [status, by] of [
        ['in_review', token],
        ['published', adminToken],
      ] as const) {
        const moved = await api(app, 'POST', `/api/v1/postmortems/${ownerless.pm.id}/status`, {
          body: { status },
          token: by,
        });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
    });

    it('reminds exactly once when two engines run the timer at the same moment', async () => {
      const { app } = server();
      clock.set(T0);
      const { user, received } = await remindedOwner(app, hooks);
      const token = await member(app, user.id);
      await postmortemDue(app, token, user.id, '2026-12-03T08:30:00Z');
      await postmortemDue(app, token, user.id, '2026-12-03T08:30:00Z');

      // Two passes in two transactions at once: the due-soon reminders, one each. (SQLite runs
      // them one after the other on its one connection; PostgreSQL really races them.)
      clock.set(at('2026-12-02T15:00:00Z'));
      const passes = await Promise.all(
        [0, 1].map(() =>
          server()
            .tdb.db.transaction()
            .execute((trx) => runPostmortemReminders(trx, clock.now())),
        ),
      );
      assert.equal(passes[0]! + passes[1]!, 2, JSON.stringify(passes));

      // Two whole engines the next day, once they are overdue.
      const second = await startSecondEngine(server(), clock);
      try {
        await Promise.all([drain(), second.engine.drain()]);
        assert.equal(received('low').length, 2, 'the due-soon reminders: one per postmortem');
        clock.set(at('2026-12-03T10:00:00Z'));
        await Promise.all([drain(), second.engine.drain()]);
      } finally {
        await second.close();
      }
      const texts = received('low').map((h) => (/is due/.test(h.text) ? 'soon' : 'overdue'));
      assert.deepEqual(texts.sort(), ['overdue', 'overdue', 'soon', 'soon']);
    });
  },
  { clock: () => clock },
);
