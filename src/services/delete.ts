import { requireRole } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { ConflictError } from '../platform/errors.ts';
import { getService } from './get.ts';
import { deleteServiceRow } from './repository.ts';
import { incidentCountsOf } from './repository-status.ts';

/**
 * Incidents keep their service (the history must still say where they came from), so a service
 * that ever had one stays; disabling its integrations is how it stops taking alerts.
 */
function hasIncidents(name: string, n: { total: number; open: number }): ConflictError {
  const what = n.total === 1 ? '1 incident' : `${n.total} incidents`;
  const open = n.open > 0 ? ` (${n.open} open)` : '';
  return new ConflictError(
    `service ${JSON.stringify(name)} has ${what}${open}, which keep their service; disable its integrations instead to stop new alerts`,
  );
}

/**
 * Dependents simply lose the edge to it: depending on a service does not keep it alive. Its
 * integrations go with it (cascade), so their keys stop working.
 */
export async function deleteService({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<void> {
  requireRole(ctx.actor, 'admin');
  await inTransaction(ctx, async (ctx) => {
    const before = await getService(ctx.db, input.id);
    const incidents = await incidentCountsOf(ctx.db, input.id);
    if (incidents.total > 0) throw hasIncidents(before.name, incidents);
    await deleteServiceRow(ctx.db, input.id);
    await recordAudit(ctx, { action: 'service.delete', targetType: 'service', targetId: input.id, before });
  });
}
