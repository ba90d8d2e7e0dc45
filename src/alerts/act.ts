import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { processBatch } from '../ingest/process.ts';
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
    const allowed =
      input.action === 'acknowledge' ? ['triggered'] : ['triggered', 'acknowledged', 'suppressed'];
    if (!allowed.includes(before.status)) {
      throw new ConflictError(
        `alert is ${before.status}; ${input.action} needs it to be ${allowed.join(' or ')}`,
      );
    }
    const now = ctx.clock.now();
    await processBatch(
      ctx.db,
      ctx.dialect,
      [
        {
          serviceId: before.service_id,
          integrationId: before.integration_id,
          integrationType: 'generic',
          action: input.action,
          dedupKey: before.dedup_key,
          summary: before.summary,
          severity: before.severity,
          source: before.source,
          component: null,
          group: null,
          class: null,
          labels: {},
          details: {},
          links: [],
          images: [],
          startedAt: now,
          endsAt: null,
          payload: { by: ctx.actor.type === 'system' ? ctx.actor.name : ctx.actor.userId },
        },
      ],
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
