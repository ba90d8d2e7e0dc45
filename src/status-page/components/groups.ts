import { requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import type { RowPatch } from '../../platform/db/tables.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { getGroup } from './get.ts';
import {
  deleteGroupRow,
  findGroup,
  findGroupByName,
  insertGroup,
  nextPosition,
  replaceGroupComponents,
  updateGroupRow,
} from './repository.ts';
import type { ComponentGroupView, CreateGroupInput, UpdateGroupInput } from './schemas.ts';
import { assertComponentsExist, duplicateName } from './validate.ts';

/** Component groups: admins only, audited. `component_ids`, when given, is the group's whole list. */

export async function createGroup({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateGroupInput;
}): Promise<ComponentGroupView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    if (input.component_ids !== undefined)
      await assertComponentsExist(ctx, 'component_ids', input.component_ids);
    if (await findGroupByName(ctx.db, input.name)) throw duplicateName('component group', input.name);
    const now = ctx.clock.now();
    const id = newId('cgr', now);
    try {
      await insertGroup(ctx.db, {
        id,
        name: input.name,
        description: input.description ?? '',
        position: input.position ?? (await nextPosition(ctx.db, 'status_component_groups')),
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateName('component group', input.name);
      throw e;
    }
    if (input.component_ids !== undefined) await replaceGroupComponents(ctx.db, id, input.component_ids, now);
    const view = await getGroup(ctx.db, id);
    await recordAudit(ctx, {
      action: 'status_page.group.create',
      targetType: 'status_component_group',
      targetId: id,
      after: view,
    });
    return view;
  });
}

export async function updateGroup({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateGroupInput;
}): Promise<ComponentGroupView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const row = await findGroup(ctx.db, input.id);
    if (row === undefined) throw NotFoundError.of('component group', input.id);
    if (input.component_ids !== undefined)
      await assertComponentsExist(ctx, 'component_ids', input.component_ids);
    const before = await getGroup(ctx.db, row.id);
    const now = ctx.clock.now();
    const patch: RowPatch<'status_component_groups'> = { updated_at: now };
    if (input.name !== undefined && input.name !== row.name) {
      if (await findGroupByName(ctx.db, input.name)) throw duplicateName('component group', input.name);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    if (input.position !== undefined) patch.position = input.position;
    try {
      await updateGroupRow(ctx.db, row.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined)
        throw duplicateName('component group', input.name);
      throw e;
    }
    if (input.component_ids !== undefined)
      await replaceGroupComponents(ctx.db, row.id, input.component_ids, now);
    const after = await getGroup(ctx.db, row.id);
    await recordAudit(ctx, {
      action: 'status_page.group.update',
      targetType: 'status_component_group',
      targetId: row.id,
      before,
      after,
    });
    return after;
  });
}

/** Its components stay on the page, ungrouped. */
export async function deleteGroup({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const before = await getGroup(ctx.db, input.id);
    await deleteGroupRow(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'status_page.group.delete',
      targetType: 'status_component_group',
      targetId: input.id,
      before,
    });
  });
}
