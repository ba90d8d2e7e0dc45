import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { lifecycleAt } from './period.ts';
import { presentSilence } from './presenter.ts';
import {
  findSilenceById,
  findWindowById,
  findWindowByName,
  updateSilenceRow,
  updateWindowRow,
} from './repository.ts';
import { getMaintenanceWindow } from './get.ts';

/**
 * An ended silence or window is history and is never edited, but its name may be wanted for a
 * new period (config as code reuses "Database upgrade" next quarter). These free the name:
 * the ended window is renamed "<name> (ended <date>)", the ended silence loses its name.
 */

export async function archiveEndedWindow({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const row = await findWindowById(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('maintenance window', input.id);
    if (lifecycleAt(row, now) !== 'expired') {
      throw new ConflictError(`maintenance window ${JSON.stringify(row.name)} has not ended`);
    }
    const before = await getMaintenanceWindow(ctx.db, row.id, now);
    const base = `${row.name} (ended ${new Date(row.ends_at).toISOString().slice(0, 10)})`;
    let name = base;
    for (let n = 2; await findWindowByName(ctx.db, name); n++) name = `${base} ${n}`;
    await updateWindowRow(ctx.db, row.id, { name, updated_at: now });
    const after = await getMaintenanceWindow(ctx.db, row.id, now);
    await recordAudit(ctx, {
      action: 'maintenance_window.archive',
      targetType: 'maintenance_window',
      targetId: row.id,
      before,
      after,
    });
  });
}

export async function archiveEndedSilence({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const row = await findSilenceById(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('silence', input.id);
    if (lifecycleAt(row, now) !== 'expired')
      throw new ConflictError(`silence ${JSON.stringify(row.id)} has not ended`);
    await updateSilenceRow(ctx.db, row.id, { name: null, updated_at: now });
    await recordAudit(ctx, {
      action: 'silence.archive',
      targetType: 'silence',
      targetId: row.id,
      before: presentSilence(row, now),
      after: presentSilence({ ...row, name: null, updated_at: now }, now),
    });
  });
}
