import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/connect.ts';
import { ConflictError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { getPolicy } from './get.ts';
import { findPolicyByName, insertPolicy, replaceLevels } from './repository.ts';
import type { CreatePolicyInput, EscalationPolicyView } from './schemas.ts';
import { assertNoDuplicateTargets, assertTargetsExist, assertTeamExists, levelRows } from './validate.ts';
import { requireTeamManager } from '../../teams/access.ts';

export function duplicatePolicyName(name: string): ConflictError {
  return new ConflictError(`an escalation policy named ${JSON.stringify(name)} already exists`);
}

export async function createPolicy({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreatePolicyInput;
}): Promise<EscalationPolicyView> {
  await requireTeamManager(ctx, input.team_id ?? null, 'escalation policies');
  assertNoDuplicateTargets(input.levels);
  return inTransaction(ctx, async (ctx) => {
    const teamId = input.team_id ?? null;
    if (teamId !== null) await assertTeamExists(ctx, teamId);
    await assertTargetsExist(ctx, input.levels);
    if (await findPolicyByName(ctx.db, input.name)) throw duplicatePolicyName(input.name);
    const now = ctx.clock.now();
    const id = newId('esc', now);
    try {
      await insertPolicy(ctx.db, {
        id,
        name: input.name,
        description: input.description ?? '',
        team_id: teamId,
        repeat_count: input.repeat_count ?? 0,
        ack_timeout_minutes: input.ack_timeout_minutes ?? null,
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e)) throw duplicatePolicyName(input.name);
      throw e;
    }
    await replaceLevels(ctx.db, id, levelRows(id, input.levels, now));
    const policy = await getPolicy(ctx.db, id);
    await recordAudit(ctx, {
      action: 'escalation_policy.create',
      targetType: 'escalation_policy',
      targetId: id,
      after: policy,
    });
    return policy;
  });
}
