import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { MAX_STEP_BATCH, STEP_BATCH, runDueEscalations } from '../escalation/step.ts';
import { type Claim, claimNotifications } from '../notify/claim.ts';
import { type Delivery, type Sent, recordDeliveries, send } from '../notify/deliver.ts';
import type { DbHandle } from '../platform/db/connect.ts';
import type { EngineDeps } from '../platform/engine-deps.ts';
import { pageRunbookLinks } from '../runbooks/links.ts';
import { createRunbookWorker } from '../runbooks/steps/worker.ts';
import { type DueTimes, dueTimes, nextDueAt } from './due.ts';
import { runDueTimers } from './timers.ts';
import { WORK_CHANNEL, onLocalWork } from '../platform/wake.ts';
import { createStatusWorker } from '../status-page/subscribers/worker.ts';
import { createDigestWorker } from '../insights/digest/worker.ts';
import { createSloWorker } from '../slos/evaluate.ts';

/**
 * Sends on the wire per process; one slow receiver occupies one slot, not the engine. A slot is
 * free once its answer is in, before the outcome is recorded (records are batched, below), so
 * pages go out at the rate receivers take them. More is not faster: on a 2-core machine 10,000
 * due pages went out later with 512 slots than with 128 (senders, receivers and commits share
 * the cores).
 */
const MAX_SENDING = 128;
/** Answers waiting to be recorded; past this, nothing new is claimed until they are. */
const MAX_UNRECORDED = 1024;
/**
 * Outcomes recorded per transaction. Deliveries are a few statements for any number, but one
 * failed statement rolls the whole batch back (each is then sent again when its lease expires),
 * and failures are recorded one at a time: a bound keeps both small.
 */
const RECORD_BATCH = 256;
/**
 * Longest sleep with nothing due. Engines are woken by NOTIFY (PostgreSQL) or in-process, so
 * this is only a backstop for a missed notification or a clock change, not the schedule.
 */
const MAX_IDLE_MS = 10_000;
const TIMERS_EVERY_MS = 1000;
const COALESCE_MS = 2;
const CLAIM_MIN = 32;
const coalesce = () => new Promise<void>((resolve) => setTimeout(resolve, COALESCE_MS));

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

