import { recordAudit } from '../../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { ConflictError } from '../../platform/errors.ts';
import { getPolicy, requirePolicy } from './get.ts';
import { deletePolicyRow, lockPolicy } from './repository.ts';
import { requirePolicyManager } from './access.ts';

const LISTED_SERVICES = 10;

/**
 * Refused while a service uses the policy: the foreign key would quietly unlink it (SET NULL)
 * and its incidents would page nobody. Move those services to another policy first.
 */
export async function deletePolicy({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  await requirePolicyManager(ctx, input.id);
  await inTransaction(ctx, async (ctx) => {
    await requirePolicy(ctx.db, input.id);
    if (ctx.dialect === 'postgres') await lockPolicy(ctx.db, input.id);
    const before = await getPolicy(ctx.db, input.id);
    if (before.services.length > 0) {
      const names = before.services.slice(0, LISTED_SERVICES).map((s) => s.name);
      const more =
        before.services.length > LISTED_SERVICES
          ? ` and ${before.services.length - LISTED_SERVICES} more`
          : '';
      throw new ConflictError(
        `escalation policy ${JSON.stringify(before.name)} is still used by services: ${names.join(', ')}${more}; move them to another policy first`,
      );
    }
    await deletePolicyRow(ctx.db, input.id);
    await recordAudit(ctx, {
      action: 'escalation_policy.delete',
      targetType: 'escalation_policy',
      targetId: input.id,
      before,
    });
  });
}
