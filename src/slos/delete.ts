import { processBatch } from '../ingest/process.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { findServiceById } from '../services/repository.ts';
import { resolveEvent } from './alert-events.ts';
import { type PresentOptions, decodeFiring, presentSlo } from './presenter.ts';
import { deleteSloRow, findSloForUpdate } from './repository.ts';
import { requireSloWriter } from './rules.ts';
import { NotFoundError } from '../platform/errors.ts';

/**
 * Removes an SLO and its counts. Alerts it opened stay (they are part of their incidents), but
 * one still open is resolved in the same transaction: nothing would evaluate it again.
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
    // Locked: an evaluation committing meanwhile could otherwise open an alert this misses.
    const before = await findSloForUpdate(ctx.db, ctx.dialect, input.id);
    if (before === undefined) throw NotFoundError.of('SLO', input.id);
    await requireSloWriter(ctx, before.service_id);
    const view = await presentSlo(ctx.db, before, present);
    const now = ctx.clock.now();
    const serviceName = (await findServiceById(ctx.db, before.service_id))?.name ?? before.service_id;
    const open = Object.keys(decodeFiring(before.firing)).map((rule) =>
      resolveEvent(
        { slo: before, serviceName, publicUrl: present.publicUrl, now },
        rule,
        'the SLO was deleted',
      ),
    );
    if (open.length > 0) await processBatch(ctx.db, ctx.dialect, open, now);
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
