import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { type PresentOptions, presentRunbook } from './presenter.ts';
import { deleteRunbookRow } from './repository.ts';
import { loadRunbook, requireRunbookWriter } from './rules.ts';
import { forgetRunbookTargets } from './targets.ts';

/** Removes a runbook with its versions; the audit log keeps its last text. */
export async function deleteRunbook({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: { id: string };
  present: PresentOptions;
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const before = await loadRunbook(ctx, input.id);
    await requireRunbookWriter(ctx, before.owner_team_id, 'runbook');
    const beforeView = await presentRunbook(ctx.db, before, present);
    await deleteRunbookRow(ctx.db, before.id);
    await recordAudit(ctx, {
      action: 'runbook.delete',
      targetType: 'runbook',
      targetId: before.id,
      before: beforeView,
      after: null,
    });
  });
  forgetRunbookTargets();
}
