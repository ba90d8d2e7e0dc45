import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';
import { duplicateServiceName } from './create.ts';
import { getService } from './get.ts';
import { findServiceByName, replaceDependencies, updateServiceRow } from './repository.ts';
import type { ServiceView, UpdateServiceInput } from './schemas.ts';
import { storedUrgencyRules } from './urgency.ts';
import { assertDependencies, assertEscalationPolicyExists, assertTeamExists } from './validate.ts';

/** `dependencies`, when given, replaces the whole list. */
export async function updateService({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & UpdateServiceInput;
}): Promise<ServiceView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const before = await getService(ctx.db, input.id);
    const patch: RowPatch<'services'> = { updated_at: ctx.clock.now() };
    if (input.name !== undefined && input.name !== before.name) {
      if (await findServiceByName(ctx.db, input.name)) throw duplicateServiceName(input.name);
      patch.name = input.name;
    }
    if (input.description !== undefined) patch.description = input.description;
    if (input.alert_grouping !== undefined) patch.alert_grouping = JSON.stringify(input.alert_grouping);
    // The rules given replace the stored ones; severities they leave out go back to the defaults.
    if (input.urgency_rules !== undefined) patch.urgency_rules = storedUrgencyRules(input.urgency_rules);
    if (input.team_id !== undefined && input.team_id !== before.team_id) {
      await assertTeamExists(ctx, input.team_id);
      patch.team_id = input.team_id;
    }
    const policyId = input.escalation_policy_id;
    if (policyId !== undefined && policyId !== before.escalation_policy_id) {
      if (policyId !== null) await assertEscalationPolicyExists(ctx, policyId);
      patch.escalation_policy_id = policyId;
    }
    if (input.dependencies !== undefined) {
      await assertDependencies(ctx, { id: input.id, name: input.name ?? before.name }, input.dependencies);
    }
    try {
      await updateServiceRow(ctx.db, input.id, patch);
    } catch (e) {
      if (isUniqueViolation(e) && input.name !== undefined) throw duplicateServiceName(input.name);
      throw e;
    }
    if (input.dependencies !== undefined) await replaceDependencies(ctx.db, input.id, input.dependencies);
    const after = await getService(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'service.update',
      targetType: 'service',
      targetId: input.id,
      before,
      after,
    });
    return after;
  });
}
