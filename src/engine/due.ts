import type { Queryable } from '../platform/db/connect.ts';
import { nextMaintenanceDueAt } from '../status-page/incidents/maintenance-timer.ts';
import { earliestDueTimes } from './repository.ts';

/**
 * The earliest moment anything the engine does is due: the next escalation step, pending
 * notification, expiring send lease, late heartbeat, Alertmanager endsAt or overdue status
 * update, or the next automatic start or end of a scheduled maintenance (status page). Each
 * read uses its own index; null when nothing is scheduled.
 */
export async function nextDueAt(db: Queryable): Promise<number | null> {
  const [times, maintenance] = await Promise.all([earliestDueTimes(db), nextMaintenanceDueAt(db)]);
  times.push(maintenance);
  const due = times.map((t) => (t === null || t === undefined ? null : Number(t))).filter((t) => t !== null);
  return due.length === 0 ? null : Math.min(...due);
}
