import { requireRole } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import type { RowPatch } from '../../platform/db/tables.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { TrackerDeps } from './create.ts';
import { presentTracker } from './presenter.ts';
import { findTrackerByName, updateTracker } from './repository.ts';
import { checkedFields, duplicateTrackerName, trackerOr404 } from './rules.ts';
import type { TicketTrackerView, UpdateTicketTrackerBody } from './schemas.ts';
import { sealTrackerSecret } from './secrets.ts';

/**
 * Admins change a tracker's name, address, project, issue type, email, labels or token; its kind
 * stays (items already pushed keep keys of that kind). The fields are checked together, as on
 * create. Audited without the token: a new one shows as `token_replaced`.
 */
export async function editTracker({
  ctx,
  input,
  deps,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateTicketTrackerBody;
  deps: TrackerDeps;
}): Promise<TicketTrackerView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const before = await trackerOr404(ctx.db, input.id);
    const fields = checkedFields(
      before.kind,
      {
        base_url: input.base_url ?? before.base_url,
        project: input.project ?? before.project,
        issue_type: input.issue_type ?? before.issue_type,
        email: input.email ?? before.email,
        labels: input.labels ?? (JSON.parse(before.labels) as string[]),
      },
      ctx.outbound,
    );
    const patch: RowPatch<'ticket_trackers'> = {
      ...fields,
      labels: JSON.stringify(fields.labels),
      updated_at: ctx.clock.now(),
    };
    if (input.name !== undefined && input.name.trim() !== before.name) {
      patch.name = input.name.trim();
      if (await findTrackerByName(ctx.db, patch.name)) throw duplicateTrackerName(patch.name);
    }
    // The token goes wherever base_url points: moving it (or Jira's email) without a new token
    // would hand the stored one to the new host, a way to read it that the API otherwise never gives.
    if (input.token === undefined && (fields.base_url !== before.base_url || fields.email !== before.email)) {
      throw new ValidationError('body.token: give the token again when base_url or email changes');
    }
    if (input.token !== undefined)
      patch.token = sealTrackerSecret(deps.key, before.id, 'token', input.token.trim());
    try {
      await updateTracker(ctx.db, before.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && patch.name !== undefined) throw duplicateTrackerName(patch.name);
      throw e;
    }
    const beforeView = presentTracker(before, deps.publicUrl);
    const after = presentTracker(await trackerOr404(ctx.db, before.id), deps.publicUrl);
    await recordAudit(ctx, {
      action: 'ticket_tracker.update',
      targetType: 'ticket_tracker',
      targetId: before.id,
      before: beforeView,
      after: input.token === undefined ? after : { ...after, token_replaced: true },
    });
    return after;
  });
}
