import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { getService } from './get.ts';
import { deleteServiceRow } from './repository.ts';

/** Dependents simply lose the edge to it: depending on a service does not keep it alive. */
export async function deleteService({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const before = await getService(ctx.db, input.id);
    await deleteServiceRow(ctx.db, input.id);
    await recordAudit(ctx, { action: 'service.delete', targetType: 'service', targetId: input.id, before });
  });
}
