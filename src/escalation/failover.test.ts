import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { failoverCluster } from '../../test/crash/cluster.ts';
import { adminPost } from '../../test/crash/server-process.ts';
import { openDatabase } from '../platform/db/connect.ts';

/**
 * Failover: one API process and three engine processes on one PostgreSQL; 500 incidents, each
 * with a two-level policy (level 2 one minute after level 1). Engines are SIGKILLed mid-run and
 * restarted. Every page that should be sent must arrive, and the receiver must never see the
 * same idempotency key with different content; repeats of a key can only come from an engine
 * killed between sending and recording (its lease expires, another engine sends again with the
 * same key), and the test reports how many there were.
 */
const INCIDENTS = 500;
const ENGINES = 3;
const LEVEL_DELAY_MINUTES = 1;

describe('escalation failover: three engines on one PostgreSQL, SIGKILL mid-run [postgres]', () => {
  const cluster = failoverCluster({
    engines: ENGINES,
    env: { TOCSIN_NOTIFY_THROTTLE: 'webhook=1000000/1m' },
  });

  it(
    'every page arrives; repeats only of one key, only from a killed engine',
    { timeout: 300_000 },
    async (t) => {
      const { origin, databaseUrl, receiver, engines, startEngine } = await cluster();

      const user = async (name: string) => {
        const u = await adminPost<{ id: string }>(origin, '/api/v1/users', {
          name,
          email: `${name}@example.com`,
          role: 'responder',
          contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}` }],
        });
        return u.id;
      };
      const first = await user('first');
      const second = await user('second');
      const team = await adminPost<{ id: string }>(origin, '/api/v1/teams', { name: 'failover' });
      const policy = await adminPost<{ id: string }>(origin, '/api/v1/escalation-policies', {
        name: 'two levels',
        levels: [
          { delay_minutes: LEVEL_DELAY_MINUTES, targets: [{ type: 'user', id: first }] },
          { delay_minutes: LEVEL_DELAY_MINUTES, targets: [{ type: 'user', id: second }] },
        ],
      });
      const service = await adminPost<{ id: string }>(origin, '/api/v1/services', {
        name: 'failover',
        team_id: team.id,
        escalation_policy_id: policy.id,
      });
      const { key } = await adminPost<{ key: string }>(
        origin,
        `/api/v1/services/${service.id}/integrations`,
        {
          name: 'events',
          type: 'events-v2',
        },
      );

      // Alerts go in while the engines page; the first engine dies a third of the way through
      // level 1, the second during level 2, each restarted two seconds later.
      const killAfterPages = async (pages: number, i: number) => {
        while (receiver.requests.length < pages) await delay(5);
        await engines[i]!.kill();
        t.diagnostic(`killed engine ${i} after ${receiver.requests.length} page requests`);
        await delay(2000);
        await startEngine(i);
      };
      const firstKill = killAfterPages(INCIDENTS / 3, 0);
      for (let i = 0; i < INCIDENTS; i += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, j) =>
            adminPost(origin, '/v2/enqueue', {
              routing_key: key,
              event_action: 'trigger',
              dedup_key: `failover-${i + j}`,
              payload: { summary: `failover ${i + j}`, source: 'test', severity: 'critical' },
            }),
          ),
        );
      }
      await firstKill;
      await killAfterPages(INCIDENTS + INCIDENTS / 3, 1);

      const expected = INCIDENTS * 2;
      const distinct = () => new Set(receiver.requests.map((r) => String(r.headers['idempotency-key']))).size;
      const deadline = Date.now() + 150_000;
      while (distinct() < expected && Date.now() < deadline) await delay(200);
      // A page sent by an engine killed before it recorded the outcome stays 'sending' until
      // its lease (2 x 2 s + 5 s) expires and another engine sends it again: wait for that, so
      // the repeat it causes is counted too.
      const watch = openDatabase(databaseUrl);
      try {
        const settleBy = Date.now() + 60_000;
        for (;;) {
          const open = await watch.db
            .selectFrom('notifications')
            .select('id')
            .where('status', 'in', ['pending', 'sending'])
            .execute();
          if (open.length === 0 || Date.now() > settleBy) break;
          await delay(500);
        }
      } finally {
        await watch.close();
      }
      await delay(500);

      const byKey = new Map<string, string[]>();
      for (const r of receiver.requests) {
        const k = String(r.headers['idempotency-key']);
        byKey.set(k, [...(byKey.get(k) ?? []), r.body]);
      }
      const repeats = receiver.requests.length - byKey.size;
      t.diagnostic(
        `${receiver.requests.length} requests, ${byKey.size} distinct idempotency keys, ${repeats} repeats`,
      );
      assert.equal(byKey.size, expected, 'every page arrived');
      for (const [k, bodies] of byKey) {
        const incidents = bodies.map((b) =>
          JSON.stringify((JSON.parse(b) as { incidents: { id: string }[] }).incidents.map((i) => i.id)),
        );
        assert.equal(new Set(incidents).size, 1, `key ${k} always names the same incident`);
      }
      const perUser = (name: string) =>
        receiver.requests
          .filter((r) => r.path === `/${name}`)
          .map((r) => String(r.headers['idempotency-key']));
      assert.equal(new Set(perUser('first')).size, INCIDENTS, 'level 1 paged once per incident');
      assert.equal(new Set(perUser('second')).size, INCIDENTS, 'level 2 paged once per incident');

      const db = openDatabase(databaseUrl);
      try {
        const rows = await db.db.selectFrom('notifications').select(['id', 'status', 'attempts']).execute();
        assert.equal(rows.length, expected, 'one notification per incident and level, none created twice');
        assert.deepEqual([...new Set(rows.map((r) => r.status))], ['sent']);
        const pages = await db.db.selectFrom('pages').select(['incident_id', 'step']).execute();
        assert.equal(pages.length, expected);
        // A repeat is only possible for a notification that was claimed more than once.
        const retaken = new Set(rows.filter((r) => r.attempts > 1).map((r) => r.id));
        for (const [k, bodies] of byKey)
          if (bodies.length > 1) assert.ok(retaken.has(k), `${k} repeated without a takeover`);
        t.diagnostic(`${retaken.size} notifications taken over after a kill`);
      } finally {
        await db.close();
      }
    },
  );
});
