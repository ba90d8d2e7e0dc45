import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildNotificationRule, buildUser, triggerPagingAlert, uniqueName } from '../../test/factories.ts';
import { describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * Recording what sends did (deliver.ts recordDeliveries): deliveries set-based, failures one at
 * a time, each only under the lease this engine still holds. Three pages of one escalation step
 * go out together and answer together: one delivered, one refused (500: a retry), and one whose
 * lease another engine takes over while it is on the wire (a send that outlived its lease).
 */

let receiver: HttpReceiver;
const ANSWER_AFTER_MS = 300;

before(async () => {
  receiver = await startHttpReceiver({
    respond: (r) => ({ status: r.path.endsWith('/down') ? 500 : 200, delayMs: ANSWER_AFTER_MS }),
  });
});
after(() => receiver.close());

describeEachDialect(
  'recording send outcomes',
  (server) => {
    const db = () => server().tdb.db;

    async function pagedBy(outcome: 'ok' | 'down' | 'taken') {
      const name = uniqueName(outcome).replace(/\W/g, '');
      const user = await buildUser(server().app, {
        name,
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}/${outcome}` }],
      });
      const [method] = user.contact_methods as { id: string }[];
      await buildNotificationRule(server().app, user.id, method!.id);
      return { id: user.id, name };
    }

    const notificationOf = (userId: string) =>
      db()
        .selectFrom('notifications')
        .select(['id', 'status', 'locked_by', 'sent_at'])
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();

    it('records a delivery and a failure, and leaves alone a send whose lease was taken over', async () => {
      const ok = await pagedBy('ok');
      const down = await pagedBy('down');
      const taken = await pagedBy('taken');
      const serviceId = await triggerPagingAlert(server().app, [ok.id, down.id, taken.id]);
      const incident = await db()
        .selectFrom('incidents')
        .select('id')
        .where('service_id', '=', serviceId)
        .executeTakeFirstOrThrow();

      // The receiver is shared by both databases' runs: wait for this run's three pages.
      const earlier = receiver.requests.length;
      const drained = server().tocsin.engine.drain();
      // While the page is on the wire, another engine takes its lease (ours expired, say).
      await receiver.waitFor(earlier + 3);
      assert.ok(receiver.requests.slice(earlier).some((r) => r.path.includes(taken.name)));
      const mine = await notificationOf(taken.id);
      assert.equal(mine.status, 'sending');
      await db()
        .updateTable('notifications')
        .set({ locked_by: 'another-engine' })
        .where('id', '=', mine.id)
        .execute();
      const deliveries = await drained;

      const by = (userId: string) => deliveries.find((d) => d.claim.userId === userId);
      assert.deepEqual(
        [ok, down, taken].map((u) => [by(u.id)?.recorded, by(u.id)?.followUp]),
        [
          [true, false],
          [true, true],
          [false, false],
        ],
        'delivered: recorded; refused: recorded with a retry to follow; taken over: not ours to record',
      );

      const sent = await notificationOf(ok.id);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.locked_by, null);
      assert.equal(sent.sent_at, server().clock.now());
      assert.equal((await notificationOf(down.id)).status, 'pending', 'a retry is scheduled');
      const other = await notificationOf(taken.id);
      assert.deepEqual([other.status, other.locked_by], ['sending', 'another-engine'], 'the new holder’s');

      const attempts = await db()
        .selectFrom('notification_attempts')
        .innerJoin('notifications', 'notifications.id', 'notification_attempts.notification_id')
        .select(['notifications.user_id', 'notification_attempts.outcome', 'notification_attempts.attempt'])
        .where('notifications.incident_id', '=', incident.id)
        .execute();
      assert.deepEqual(
        attempts.map((a) => [a.user_id, a.outcome, a.attempt]).sort(),
        [
          [ok.id, 'delivered', 1],
          [down.id, 'failed', 1],
        ].sort(),
        'one attempt each for what this engine recorded, none for the send it lost',
      );

      const timeline = await db()
        .selectFrom('incident_timeline')
        .select(['kind', 'message'])
        .where('incident_id', '=', incident.id)
        .where('kind', 'in', ['notified', 'notification_failed'])
        .orderBy('id')
        .execute();
      assert.deepEqual(timeline.map((t) => t.kind).sort(), ['notification_failed', 'notified']);
      assert.ok(
        timeline.some((t) => t.message === `Notified ${ok.name} by webhook`),
        JSON.stringify(timeline),
      );
      assert.ok(!timeline.some((t) => t.message.includes(taken.name)), 'nothing said of the lost send');
    });
  },
  {
    clock: () => fixedClock(Date.parse('2026-11-25T10:00:00Z')),
    env: { TOCSIN_NOTIFY_RETRY_BASE_MS: '60000' },
  },
);
