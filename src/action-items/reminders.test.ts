import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildIncident } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { remindedOwner } from '../../test/reminded-owner.ts';
import { startSecondEngine } from '../../test/second-engine.ts';
import { fixedClock } from '../platform/clock.ts';
import { runActionItemReminders } from './reminders.ts';
import type { ActionItemView } from './schemas.ts';

/**
 * Overdue action items remind their owner under a fixed clock: through the owner's low-urgency
 * notification rules only, once per day in the owner's time zone, in business hours (Mon-Fri
 * 09:00-17:00 there), never at the weekend nor for a finished item, and once however many
 * engines run the timer at the same moment.
 */
// Wednesday 2026-12-02, 12:00 UTC (13:00 in Berlin, UTC+1 in winter).
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
  'action item reminders',
  (server) => {
    const drain = () => server().tocsin.engine.drain();

    const owner = () => remindedOwner(server().app, hooks);

    async function item(incidentId: string, ownerId: string, title: string, due = '2026-12-02') {
      const res = await api<ActionItemView>(
        server().app,
        'POST',
        `/api/v1/incidents/${incidentId}/action-items`,
        {
          body: { title, owner_id: ownerId, due_date: due, priority: 'high' },
        },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    it('reminds the owner of an overdue item once per business day in their zone, by their low-urgency rules', async () => {
      const { app } = server();
      clock.set(T0);
      const { user, received } = await owner();
      const { incident } = await buildIncident(app, {
        from: 'declared',
        title: 'Checkout errors',
        status: 'resolved',
      });
      const late = await item(incident.id, user.id, 'Alert on error rate');
      const finished = await item(incident.id, user.id, 'Write the runbook');
      await api(app, 'POST', `/api/v1/action-items/${finished.id}/status`, { body: { status: 'done' } });

      // Due on Wednesday: Wednesday itself is not overdue.
      clock.set(at('2026-12-02T16:30:00Z'));
      await drain();
      assert.deepEqual(received('low'), []);

      // Thursday 08:30 in Berlin: overdue, but before business hours.
      clock.set(at('2026-12-03T07:30:00Z'));
      await drain();
      assert.deepEqual(received('low'), [], 'not before 09:00 owner time');

      clock.set(at('2026-12-03T08:00:00Z'));
      await drain();
      assert.equal(received('low').length, 1, 'at 09:00 owner time');
      const [first] = received('low');
      assert.equal(first!.event, 'action_item.overdue');
      assert.equal(first!.incidents[0]!.ref, incident.ref);
      assert.match(
        first!.text,
        new RegExp(
          `^${incident.ref} action item "Alert on error rate" \\(high priority\\) was due 2026-12-02, 1 day ago, and is not done yet\\. .*tocsin action-item done ${late.id}`,
        ),
      );
      assert.deepEqual(received('high'), [], 'the high-urgency rule is not used');

      // Run twice more the same day: nothing more.
      clock.set(at('2026-12-03T10:00:00Z'));
      await drain();
      await drain();
      assert.equal(received('low').length, 1, 'once on a day, however often the timer runs');

      // Friday, the next business day.
      clock.set(at('2026-12-04T08:30:00Z'));
      await drain();
      assert.equal(received('low').length, 2, 'again the next business day');

      // The weekend, all day long in Berlin.
      for (const t of ['2026-12-05T10:00:00Z', '2026-12-06T08:00:00Z', '2026-12-06T15:00:00Z']) {
        clock.set(at(t));
        await drain();
      }
      assert.equal(received('low').length, 2, 'never on weekends');

      // Monday after 17:00 in Berlin, then within hours.
      clock.set(at('2026-12-07T16:30:00Z'));
      await drain();
      assert.equal(received('low').length, 2, 'not after 17:00 owner time');
      clock.set(at('2026-12-07T15:00:00Z'));
      await drain();
      assert.equal(received('low').length, 3);
      assert.ok(
        received('low').every((h) => h.text.includes('"Alert on error rate"')),
        'never for the done item',
      );

      const timeline = await api<{ data: Entry[] }>(
        app,
        'GET',
        `/api/v1/incidents/${incident.id}/timeline?limit=500`,
      );
      const overdue = timeline.body.data.filter((e) => e.kind === 'action_item_overdue');
      assert.deepEqual(
        overdue.map((e) => e.data.day),
        ['2026-12-03', '2026-12-04', '2026-12-07'],
      );
      assert.match(
        overdue[0]!.message,
        /^Action item "Alert on error rate" overdue since 2026-12-02; reminded .+ \(webhook\)$/,
      );

      // Done: no more reminders.
      await api(app, 'POST', `/api/v1/action-items/${late.id}/status`, { body: { status: 'done' } });
      clock.set(at('2026-12-08T09:00:00Z'));
      await drain();
      assert.equal(received('low').length, 3);
    });

    it('reminds exactly once when two engines run the timer at the same moment', async () => {
      const { app } = server();
      clock.set(T0);
      const { user, received } = await owner();
      const { incident } = await buildIncident(app, { from: 'declared', title: 'Search slow' });
      await item(incident.id, user.id, 'Add an index');
      await item(incident.id, user.id, 'Cap the query time');

      // Two timer passes in two transactions at once: one takes each item's day.
      clock.set(at('2026-12-03T09:00:00Z'));
      const passes = await Promise.all(
        [0, 1].map(() =>
          server()
            .tdb.db.transaction()
            .execute((trx) => runActionItemReminders(trx, clock.now())),
        ),
      );
      assert.equal(passes[0]! + passes[1]!, 2, JSON.stringify(passes));

      // Two whole engines (on PostgreSQL, two connection pools) on the next day.
      const second = await startSecondEngine(server(), clock);
      try {
        await Promise.all([drain(), second.engine.drain()]);
        assert.equal(received('low').length, 2, 'the first day: one per item');
        clock.set(at('2026-12-04T09:00:00Z'));
        await Promise.all([drain(), second.engine.drain()]);
      } finally {
        await second.close();
      }
      assert.equal(received('low').length, 4, 'the next day: again one per item');
      const titles = received('low').map((h) => /"([^"]+)"/.exec(h.text)![1]);
      assert.deepEqual(titles.sort(), [
        'Add an index',
        'Add an index',
        'Cap the query time',
        'Cap the query time',
      ]);
    });
  },
  { clock: () => clock },
);
