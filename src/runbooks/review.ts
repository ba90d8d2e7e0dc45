import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { actorRef } from '../timeline/repository.ts';
import { type PresentOptions, presentRunbook } from './presenter.ts';
import { findRunbook, updateRunbookRow } from './repository.ts';
import { loadRunbook, requireRunbookWriter } from './rules.ts';
import type { RunbookView } from './schemas.ts';

/** Marks a runbook reviewed now: its next review is due one interval from today. */
export async function reviewRunbook({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: { id: string };
  present: PresentOptions;
}): Promise<RunbookView> {
  return inTransaction(ctx, async (ctx) => {
    const before = await loadRunbook(ctx, input.id);
    await requireRunbookWriter(ctx, before.owner_team_id, 'runbook');
    const now = ctx.clock.now();
    await updateRunbookRow(ctx.db, before.id, {
      reviewed_at: now,
      reviewed_by: actorRef(ctx.actor),
      review_reminded_at: null,
    });
    const after = await presentRunbook(ctx.db, (await findRunbook(ctx.db, before.id))!, present);
    await recordAudit(ctx, {
      action: 'runbook.review',
      targetType: 'runbook',
      targetId: before.id,
      before: { reviewed_at: new Date(before.reviewed_at).toISOString() },
      after: { reviewed_at: after.reviewed_at, review_due_at: after.review_due_at },
    });
    return after;
  });
}
