import { actorUserId, requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Row, RowPatch } from '../../platform/db/tables.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import {
  MAX_PERIOD_DAYS,
  MAX_PERIOD_MS,
  TIME_BOUNDS_TEXT,
  withinTimeBounds,
} from '../../platform/time-bounds.ts';
import { assertComponentsExist } from '../components/validate.ts';
import { applyPublicUpdate, settleComponents } from './apply-update.ts';
import { getPublicIncident } from './presenter.ts';
import {
  findPublicIncident,
  insertPublicIncident,
  replaceIncidentComponents,
  updatePublicIncidentRow,
} from './repository.ts';
import type { CreateMaintenanceInput, PublicIncidentView, RescheduleMaintenanceInput } from './schemas.ts';
import { moveWindow, openWindow } from './window.ts';

/**
 * Scheduled maintenance: a public incident of kind maintenance with a period. Its components
 * show under_maintenance while it is in progress (the engine starts and completes it on time
 * when auto_transition is set: maintenance-timer.ts), and a Tocsin maintenance window silences
 * their services' alerts for the same period. Admins only, as maintenance windows are.
 */

function parseTime(field: string, value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ValidationError(`body.${field}: not a valid RFC 3339 time`);
  if (!withinTimeBounds(t)) throw new ValidationError(`body.${field}: the year must be ${TIME_BOUNDS_TEXT}`);
  return t;
}

function checkPeriod(from: number, until: number, now: number): void {
  if (until <= from) throw new ValidationError('body.scheduled_until: must be after scheduled_for');
  if (until <= now) throw new ValidationError('body.scheduled_until: must be in the future');
  if (until - from > MAX_PERIOD_MS)
    throw new ValidationError(
      `body.scheduled_until: must be at most ${MAX_PERIOD_DAYS} days after scheduled_for`,
    );
}

const underMaintenance = (ids: string[]) =>
  Object.fromEntries(ids.map((id) => [id, 'under_maintenance' as const]));

export async function createMaintenance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateMaintenanceInput;
}): Promise<PublicIncidentView> {
  requireRole(ctx.actor, 'admin');
  const now = ctx.clock.now();
  const from = parseTime('scheduled_for', input.scheduled_for);
  const until = parseTime('scheduled_until', input.scheduled_until);
  checkPeriod(from, until, now);
  return inTransaction(ctx, async (ctx) => {
    await assertComponentsExist(ctx, 'components', input.components);
    const row: Row<'status_incidents'> = {
      id: newId('spi', now),
      kind: 'maintenance',
      name: input.name,
      status: 'scheduled',
      impact: 'maintenance',
      incident_id: null,
      maintenance_window_id: null,
      scheduled_for: from,
      scheduled_until: until,
      auto_transition: (input.auto_transition ?? true) ? 1 : 0,
      started_at: from,
      monitoring_at: null,
      resolved_at: null,
      created_by: actorUserId(ctx.actor),
      created_at: now,
      updated_at: now,
    };
    await insertPublicIncident(ctx.db, row);
    if (input.silence_alerts ?? true) {
      row.maintenance_window_id = await openWindow(ctx, row, { from, until }, input.components);
      await updatePublicIncidentRow(ctx.db, row.id, { maintenance_window_id: row.maintenance_window_id });
    }
    await applyPublicUpdate(
      ctx,
      row,
      {
        status: 'scheduled',
        body: input.body,
        components: underMaintenance(input.components),
        deliver: input.deliver_notifications ?? true,
      },
      { first: true },
    );
    const view = await getPublicIncident(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.maintenance.create',
      targetType: 'status_incident',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

/** Moves the period (the start only before it started), renames, or changes the components. */
export async function rescheduleMaintenance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & RescheduleMaintenanceInput;
}): Promise<PublicIncidentView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const row = await findPublicIncident(ctx.db, input.id);
    if (row === undefined || row.kind !== 'maintenance') throw NotFoundError.of('maintenance', input.id);
    if (row.status === 'completed')
      throw new ConflictError(`maintenance ${row.id} is completed; schedule a new one`);
    const now = ctx.clock.now();
    const from =
      input.scheduled_for === undefined
        ? row.scheduled_for!
        : parseTime('scheduled_for', input.scheduled_for);
    const until =
      input.scheduled_until === undefined
        ? row.scheduled_until!
        : parseTime('scheduled_until', input.scheduled_until);
    if (from !== row.scheduled_for && row.status !== 'scheduled')
      throw new ValidationError('body.scheduled_for: cannot change once the maintenance has started');
    checkPeriod(from, until, now);
    const before = await getPublicIncident(ctx.db, row.id);
    const oldComponents = before.components.map((c) => c.id);
    if (input.components !== undefined) await assertComponentsExist(ctx, 'components', input.components);

    const patch: RowPatch<'status_incidents'> = {
      scheduled_for: from,
      scheduled_until: until,
      started_at: from,
      updated_at: now,
    };
    if (input.name !== undefined) patch.name = input.name;
    if (input.auto_transition !== undefined) patch.auto_transition = input.auto_transition ? 1 : 0;
    await updatePublicIncidentRow(ctx.db, row.id, patch);
    const components = input.components ?? oldComponents;
    if (input.components !== undefined) {
      await replaceIncidentComponents(ctx.db, row.id, input.components, 'under_maintenance');
      // Once started, components it no longer covers return and new ones go under maintenance.
      if (row.status !== 'scheduled')
        await settleComponents(ctx, [...new Set([...oldComponents, ...input.components])], row.id, now);
    }
    if (row.maintenance_window_id !== null)
      await moveWindow(
        ctx,
        row.maintenance_window_id,
        { id: row.id, name: patch.name ?? row.name },
        { from, until },
        components,
      );
    const after = await getPublicIncident(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.maintenance.reschedule',
      targetType: 'status_incident',
      targetId: row.id,
      before,
      after,
    });
    return after;
  });
}
