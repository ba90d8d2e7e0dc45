import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { followUpEvent } from '../ingest/event.ts';
import { processBatch } from '../ingest/process.ts';
import { requireIncidentAccess, requireServiceAccess } from '../teams/access.ts';
import { presentAlert } from './presenter.ts';
import { findAlert } from './repository.ts';
import type { AlertView } from './schemas.ts';

/**
 * A responder acknowledges or resolves one alert. It goes through the same pipeline as an
 * integration's event, so the incident follows its alerts in exactly the same way.
 */
export async function actOnAlert({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; action: 'acknowledge' | 'resolve' };
}): Promise<AlertView> {
  requireRole(ctx.actor, 'responder');
  return inTransaction(ctx, async (ctx) => {
    const before = await findAlert(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('alert', input.id);
    if (before.incident_id !== null) await requireIncidentAccess(ctx, before.incident_id);
    else await requireServiceAccess(ctx, [before.service_id]);
    const allowed =
      input.action === 'acknowledge' ? ['triggered'] : ['triggered', 'acknowledged', 'suppressed'];
    if (!allowed.includes(before.status)) {
      throw new ConflictError(
        `alert is ${before.status}; ${input.action} needs it to be ${allowed.join(' or ')}`,
      );
    }
    const now = ctx.clock.now();
    const by = ctx.actor.type === 'system' ? ctx.actor.name : ctx.actor.userId;
    await processBatch(
      ctx.db,
      ctx.dialect,
      [followUpEvent(before, input.action, 'generic', now, { by })],
      now,
    );
    const after = presentAlert((await findAlert(ctx.db, input.id))!);
    await recordAudit(ctx, {
      action: `alert.${input.action}`,
      targetType: 'alert',
      targetId: input.id,
      before: presentAlert(before),
      after,
    });
    return after;
  });
}
