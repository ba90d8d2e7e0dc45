import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { type PresentOptions, presentSlo } from './presenter.ts';
import { deleteSloRow } from './repository.ts';
import { loadSlo, requireSloWriter } from './rules.ts';

/**
 * Removes an SLO and its counts. Alerts it opened stay (they are the incident record); one still
 * open is not resolved here, since the evaluation that would resolve it is what is removed.
 */
export async function deleteSlo({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: { id: string };
  present: PresentOptions;
}): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const before = await loadSlo(ctx, input.id);
    await requireSloWriter(ctx, before.service_id);
    const view = await presentSlo(ctx.db, before, present);
    await deleteSloRow(ctx.db, before.id);
    await recordAudit(ctx, {
      action: 'slo.delete',
      targetType: 'slo',
      targetId: before.id,
      before: view,
      after: null,
    });
  });
}
