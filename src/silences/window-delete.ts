import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { getMaintenanceWindow } from './get.ts';
import { deleteWindowRow, updateWindowRow } from './repository.ts';
import type { MaintenanceWindowView } from './schemas.ts';

/**
 * Same rules as silences: an active window ends now and is kept (alerts name it as what
 * suppressed them), a pending one is removed (null), an ended one is left as it is.
 */
export async function deleteMaintenanceWindow({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<MaintenanceWindowView | null> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const before = await getMaintenanceWindow(ctx.db, input.id, now);
    const audit = { targetType: 'maintenance_window', targetId: input.id, before };
    switch (before.state) {
      case 'expired':
        return before;
      case 'pending':
        await deleteWindowRow(ctx.db, input.id);
        await recordAudit(ctx, { ...audit, action: 'maintenance_window.delete' });
        return null;
      case 'active': {
        await updateWindowRow(ctx.db, input.id, { ends_at: now, updated_at: now });
        const after = await getMaintenanceWindow(ctx.db, input.id, now);
        await recordAudit(ctx, { ...audit, action: 'maintenance_window.end', after });
        return after;
      }
    }
  });
}
