import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError } from '../platform/errors.ts';
import { findIncident } from '../incidents/repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { findRunbook, putFeedback } from './repository.ts';

/**
 * A responder says whether a runbook helped with the incident (the latest word per incident and
 * runbook counts): insights report it as runbook efficacy. On the timeline and in the audit log.
 */
export async function giveFeedback({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { incidentId: string; runbookId: string; helped: boolean };
}): Promise<{ incident_id: string; runbook_id: string; helped: boolean }> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const incident = await findIncident(ctx.db, input.incidentId);
    if (incident === undefined) throw NotFoundError.of('incident', input.incidentId);
    await requireIncidentAccess(ctx, incident.id);
    const runbook = await findRunbook(ctx.db, input.runbookId);
    if (runbook === undefined) throw NotFoundError.of('runbook', input.runbookId);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    await putFeedback(ctx.db, {
      incident_id: incident.id,
      runbook_id: runbook.id,
      helped: input.helped ? 1 : 0,
      given_by: by,
      given_at: now,
    });
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'runbook_feedback',
        actor: by,
        message: `Runbook "${runbook.title}" ${input.helped ? 'helped' : 'did not help'}`,
        data: { runbook_id: runbook.id, helped: input.helped },
      },
    ]);
    await recordAudit(ctx, {
      action: 'runbook.feedback',
      targetType: 'incident',
      targetId: incident.id,
      before: null,
      after: { runbook_id: runbook.id, helped: input.helped },
    });
    return { incident_id: incident.id, runbook_id: runbook.id, helped: input.helped };
  });
}
