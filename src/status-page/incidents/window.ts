import type { Ctx } from '../../platform/context.ts';
import type { Row } from '../../platform/db/tables.ts';
import { findWindowById } from '../../silences/repository.ts';
import { lifecycleAt } from '../../silences/period.ts';
import { createMaintenanceWindow } from '../../silences/window-create.ts';
import { deleteMaintenanceWindow } from '../../silences/window-delete.ts';
import { updateMaintenanceWindow } from '../../silences/window-update.ts';
import { findComponentsByIds } from '../components/repository.ts';

/**
 * The Tocsin maintenance window behind a scheduled maintenance: alerts of the services its
 * components stand for are silenced for the same period. Made, moved and ended through the
 * silences verbs, so their rules and audit entries apply as they do to any window.
 */

/** Window names are unique; the maintenance's id keeps two maintenances of one name apart. */
function windowName(m: Pick<Row<'status_incidents'>, 'id' | 'name'>): string {
  const suffix = ` (status page ${m.id})`;
  return `${m.name.slice(0, 200 - suffix.length)}${suffix}`;
}

/** The services the components stand for, sorted; empty when none stands for a service. */
export async function servicesOfComponents(ctx: Ctx, componentIds: string[]): Promise<string[]> {
  const rows = await findComponentsByIds(ctx.db, componentIds);
  const ids = new Set(rows.map((r) => r.service_id).filter((s): s is string => s !== null));
  return [...ids].sort();
}

/** The new window's id, or null when no component stands for a service. */
export async function openWindow(
  ctx: Ctx,
  m: Pick<Row<'status_incidents'>, 'id' | 'name'>,
  period: { from: number; until: number },
  componentIds: string[],
): Promise<string | null> {
  const serviceIds = await servicesOfComponents(ctx, componentIds);
  if (serviceIds.length === 0) return null;
  const window = await createMaintenanceWindow({
    ctx,
    input: {
      name: windowName(m),
      description: 'Scheduled maintenance on the status page',
      service_ids: serviceIds,
      starts_at: new Date(period.from).toISOString(),
      ends_at: new Date(period.until).toISOString(),
    },
  });
  return window.id;
}

/** Follows a reschedule: the period, the name and the services. An ended window is left as it was. */
export async function moveWindow(
  ctx: Ctx,
  windowId: string,
  m: Pick<Row<'status_incidents'>, 'id' | 'name'>,
  period: { from: number; until: number },
  componentIds: string[],
): Promise<void> {
  const window = await findWindowById(ctx.db, windowId);
  const now = ctx.clock.now();
  if (window === undefined || lifecycleAt(window, now) === 'expired') return;
  const serviceIds = await servicesOfComponents(ctx, componentIds);
  const startsAt = lifecycleAt(window, now) === 'active' ? window.starts_at : period.from;
  await updateMaintenanceWindow({
    ctx,
    input: {
      id: windowId,
      name: windowName(m),
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(period.until).toISOString(),
      ...(serviceIds.length > 0 ? { service_ids: serviceIds } : {}),
    },
  });
}

/** Completed early or cancelled: a running window ends now, a pending one is removed. */
export async function endWindow(ctx: Ctx, windowId: string | null): Promise<void> {
  if (windowId === null) return;
  const window = await findWindowById(ctx.db, windowId);
  if (window === undefined || lifecycleAt(window, ctx.clock.now()) === 'expired') return;
  await deleteMaintenanceWindow({ ctx, input: { id: windowId } });
}
