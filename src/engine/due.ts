import type { Queryable } from '../platform/db/connect.ts';
import { maintenanceDueQueries } from '../status-page/incidents/maintenance-timer.ts';
import { dueTimesOf, earliestDueQueries } from './repository.ts';
import { statusDeliveryDueQueries } from '../status-page/subscribers/delivery-repository.ts';
import { nextStatusPageDeadlineAt } from '../status-page/deadlines/reminders.ts';
import { runDueQueries } from '../runbooks/steps/repository.ts';

/** When each part of an engine pass next has work: null where it has none scheduled. */
export interface DueTimes {
  /** Escalation steps (incident_escalations.due_at). */
  escalations: number | null;
  /** Pending notifications, and sends whose lease expired. */
  notifications: number | null;
  /**
   * The oldest status-page update not yet fanned out to subscribers. Due as soon as it exists,
   * whatever its time says: another node, whose clock may run ahead, wrote it.
   */
  fanOut: number | null;
  /** Subscriber deliveries pending or with an expired lease. */
  status: number | null;
  /** The timers (engine/timers.ts): heartbeats, endsAt, overdue updates, maintenance moves. */
  timers: number | null;
  /** Runbook step runs queued, or whose lease ran out (src/runbooks/steps/worker.ts). */
  runbookRuns: number | null;
}

const earliest = (times: (number | null)[]): number | null => {
  const due = times.filter((t) => t !== null);
  return due.length === 0 ? null : Math.min(...due);
};

/**
 * Every kind of scheduled work's earliest due time, from twelve index reads in one statement.
 * The engine asks at the start of every pass and runs only the parts with work due: on
 * PostgreSQL each part's transaction is several round trips even when it finds nothing, and
 * under load most passes find nothing for most parts.
 */
export async function dueTimes(db: Queryable): Promise<DueTimes> {
  const [escalations, pending, leases, heartbeats, endsAt, updates, ...rest] = await dueTimesOf(db, [
    ...earliestDueQueries(db),
    ...maintenanceDueQueries(db),
    ...statusDeliveryDueQueries(db),
    ...runDueQueries(db),
  ]);
  const [maintenanceStart, maintenanceEnd, fanOut, statusPending, statusLeases, runbookRuns] = rest;
  return {
    escalations: escalations ?? null,
    notifications: earliest([pending ?? null, leases ?? null]),
    fanOut: fanOut ?? null,
    status: earliest([statusPending ?? null, statusLeases ?? null]),
    timers: earliest([
      heartbeats ?? null,
      endsAt ?? null,
      updates ?? null,
      maintenanceStart ?? null,
      maintenanceEnd ?? null,
    ]),
    runbookRuns: runbookRuns ?? null,
  };
}

/**
 * The earliest moment anything the engine does is due: the next escalation step, pending
 * notification, expiring send lease, late heartbeat, Alertmanager endsAt or overdue status
 * update, or the next automatic start or end of a scheduled maintenance, subscriber delivery or
 * status-page deadline reminder (status page); null when nothing is scheduled. The deadline's
 * is computed in code from its candidates, beside the one statement of `dueTimes`. `known`: the
 * times a pass that did nothing read at its start (nothing it did moved them; work others write
 * since wakes the engine anyway), so an idle pass reads them once, not twice.
 */
export async function nextDueAt(db: Queryable, known?: DueTimes): Promise<number | null> {
  const [times, deadline] = await Promise.all([known ?? dueTimes(db), nextStatusPageDeadlineAt(db)]);
  return earliest([
    times.escalations,
    times.notifications,
    times.fanOut,
    times.status,
    times.timers,
    times.runbookRuns,
    deadline,
  ]);
}
