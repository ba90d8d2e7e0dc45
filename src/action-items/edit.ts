import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { presentActionItems } from './presenter.ts';
import { updateActionItem } from './repository.ts';
import {
  checkedDueDate,
  checkedOwner,
  checkedTitle,
  itemOr404,
  lockedItem,
  requireItemAccess,
} from './rules.ts';
import type { ActionItemView, UpdateActionItemBody } from './schemas.ts';

/**
 * Changes an item's title, description, owner, due date or priority (its status has its own
 * verb, status.ts). A due date is checked when it is set, against the (new) owner's today; one
 * that was fine when set and has since passed stays, since that is what overdue means. A change
 * that changes nothing records nothing.
 */
export async function editActionItem({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateActionItemBody;
}): Promise<ActionItemView> {
  await requireItemAccess(ctx, await itemOr404(ctx.db, input.id));
  return inTransaction(ctx, async (ctx) => {
    const before = await lockedItem(ctx, input.id);
    const now = ctx.clock.now();
    const patch: RowPatch<'action_items'> = {};
    const said: string[] = [];
    if (input.title !== undefined) {
      const title = checkedTitle(input.title);
      if (title !== before.title) {
        patch.title = title;
        said.push(`renamed it ${JSON.stringify(title)}`);
      }
    }
    if (input.description !== undefined && input.description !== before.description) {
      patch.description = input.description;
      said.push('changed its description');
    }
    let ownerZone = before.owner_time_zone;
    if (input.owner_id !== undefined && input.owner_id !== before.owner_id) {
      const owner = await checkedOwner(ctx.db, input.owner_id);
      patch.owner_id = owner?.id ?? null;
      ownerZone = owner?.time_zone ?? null;
      said.push(owner === null ? 'removed its owner' : `gave it to ${owner.name}`);
    }
    if (input.due_date !== undefined && input.due_date !== before.due_date) {
      patch.due_date = checkedDueDate(input.due_date, ownerZone, now);
      said.push(patch.due_date === null ? 'removed its due date' : `set it due ${patch.due_date}`);
    }
    if (input.priority !== undefined && input.priority !== before.priority) {
      patch.priority = input.priority;
      said.push(`made it ${input.priority} priority`);
    }
    if (said.length === 0) return (await presentActionItems(ctx.db, [before], now))[0]!;

    await updateActionItem(ctx.db, before.id, { ...patch, updated_at: now });
    const after = await itemOr404(ctx.db, before.id);
    const by = actorRef(ctx.actor);
    await addTimeline(ctx.db, now, [
      {
        incidentId: before.incident_id,
        kind: 'action_item_updated',
        actor: by,
        message: `${ctx.actor.name} ${said.join(', ')} (action item ${JSON.stringify(before.title)})`,
        data: { action_item_id: before.id, changed: Object.keys(patch) },
      },
    ]);
    const [beforeView, afterView] = await presentActionItems(ctx.db, [before, after], now);
    await recordAudit(ctx, {
      action: 'action_item.update',
      targetType: 'action_item',
      targetId: before.id,
      before: beforeView,
      after: afterView,
    });
    return afterView!;
  });
}
