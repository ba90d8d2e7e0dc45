import { actorRef, addTimeline } from '../../timeline/repository.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { requireRole } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import { findUserById } from '../../users/repository.ts';
import { lockIncidentForRoles, requireRoleType, rolesView, touchIncident } from './common.ts';
import { roleInSentence } from './presenter.ts';
import { currentHolder, endAssignment, findRoleType } from './repository.ts';
import type { IncidentRolesView } from './schemas.ts';
import { requireIncidentAccess } from '../../teams/access.ts';

/** Leaves a role empty; the assignment stays in the history. An empty role stays empty (200). */
export async function unassignRole({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; role: string };
}): Promise<IncidentRolesView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const type = await findRoleType(ctx.db, input.role);
    const incident = await lockIncidentForRoles(ctx, input.id);
    const holder = await currentHolder(ctx.db, incident.id, input.role);
    if (holder === undefined) {
      // A role type deleted since can still be emptied while someone holds it; otherwise an
      // unknown role is bad input.
      if (type === undefined) await requireRoleType(ctx.db, input.role);
      return rolesView(ctx.db, incident.id);
    }

    const by = actorRef(ctx.actor);
    await touchIncident(ctx, incident.id, now);
    await endAssignment(ctx.db, holder.id, now, by);
    const userName = (await findUserById(ctx.db, holder.user_id))?.name ?? holder.user_id;
    await addTimeline(ctx.db, now, [
      {
        incidentId: incident.id,
        kind: 'role_unassigned',
        actor: by,
        message: `${userName} is no longer ${roleInSentence(type?.name ?? input.role)}`,
        data: { role: input.role, user_id: holder.user_id },
      },
    ]);
    await recordAudit(ctx, {
      action: 'incident.role.unassign',
      targetType: 'incident',
      targetId: incident.id,
      before: { role: input.role, user_id: holder.user_id },
      after: { role: input.role, user_id: null },
    });
    return rolesView(ctx.db, incident.id);
  });
}
