import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError } from '../platform/errors.ts';
import { getSilence } from './get.ts';
import { lifecycleAt } from './period.ts';
import { presentSilence } from './presenter.ts';
import { deleteSilenceRow, findSilenceForUpdate, updateSilenceRow } from './repository.ts';
import type { SilenceView } from './schemas.ts';

/**
 * Like Alertmanager: an active silence is expired now and kept, because alerts record that it
 * suppressed them; a pending one never acted, so it is removed (null). An expired one is left
 * as it is, so repeating the request is harmless.
 */
export async function deleteSilence({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<SilenceView | null> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const row = await findSilenceForUpdate(ctx.db, ctx.dialect, input.id);
    if (row === undefined) throw NotFoundError.of('silence', input.id);
    const before = presentSilence(row, now);
    switch (lifecycleAt(row, now)) {
      case 'expired':
        return before;
      case 'pending':
        await deleteSilenceRow(ctx.db, input.id);
        await recordAudit(ctx, {
          action: 'silence.delete',
          targetType: 'silence',
          targetId: input.id,
          before,
        });
        return null;
      case 'active': {
        await updateSilenceRow(ctx.db, input.id, { ends_at: now, updated_at: now });
        const after = await getSilence(ctx.db, input.id, now);
        await recordAudit(ctx, {
          action: 'silence.expire',
          targetType: 'silence',
          targetId: input.id,
          before,
          after,
        });
        return after;
      }
    }
  });
}
