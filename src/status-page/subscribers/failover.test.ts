import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { failoverCluster } from '../../../test/crash/cluster.ts';
import { adminPost } from '../../../test/crash/server-process.ts';
import { openDatabase } from '../../platform/db/connect.ts';

/**
 * Webhook subscribers with three engine processes on one PostgreSQL, one SIGKILLed mid-run and
 * restarted: every (update, subscriber) arrives, under one idempotency key that always carries
 * the same update. A repeat of a key can only come from an engine killed between sending and
 * recording (its lease expires and another engine sends again with the same key, which is how
 * receivers drop it); the test counts them and checks each was taken over.
 */
const ENGINES = 3;
const SUBSCRIBERS = 10;
const UPDATES = 40;

describe('status page webhooks: three engines, SIGKILL mid-run [postgres]', () => {
  const cluster = failoverCluster({ engines: ENGINES });

  it(
    'each update reaches each subscriber; repeats only from a killed engine',
    { timeout: 240_000 },
    async (t) => {
      const { origin, databaseUrl, receiver, engines, startEngine } = await cluster();
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const res = await fetch(`${origin}/status/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ webhook_url: `${receiver.url}/s${i}` }),
        });
        assert.equal(res.status, 202, await res.text());
      }

      const handle = openDatabase(databaseUrl);
      try {
        const db = handle.db;
        const P = '/api/v1/status-page';
        const component = await adminPost<{ id: string }>(origin, `${P}/components`, { name: 'API' });
        const expected = SUBSCRIBERS * UPDATES;
        const killer = (async () => {
          while (receiver.requests.length < expected / 3) await delay(5);
          await engines[0]!.kill();
          t.diagnostic(`killed engine 0 after ${receiver.requests.length} deliveries`);
          await delay(2000);
          await startEngine(0);
        })();
        // Posted through the api process as a comms lead posts them; each post wakes the engines.
        const incident = await adminPost<{ id: string }>(origin, `${P}/incidents`, {
          name: 'Outage',
          body: 'update 0',
          components: { [component.id]: 'major_outage' },
        });
        for (let i = 1; i < UPDATES; i++) {
          await delay(20);
          await adminPost(origin, `${P}/incidents/${incident.id}/updates`, {
            status: 'investigating',
            body: `update ${i}`,
          });
        }
        await killer;

        const distinct = () =>
          new Set(receiver.requests.map((r) => String(r.headers['idempotency-key']))).size;
        const deadline = Date.now() + 90_000;
        while (distinct() < expected && Date.now() < deadline) await delay(200);
        // A delivery sent by the killed engine but not recorded waits for its lease to expire and
        // is sent again: wait for that too, so the repeat is counted.
        const settleBy = Date.now() + 60_000;
        for (;;) {
          const open = await db
            .selectFrom('status_deliveries')
            .select('id')
            .where('status', 'in', ['pending', 'sending'])
            .execute();
          if (open.length === 0 || Date.now() > settleBy) break;
          await delay(500);
        }
        await delay(500);

        const byKey = new Map<string, string[]>();
        for (const r of receiver.requests) {
          const k = String(r.headers['idempotency-key']);
          const body = r.json as { incident: { incident_updates: { id: string }[] } };
          byKey.set(k, [...(byKey.get(k) ?? []), body.incident.incident_updates[0]!.id]);
        }
        t.diagnostic(`${receiver.requests.length} requests, ${byKey.size} keys`);
        assert.equal(byKey.size, expected, 'every update reached every subscriber');
        for (const [k, updates] of byKey) {
          assert.equal(new Set(updates).size, 1, `key ${k} always carries the same update`);
          assert.ok(k.startsWith(`update:${updates[0]}:`), k);
        }
        const rows = await db
          .selectFrom('status_deliveries')
          .select(['idempotency_key', 'status', 'attempts'])
          .execute();
        const updateRows = rows.filter((r) => r.idempotency_key.startsWith('update:'));
        assert.equal(updateRows.length, expected, 'one delivery per update and subscriber');
        assert.deepEqual([...new Set(updateRows.map((r) => r.status))], ['sent']);
        const retaken = new Set(updateRows.filter((r) => r.attempts > 1).map((r) => r.idempotency_key));
        for (const [k, updates] of byKey)
          if (updates.length > 1) assert.ok(retaken.has(k), `${k} repeated without a takeover`);
        t.diagnostic(`${retaken.size} deliveries taken over after the kill`);
      } finally {
        await handle.close();
      }
    },
  );
});
