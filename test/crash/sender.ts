import { Agent, request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Rng } from '../fuzz/mutate.ts';
import { pdTrigger } from '../fuzz/samples.ts';

/**
 * A PagerDuty-style sender that keeps `concurrency` trigger events in flight against a server
 * that keeps dying. Like a real client it retries a failed event with the same dedup key until it
 * gets an answer, and it sometimes re-sends an alert it already had acknowledged (a repeat, which
 * must fold into the stored alert). Only a 2xx it received in full counts as a promise.
 */
export interface SenderStats {
  /** dedup key -> how many of its sends were answered 2xx (the first trigger and any repeats). */
  acked: Map<string, number>;
  /** Every dedup key ever sent, answered or not. */
  attempted: Set<string>;
  /** Requests that died with the server (reset, refused, timed out). */
  failed: number;
  /** Answers other than 2xx, by status: none are expected, the server only ever dies. */
  unexpected: Map<number, number>;
  inFlight: number;
}

interface Answer {
  status: number;
  body: string;
}

function post(agent: Agent, port: number, path: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        // A reset half-way through the body: the answer never fully arrived, so it promised nothing.
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('error', reject);
      },
    );
    // The server may be mid-restart, but a live one answers in milliseconds: a hang is a failure.
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface Sender {
  stats: SenderStats;
  /** Stops sending and resolves once every request in flight has settled. */
  stop(): Promise<void>;
}

export function startSender(opts: {
  port: number;
  routingKey: string;
  prefix: string;
  concurrency: number;
  rng: Rng;
}): Sender {
  const stats: SenderStats = {
    acked: new Map(),
    attempted: new Set(),
    failed: 0,
    unexpected: new Map(),
    inFlight: 0,
  };
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  let stopped = false;
  let counter = 0;
  const ackedKeys: string[] = [];

  const worker = async () => {
    let pending: string | undefined;
    while (!stopped) {
      // One send in ten repeats an acknowledged alert; otherwise retry the pending key or start a new one.
      const repeat = pending === undefined && ackedKeys.length > 0 && opts.rng.chance(0.1);
      const key = repeat ? opts.rng.pick(ackedKeys) : (pending ?? `${opts.prefix}-${counter++}`);
      if (!repeat) pending = key;
      stats.attempted.add(key);
      const body = JSON.stringify(
        pdTrigger(opts.routingKey, {
          dedup_key: key,
          payload: { summary: `crash test ${key}`, source: 'crash-test', severity: 'critical' },
        }),
      );
      stats.inFlight++;
      try {
        const res = await post(agent, opts.port, '/v2/enqueue', body);
        if (res.status >= 200 && res.status < 300) {
          if (!stats.acked.has(key)) ackedKeys.push(key);
          stats.acked.set(key, (stats.acked.get(key) ?? 0) + 1);
          if (!repeat) pending = undefined;
        } else {
          stats.unexpected.set(res.status, (stats.unexpected.get(res.status) ?? 0) + 1);
        }
      } catch {
        stats.failed++;
        // The server is down or restarting: back off a little instead of spinning on refusals.
        await delay(50);
      } finally {
        stats.inFlight--;
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency }, worker);
  return {
    stats,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}
