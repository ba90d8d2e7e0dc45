import { OPEN_INCIDENT } from '../platform/db/open-incident.ts';
import type { Queryable } from '../platform/db/connect.ts';

/**
 * The earliest moment anything the engine does is due: the next escalation step, pending
 * notification, expiring send lease, late heartbeat, Alertmanager endsAt or overdue status
 * update. Each read uses its own partial index; null when nothing is scheduled.
 */
export async function nextDueAt(db: Queryable): Promise<number | null> {
  const times = await Promise.all([
    db
      .selectFrom('incident_escalations')
      .select((eb) => eb.fn.min('due_at').as('t'))
      .where('due_at', 'is not', null)
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('run_at').as('t'))
      .where('status', '=', 'pending')
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('locked_until').as('t'))
      .where('status', '=', 'sending')
      .executeTakeFirst(),
    db
      .selectFrom('heartbeats')
      .select((eb) => eb.fn.min('due_at').as('t'))
      .where('state', 'in', ['up', 'started'])
      .executeTakeFirst(),
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.min('ends_at').as('t'))
      .where('ends_at', 'is not', null)
      .where('status', '<>', 'resolved')
      .executeTakeFirst(),
    // Open only: a stale due time left on a resolved incident would otherwise wake the engine
    // over and over for nothing (the reminders pass clears such times, but only when it runs).
    db
      .selectFrom('incidents')
      .select((eb) => eb.fn.min('next_update_due_at').as('t'))
      .where('next_update_due_at', 'is not', null)
      .where(OPEN_INCIDENT)
      .executeTakeFirst(),
  ]);
  const due = times
    .map((r) => (r?.t === null || r?.t === undefined ? null : Number(r.t)))
    .filter((t) => t !== null);
  return due.length === 0 ? null : Math.min(...due);
}
