import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import {
  buildEscalationPolicy,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  uniqueName,
} from '../../test/factories.ts';
import { DIALECTS, TEST_OUTBOUND_ALLOW, type TestServer, api, startTestServer } from '../../test/harness.ts';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from '../../test/receivers.ts';
import { loadConfig } from '../platform/config.ts';
import { newId } from '../platform/ids.ts';
import type { Dialect } from '../platform/db/connect.ts';
import { type Tocsin, startTocsin } from '../server.ts';
import { nextDueAt } from './due.ts';
import { WORK_CHANNEL, announceWork } from '../platform/wake.ts';

/**
 * The engine on the real clock, running on its own (`start()`), as it does in production: no
 * drain() by hand. These tests measure when pages arrive at a local receiver, so they show
 * that the engine sleeps until the next due item and is woken by new work, instead of polling.
 * The engine never sleeps more than 10 s (MAX_IDLE_MS in engine.ts), so each bound below is
 * far enough under 10 s that an engine that only woke up on its backstop would fail it.
 */

type App = Parameters<typeof api>[0];

let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

/** Resolves with the first request to `path`; rejects after `timeoutMs`. */
async function arrival(path: string, timeoutMs = 15_000): Promise<ReceivedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = receiver.requests.find((r) => r.path === path);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`nothing arrived at ${path} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A responder paged by webhook at once; returns the receiver path the pages go to. */
async function responder(app: App): Promise<{ id: string; path: string }> {
  const path = `/${uniqueName('u').replace(/\W/g, '')}/webhook`;
  const user = await buildUser(app, {
    role: 'responder',
    contact_methods: [{ type: 'webhook', address: receiver.url + path }],
  });
  await buildNotificationRule(app, user.id, user.contact_methods[0]!.id, { delay_minutes: 0 });
  return { id: user.id, path };
}

async function serviceWith(app: App, levels: { delay_minutes: number; targets: unknown[] }[]) {
  const policy = await buildEscalationPolicy(app, { levels });
  const service = await buildService(app, { escalation_policy_id: policy.id });
  return (await buildIntegration(app, 'events-v2', {}, service.id)).key;
}

/** Posts a PagerDuty trigger; resolves once it is committed (202). */
async function trigger(app: App, key: string): Promise<string> {
  const dedup = uniqueName('d').replace(/\W/g, '-');
  const res = await api(app, 'POST', '/v2/enqueue', {
    token: null,
    body: {
      routing_key: key,
      event_action: 'trigger',
      dedup_key: dedup,
      payload: { summary: `Disk full ${dedup}`, source: 'db-1', severity: 'critical' },
    },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return dedup;
}

/** Resolves once every notification of the incident is recorded as sent. */
async function settled(server: TestServer, incidentId: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const open = await server.tdb.db
      .selectFrom('notifications')
      .select('status')
      .where('incident_id', '=', incidentId)
      .where('status', '<>', 'sent')
      .execute();
    if (open.length === 0) return;
    if (Date.now() > deadline) throw new Error(`notifications still ${open.map((n) => n.status).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What a writer of due work does after committing it: NOTIFY on PostgreSQL, in-process on SQLite. */
async function pokeLikeProduction(server: TestServer): Promise<void> {
  if (server.dialect === 'sqlite') {
    await announceWork(server.tdb.db, 'sqlite');
    return;
  }
  // From a connection of its own, as another node (or another process) would send it.
  const client = new pg.Client({ connectionString: server.tdb.url });
  await client.connect();
  try {
    await client.query('select pg_notify($1, $2)', [WORK_CHANNEL, '']);
  } finally {
    await client.end();
  }
}

for (const dialect of DIALECTS) {
  describe(`engine on the real clock [${dialect}]`, () => {
    let server: TestServer | undefined;
    const s = () => server!;

    before(async () => {
      server = await startTestServer(dialect);
      s().tocsin.engine.start();
    });
    after(async () => {
      await server?.tocsin.engine.stop();
      await server?.close();
    });

    it('pages level 1 at once and escalates to level 2 on time', async (t) => {
      const { app } = s();
      const alice = await responder(app);
      const bob = await responder(app);
      const key = await serviceWith(app, [
        { delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] },
        { delay_minutes: 5, targets: [{ type: 'user', id: bob.id }] },
      ]);

      // The engine has been idle since before() (nothing due: it sleeps its 10-s maximum), so a
      // quick level-1 page means the trigger's commit woke it (announceWork in lifecycle.ts).
      const triggeredAt = Date.now();
      const dedup = await trigger(app, key);
      const first = await arrival(alice.path);
      const wakeMs = first.at - triggeredAt;
      t.diagnostic(`level 1 paged ${wakeMs} ms after the trigger was posted`);
      assert.ok(wakeMs < 2000, `level 1 took ${wakeMs} ms: the trigger did not wake the engine`);

      const { incident_id: incidentId } = await s()
        .tdb.db.selectFrom('alerts')
        .select('incident_id')
        .where('dedup_key', '=', dedup)
        .executeTakeFirstOrThrow();
      // Recording a delivery makes the engine look again at once (engine.ts, dispatch). Let that
      // pass finish and the engine go back to sleep, computed from the 5-minute due time, before
      // moving it: otherwise that pass could read the moved time itself and the poke below would
      // not be what is tested (without this wait the test passes even with the poke removed).
      await settled(s(), incidentId!);
      await new Promise((resolve) => setTimeout(resolve, 500));

      // Policy delays are whole minutes (level 2 is due 5 minutes after level 1): too long to wait
      // for in a test. The engine wrote that due time in the transaction that paged level 1; it
      // is moved to 1.5 s from now straight in the database.
      const dueAt = Date.now() + 1500;
      const moved = await s()
        .tdb.db.updateTable('incident_escalations')
        .set({ due_at: dueAt })
        .where('incident_id', '=', incidentId!)
        .where('level', '=', 1)
        .where('state', '=', 'active')
        .executeTakeFirst();
      assert.equal(Number(moved.numUpdatedRows), 1, 'level 2 was scheduled');
      // The engine computed its sleep from the old due time (5 minutes away, so its 10-s maximum)
      // and would not see the new one until then. So the write is announced the way writers of
      // due work in src/ announce theirs (announceWork after ingest or an acknowledgement with a
      // timeout). The poke comes 1.5 s early, finds nothing due yet, so what this measures is a
      // woken engine re-reading the schedule, sleeping exactly until the earliest due time (not
      // its idle maximum) and firing the level then; the 10-s backstop would be ~8.5 s late.
      // The other path, an engine that just wrote a due time sleeping until it, is the same
      // nextDueAt/sleep code but needs a whole-minute wait, so it is not timed here.
      await pokeLikeProduction(s());

      const second = await arrival(bob.path);
      const lateMs = second.at - dueAt;
      t.diagnostic(`level 2 paged ${lateMs} ms after its due time`);
      assert.ok(lateMs >= 0, `level 2 paged ${-lateMs} ms before it was due`);
      assert.ok(lateMs < 1000, `level 2 paged ${lateMs} ms late`);
      assert.equal(receiver.requests.filter((r) => r.path === alice.path).length, 1);
      assert.equal(receiver.requests.filter((r) => r.path === bob.path).length, 1);

      const kinds = (
        await api<{ data: { kind: string }[] }>(app, 'GET', `/api/v1/incidents/${incidentId}/timeline`)
      ).body.data.map((e) => e.kind);
      assert.equal(kinds.filter((k) => k === 'escalated').length, 2, kinds.join(', '));
    });

    it('wakes for an overdue status update and reminds the commander on time', async (t) => {
      const { app } = s();
      const alice = await responder(app);
      const carol = await responder(app);
      const key = await serviceWith(app, [{ delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] }]);
      const dedup = await trigger(app, key);
      await arrival(alice.path);
      const { incident_id: incidentId } = await s()
        .tdb.db.selectFrom('alerts')
        .select('incident_id')
        .where('dedup_key', '=', dedup)
        .executeTakeFirstOrThrow();
      await settled(s(), incidentId!);
      await s()
        .tdb.db.insertInto('incident_role_assignments')
        .values({
          id: newId('rol'),
          incident_id: incidentId!,
          role: 'commander',
          user_id: carol.id,
          assigned_at: Date.now(),
          assigned_by: 'system:test',
          ended_at: null,
          ended_by: null,
        })
        .execute();
      // Cadences are whole minutes; the due time is moved to 1.5 s from now, as above.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const dueAt = Date.now() + 1500;
      await s()
        .tdb.db.updateTable('incidents')
        .set({ severity: 'SEV1', next_update_due_at: dueAt })
        .where('id', '=', incidentId!)
        .execute();
      await pokeLikeProduction(s());
      const reminder = await arrival(carol.path);
      const lateMs = reminder.at - dueAt;
      t.diagnostic(`reminded ${lateMs} ms after the update was due`);
      assert.equal((reminder.json as { event: string }).event, 'incident.update_due');
      assert.ok(lateMs >= 0, `reminded ${-lateMs} ms before the update was due`);
      // Timers are looked at once a second at most (engine.ts), hence a wider bound than pages.
      assert.ok(lateMs < 2000, `reminded ${lateMs} ms late`);
    });
  });
}

