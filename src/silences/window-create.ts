import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getMaintenanceWindow } from './get.ts';
import { periodForCreate } from './period.ts';
import { findWindowByName, insertWindow, replaceWindowServices } from './repository.ts';
import type { CreateMaintenanceWindowInput, MaintenanceWindowView } from './schemas.ts';
import { assertServicesExist } from './validate.ts';

export function duplicateWindowName(name: string): ConflictError {
  return new ConflictError(`a maintenance window named ${JSON.stringify(name)} already exists`);
}

export async function createMaintenanceWindow({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateMaintenanceWindowInput;
}): Promise<MaintenanceWindowView> {
  requireRole(ctx.actor, 'admin');
  const now = ctx.clock.now();
  const period = periodForCreate(input, now);
  return inTransaction(ctx, async (ctx) => {
    await assertServicesExist(ctx, input.service_ids);
    if (await findWindowByName(ctx.db, input.name)) throw duplicateWindowName(input.name);
    const id = newId('mw', now);
    try {
      await insertWindow(ctx.db, {
        id,
        name: input.name,
        description: input.description ?? '',
        ...period,
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e)) throw duplicateWindowName(input.name);
      throw e;
    }
    await replaceWindowServices(ctx.db, id, input.service_ids);
    const window = await getMaintenanceWindow(ctx.db, id, now);
    await recordAudit(ctx, {
      action: 'maintenance_window.create',
      targetType: 'maintenance_window',
      targetId: id,
      after: window,
    });
    return window;
  });
}
