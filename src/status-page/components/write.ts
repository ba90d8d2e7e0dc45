import { actorUserId, requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import type { RowPatch } from '../../platform/db/tables.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { presentComponent } from './presenter.ts';
import {
  deleteComponentRow,
  findComponent,
  findComponentByName,
  insertComponent,
  nextPosition,
  updateComponentRow,
} from './repository.ts';
import type { ComponentView, CreateComponentInput, UpdateComponentInput } from './schemas.ts';
import { changeComponentStatus, recordComponentStatus } from './status.ts';
import { assertGroupExists, assertServiceExists, assertStartDate, duplicateName } from './validate.ts';

/**
 * Creating, editing and deleting components: admins only, audited. A status set here is a
 * change by hand (history row without a public incident); open public incidents set it again
 * on their next update.
 */

const flag = (b: boolean | undefined, dflt: boolean) => ((b ?? dflt) ? 1 : 0);

export async function createComponent({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateComponentInput;
}): Promise<ComponentView> {
  requireRole(ctx.actor, 'admin');
  assertStartDate(input.start_date);
  return inTransaction(ctx, async (ctx) => {
    await assertGroupExists(ctx, input.group_id);
    await assertServiceExists(ctx, input.service_id);
    if (await findComponentByName(ctx.db, input.name)) throw duplicateName('component', input.name);
    const now = ctx.clock.now();
    const row = {
      id: newId('cmp', now),
      name: input.name,
      description: input.description ?? '',
      group_id: input.group_id ?? null,
      service_id: input.service_id ?? null,
      position: input.position ?? (await nextPosition(ctx.db, 'status_components')),
      status: input.status ?? 'operational',
      showcase: flag(input.showcase, true),
      only_show_if_degraded: flag(input.only_show_if_degraded, false),
      start_date: input.start_date ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      await insertComponent(ctx.db, row);
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e)) throw duplicateName('component', input.name);
      throw e;
    }
    // Its first status is history too: the uptime bars start from it.
    await recordComponentStatus(ctx.db, {
      component: row,
      status: row.status,
      now,
      statusIncidentId: null,
      changedBy: actorUserId(ctx.actor),
    });
    const view = presentComponent(row);
    await recordAudit(ctx, {
      action: 'status_page.component.create',
      targetType: 'status_component',
      targetId: row.id,
      after: view,
    });
    return view;
  });
}

export async function updateComponent({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateComponentInput;
}): Promise<ComponentView> {
  requireRole(ctx.actor, 'admin');
  assertStartDate(input.start_date);
  return inTransaction(ctx, async (ctx) => {
    const row = await findComponent(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('component', input.id);
    await assertGroupExists(ctx, input.group_id);
    await assertServiceExists(ctx, input.service_id);
    const now = ctx.clock.now();
    const patch: RowPatch<'status_components'> = {};
    if (input.name !== undefined && input.name !== row.name) {
      if (await findComponentByName(ctx.db, input.name)) throw duplicateName('component', input.name);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    if (input.group_id !== undefined) patch.group_id = input.group_id;
    if (input.service_id !== undefined) patch.service_id = input.service_id;
    if (input.position !== undefined) patch.position = input.position;
    if (input.showcase !== undefined) patch.showcase = flag(input.showcase, true);
    if (input.only_show_if_degraded !== undefined)
      patch.only_show_if_degraded = flag(input.only_show_if_degraded, false);
    if (input.start_date !== undefined) patch.start_date = input.start_date;
    try {
      await updateComponentRow(ctx.db, row.id, { ...patch, updated_at: now });
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicateName('component', input.name);
      throw e;
    }
    if (input.status !== undefined) {
      await changeComponentStatus(ctx.db, {
        component: row,
        status: input.status,
        now,
        statusIncidentId: null,
        changedBy: actorUserId(ctx.actor),
      });
    }
    const after = presentComponent((await findComponent(ctx.db, row.id))!);
    await recordAudit(ctx, {
      action: 'status_page.component.update',
      targetType: 'status_component',
      targetId: row.id,
      before: presentComponent(row),
      after,
    });
    return after;
  });
}

/** Its history goes with it, and it leaves the public incidents that affected it. */
export async function deleteComponent({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const row = await findComponent(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('component', input.id);
    await deleteComponentRow(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.component.delete',
      targetType: 'status_component',
      targetId: row.id,
      before: presentComponent(row),
    });
  });
}
