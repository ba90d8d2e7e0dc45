import { actorUserId } from '../platform/auth/actor.ts';
import type { Ctx } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import {
  INCIDENT_STATUSES,
  type IncidentCountsQuery,
  type IncidentCountsView,
  type ListIncidentsQuery,
} from './schemas.ts';
import { countIncidentsByStatus, type IncidentFilter } from './repository.ts';

/**
 * The incident filters of a query string, as the repository takes them. `assigned_to=me` is the
 * caller, so the web UI's "assigned to me" needs no user id (a system actor has no "me": 400).
 */
export function incidentFilter(
  ctx: Ctx,
  q: IncidentCountsQuery & Pick<ListIncidentsQuery, 'status'>,
): IncidentFilter {
  let assignedTo = q.assigned_to;
  if (assignedTo === 'me') {
    const me = actorUserId(ctx.actor);
    if (me === null)
      throw new ValidationError('querystring.assigned_to=me needs a user: this caller is none');
    assignedTo = me;
  }
  return {
    serviceId: q.service_id,
    teamId: q.team_id,
    statuses: q.status,
    severity: q.severity,
    urgency: q.urgency,
    since: q.since !== undefined ? Date.parse(q.since) : undefined,
    until: q.until !== undefined ? Date.parse(q.until) : undefined,
    assignedTo,
    text: q.q,
  };
}

/** `GET /incidents/counts`: every status, zero included, so a client never guesses a missing key. */
export async function countIncidents(ctx: Ctx, q: IncidentCountsQuery): Promise<IncidentCountsView> {
  const counts = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0])) as IncidentCountsView;
  for (const { status, count } of await countIncidentsByStatus(ctx.db, incidentFilter(ctx, q))) {
    counts[status] = count;
  }
  return counts;
}
