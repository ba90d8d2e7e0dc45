import type { Clock } from '../platform/clock.ts';
import type { Db, Dialect } from '../platform/db/connect.ts';
import type { FastifyBaseLogger } from 'fastify';
import { heartbeatEvent } from '../heartbeats/ping.ts';
import { followUpEvent } from '../ingest/event.ts';
import { runDueReminders } from '../incidents/reminders.ts';
import { runActionItemReminders } from '../action-items/reminders.ts';
import { runPostmortemReminders } from '../postmortems/reminders.ts';
import { runStatusPageDeadlines } from '../status-page/deadlines/reminders.ts';
import { processBatch } from '../ingest/process.ts';
import { runDueMaintenance } from '../status-page/incidents/maintenance-timer.ts';
import { lockExpiredAlerts, lockLateHeartbeats, markHeartbeatsDown } from './repository.ts';

/**
 * Time-driven changes, all state in the database so any engine node can do them and a restart
 * loses nothing: heartbeats that missed their ping open an alert; Alertmanager alerts whose
 * endsAt passed without a re-send resolve (Prometheus never sends a resolve for a deleted rule);
 * incidents whose status update is overdue remind their commander and comms lead; scheduled
 * maintenance on the status page starts and completes on time; overdue action items remind their
 * owner once a day in business hours. On
 * PostgreSQL, SKIP LOCKED lets several engines share the due rows without overlap.
 */
const BATCH = 500;

export interface TimerDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  /** Base of the links in update reminders; relative links without it. */
  publicUrl?: string;
}

/** One pass; returns how many items it handled, so callers (and tests) can run until idle. */
export async function runDueTimers(deps: TimerDeps): Promise<number> {
  const now = deps.clock.now();
  let handled = 0;
  handled += await deps.db.transaction().execute(async (trx) => {
    const due = await lockLateHeartbeats(trx, now, { limit: BATCH, skipLocked: deps.dialect === 'postgres' });
    if (due.length === 0) return 0;
    await markHeartbeatsDown(
      trx,
      due.map((d) => d.id),
    );
    const events = due.map((d) =>
      heartbeatEvent(d, 'trigger', `${d.name} missed its heartbeat`, now, {
        late_since: new Date(d.due_at!).toISOString(),
      }),
    );
    await processBatch(trx, deps.dialect, events, now);
    return due.length;
  });
  handled += await deps.db.transaction().execute(async (trx) => {
    const expired = await lockExpiredAlerts(trx, now, {
      limit: BATCH,
      skipLocked: deps.dialect === 'postgres',
    });
    if (expired.length === 0) return 0;
    const events = expired.map((a) =>
      followUpEvent(a, 'resolve', 'alertmanager', now, {
        resolved_by: 'endsAt passed',
        ends_at: new Date(a.ends_at!).toISOString(),
      }),
    );
    await processBatch(trx, deps.dialect, events, now);
    return expired.length;
  });
  handled += await deps.db
    .transaction()
    .execute((trx) => runDueReminders(trx, deps.dialect, now, BATCH, deps.publicUrl ?? ''));
  // Scheduled maintenance starting or ending on time (one transaction per move, its own).
  handled += await runDueMaintenance(deps);
  handled += await deps.db
    .transaction()
    .execute((trx) => runStatusPageDeadlines(trx, now, deps.publicUrl ?? ''));
  handled += await deps.db
    .transaction()
    .execute((trx) => runActionItemReminders(trx, now, deps.publicUrl ?? ''));
  handled += await deps.db
    .transaction()
    .execute((trx) => runPostmortemReminders(trx, now, deps.publicUrl ?? ''));
  return handled;
}

/** Runs `runDueTimers` every `intervalMs` until stopped; a failed pass is logged and retried. */
export function startTimers(
  deps: TimerDeps,
  log: FastifyBaseLogger | undefined,
  intervalMs = 1000,
): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    current = runDueTimers(deps)
      .catch((e: unknown) => log?.error({ err: e }, 'timer pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer = setTimeout(tick, intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
