import { presentIncidentLoaded } from '../incidents/presenter.ts';
import { lockIncidentRow } from '../incidents/repository.ts';
import type { IncidentView } from '../incidents/schemas.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { loadIncident, refuseMerged } from './common.ts';
import { setPostmortemWaiver } from './repository.ts';
import type { WaivePostmortemInput } from './schemas.ts';

/**
 * An admin lets an incident whose severity requires a postmortem close without one, with the
 * reason on its timeline. It does not close the incident: closing stays the responders' step.
 */
export async function waivePostmortem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & WaivePostmortemInput;
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const found = await loadIncident(ctx.db, input.id);
    const incident = (await lockIncidentRow(ctx.db, ctx.dialect, found.id)) ?? found;
    await refuseMerged(ctx.db, incident);
    const now = ctx.clock.now();
    const reason = input.reason.trim();
    const before = await presentIncidentLoaded(ctx.db, incident);
    await setPostmortemWaiver(ctx.db, incident.id, { reason, by: actorRef(ctx.actor), now });
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'postmortem_waived',
        actor: actorRef(ctx.actor),
        message: `Postmortem waived by ${ctx.actor.name}: ${reason}`,
        data: { reason },
      },
    ]);
    const after = await presentIncidentLoaded(ctx.db, await loadIncident(ctx.db, incident.id));
    await recordAudit(ctx, {
      action: 'incident.postmortem_waive',
      targetType: 'incident',
      targetId: incident.id,
      before,
      after,
    });
    return after;
  });
}
