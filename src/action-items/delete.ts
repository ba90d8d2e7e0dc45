import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { presentActionItems } from './presenter.ts';
import { deleteActionItem as deleteRow } from './repository.ts';
import { itemOr404, lockedItem, requireMayDelete } from './rules.ts';

/**
 * Deletes an item written by mistake (one that will not be done is `wont_do`, which keeps the
 * record). The incident's timeline and the audit log keep what it was.
 */
export async function deleteActionItem({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireMayDelete(ctx, await itemOr404(ctx.db, input.id));
  await inTransaction(ctx, async (ctx) => {
    const before = await lockedItem(ctx, input.id);
    const now = ctx.clock.now();
    const [view] = await presentActionItems(ctx.db, [before], now);
    await deleteRow(ctx.db, before.id);
    await addTimeline(ctx.db, now, [
      {
        incidentId: before.incident_id,
        kind: 'action_item_deleted',
        actor: actorRef(ctx.actor),
        message: `${ctx.actor.name} deleted action item ${JSON.stringify(before.title)}`,
        data: { action_item_id: before.id },
      },
    ]);
    await recordAudit(ctx, {
      action: 'action_item.delete',
      targetType: 'action_item',
      targetId: before.id,
      before: view,
    });
  });
}
