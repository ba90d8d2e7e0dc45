import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { actorRef } from '../timeline/repository.ts';
import { minuteOf } from './burn.ts';
import { type PresentOptions, presentSlo } from './presenter.ts';
import { findSlo, updateSlo } from './repository.ts';
import {
  assertNameFree,
  checkedName,
  checkedObjective,
  checkedRules,
  checkedSli,
  checkedWindowDays,
  duplicateName,
  loadSlo,
  requireSloWriter,
} from './rules.ts';
import type { EditSloInputValue, SloView } from './schemas.ts';

/**
 * Changes an SLO in place; its counts stay. A changed SLI or objective is evaluated afresh at
 * the next minute. Rules that are no longer defined keep their open alert until it resolves by
 * hand or by the evaluation (a removed rule's alert is resolved at the next evaluation).
 */
export async function editSlo({
  ctx,
  input,
  present,
}: {
  ctx: Ctx;
  input: EditSloInputValue & { id: string };
  present: PresentOptions;
}): Promise<SloView> {
  const current = await loadSlo(ctx, input.id);
  await requireSloWriter(ctx, current.service_id);
  const patch: RowPatch<'slos'> = {};
  if (input.name !== undefined) patch.name = checkedName(input.name);
  if (input.description !== undefined) patch.description = input.description;
  if (input.objective !== undefined) patch.objective = checkedObjective(input.objective);
  if (input.window_days !== undefined) patch.window_days = checkedWindowDays(input.window_days);
  if (input.alerts !== undefined) patch.alert_rules = JSON.stringify(checkedRules(input.alerts));
  if (input.exclude_maintenance !== undefined) patch.exclude_maintenance = input.exclude_maintenance ? 1 : 0;
  if (input.unknown_alert_after_minutes !== undefined) {
    patch.unknown_alert_after_minutes = input.unknown_alert_after_minutes;
  }
  if (input.sli !== undefined) {
    const sli = await checkedSli(ctx, input.sli);
    Object.assign(patch, sli);
    const changedSource = sli.sli_kind !== current.sli_kind || sli.prometheus_url !== current.prometheus_url;
    if (sli.sli_kind === 'prometheus' && changedSource) patch.fetched_until = minuteOf(ctx.clock.now());
    if (sli.sli_kind === 'events') {
      patch.fetched_until = null;
      patch.unknown_since = null;
    }
  }
  const row = await inTransaction(ctx, async (ctx) => {
    const before = await loadSlo(ctx, input.id);
    if (patch.name !== undefined) await assertNameFree(ctx, before.service_id, patch.name, before.id);
    const now = ctx.clock.now();
    await updateSlo(ctx.db, before.id, { ...patch, updated_by: actorRef(ctx.actor), updated_at: now });
    const after = (await findSlo(ctx.db, before.id))!;
    await recordAudit(ctx, {
      action: 'slo.update',
      targetType: 'slo',
      targetId: before.id,
      before: await presentSlo(ctx.db, before, present),
      after: await presentSlo(ctx.db, after, present),
    });
    return after;
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) && patch.name !== undefined ? duplicateName(patch.name) : e;
  });
  return presentSlo(ctx.db, row, present);
}
