import type { Queryable } from '../platform/db/connect.ts';
import { nextMaintenanceDueAt } from '../status-page/incidents/maintenance-timer.ts';
import { earliestDueTimes } from './repository.ts';
import { statusDeliveryDueTimes } from '../status-page/subscribers/delivery-repository.ts';
import { nextStatusPageDeadlineAt } from '../status-page/deadlines/reminders.ts';

/**
 * The earliest moment anything the engine does is due: the next escalation step, pending
 * notification, expiring send lease, late heartbeat, Alertmanager endsAt or overdue status
 * update, or the next automatic start or end of a scheduled maintenance, subscriber delivery or
 * status-page deadline reminder (status page). Each read uses its own index; null when nothing
 * is scheduled.
 */
export async function nextDueAt(db: Queryable): Promise<number | null> {
  const [times, maintenance, deliveries, deadline] = await Promise.all([
    earliestDueTimes(db),
    nextMaintenanceDueAt(db),
    statusDeliveryDueTimes(db),
    nextStatusPageDeadlineAt(db),
  ]);
  times.push(maintenance, ...deliveries, deadline);
  const due = times.map((t) => (t === null || t === undefined ? null : Number(t))).filter((t) => t !== null);
  return due.length === 0 ? null : Math.min(...due);
}
