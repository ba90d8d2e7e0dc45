import { escalationsAcknowledged, escalationsResolved } from '../escalation/lifecycle.ts';
import { actorRef } from '../escalation/timeline.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { AlertStatus, IncidentStatus } from '../platform/db/tables-ingest.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { presentIncident } from './presenter.ts';
import { findIncident } from './repository.ts';
import type { IncidentView } from './schemas.ts';

interface Transition {
  action: 'acknowledge' | 'resolve';
  to: 'acknowledged' | 'resolved';
  /** The statuses the incident may be in; the UPDATE is conditional on them. */
  from: IncidentStatus[];
  /** Its alerts in these statuses move with it. */
  alertsFrom: AlertStatus[];
  conflict: (ref: string, status: IncidentStatus) => string;
}

const ACKNOWLEDGE: Transition = {
  action: 'acknowledge',
  to: 'acknowledged',
  from: ['triggered'],
  alertsFrom: ['triggered'],
  conflict: (ref, status) => `${ref} is ${status}; only a triggered incident can be acknowledged`,
};

const RESOLVE: Transition = {
  action: 'resolve',
  to: 'resolved',
  from: ['triggered', 'acknowledged'],
  alertsFrom: ['triggered', 'acknowledged'],
  conflict: (ref) => `${ref} is already resolved`,
};

/**
 * A conditional UPDATE that only an incident in an allowed status passes, so two responders
 * acting at once get one success and one 409; its alerts follow, and the audit record is
 * written in the same transaction.
 */
async function transition(ctx: Ctx, id: string, t: Transition): Promise<IncidentView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, id);
    if (before === undefined) throw NotFoundError.of('incident', id);
    const now = ctx.clock.now();
    const by = actorRef(ctx.actor);
    const updated = await ctx.db
      .updateTable('incidents')
      .set(
        t.to === 'acknowledged'
          ? // acknowledged_at stays the first acknowledgement (MTTA) when a re-triggered incident is acknowledged again.
            {
              status: t.to,
              acknowledged_at: before.acknowledged_at ?? now,
              acknowledged_by: by,
              updated_at: now,
            }
          : { status: t.to, resolved_at: now, resolved_by: by, updated_at: now },
      )
      .where('id', '=', before.id)
      .where('status', 'in', t.from)
      .returningAll()
      .executeTakeFirst();
    if (updated === undefined) throw new ConflictError(t.conflict(`INC-${before.number}`, before.status));
    await ctx.db
      .updateTable('alerts')
      .set(
        t.to === 'acknowledged' ? { status: t.to, acknowledged_at: now } : { status: t.to, resolved_at: now },
      )
      .where('incident_id', '=', before.id)
      .where('status', 'in', t.alertsFrom)
      .execute();
    const who = ctx.actor.name;
    if (t.to === 'acknowledged') {
      await escalationsAcknowledged(
        ctx.db,
        ctx.dialect,
        [before.id],
        now,
        actorRef(ctx.actor),
        () => `Acknowledged by ${who}`,
      );
    } else {
      await escalationsResolved(ctx.db, [before.id], now, actorRef(ctx.actor), () => `Resolved by ${who}`);
    }
    const after = presentIncident(updated);
    await recordAudit(ctx, {
      action: `incident.${t.action}`,
      targetType: 'incident',
      targetId: before.id,
      before: presentIncident(before),
      after,
    });
    return after;
  });
}

/** Acknowledge a triggered incident; its triggered alerts are acknowledged too. */
export function acknowledgeIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<IncidentView> {
  return transition(ctx, input.id, ACKNOWLEDGE);
}

/** Resolve any open incident; its open alerts resolve with it. */
export function resolveIncident({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<IncidentView> {
  return transition(ctx, input.id, RESOLVE);
}
