import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/connect.ts';
import { ConflictError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { getService } from './get.ts';
import { findServiceByName, insertService, replaceDependencies } from './repository.ts';
import type { CreateServiceInput, ServiceView } from './schemas.ts';
import { storedUrgencyRules } from './urgency.ts';
import { assertDependencies, assertEscalationPolicyExists, assertTeamExists } from './validate.ts';

export function duplicateServiceName(name: string): ConflictError {
  return new ConflictError(`a service named ${JSON.stringify(name)} already exists`);
}

export async function createService({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateServiceInput;
}): Promise<ServiceView> {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    await assertTeamExists(ctx, input.team_id);
    const policyId = input.escalation_policy_id ?? null;
    if (policyId !== null) await assertEscalationPolicyExists(ctx, policyId);
    if (await findServiceByName(ctx.db, input.name)) throw duplicateServiceName(input.name);
    const now = ctx.clock.now();
    const id = newId('svc', now);
    const dependencies = input.dependencies ?? [];
    await assertDependencies(ctx, { id, name: input.name }, dependencies);
    try {
      await insertService(ctx.db, {
        id,
        name: input.name,
        description: input.description ?? '',
        alert_grouping: input.alert_grouping ? JSON.stringify(input.alert_grouping) : null,
        urgency_rules: storedUrgencyRules(input.urgency_rules ?? {}),
        team_id: input.team_id,
        escalation_policy_id: policyId,
        created_at: now,
        updated_at: now,
      });
    } catch (e) {
      // A concurrent create with the same name can pass the check above.
      if (isUniqueViolation(e)) throw duplicateServiceName(input.name);
      throw e;
    }
    await replaceDependencies(ctx.db, id, dependencies);
    const service = await getService(ctx.db, id);
    await recordAudit(ctx, { action: 'service.create', targetType: 'service', targetId: id, after: service });
    return service;
  });
}
