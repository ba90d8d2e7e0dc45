import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { type ServerProcess, freePort, spawnTocsin, waitReady } from '../../test/crash/server-process.ts';
import { startSender } from '../../test/crash/sender.ts';
import { Rng } from '../../test/fuzz/mutate.ts';
import { DIALECTS, TEST_ADMIN_TOKEN, type TestDatabase, createTestDatabase } from '../../test/harness.ts';
import { openDatabase } from '../platform/db/connect.ts';

/**
 * Crash safety of ingest: Tocsin runs as its own process while this one keeps 8 PagerDuty triggers
 * in flight; the server is SIGKILLed at random moments and restarted, again and again. Only a 2xx
 * is a promise, so at the end every acknowledged dedup key must be stored exactly once (a retry
 * of an event whose answer was lost must fold into it, not duplicate it), with at least as many
 * occurrences as sends acknowledged for it. Failed requests may or may not have been stored.
 *
 * Timing: a start costs 2-4 s (tsx loads the sources; more on a busy 2-core machine), so 20
 * kills under load plus 2 during start-up take one to two minutes per dialect.
 */
const KILLS_UNDER_LOAD = 20;
// Every tenth restart is also killed at a random moment of its start-up (migrations, bootstrap);
// not more, as each costs another start.
const STARTUP_KILL_EVERY = 10;
const SEED = process.env.TOCSIN_CRASH_SEED ? Number(process.env.TOCSIN_CRASH_SEED) : randomInt(2 ** 32);
const CONCURRENCY = 8;

async function adminPost<T>(origin: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

for (const dialect of DIALECTS) {
  describe(`ingest survives SIGKILL without losing or duplicating acknowledged alerts [${dialect}]`, () => {
    let tdb: TestDatabase | undefined;
    let server: ServerProcess | undefined;

    before(async () => {
      tdb = await createTestDatabase(dialect);
      // The server process owns the database; this process reads it only once the chaos is over.
      await tdb.close();
    });

    after(async () => {
      await server?.kill();
      await tdb?.drop();
    });

    it(
      `${KILLS_UNDER_LOAD} kills under load: every 2xx trigger is stored exactly once`,
      { timeout: 240_000 },
      async (t) => {
        // The seed fixes the kill schedule and the sender's choices; how they interleave with the
        // server's work is up to the scheduler, which is the point.
        const rng = new Rng(SEED);
        const port = await freePort();
        const origin = `http://127.0.0.1:${port}`;
        const env = {
          TOCSIN_DATABASE_URL: tdb!.url,
          TOCSIN_HOST: '127.0.0.1',
          TOCSIN_PORT: String(port),
          TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          TOCSIN_LOG_LEVEL: 'silent',
        };
        const context = () => `crash seed ${SEED} (replay: TOCSIN_CRASH_SEED=${SEED})`;
        const t0 = Date.now();

        server = spawnTocsin(env);
        await waitReady(server, origin);
        const team = await adminPost<{ id: string }>(origin, '/api/v1/teams', { name: 'crash team' });
        const service = await adminPost<{ id: string }>(origin, '/api/v1/services', {
          name: 'crash service',
          team_id: team.id,
        });
        const integration = await adminPost<{ key: string }>(
          origin,
          `/api/v1/services/${service.id}/integrations`,
          { name: 'crash events', type: 'events-v2' },
        );

        const sender = startSender({
          port,
          routingKey: integration.key,
          prefix: `crash-${dialect}`,
          concurrency: CONCURRENCY,
          rng: new Rng(SEED + 1),
        });
        const inFlightAtKill: number[] = [];
        let startupKills = 0;
        try {
          for (let kill = 1; kill <= KILLS_UNDER_LOAD; kill++) {
            // Enough time for a few hundred requests, at a moment nobody chose.
            await delay(150 + rng.int(600));
            inFlightAtKill.push(sender.stats.inFlight);
            await server.kill();
            server = spawnTocsin(env);
            if (kill % STARTUP_KILL_EVERY === 0) {
              // Within a start's 2-4 s: loading, migrating, bootstrapping or just listening.
              await delay(rng.int(3000));
              await server.kill();
              startupKills++;
              server = spawnTocsin(env);
            }
            await waitReady(server, origin);
          }
          // A last stretch under load, so the final restart also proves it takes alerts again.
          const before = sender.stats.acked.size;
          await delay(500);
          assert.ok(
            sender.stats.acked.size > before,
            `${context()}: no alert accepted after the last restart`,
          );
        } finally {
          await sender.stop();
          await server.kill();
        }

        const { stats } = sender;
        const check = openDatabase(tdb!.url);
        try {
          const rows = await check.db
            .selectFrom('alerts')
            .select(['dedup_key', 'occurrences', 'status'])
            .where('service_id', '=', service.id)
            .execute();
          const byKey = new Map<string, { occurrences: number; status: string }[]>();
          for (const r of rows) byKey.set(r.dedup_key, [...(byKey.get(r.dedup_key) ?? []), r]);

          const problems: string[] = [];
          for (const [key, acks] of stats.acked) {
            const stored = byKey.get(key) ?? [];
            if (stored.length !== 1) problems.push(`${key}: acknowledged ${acks}x, stored ${stored.length}x`);
            else if (stored[0]!.occurrences < acks) {
              problems.push(
                `${key}: ${acks} sends acknowledged but only ${stored[0]!.occurrences} occurrences stored`,
              );
            }
          }
          for (const [key, stored] of byKey) {
            if (stored.length > 1) problems.push(`${key}: stored ${stored.length} times`);
            if (!stats.attempted.has(key)) problems.push(`${key}: stored but never sent`);
          }
          const unexpected = [...stats.unexpected].map(([s, n]) => `${s}: ${n}`).join(', ');
          // Sends that were committed but whose answer died with the server: occurrences beyond the
          // acknowledged sends. These are the retries that had to fold instead of duplicating.
          let committedUnanswered = 0;
          for (const [key, stored] of byKey) {
            committedUnanswered += Math.max(0, stored[0]!.occurrences - (stats.acked.get(key) ?? 0));
          }
          const summary =
            `${KILLS_UNDER_LOAD} kills under load + ${startupKills} during start-up in ${Date.now() - t0} ms; ` +
            `${stats.acked.size} keys acknowledged, ${[...stats.acked.values()].reduce((a, b) => a + b, 0)} 2xx answers, ` +
            `${stats.failed} requests failed, ${committedUnanswered} committed but unanswered, ` +
            `in flight at each kill: ${inFlightAtKill.join(' ')}`;
          assert.deepEqual(problems, [], `${context()}: ${summary}\n${problems.slice(0, 20).join('\n')}`);
          assert.equal(unexpected, '', `${context()}: answers other than 2xx: ${unexpected}`);
          // Kills with nothing in flight would test restarts, not crash safety.
          assert.ok(
            inFlightAtKill.filter((n) => n > 0).length >= KILLS_UNDER_LOAD * 0.75,
            `${context()}: too few kills hit requests in flight: ${summary}`,
          );
          assert.ok(stats.acked.size >= 500, `${context()}: too little load to mean anything: ${summary}`);
          t.diagnostic(summary);
        } finally {
          await check.close();
        }
      },
    );
  });
}
