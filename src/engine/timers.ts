import type { Clock } from '../platform/clock.ts';
import type { Db, Dialect } from '../platform/db/connect.ts';
import type { FastifyBaseLogger } from 'fastify';
import { heartbeatEvent } from '../heartbeats/ping.ts';
import { followUpEvent } from '../ingest/event.ts';
import { runDueReminders } from '../incidents/reminders.ts';
import { processBatch } from '../ingest/process.ts';

/**
 * Time-driven changes, all state in the database so any engine node can do them and a restart
 * loses nothing: heartbeats that missed their ping open an alert; Alertmanager alerts whose
 * endsAt passed without a re-send resolve (Prometheus never sends a resolve for a deleted rule);
 * incidents whose status update is overdue remind their commander and comms lead. On
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
    const due = await trx
      .selectFrom('heartbeats')
      .innerJoin('integrations', 'integrations.id', 'heartbeats.integration_id')
      .select(['integrations.id', 'integrations.service_id', 'integrations.name', 'heartbeats.due_at'])
      .where('heartbeats.state', 'in', ['up', 'started'])
      .where('heartbeats.due_at', '<=', now)
      .where('integrations.disabled_at', 'is', null)
      .limit(BATCH)
      .$if(deps.dialect === 'postgres', (q) => q.forUpdate('heartbeats').skipLocked())
      .execute();
    if (due.length === 0) return 0;
    await trx
      .updateTable('heartbeats')
      .set({ state: 'down', due_at: null })
      .where(
        'integration_id',
        'in',
        due.map((d) => d.id),
      )
      .execute();
    const events = due.map((d) =>
      heartbeatEvent(d, 'trigger', `${d.name} missed its heartbeat`, now, {
        late_since: new Date(d.due_at!).toISOString(),
      }),
    );
    await processBatch(trx, deps.dialect, events, now);
    return due.length;
  });
  handled += await deps.db.transaction().execute(async (trx) => {
    const expired = await trx
      .selectFrom('alerts')
      .select(['id', 'service_id', 'integration_id', 'dedup_key', 'ends_at'])
      .where('ends_at', '<=', now)
      .where('status', '<>', 'resolved')
      .limit(BATCH)
      .$if(deps.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .execute();
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
