import { announceWork } from '../platform/wake.ts';
import { MINUTE } from '../escalation/core.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { incidentActorRefs, presentEscalation, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import { findIncident, lockEscalation, touchIncidentIf } from './repository.ts';
import { updateEscalation } from '../escalation/repository.ts';
import type { IncidentView, SnoozeBody } from './schemas.ts';
import { requireIncidentAccess } from '../teams/access.ts';

/**
 * Put off an acknowledged incident: when the snooze ends the engine triggers it again and pages
 * from level 1, unless it was resolved meanwhile. A snooze replaces any acknowledgement timeout,
 * so the responder decides when they are reminded.
 */
export async function snoozeIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & SnoozeBody;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const ref = `INC-${before.number}`;
    const now = ctx.clock.now();
    const updated = await touchIncidentIf(ctx.db, before.id, 'acknowledged', now);
    if (updated === undefined) {
      throw new ConflictError(`${ref} is ${before.status}; only an acknowledged incident can be snoozed`);
    }
    const esc = await lockEscalation(ctx.db, ctx.dialect, before.id);
    // Without an escalation row nothing would page when the snooze ends: refuse rather than
    // let the responder believe they will be reminded.
    if (esc === undefined) {
      throw new ConflictError(`${ref} has no escalation policy, so nobody would be paged when a snooze ends`);
    }
    const until = now + input.minutes * MINUTE;
    const patch = { state: 'active' as const, due_at: until, snoozed_until: until, updated_at: now };
    await updateEscalation(ctx.db, before.id, patch);
    await addTimeline(ctx.db, now, [
      {
        incidentId: before.id,
        kind: 'snoozed',
        actor: actorRef(ctx.actor),
        message: `${ctx.actor.name} snoozed ${ref} for ${input.minutes} min, until ${new Date(until).toISOString()}`,
        data: { minutes: input.minutes, until: new Date(until).toISOString() },
      },
    ]);
    await announceWork(ctx.db, ctx.dialect);
    const names = await loadActorNames(ctx.db, incidentActorRefs(before, updated));
    const after = presentIncident(updated, names);
    await recordAudit(ctx, {
      action: 'incident.snooze',
      targetType: 'incident',
      targetId: before.id,
      before: { incident: presentIncident(before, names), escalation: presentEscalation(esc) },
      after: { incident: after, escalation: presentEscalation({ ...esc, ...patch }) },
    });
    return after;
  });
}
