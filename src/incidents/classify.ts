import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { INCIDENT_STATUSES, type ClassifyBody, type IncidentView } from './schemas.ts';
import { incidentActorRefs, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import { findIncident, updateIncidentIfStatusIn } from './repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';

/**
 * Record whether an incident was worth its page: `actionable` or `noise` (SPEC §6 alert
 * accuracy). Resolving asks for it; this sets it later or changes it, in any status, by anyone
 * who may act on the incident. An incident merged into another has no verdict of its own.
 */
export async function classifyIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & ClassifyBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const ref = `INC-${before.number}`;
    if (before.merged_into_id !== null) {
      throw new ConflictError(`${ref} was merged into another incident; classify that one`);
    }
    const now = ctx.clock.now();
    const updated = await updateIncidentIfStatusIn(ctx.db, before.id, [...INCIDENT_STATUSES], {
      classification: input.classification,
      classified_by: actorRef(ctx.actor),
      classified_at: now,
      updated_at: now,
    });
    if (updated === undefined) throw new ConflictError(`${ref} was merged into another incident meanwhile`);
    if (before.classification !== input.classification) {
      await addTimeline(ctx.db, now, [
        {
          incidentId: before.id,
          kind: 'classified',
          actor: actorRef(ctx.actor),
          message: `${ctx.actor.name} classified ${ref} as ${input.classification}`,
          data: { classification: input.classification, was: before.classification },
        },
      ]);
    }
    const names = await loadActorNames(ctx.db, incidentActorRefs(before, updated));
    const after = presentIncident(updated, names);
    await recordAudit(ctx, {
      action: 'incident.classify',
      targetType: 'incident',
      targetId: before.id,
      before: presentIncident(before, names),
      after,
    });
    return after;
  });
}
