import { requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { TrackerDeps } from './create.ts';
import { presentTracker } from './presenter.ts';
import { deleteTracker as deleteTrackerRow } from './repository.ts';
import { trackerOr404 } from './rules.ts';

/**
 * Admins remove a tracker. Items pushed to it keep their link to the issue (the `tracker` they
 * show), but no longer follow it: its webhook answers 404 from now on.
 */
export async function deleteTracker({
  ctx,
  input,
  deps,
}: {
  ctx: Ctx;
  input: { id: string };
  deps: TrackerDeps;
}): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const before = await trackerOr404(ctx.db, input.id);
    await deleteTrackerRow(ctx.db, before.id);
    await recordAudit(ctx, {
      action: 'ticket_tracker.delete',
      targetType: 'ticket_tracker',
      targetId: before.id,
      before: presentTracker(before, deps.publicUrl),
    });
  });
}
