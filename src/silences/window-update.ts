import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { getMaintenanceWindow } from './get.ts';
import { lifecycleAt, periodForUpdate } from './period.ts';
import { findWindowById, findWindowByName, replaceWindowServices, updateWindowRow } from './repository.ts';
import type { MaintenanceWindowView, UpdateMaintenanceWindowInput } from './schemas.ts';
import { assertServicesExist } from './validate.ts';
import { duplicateWindowName } from './window-create.ts';

/** `service_ids`, when given, replaces the list. An expired window is history and stays as it was. */
export async function updateMaintenanceWindow({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateMaintenanceWindowInput;
}): Promise<MaintenanceWindowView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const row = await findWindowById(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('maintenance window', input.id);
    if (lifecycleAt(row, now) === 'expired')
      throw new ConflictError(`maintenance window ${JSON.stringify(row.name)} has ended; create a new one`);
    const before = await getMaintenanceWindow(ctx.db, input.id, now);
    const patch: RowPatch<'maintenance_windows'> = { ...periodForUpdate(row, input, now), updated_at: now };
    if (input.name !== undefined && input.name !== row.name) {
      if (await findWindowByName(ctx.db, input.name)) throw duplicateWindowName(input.name);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    if (input.service_ids !== undefined) await assertServicesExist(ctx, input.service_ids);
    try {
      await updateWindowRow(ctx.db, input.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicateWindowName(input.name);
      throw e;
    }
    if (input.service_ids !== undefined) await replaceWindowServices(ctx.db, input.id, input.service_ids);
    const after = await getMaintenanceWindow(ctx.db, input.id, now);
    await recordAudit(ctx, {
      action: 'maintenance_window.update',
      targetType: 'maintenance_window',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}
