import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { runDueEscalations } from '../escalation/step.ts';
import { type Claim, claimNotifications } from '../notify/claim.ts';
import { type Delivery, deliver } from '../notify/deliver.ts';
import type { DbHandle } from '../platform/db/connect.ts';
import type { EngineDeps } from './deps.ts';
import { nextDueAt } from './due.ts';
import { runDueTimers } from './timers.ts';
import { WORK_CHANNEL, onLocalWork } from './wake.ts';

/** Sends in flight per process; one slow receiver occupies one slot, not the engine. */
const MAX_IN_FLIGHT = 256;
/**
 * Longest sleep with nothing due. Engines are woken by NOTIFY (PostgreSQL) or in-process, so
 * this is only a backstop for a missed notification or a clock change, not the schedule.
 */
const MAX_IDLE_MS = 10_000;

export interface Engine {
  /** One pass over everything due now; resolves with how many items it handled. */
  runOnce(): Promise<number>;
  /** Waits for every send started so far to be sent and recorded. */
  settle(): Promise<Delivery[]>;
  /** Runs passes until nothing is due and nothing is in flight (tests with a fixed clock). */
  drain(): Promise<Delivery[]>;
  start(): void;
  stop(): Promise<void>;
}

export function newEngineId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function createEngine(deps: EngineDeps, handle?: Pick<DbHandle, 'listen'>): Engine {
  const inFlight = new Set<Promise<Delivery>>();
  const finished: Delivery[] = [];
  let stopped = true;
  let wake: (() => void) | undefined;
  let pending = false;
  let loop: Promise<void> = Promise.resolve();
  const unlisten: (() => Promise<void> | void)[] = [];

  const poke = () => {
    pending = true;
    wake?.();
  };

  const dispatch = (claims: Claim[]) => {
    for (const c of claims) {
      const p: Promise<Delivery> = deliver(deps, c)
        .catch((e: unknown): Delivery => {
          deps.log?.error({ err: e, notification: c.leaderId }, 'recording a delivery failed');
          return {
            claim: c,
            result: { ok: false, responseCode: null, error: String(e), retryable: true },
            latencyMs: 0,
            recorded: false,
          };
        })
        .then((d) => {
          finished.push(d);
          return d;
        })
        .finally(() => {
          inFlight.delete(p);
          // A failure may have scheduled a retry or a fall-through: look again.
          poke();
        });
      inFlight.add(p);
    }
  };

  const runOnce = async (): Promise<number> => {
    let handled = 0;
    for (;;) {
      const { handled: n, claims } = await runDueEscalations(deps);
      dispatch(claims);
      handled += n;
      if (n === 0) break;
    }
    const room = MAX_IN_FLIGHT - inFlight.size;
    if (room > 0) {
      const now = deps.clock.now();
      const claims = await deps.db
        .transaction()
        .execute((trx) => claimNotifications(trx, deps, now, { limit: room }));
      dispatch(claims);
      handled += claims.length;
    }
    handled += await runDueTimers(deps);
    return handled;
  };

  const settle = async (): Promise<Delivery[]> => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    return finished.splice(0);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const run = async () => {
    while (!stopped) {
      pending = false;
      let handled: number;
      try {
        handled = await runOnce();
      } catch (e) {
        deps.log?.error({ err: e }, 'engine pass failed');
        await sleep(1000);
        continue;
      }
      finished.splice(0);
      if (stopped) break;
      if (handled > 0 || pending) continue;
      const next = await nextDueAt(deps.db).catch(() => null);
      const now = deps.clock.now();
      // Something due but locked by another engine (or a writer): look again shortly.
      const wait = next === null ? MAX_IDLE_MS : Math.min(MAX_IDLE_MS, Math.max(10, next - now));
      if (!pending) await sleep(wait);
    }
  };

  return {
    runOnce,
    settle,
    drain: async () => {
      const all: Delivery[] = [];
      for (;;) {
        const n = await runOnce();
        all.push(...(await settle()));
        if (n === 0 && inFlight.size === 0) return all;
      }
    },
    start() {
      if (!stopped) return;
      stopped = false;
      unlisten.push(onLocalWork(poke));
      if (handle)
        unlisten.push(
          handle.listen(WORK_CHANNEL, poke, (e) => deps.log?.warn({ err: e }, 'LISTEN failed; reconnecting')),
        );
      loop = run();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      for (const u of unlisten.splice(0)) await u();
      await settle();
    },
  };
}
