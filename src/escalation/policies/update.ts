import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import type { RowPatch } from '../../platform/db/tables.ts';
import { duplicatePolicyName } from './create.ts';
import { getPolicy, requirePolicy } from './get.ts';
import { findPolicyByName, lockPolicy, replaceLevels, updatePolicyRow } from './repository.ts';
import type { EscalationPolicyView, UpdatePolicyInput } from './schemas.ts';
import { assertNoDuplicateTargets, assertTargetsExist, assertTeamExists, levelRows } from './validate.ts';
import { requireTeamManager } from '../../teams/access.ts';
import { requirePolicyManager } from './access.ts';

/** `levels`, when given, replaces the whole list (the new levels get new ids). */
export async function updatePolicy({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdatePolicyInput;
}): Promise<EscalationPolicyView> {
  await requirePolicyManager(ctx, input.id);
  // Moving it to another team (or to none) needs a say there too.
  if (input.team_id !== undefined) await requireTeamManager(ctx, input.team_id, 'escalation policies');
  if (input.levels !== undefined) assertNoDuplicateTargets(input.levels);
  return inTransaction(ctx, async (ctx) => {
    await requirePolicy(ctx.db, input.id);
    if (ctx.dialect === 'postgres') await lockPolicy(ctx.db, input.id);
    const before = await getPolicy(ctx.db, input.id);
    const now = ctx.clock.now();
    const patch: RowPatch<'escalation_policies'> = { updated_at: now };
    if (input.name !== undefined && input.name !== before.name) {
      if (await findPolicyByName(ctx.db, input.name)) throw duplicatePolicyName(input.name);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    if (input.team_id !== undefined && input.team_id !== before.team_id) {
      if (input.team_id !== null) await assertTeamExists(ctx, input.team_id);
      patch.team_id = input.team_id;
    }
    if (input.repeat_count !== undefined) patch.repeat_count = input.repeat_count;
    if (input.ack_timeout_minutes !== undefined) patch.ack_timeout_minutes = input.ack_timeout_minutes;
    if (input.levels !== undefined) {
      const kept = before.levels.flatMap((l) => l.targets.filter((t) => t.type === 'user').map((t) => t.id));
      await assertTargetsExist(ctx, input.levels, new Set(kept));
    }
    try {
      await updatePolicyRow(ctx.db, input.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicatePolicyName(input.name);
      throw e;
    }
    if (input.levels !== undefined) {
      await replaceLevels(ctx.db, input.id, levelRows(input.id, input.levels, now));
    }
    const after = await getPolicy(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'escalation_policy.update',
      targetType: 'escalation_policy',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}