describe('an engine-role process is woken by NOTIFY from an api-role one [postgres]', () => {
  const dialect: Dialect = 'postgres';
  // The api side: a booted Tocsin whose engine is never started, so it only writes and NOTIFYs.
  let apiSide: TestServer | undefined;
  let engineSide: Tocsin | undefined;

  before(async () => {
    apiSide = await startTestServer(dialect);
  });
  after(async () => {
    await engineSide?.close();
    await apiSide?.close();
  });

  it('pages in well under the 10-s idle sleep after an alert arrives through the api process', async (t) => {
    const { app, tdb } = apiSide!;
    const alice = await responder(app);
    const key = await serviceWith(app, [{ delay_minutes: 5, targets: [{ type: 'user', id: alice.id }] }]);

    engineSide = await startTocsin(
      loadConfig({
        TOCSIN_DATABASE_URL: tdb.url,
        TOCSIN_ROLE: 'engine',
        TOCSIN_LOG_LEVEL: 'warn',
        TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
      }),
    );
    assert.equal(engineSide.app, undefined, 'an engine-role process serves no HTTP');
    // Nothing is due, so after its first pass the engine sleeps its 10-s maximum; a second
    // gives it time to LISTEN and go to sleep. Only a NOTIFY can page in the next ~9 s.
    assert.equal(await nextDueAt(tdb.db), null, 'nothing scheduled');
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const triggeredAt = Date.now();
    await trigger(app, key);
    const committedMs = Date.now() - triggeredAt;
    const page = await arrival(alice.path);
    const latencyMs = page.at - triggeredAt;
    t.diagnostic(`trigger committed in ${committedMs} ms; paged ${latencyMs} ms after it was posted`);
    assert.ok(latencyMs < 2000, `paged after ${latencyMs} ms: NOTIFY did not wake the engine`);
    assert.equal(receiver.requests.filter((r) => r.path === alice.path).length, 1);
  });
});
