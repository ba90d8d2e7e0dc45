import { sql } from 'kysely';
import type { IncidentStatus } from './tables/incidents.ts';

/** Statuses in which an incident is over: it takes no new alerts and pages nobody. */
export const DONE_STATUSES: readonly IncidentStatus[] = ['resolved', 'closed'];

export function isOpenStatus(status: IncidentStatus): boolean {
  return !DONE_STATUSES.includes(status);
}

/**
 * `status not in ('resolved', 'closed')` written into the SQL, not bound: the open-incident
 * index is partial on exactly this condition, and SQLite uses a partial index only when it can
 * see the query implies it (a bound parameter hides that, and every look-up scans the table).
 */
export const OPEN_INCIDENT = sql<boolean>`status not in ('resolved', 'closed')`;
