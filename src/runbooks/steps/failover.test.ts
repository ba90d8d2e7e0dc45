import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { failoverCluster } from '../../../test/crash/cluster.ts';
import { adminPost } from '../../../test/crash/server-process.ts';
import { openDatabase } from '../../platform/db/connect.ts';

/**
 * Approved runbook steps with three engine processes on one PostgreSQL, one SIGKILLed mid-run and
 * restarted (issue 22): every run ends, and no request is sent twice. A run claimed but not yet
 * sent by the killed engine is claimed again by another after its lease lapses; one that was on
 * the wire ends `interrupted` and is not sent again, because the receiver may have had it. Each
 * request carries its run's id (`{{run.id}}`), which is how the receiver counts them.
 */
const ENGINES = 3;
const RUNS = 60;

describe('runbook steps: three engines, SIGKILL mid-run [postgres]', () => {
  const cluster = failoverCluster({ engines: ENGINES });

  it('every approved step runs once at most, and every run ends', { timeout: 240_000 }, async (t) => {
    const { origin, databaseUrl, receiver, engines, startEngine } = await cluster();
    const team = await adminPost<{ id: string }>(origin, '/api/v1/teams', { name: 'Payments team' });
    const service = await adminPost<{ id: string }>(origin, '/api/v1/services', {
      name: 'Payments',
      team_id: team.id,
    });
    const integration = await adminPost<{ key: string }>(
      origin,
      `/api/v1/services/${service.id}/integrations`,
      {
        name: 'am',
        type: 'alertmanager',
      },
    );
    const sent = await fetch(`${origin}/integrations/${integration.key}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { labels: { alertname: 'QueueStuck', instance: 'q-1' }, annotations: { summary: 'stuck' } },
      ]),
    });
    assert.equal(sent.status, 200);
    const handle = openDatabase(databaseUrl);
    try {
      const db = handle.db;
      let incident: { id: string } | undefined;
      for (let i = 0; i < 100 && incident === undefined; i++) {
        incident = await db
          .selectFrom('incidents')
          .select('id')
          .where('service_id', '=', service.id)
          .executeTakeFirst();
        if (incident === undefined) await delay(50);
      }
      assert.ok(incident, 'the alert opened an incident');
      const runbook = await adminPost<{ id: string }>(origin, '/api/v1/runbooks', { title: 'Unstick queue' });
      const step = await adminPost<{ id: string }>(origin, `/api/v1/runbooks/${runbook.id}/steps`, {
        name: 'Kick',
        approval: 'safe',
        url: `${receiver.url}/kick/{{labels.instance}}`,
        headers: [{ name: 'Idempotency-Key', value: '{{run.id}}' }],
        timeout_seconds: 2,
      });

      const killer = (async () => {
        while (receiver.requests.length < RUNS / 3) await delay(5);
        await engines[0]!.kill();
        t.diagnostic(`killed engine 0 after ${receiver.requests.length} requests`);
        await delay(2000);
        await startEngine(0);
      })();
      const ids: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run: { id: string; status: string } = await adminPost(
          origin,
          `/api/v1/runbooks/${runbook.id}/steps/${step.id}/runs`,
          {
            incident_id: incident.id,
          },
        );
        assert.equal(run.status, 'queued');
        ids.push(run.id);
        await delay(10);
      }
      await killer;

      const deadline = Date.now() + 90_000;
      let rows: { id: string; status: string }[] = [];
      for (;;) {
        rows = await db
          .selectFrom('runbook_runs')
          .select(['id', 'status'])
          .where('step_id', '=', step.id)
          .execute();
        const open = rows.filter((r) => ['queued', 'claimed', 'sending'].includes(r.status));
        if (open.length === 0 || Date.now() > deadline) break;
        await delay(250);
      }
      const byRun = new Map<string, number>();
      for (const r of receiver.requests) {
        const key = String(r.headers['idempotency-key']);
        byRun.set(key, (byRun.get(key) ?? 0) + 1);
      }
      const statuses = rows.map((r) => r.status);
      t.diagnostic(
        `${receiver.requests.length} requests; ${JSON.stringify(Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])))}`,
      );
      assert.equal(rows.length, RUNS);
      for (const r of rows) {
        assert.ok(['succeeded', 'interrupted'].includes(r.status), `${r.id} ended ${r.status}`);
        const received = byRun.get(r.id) ?? 0;
        assert.ok(received <= 1, `${r.id} was sent ${received} times`);
        if (r.status === 'succeeded') assert.equal(received, 1, `${r.id} succeeded once`);
      }
      assert.ok(
        [...byRun.keys()].every((k) => ids.includes(k)),
        'every request is one of the runs',
      );
    } finally {
      await handle.close();
    }
  });
});
