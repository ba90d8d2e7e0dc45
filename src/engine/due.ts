import type { Queryable } from '../platform/db/connect.ts';
import { earliestDueTimes } from './repository.ts';
import { statusDeliveryDueTimes } from '../status-page/subscribers/delivery-repository.ts';

/**
 * The earliest moment anything the engine does is due: the next escalation step, pending
 * notification, expiring send lease, late heartbeat, Alertmanager endsAt or overdue status
 * update. Each read uses its own partial index; null when nothing is scheduled.
 */
export async function nextDueAt(db: Queryable): Promise<number | null> {
  const times = [...(await earliestDueTimes(db)), ...(await statusDeliveryDueTimes(db))];
  const due = times.map((t) => (t === null || t === undefined ? null : Number(t))).filter((t) => t !== null);
  return due.length === 0 ? null : Math.min(...due);
}
