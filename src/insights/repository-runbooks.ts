import type { Queryable } from '../platform/db/connect.ts';
import type { Scope } from './scope.ts';

/**
 * Runbook use in the scope's incidents (created in [from, to), not merged away): which incidents
 * had a step of a runbook sent, and what responders said of the runbooks (src/runbooks). Both
 * tables hold a few rows per incident at most, so they are read joined to the incidents rather
 * than kept in the in-memory store.
 */
export async function runbookUse(db: Queryable, scope: Scope) {
  if (scope.teamIds !== null && scope.teamIds.length === 0) return { ran: [], feedback: [] };
  const incidents = () => {
    let q = db
      .selectFrom('incidents')
      .innerJoin('services', 'services.id', 'incidents.service_id')
      .select('incidents.id')
      .where('incidents.created_at', '>=', scope.from)
      .where('incidents.created_at', '<', scope.to)
      .where('incidents.merged_into_id', 'is', null);
    if (scope.serviceId !== undefined) q = q.where('incidents.service_id', '=', scope.serviceId);
    if (scope.teamId !== undefined) q = q.where('services.team_id', '=', scope.teamId);
    if (scope.teamIds !== null) q = q.where('services.team_id', 'in', scope.teamIds);
    if (scope.severity !== undefined) q = q.where('incidents.severity', '=', scope.severity);
    return q;
  };
  const ran = await db
    .selectFrom('runbook_runs')
    .select('incident_id')
    .distinct()
    // Runs that went out: answered, or interrupted on the wire (a blocked address or a missing secret sent nothing).
    .where((eb) => eb.or([eb('status_code', 'is not', null), eb('status', '=', 'interrupted')]))
    .where('incident_id', 'in', incidents())
    .execute();
  const feedback = await db
    .selectFrom('runbook_feedback')
    .select(['incident_id', (eb) => eb.fn.max('helped').as('helped')])
    .where('incident_id', 'in', incidents())
    .groupBy('incident_id')
    .execute();
  return {
    ran: ran.map((r) => r.incident_id),
    feedback: feedback.map((f) => ({ incident_id: f.incident_id, helped: Number(f.helped) === 1 })),
  };
}
