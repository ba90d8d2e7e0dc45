import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { type PresentOptions, presentRunbook } from './presenter.ts';
import { deleteRunbookRow } from './repository.ts';
import { cancelRunsOfSteps } from './steps/cancel.ts';
import { stepsOf } from './steps/repository.ts';
import { requireRole } from '../platform/auth/actor.ts';
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
    const steps = await stepsOf(ctx.db, before.id);
    // Removing a runbook removes its steps: an admin-approved one is an admin's to remove.
    if (steps.some((s) => s.approval === 'approval' && s.approver_role === 'admin'))
      requireRole(ctx.actor, 'admin');
    await cancelRunsOfSteps(
      ctx,
      steps.map((s) => s.id),
      'its runbook was deleted',
    );
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
