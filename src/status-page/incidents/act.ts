import { requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Row, RowPatch } from '../../platform/db/tables.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { loadActorNames } from '../../users/actors.ts';
import { requirePublishAccess } from './access.ts';
import { applyPublicUpdate, settleComponents } from './apply-update.ts';
import { getPublicIncident, presentPublicUpdate } from './presenter.ts';
import {
  deletePublicIncidentRow,
  findPublicIncident,
  incidentComponents,
  updatePublicIncidentRow,
} from './repository.ts';
import type { EditPublicIncidentInput, PostPublicUpdateInput, PublicIncidentView } from './schemas.ts';
import { endWindow } from './window.ts';

/** Posting updates to, editing and deleting public incidents and maintenances. */

async function found(ctx: Ctx, id: string): Promise<Row<'status_incidents'>> {
  const row = await findPublicIncident(ctx.db, id);
  if (row === undefined) throw NotFoundError.of('public incident', id);
  return row;
}

/**
 * Answers the whole incident as it is after the update (its components moved). A maintenance
 * completed before its scheduled end stops silencing alerts now.
 */
export async function postPublicUpdate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & PostPublicUpdateInput;
}): Promise<PublicIncidentView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await found(ctx, input.id);
    await requirePublishAccess(ctx, row);
    const update = await applyPublicUpdate(ctx, row, {
      status: input.status,
      body: input.body,
      components: input.components,
      deliver: input.deliver_notifications ?? true,
    });
    if (row.kind === 'maintenance' && input.status === 'completed')
      await endWindow(ctx, row.maintenance_window_id);
    await recordAudit(ctx, {
      action: 'status_page.update.post',
      targetType: 'status_incident',
      targetId: row.id,
      after: presentPublicUpdate(update!, await loadActorNames(ctx.db, [update!.created_by])),
    });
    return getPublicIncident(ctx.db, row.id);
  });
}

export async function editPublicIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & EditPublicIncidentInput;
}): Promise<PublicIncidentView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await found(ctx, input.id);
    await requirePublishAccess(ctx, row);
    if (row.kind === 'maintenance' && input.impact !== undefined)
      throw new ValidationError('body.impact: a maintenance always has the impact maintenance');
    const before = await getPublicIncident(ctx.db, row.id);
    const patch: RowPatch<'status_incidents'> = { updated_at: ctx.clock.now() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.impact !== undefined) patch.impact = input.impact;
    await updatePublicIncidentRow(ctx.db, row.id, patch);
    const after = await getPublicIncident(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.incident.update',
      targetType: 'status_incident',
      targetId: row.id,
      before,
      after,
    });
    return after;
  });
}

/**
 * Admins only: a public statement is unsaid. Its components return to what the remaining open
 * incidents give them, and a maintenance's window stops silencing alerts.
 */
export async function deletePublicIncident({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await found(ctx, input.id);
    const before = await getPublicIncident(ctx.db, row.id);
    const componentIds = (await incidentComponents(ctx.db, [row.id])).map((c) => c.component_id);
    await deletePublicIncidentRow(ctx.db, row.id);
    await settleComponents(ctx, componentIds, null, ctx.clock.now());
    await endWindow(ctx, row.maintenance_window_id);
    await recordAudit(ctx, {
      action: 'status_page.incident.delete',
      targetType: 'status_incident',
      targetId: row.id,
      before,
    });
  });
}
