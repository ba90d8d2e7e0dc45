import { requireRole } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { requireServiceAccess } from '../../teams/access.ts';
import { incidentScope } from '../../teams/repository.ts';

/**
 * Who may speak for the company on the status page. Maintenance silences alerts, so it is for
 * admins, as maintenance windows are. A public incident published from an internal one: admins
 * and responders of a team owning one of its services (the rule for declaring an incident on
 * them). A standalone public incident: responders and admins.
 */
export async function requirePublishAccess(
  ctx: Ctx,
  target: { kind: 'incident' | 'maintenance'; incident_id: string | null },
): Promise<void> {
  if (target.kind === 'maintenance') {
    requireRole(ctx.actor, 'admin');
    return;
  }
  requireRole(ctx.actor, 'responder');
  if (target.incident_id === null) return;
  const scope = await incidentScope(ctx.db, target.incident_id);
  if (scope !== undefined) await requireServiceAccess(ctx, scope.serviceIds);
}
