import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { requireSeverity } from './known.ts';
import { presentSeverity } from './presenter.ts';
import { listSeverities, updateSeverityRow } from './repository.ts';
import type { SeverityView, UpdateSeverityBody } from './schemas.ts';

/**
 * Edits one severity's settings. An alert severity maps to one severity only, so listing one
 * here takes it off the severity that had it (that change is audited too); otherwise new
 * alert-born incidents would depend on which row the database happened to return first.
 * Incidents already open keep their checklist and cadence until their severity changes.
 */
export async function updateSeverity({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string } & UpdateSeverityBody;
}): Promise<SeverityView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const before = await requireSeverity(ctx.db, input.name, 'params.name');
    const now = ctx.clock.now();
    const patch: RowPatch<'severities'> = { updated_at: now };
    if (input.description !== undefined) patch.description = input.description;
    if (input.response_hours !== undefined) patch.response_hours = input.response_hours;
    if (input.response_target_minutes !== undefined)
      patch.response_target_minutes = input.response_target_minutes;
    if (input.status_page_minutes !== undefined) patch.status_page_minutes = input.status_page_minutes;
    if (input.update_cadence_minutes !== undefined)
      patch.update_cadence_minutes = input.update_cadence_minutes;
    if (input.public_update_minutes !== undefined) patch.public_update_minutes = input.public_update_minutes;
    if (input.postmortem_required !== undefined)
      patch.postmortem_required = input.postmortem_required ? 1 : 0;
    if (input.postmortem_due_business_days !== undefined)
      patch.postmortem_due_business_days = input.postmortem_due_business_days;
    if (input.checklist !== undefined) patch.checklist = JSON.stringify(input.checklist);
    const claimed = input.alert_severities;
    if (claimed !== undefined) {
      patch.alert_severities = JSON.stringify(claimed);
      const taken = new Set<string>(claimed);
      for (const other of await listSeverities(ctx.db)) {
        if (other.name === before.name) continue;
        const kept = other.alertSeverities.filter((a) => !taken.has(a));
        if (kept.length === other.alertSeverities.length) continue;
        await updateSeverityRow(ctx.db, other.name, {
          alert_severities: JSON.stringify(kept),
          updated_at: now,
        });
        await recordAudit(ctx, {
          action: 'severity.update',
          targetType: 'severity',
          targetId: other.name,
          before: presentSeverity(other),
          after: presentSeverity({ ...other, alertSeverities: kept }),
        });
      }
    }
    await updateSeverityRow(ctx.db, before.name, patch);
    const after = await requireSeverity(ctx.db, before.name, 'params.name');
    const view = presentSeverity(after);
    await recordAudit(ctx, {
      action: 'severity.update',
      targetType: 'severity',
      targetId: before.name,
      before: presentSeverity(before),
      after: view,
    });
    return view;
  });
}