export function createEngine(given: EngineDeps, handle?: Pick<DbHandle, 'listen'>): Engine {
  // Pages link the best matching runbook when their alert has no runbook link of its own.
  const deps: EngineDeps = {
    ...given,
    runbookLinks: given.runbookLinks ?? pageRunbookLinks(given.db, given.publicUrl),
  };
  /** Every send until its outcome is recorded (what `settle` waits for). */
  const inFlight = new Set<Promise<Delivery>>();
  let sending = 0;
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

  // Finished sends wait here and are recorded together: one transaction (one fsync on SQLite)
  // per batch of deliveries instead of one per page.
  const queue: { sent: Sent; done: (d: Delivery) => void }[] = [];
  let recording = 0;
  let flushing = false;
  let starved = false;
  const flush = async () => {
    flushing = true;
    // A commit blocks the event loop (SQLite fsyncs synchronously): leave a moment between
    // commits for answers that arrived meanwhile to be read, so each commit records many.
    await coalesce();
    while (queue.length > 0) {
      const batch = queue.splice(0, RECORD_BATCH);
      recording = batch.length;
      let recorded: Delivery[];
      try {
        recorded = await recordDeliveries(
          deps,
          batch.map((b) => b.sent),
        );
      } catch (e) {
        deps.log?.error(
          { err: e },
          'recording deliveries failed; their leases will expire and they are sent again',
        );
        recorded = batch.map((b) => ({ ...b.sent, recorded: false, followUp: false }));
      }
      recording = 0;
      recorded.forEach((d, i) => batch[i]!.done(d));
      // A retry or fall-through was scheduled, or claims were cut short for want of room.
      if (recorded.some((d) => d.followUp) || starved) {
        starved = false;
        poke();
      }
      await coalesce();
    }
    flushing = false;
  };

  const dispatch = (claims: Claim[]) => {
    for (const c of claims) {
      sending += 1;
      const p: Promise<Delivery> = send(deps, c)
        .finally(() => {
          sending -= 1;
        })
        .then(
          (sent) =>
            new Promise<Delivery>((done) => {
              queue.push({ sent, done });
              if (!flushing) void flush();
            }),
        )
        .then((d) => {
          finished.push(d);
          return d;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  };

  const sendRoom = () =>
    queue.length + recording >= MAX_UNRECORDED ? 0 : Math.max(0, MAX_SENDING - sending);

  // Status-page subscribers: its own sends in flight, so its receivers never delay a page.
  const statusWorker = createStatusWorker(deps, () => poke());
  // Teams' weekly insight digests: looked at once a minute, sent in the background.
  const digestWorker = createDigestWorker(deps);
  // Automated runbook steps: claimed under a lease, sent in the background (src/runbooks/steps).
  const runbookWorker = createRunbookWorker(deps);
  // SLOs: every SLO evaluated once a minute, in the background (src/slos/evaluate.ts).
  const sloWorker = createSloWorker(deps);

  let lastTimers = Number.NEGATIVE_INFINITY;
  /** What the last pass read at its start: the idle loop's next wake-up when it did nothing. */
  let lastDue: DueTimes | undefined;
  const runOnce = async (): Promise<number> => {
    let handled = 0;
    // One statement says which parts have work due; a part with none is not run, since even
    // an empty one costs a transaction (three round trips on PostgreSQL). A part whose work is
    // written after this read is poked and runs in the next pass.
    const due = await dueTimes(deps.db);
    lastDue = due;
    const start = deps.clock.now();
    const isDue = (t: number | null) => t !== null && t <= start;
    // Pages already waiting go before the pages of steps due now: a step's pages are claimed
    // with it while there is send room, so under a backlog of steps the ones that found no room
    // would otherwise wait until the steps ran out (a tenth of 10,000 timers 1.7 s late).
    const room = sendRoom();
    // Claiming is a commit too: under load wait until a batch worth of room is free.
    if (!isDue(due.notifications)) {
      // Nothing pending (escalation passes claim the pages they make due).
    } else if (room >= CLAIM_MIN || (room > 0 && sending < CLAIM_MIN)) {
      const now = deps.clock.now();
      const claims = await deps.db
        .transaction()
        .execute((trx) => claimNotifications(trx, deps, now, { limit: room }));
      dispatch(claims);
      handled += claims.length;
      if (claims.length >= room) starved = true;
    } else {
      starved = true;
    }
    // A full batch means a backlog: the next one is larger (step.ts says why). Once the send room
    // is used up the pass ends, so that the next one claims the pages left waiting first.
    for (let batch = STEP_BATCH; isDue(due.escalations); batch = Math.min(batch * 2, MAX_STEP_BATCH)) {
      const room = sendRoom();
      const { handled: n, claims, full } = await runDueEscalations(deps, room, batch);
      dispatch(claims);
      handled += n;
      if (claims.length >= room) starved = true;
      if (!full || claims.length >= room) break;
    }
    // Heartbeats and endsAt are minute-scale: looking once a second is plenty, not every pass.
    const now = deps.clock.now();
    if (now - lastTimers >= TIMERS_EVERY_MS || now < lastTimers) {
      lastTimers = now;
      handled += await runDueTimers(deps);
    }
    handled += await statusWorker.pass(due.fanOut !== null || isDue(due.status));
    handled += await digestWorker.pass();
    handled += await runbookWorker.pass(isDue(due.runbookRuns));
    handled += await sloWorker.pass();
    return handled;
  };

  const settle = async (): Promise<Delivery[]> => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    await statusWorker.settle();
    await digestWorker.settle();
    await runbookWorker.settle();
    await sloWorker.settle();
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
      const next = await nextDueAt(deps.db, lastDue).catch(() => null);
      // Timers due before the next pass would look at them are picked up a second later at most.
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
        // Every pass of a drain looks at the timers: a drain's clock may not move between passes,
        // and a reminder skipped (SKIP LOCKED) while a delivery of the same pass was being recorded
        // must be seen by the next pass, not only a clock-second later.
        lastTimers = Number.NEGATIVE_INFINITY;
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
