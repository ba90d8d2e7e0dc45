import { recordAudit } from '../platform/audit/record.ts';
import { type Actor, requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { presentIncident } from './presenter.ts';
import { findIncident } from './repository.ts';
import type { IncidentView } from './schemas.ts';

function actorLabel(actor: Actor): string {
  return actor.type === 'system' ? `system:${actor.name}` : `user:${actor.userId}`;
}

/**
 * Acknowledge: a conditional update that only a triggered incident passes, so two responders
 * acknowledging at once get one success and one 409. Its triggered alerts are acknowledged too.
 */
export async function acknowledgeIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const now = ctx.clock.now();
    const updated = await ctx.db
      .updateTable('incidents')
      .set({
        status: 'acknowledged',
        acknowledged_at: now,
        acknowledged_by: actorLabel(ctx.actor),
        updated_at: now,
      })
      .where('id', '=', before.id)
      .where('status', '=', 'triggered')
      .returningAll()
      .executeTakeFirst();
    if (updated === undefined) {
      throw new ConflictError(
        `INC-${before.number} is ${before.status}; only a triggered incident can be acknowledged`,
      );
    }
    await ctx.db
      .updateTable('alerts')
      .set({ status: 'acknowledged', acknowledged_at: now })
      .where('incident_id', '=', before.id)
      .where('status', '=', 'triggered')
      .execute();
    const after = presentIncident(updated);
    await recordAudit(ctx, {
      action: 'incident.acknowledge',
      targetType: 'incident',
      targetId: before.id,
      before: presentIncident(before),
      after,
    });
    return after;
  });
}

/** Resolve: any open incident; its open alerts resolve with it. */
export async function resolveIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const now = ctx.clock.now();
    const updated = await ctx.db
      .updateTable('incidents')
      .set({ status: 'resolved', resolved_at: now, resolved_by: actorLabel(ctx.actor), updated_at: now })
      .where('id', '=', before.id)
      .where('status', '<>', 'resolved')
      .returningAll()
      .executeTakeFirst();
    if (updated === undefined) throw new ConflictError(`INC-${before.number} is already resolved`);
    await ctx.db
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: now })
      .where('incident_id', '=', before.id)
      .where('status', 'in', ['triggered', 'acknowledged'])
      .execute();
    const after = presentIncident(updated);
    await recordAudit(ctx, {
      action: 'incident.resolve',
      targetType: 'incident',
      targetId: before.id,
      before: presentIncident(before),
      after,
    });
    return after;
  });
}
