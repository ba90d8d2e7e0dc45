import { actorRef, addTimeline } from '../timeline/repository.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { ActionItemStatus } from '../platform/db/tables/action-items.ts';
import { presentActionItems } from './presenter.ts';
import { OPEN_STATUSES, updateActionItem } from './repository.ts';
import { itemOr404, lockedItem, requireItemAccess } from './rules.ts';
import type { ActionItemView } from './schemas.ts';

const WORDS: Record<ActionItemStatus, string> = {
  open: 'reopened',
  in_progress: 'started',
  done: 'completed',
  wont_do: "won't do",
};

/**
 * Moves an item to any status: finishing it (done, wont_do) sets completed_at, going back to
 * open or in_progress clears it. Any move is allowed, as in a ticket tracker; setting the status
 * it already has changes and records nothing.
 */
export async function setActionItemStatus({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; status: ActionItemStatus };
}): Promise<ActionItemView> {
  await requireItemAccess(ctx, await itemOr404(ctx.db, input.id));
  return inTransaction(ctx, async (ctx) => {
    const before = await lockedItem(ctx, input.id);
    const now = ctx.clock.now();
    if (before.status === input.status) return (await presentActionItems(ctx.db, [before], now))[0]!;

    const finished = !OPEN_STATUSES.includes(input.status);
    const wasFinished = !OPEN_STATUSES.includes(before.status);
    await updateActionItem(ctx.db, before.id, {
      status: input.status,
      updated_at: now,
      // From one finished status to the other keeps when it was first finished.
      completed_at: finished ? (wasFinished ? before.completed_at : now) : null,
    });
    const after = await itemOr404(ctx.db, before.id);
    const words =
      input.status === 'open' && before.status === 'in_progress' ? 'moved back to open' : WORDS[input.status];
    await addTimeline(ctx.db, now, [
      {
        incidentId: before.incident_id,
        kind: 'action_item_status',
        actor: actorRef(ctx.actor),
        message: `${ctx.actor.name} ${words}: action item ${JSON.stringify(before.title)}`,
        data: { action_item_id: before.id, from: before.status, to: input.status },
      },
    ]);
    const [beforeView, afterView] = await presentActionItems(ctx.db, [before, after], now);
    await recordAudit(ctx, {
      action: 'action_item.status',
      targetType: 'action_item',
      targetId: before.id,
      before: beforeView,
      after: afterView,
    });
    return afterView!;
  });
}
